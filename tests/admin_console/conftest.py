"""Fixtures shared by the admin console's upload tests."""

from __future__ import annotations

import pytest

from tests.factories import publish_sample_bank


@pytest.fixture
def admin(app, staff):
    """A published bank and an admin, admin1, logged in."""
    with app.app_context():
        publish_sample_bank()
    return staff("admin")
