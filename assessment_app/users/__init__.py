"""Staff accounts and their room assignments."""
