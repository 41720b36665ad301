"""Words every layer shares, in one place (pure, no Flask): attempt statuses and their labels,
incident categories, result correction kinds, the words of talent mapping.
"""
