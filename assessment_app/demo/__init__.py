"""A demo event a newcomer can run: accounts, rooms, candidates, one open session."""
