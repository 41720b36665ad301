"""Position standards and performance ratings from the agency's files."""
