"""Results: scored attempts, JPM and the 9-box, as plain values for pages and exports."""
