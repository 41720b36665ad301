"""Imports of the agency's files: the roster (candidates, PINs, login cards), position standards,
performance and potential; the upload store and the preview/confirm pages.
"""
