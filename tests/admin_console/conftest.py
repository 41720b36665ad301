"""Fixtures shared by the admin console's upload tests."""

from __future__ import annotations

import pytest

from tests.factories import login_staff, make_user, publish_sample_bank


@pytest.fixture
def admin(app, client):
    """A published bank and an admin, admin1, logged in on `client`."""
    with app.app_context():
        publish_sample_bank()
        make_user("admin", "admin1")
    assert login_staff(client, "admin1").status_code == 302
    return client
