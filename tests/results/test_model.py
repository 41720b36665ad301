"""The pure result model mirrors the database's attempt status by its string."""

from assessment_app.models import AttemptStatus
from assessment_app.results.model import FINISHED


def test_finished_is_the_attempt_status_string():
    assert AttemptStatus.FINISHED.value == FINISHED
