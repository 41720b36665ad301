"""Candidates from the roster file, and their login cards."""
