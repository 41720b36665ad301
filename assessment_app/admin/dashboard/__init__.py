"""The event dashboard: progress per session and room."""
