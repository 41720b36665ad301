"""People: candidates and staff accounts."""
