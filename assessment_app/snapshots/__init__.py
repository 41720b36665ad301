"""Published bank snapshots in the database (the pure loader lives in `bank`)."""
