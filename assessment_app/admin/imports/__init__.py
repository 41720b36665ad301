"""Import pages: upload a file, preview what it would change, confirm or cancel."""
