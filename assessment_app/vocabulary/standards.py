"""The standard-setting methods in words (pure): the panel pages, the facilitator's and the
panel record name them the same way."""

METHOD_LABELS = {"bookmark": "Bookmark", "angoff": "Angoff termodifikasi"}
