"""Item analysis pages."""
