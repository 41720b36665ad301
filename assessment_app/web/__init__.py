"""Request plumbing shared by every page and API: error responses, input guards, response headers,
JSON bodies, form pages.
"""
