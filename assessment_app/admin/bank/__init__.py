"""The question bank pages: upload, validation, publication."""
