"""The event, its sessions and rooms (no HTTP here; see admin and proctor)."""
