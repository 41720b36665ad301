"""The candidate API fixtures (an open session, the API client) shared with tests/api."""

from tests.api.conftest import api, exam, other_api, started  # noqa: F401  (fixtures)
