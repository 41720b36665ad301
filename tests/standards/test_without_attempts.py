"""A panel on an event without finished attempts: the bookmark needs them, Angoff does not."""

from __future__ import annotations

import pytest

from assessment_app.exceptions import Refused
from assessment_app.standards import service
from tests.factories import publish_sample_bank


def test_bookmark_needs_data_else_angoff(app):
    with app.app_context():
        publish_sample_bank()
        from assessment_app.events.service import ensure_event

        ensure_event("Acara tanpa peserta")
        with pytest.raises(Refused) as refused:
            service.create_panel("MANSOS", "bookmark", actor="admin")
        assert refused.value.status == 409
        panel = service.create_panel("MANSOS", "angoff", actor="admin", competencies=["PB"])
        assert len(panel.booklet["competencies"][0]["items"]) == 15
