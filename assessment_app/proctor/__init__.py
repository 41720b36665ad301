"""The proctor side: the rooms they may watch (`access`), the live room view, actions on seats and
sessions, the session record; pages (`pages`) and the JSON API /api/v1/proctor (`api`).
"""
