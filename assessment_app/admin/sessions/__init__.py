"""Exam sessions: schedule, open/close, outages, login cards."""
