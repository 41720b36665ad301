"""Security headers on every response, no-store on every dynamic one, and pages the CSP allows.

A crawl of every GET route of `app.url_map` as admin, proctor, candidate and anonymous. Every
response carries the CSP, framing, nosniff and referrer headers; every dynamic response is
`Cache-Control: no-store`; no HTML page holds an inline script (a JSON data block is fine),
a `<style>` element, a `style` attribute or an `on...=` handler, all of which the CSP refuses.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from sqlalchemy import select

from assessment_app.extensions import db
from assessment_app.models import Candidate
from assessment_app.web.headers import CONTENT_SECURITY_POLICY, HSTS, add_headers
from tests.api.conftest import Api, Seat
from tests.factories import csv_text, login_staff, make_user, publish_sample_bank, roster_rows
from tests.factories import write as write_file

EXPECTED = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}
# Path arguments by endpoint where a name means different things, else by name.
BY_ENDPOINT = {
    "admin.item_analysis_csv": {"code": "MANSOS"},
    "admin.bank_competency": {"code": "INT"},
    "admin.session_cards": {"code": "S1"},
    "admin.upload_template": {"kind": "peserta", "ext": "xlsx"},
}
BY_NAME = {
    "item_id": "INT-0001",
    "username": "pengawas1",
    "code": "R01",
    "room": "R01",
    "session_code": "S1",
    "session": "S1",
    "filename": "css/app.css",
}
# Downloads that answer 404 until there is something to download (no finished attempt yet),
# and /metrics, which does not exist until METRICS_TOKEN is set.
EMPTY_404 = ("admin.item_analysis_csv", "ops.scrape")
CANDIDATE_ONLY = ("api.", "exam.test")
PANELIST_ONLY = ("panel.",)
ANONYMOUS = ("auth.index", "auth.login", "exam.login", "static")


class InlineCode(HTMLParser):
    """Collect what a strict CSP would refuse: inline scripts, styles, handlers."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []
        self._script_open = False

    def handle_starttag(self, tag, attrs):
        names = dict(attrs)
        for name, _ in attrs:
            if name == "style" or name.startswith("on"):
                self.found.append(f"<{tag} {name}=...>")
        if tag == "style":
            self.found.append("<style> element")
        if tag == "script" and "src" not in names and names.get("type") != "application/json":
            self._script_open = True

    def handle_endtag(self, tag):
        self._script_open = False if tag == "script" else self._script_open

    def handle_data(self, data):
        if self._script_open and data.strip():
            self.found.append(f"inline <script>: {data.strip()[:60]!r}")


@pytest.fixture
def crawl_event(app, runner, tmp_path):
    """Session S1 open in R01 with a candidate who started; an admin, a proctor, a panelist
    seated on an Angoff panel (which needs no finished attempt)."""
    rows = roster_rows(2)
    with app.app_context():
        publish_sample_bank()
        result = runner.invoke(
            args=["roster", "import", write_file(tmp_path / "r.csv", csv_text(rows))]
        )
        assert result.exit_code == 0, result.output
        token = runner.invoke(args=["session", "open", "S1"]).stdout.strip()
        make_user("admin", "admin1")
        make_user("proctor", "pengawas1", rooms=["R01"])
        make_user("panelis", "panelis1")
        candidate_id = db.session.scalar(select(Candidate.id).where(Candidate.nip == rows[0][0]))
        panel_id = _angoff_panel("panelis1")
    return {
        "token": token,
        "seat": Seat(rows[0][0], rows[0][9]),
        "candidate_id": candidate_id,
        "panel_id": panel_id,
    }


def _angoff_panel(username: str) -> int:
    from assessment_app.standards import service

    panel = service.create_panel("MANSOS", "angoff", actor="test", competencies=["INT"])
    service.add_panelist(panel.id, username, actor="test")
    db.session.commit()
    return panel.id


def _url(rule, values: dict) -> str | None:
    args = BY_ENDPOINT.get(rule.endpoint, {}) | {
        name: values.get(name, BY_NAME.get(name))
        for name in rule.arguments
        if name not in BY_ENDPOINT.get(rule.endpoint, {})
    }
    missing = [name for name, value in args.items() if value is None]
    assert not missing, f"{rule.rule}: give the crawl a value for {missing}"
    return rule.build(args, append_unknown=False)[1]


def _routes(app, values: dict) -> list[tuple[str, str]]:
    return [
        (rule.endpoint, _url(rule, values))
        for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule)
        if "GET" in rule.methods
    ]


