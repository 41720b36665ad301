"""The candidate side: PIN login, the exam pages (`pages`), the JSON API /api/v1 (`api`, CONTRACT
§4), saving answers and presenting the attempt.
"""
