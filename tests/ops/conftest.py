"""The ops tests reuse the candidate API's open session and the live servers' fixtures."""

from tests.api.conftest import api, exam, started  # noqa: F401
from tests.live.conftest import live_factory  # noqa: F401

METRICS_TOKEN = "t" * 8 + "metrics-token-for-the-tests-0123456789"
