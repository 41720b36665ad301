"""/metrics: Prometheus text, bounded labels, saves and latency, and only to its token."""

from __future__ import annotations

import pytest
from prometheus_client.parser import text_string_to_metric_families

from assessment_app.ops import metrics
from assessment_app.ops.views import bearer_matches
from tests.ops.conftest import METRICS_TOKEN

BEARER = {"Authorization": f"Bearer {METRICS_TOKEN}"}
LATENCY = "asesmen_http_request_duration_seconds"


@pytest.fixture
def token(app, monkeypatch):
    monkeypatch.setitem(app.config, "METRICS_TOKEN", METRICS_TOKEN)


def scrape(app) -> dict[str, list]:
    """Return {family name: samples} from one authorised scrape, parsed as Prometheus does."""
    response = app.test_client().get("/metrics", headers=BEARER)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "text/plain"
    text = response.get_data(as_text=True)
    return {family.name: family.samples for family in text_string_to_metric_families(text)}


def value(families: dict, sample: str, **labels) -> float:
    """Sum the samples named `sample` whose labels include `labels` (0 when none)."""
    family = sample.removesuffix("_total").removesuffix("_count").removesuffix("_bucket")
    return sum(
        s.value
        for s in families.get(family, [])
        if s.name == sample and labels.items() <= s.labels.items()
    )


def test_without_a_token_configured_metrics_does_not_exist(app, client):
    assert app.config.get("METRICS_TOKEN") is None
    assert client.get("/metrics", headers=BEARER).status_code == 404


@pytest.mark.parametrize(
    "header",
    [None, "", f"Basic {METRICS_TOKEN}", "Bearer ", f"Bearer {METRICS_TOKEN}x", "Bearer nope"],
)
def test_metrics_refuses_a_missing_or_wrong_token(client, token, header):
    response = client.get("/metrics", headers={"Authorization": header} if header else {})
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert "asesmen_" not in response.get_data(as_text=True)


def test_the_bearer_comparison():
    assert bearer_matches(f"Bearer {METRICS_TOKEN}", METRICS_TOKEN)
    assert bearer_matches(f"bearer {METRICS_TOKEN}", METRICS_TOKEN)
    assert not bearer_matches(METRICS_TOKEN, METRICS_TOKEN)
    assert not bearer_matches("Bearer \u00e9", METRICS_TOKEN)  # not ASCII: no TypeError


def test_metrics_text_parses_and_holds_every_family(app, token):
    families = scrape(app)
    for name in (
        LATENCY,
        "asesmen_answer_saves",
        "asesmen_heartbeats",
        "asesmen_refusals",
        "asesmen_http_server_errors",
        "asesmen_active_attempts",
    ):
        assert name in families, sorted(families)
    assert {s.labels["path"] for s in families["asesmen_heartbeats"]} == {"redis", "database"}
    statuses = {s.labels["status"] for s in families["asesmen_active_attempts"]}
    assert statuses == {"in_progress", "paused"}


def test_a_save_shows_in_the_save_counter_and_the_latency_histogram(app, api, started, token):
    before = scrape(app)
    item = started["items"][0]
    response = api.save(started["id"], item["id"], item["options"][0]["key"], 1)
    assert response.status_code == 200
    after = scrape(app)

    def delta(sample, **labels):
        return value(after, sample, **labels) - value(before, sample, **labels)

    assert delta("asesmen_answer_saves_total", outcome="acknowledged") == 1
    saved = {"endpoint": metrics.SAVE_ENDPOINT, "method": "PUT", "status": "2xx"}
    assert delta(f"{LATENCY}_count", **saved) == 1
    assert delta(f"{LATENCY}_bucket", le="+Inf", **saved) == 1


def test_a_refused_save_is_counted_by_its_code(app, api, started, token):
    before = scrape(app)
    item = started["items"][0]
    response = api.save(started["id"], item["id"], "no-such-option", 1)
    assert 400 <= response.status_code < 500
    code = response.json["error"]["code"]
    after = scrape(app)
    for sample, labels in (
        ("asesmen_answer_saves_total", {"outcome": "refused", "code": code}),
        ("asesmen_refusals_total", {"code": code}),
    ):
        assert value(after, sample, **labels) - value(before, sample, **labels) == 1


def test_labels_are_bounded_whatever_the_client_sends(app, client, token):
    client.get("/no/such/page/4711")
    client.open("/healthz", method="BREW")
    families = scrape(app)
    endpoints = {s.labels["endpoint"] for s in families[LATENCY]}
    methods = {s.labels["method"] for s in families[LATENCY]}
    assert "unmatched" in endpoints and not [e for e in endpoints if "/" in e]
    assert "other" in methods and "BREW" not in methods
    assert endpoints - {"unmatched"} <= set(app.view_functions)


def test_count_heartbeat_counts_by_path_and_refuses_other_paths(app, token):
    before = scrape(app)
    with app.test_request_context("/"):
        metrics.count_heartbeat("redis")
        metrics.count_heartbeat("database")
        metrics.count_heartbeat("database")
        with pytest.raises(ValueError):
            metrics.count_heartbeat("elsewhere")
    after = scrape(app)
    for path, expected in (("redis", 1), ("database", 2)):
        got = value(after, "asesmen_heartbeats_total", path=path)
        assert got - value(before, "asesmen_heartbeats_total", path=path) == expected


def test_count_heartbeat_outside_an_app_counts_nothing():
    metrics.count_heartbeat("redis")  # a command or a bare unit test: no error


def test_active_attempts_count_the_running_ones(app, started):
    from assessment_app.extensions import db

    with app.app_context():
        counts = metrics.active_attempt_counts(db.session.connection())
    assert counts.get("in_progress") == 1 and "ready" not in counts


def test_the_save_endpoint_named_in_metrics_is_the_apps(app):
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == metrics.SAVE_ENDPOINT)
    assert "PUT" in rule.methods and rule.rule.endswith("/answers/<item_id>")


def test_the_multiprocess_directory_must_exist(app, monkeypatch, tmp_path):
    monkeypatch.setenv(metrics.MULTIPROC_ENV, str(tmp_path / "missing"))
    with pytest.raises(RuntimeError, match="bukan direktori"):
        metrics.init_app(app)