def _check(response, url: str) -> list[str]:
    problems = [
        f"{url}: {name} is {response.headers.get(name)!r}"
        for name, value in EXPECTED.items()
        if response.headers.get(name) != value
    ]
    if response.status_code >= 500:
        problems.append(f"{url}: {response.status_code}")
    static = url.startswith("/static/")
    if not static and response.headers.get("Cache-Control") != "no-store":
        problems.append(f"{url}: Cache-Control {response.headers.get('Cache-Control')!r}")
    if static and "no-store" in response.headers.get("Cache-Control", ""):
        problems.append(f"{url}: a static file must stay cacheable")
    if response.mimetype == "text/html":
        parser = InlineCode()
        parser.feed(response.get_data(as_text=True))
        problems += [f"{url}: {found}" for found in parser.found]
    return problems


def _crawl(client, routes, allowed: tuple[int, ...] = (200, 302)) -> list[str]:
    problems = []
    for endpoint, url in routes:
        response = client.get(url)
        problems += _check(response, url)
        if response.status_code not in allowed + ((404,) if endpoint in EMPTY_404 else ()):
            problems.append(f"{url} ({endpoint}): status {response.status_code}")
    return problems


def test_every_staff_route_as_admin_and_proctor(app, crawl_event):
    values = {"candidate_id": crawl_event["candidate_id"], "nip": crawl_event["seat"].nip}
    routes = _routes(app, values | {"attempt_id": 1, "panel_id": crawl_event["panel_id"]})
    staff = [(e, u) for e, u in routes if not e.startswith(CANDIDATE_ONLY + PANELIST_ONLY)]
    admin = app.test_client()
    assert login_staff(admin, "admin1").status_code == 302
    assert _crawl(admin, staff) == []
    proctor = app.test_client()
    assert login_staff(proctor, "pengawas1").status_code == 302
    # A proctor reaches the proctor pages; the admin pages answer 403 (headers still set).
    assert _crawl(proctor, staff, allowed=(200, 302, 403)) == []
    assert proctor.get("/pengawas/ruang/R01/sesi/S1").status_code == 200
    panelist = app.test_client()
    assert login_staff(panelist, "panelis1").status_code == 302
    assert _crawl(panelist, [(e, u) for e, u in routes if e.startswith(PANELIST_ONLY)]) == []


def test_every_candidate_and_anonymous_route(app, crawl_event):
    api = Api(app.test_client())
    assert api.login(crawl_event["seat"], crawl_event["token"]).status_code == 200
    attempt_id = api.get("/api/v1/candidate/me").json["attempts"][0]["id"]
    assert api.start(attempt_id).status_code == 200
    routes = _routes(app, {"attempt_id": attempt_id, "candidate_id": 1, "nip": "x", "panel_id": 1})
    mine = [(e, u) for e, u in routes if e.startswith(CANDIDATE_ONLY + ANONYMOUS)]
    assert _crawl(api.client, mine) == []
    anonymous = app.test_client()
    # Anonymous: every route answers (401/403/404 or a redirect to the login), never a 5xx,
    # always with the headers.
    assert _crawl(anonymous, routes, allowed=(200, 302, 401, 403, 404)) == []


def test_error_pages_and_api_errors_carry_the_headers(app, client):
    for url in ("/tidak-ada", "/api/v1/attempts/1"):
        response = client.get(url)
        assert response.status_code in (401, 404)
        assert _check(response, url) == []


def test_hsts_only_in_production(app):
    with app.test_request_context("/masuk"):
        assert "Strict-Transport-Security" not in add_headers(app.response_class()).headers
        app.config["APP_ENV"] = "production"
        try:
            headers = add_headers(app.response_class()).headers
        finally:
            app.config["APP_ENV"] = "development"
        assert headers["Strict-Transport-Security"] == HSTS


def test_the_inline_code_finder_finds_what_the_csp_refuses():
    parser = InlineCode()
    parser.feed(
        '<script type="application/json">{"a": 1}</script><script src="/s.js"></script>'
        '<p style="color:red" onclick="x()">a</p><style>p{}</style><script>alert(1)</script>'
    )
    assert parser.found == [
        "<p style=...>",
        "<p onclick=...>",
        "<style> element",
        "inline <script>: 'alert(1)'",
    ]


def test_the_cards_file_written_to_disk_carries_its_own_style_and_script(app, runner, tmp_path):
    """`roster cards --out` is opened from disk (no /static): the same files, inline."""
    with app.app_context():
        publish_sample_bank()
        rows = roster_rows(1)
        runner.invoke(args=["roster", "import", write_file(tmp_path / "r.csv", csv_text(rows))])
        out = tmp_path / "cards.html"
        result = runner.invoke(args=["roster", "cards", "--out", str(out), "--url", "http://x/"])
        assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert ".card { display: inline-block;" in html and "window.print()" in html
    assert "/static/" not in html
