"""Several app hosts behind HAProxy, round robin, no stickiness: a candidate's session, its
CSRF token and the login rate limit work whichever instance answers, and so does a proctor's
form login. HAProxy names the instance of every response (X-Served-By), which proves that the
requests of one browser really land on different instances."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request
import uuid

from bench.harness.balancer import SERVED_BY
from bench.harness.client import Candidate
from bench.harness.roster import ROSTER_HEADER, csrf_from, csv_text, roster_rows
from tests.faults.conftest import SHARED_ROWS

ROWS = SHARED_ROWS["multihost"]
PASSWORD = "Ruang-Ujian-Tujuh-2026!"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser(Candidate):
    """A candidate's or proctor's browser that also reports which instance answered."""

    def __init__(self, base_url: str):
        super().__init__(base_url)
        cookies = urllib.request.HTTPCookieProcessor(self.cookies)
        self.opener = urllib.request.build_opener(cookies, _NoRedirect())  # see every hop
        self.served: list[str] = []

    def call(self, method: str, path: str, body=None, form: dict | None = None, file=None):
        """Send one request; return (status, body text) and note the instance in `served`.

        `form` posts a form; with `file` (field, filename, bytes) too, as multipart.
        """
        if file is not None:
            data, kind = _multipart(form or {}, *file)
        elif form is not None:
            data = urllib.parse.urlencode(form).encode()
            kind = "application/x-www-form-urlencoded"
        else:
            data = None if body is None else json.dumps(body).encode()
            kind = "application/json"
        req = urllib.request.Request(self.base + path, data=data, method=method)
        req.add_header("Content-Type", kind)
        if self.csrf:
            req.add_header("X-CSRF-Token", self.csrf)
        try:
            response = self.opener.open(req, timeout=10)
        except urllib.error.HTTPError as exc:
            response = exc
        with response:
            self.served.append(response.headers[SERVED_BY])
            return response.status, response.read().decode()

    def json(self, method: str, path: str, body=None) -> dict:
        """Send an API request that must succeed; return its JSON body."""
        status, text = self.call(method, path, body)
        assert status == 200, (method, path, status, text)
        return json.loads(text)


def _multipart(fields: dict, name: str, filename: str, content: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
        for key, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"'
        "\r\nContent-Type: text/csv\r\n\r\n".encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def _staff_login(running, role: str, username: str) -> Browser:
    running.cluster.flask(
        "users", "create", "--role", role, "--username", username,
        "--password", PASSWORD, "--rooms", "R01" if role == "proctor" else "",
    )  # fmt: skip
    browser = Browser(running.url)
    status, page = browser.call("GET", "/masuk")
    assert status == 200
    form = {"csrf_token": csrf_from(page), "username": username, "password": PASSWORD}
    status, _ = browser.call("POST", "/masuk", form=form)
    assert status == 302, "the form's CSRF token and session were accepted"
    return browser


def test_a_candidate_session_moves_between_instances(shared_cluster):
    running = shared_cluster
    row = running.rows[ROWS][0]
    browser = Browser(running.url)
    login = browser.json(
        "POST",
        "/api/v1/candidate/login",
        {"nip": row[0], "pin": row[9], "session_token": running.token},
    )
    browser.csrf = login["csrf_token"]  # issued by the instance in served[0]
    attempt = login["attempts"][0]["id"]
    items = browser.json("POST", f"/api/v1/attempts/{attempt}/start", {})["items"]
    for seq, item in enumerate(items[:5], start=1):
        key = item["options"][0]["key"]
        saved = browser.json(
            "PUT", f"/api/v1/attempts/{attempt}/answers/{item['id']}", {"choice": key, "seq": seq}
        )
        assert saved["seq"] == seq
        browser.json("POST", f"/api/v1/attempts/{attempt}/heartbeat", {"focus_lost": 0})
    body = browser.json("GET", f"/api/v1/attempts/{attempt}")
    assert body["last_seq"] == 5

    served = browser.served
    assert set(served) == {"app1", "app2", "app3"}, served
    assert all(a != b for a, b in zip(served, served[1:], strict=False)), served
    csrf_issuer = served[0]
    assert any(s != csrf_issuer for s in served[2:]), "a save was accepted by another instance"

    browser.csrf = "not-the-token"  # the check is live on every instance
    for _ in range(3):
        status, text = browser.call("PUT", f"/api/v1/attempts/{attempt}/answers/{items[0]['id']}")
        assert status == 403 and "csrf_failed" in text, (status, text)
    assert len(set(browser.served[-3:])) == 3


def test_the_login_limit_counts_across_instances(shared_cluster):
    running = shared_cluster
    row = running.rows[ROWS][1]
    browser = Browser(running.url)
    wrong = {"nip": row[0], "pin": "000000", "session_token": running.token}
    for _ in range(10):  # throttle.NIP_LIMIT wrong PINs, spread over the three instances
        status, text = browser.call("POST", "/api/v1/candidate/login", wrong)
        assert status == 401, (status, text)
    assert set(browser.served) == {"app1", "app2", "app3"}
    # No instance saw more than four of them, yet every one now refuses even the right PIN.
    right = dict(wrong, pin=row[9])
    for _ in range(3):
        status, text = browser.call("POST", "/api/v1/candidate/login", right)
        assert status == 429 and "rate_limited" in text, (status, text)
    assert len(set(browser.served[-3:])) == 3


def test_a_proctor_logs_in_on_one_instance_with_a_form_from_another(shared_cluster):
    browser = _staff_login(shared_cluster, "proctor", "pengawas7")
    for _ in range(3):
        status, page = browser.call("GET", "/pengawas/")
        assert status == 200 and "R01" in page
    served = browser.served
    assert served[0] != served[1], served  # the form came from one instance, went to another
    assert set(served[2:]) == {"app1", "app2", "app3"}, served


def test_an_admin_upload_is_saved_by_the_host_that_previewed_it(shared_cluster):
    """The preview keeps the file on its host's disk until "Simpan": HAProxy sends the admin
    console to one instance while it is up, so the confirmation finds it."""
    running = shared_cluster
    browser = _staff_login(running, "admin", "admin7")
    logged_in = len(browser.served)
    status, page = browser.call("GET", "/admin/impor")
    assert status == 200
    rows = roster_rows(3, start=900)
    roster = csv_text(rows, ROSTER_HEADER).encode()
    status, page = browser.call(
        "POST",
        "/admin/impor/peserta",
        form={"csrf_token": csrf_from(page)},
        file=("file", "peserta.csv", roster),
    )
    assert status == 200, page[-2000:]
    token = re.search(r'name="token"[^>]*value="([0-9a-f]{32})"', page).group(1)
    status, page = browser.call(
        "POST",
        "/admin/impor/peserta/simpan",
        form={"csrf_token": csrf_from(page), "token": token},
    )
    assert status == 302, page[-2000:]
    assert set(browser.served[logged_in:]) == {"app1"}, browser.served

    candidate = Browser(running.url)  # the imported roster works on every instance
    for row in rows:
        candidate.json(
            "POST",
            "/api/v1/candidate/login",
            {"nip": row[0], "pin": row[9], "session_token": running.token},
        )
    assert set(candidate.served) == {"app1", "app2", "app3"}
