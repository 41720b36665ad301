"""Delivering tests to candidates: attempts, answers, the server's deadline."""
