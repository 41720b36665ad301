"""Item analysis and response matrices of an event's tests (reads the database)."""
