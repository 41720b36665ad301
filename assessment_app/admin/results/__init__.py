"""Results pages: table, candidate report, 9-box, corrections, versions, downloads."""
