"""Proctoring: who may watch which room, the live room view, actions, the session record."""
