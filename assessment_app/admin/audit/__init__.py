"""Audit log pages: filters and entries in words."""
