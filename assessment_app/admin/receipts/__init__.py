"""Answer receipts: look up a candidate's receipt codes."""
