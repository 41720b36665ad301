"""A scripted candidate speaking HTTP to a live server, as the exam page does."""

from __future__ import annotations

import http.client
import http.cookiejar
import json
import time
import urllib.error
import urllib.request


class ApiFailure(Exception):
    """The server answered with an error status."""

    def __init__(self, status: int, body: dict):
        super().__init__(f"{status}: {body}")
        self.status, self.body = status, body


class Candidate:
    """One browser: its own cookies (session and device), its CSRF token."""

    def __init__(self, base_url: str, cookie_header: str | None = None):
        self.base = base_url
        self.cookie_header = cookie_header  # another process sharing this browser's cookies
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))
        self.csrf = None

    def request(self, method: str, path: str, body: dict | None = None, timeout: float = 10):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base + path, data=data, method=method)
        req.add_header("Content-Type", "application/json")
        if self.csrf:
            req.add_header("X-CSRF-Token", self.csrf)
        if self.cookie_header:
            req.add_header("Cookie", self.cookie_header)
        try:
            with self.opener.open(req, timeout=timeout) as response:
                return json.loads(response.read())
        except urllib.error.HTTPError as exc:
            raise ApiFailure(exc.code, json.loads(exc.read() or b"{}")) from None

    def cookie_string(self) -> str:
        """Return this browser's cookies as a Cookie header, to share with another process."""
        return "; ".join(f"{c.name}={c.value}" for c in self.cookies)

    def login(self, nip: str, pin: str, token: str) -> dict:
        body = self.request(
            "POST", "/api/v1/candidate/login", {"nip": nip, "pin": pin, "session_token": token}
        )
        self.csrf = body["csrf_token"]
        return body

    def start(self, attempt_id: int) -> dict:
        return self.request("POST", f"/api/v1/attempts/{attempt_id}/start", {})

    def save(self, attempt_id: int, item_id: str, choice, seq: int) -> dict:
        return self.request(
            "PUT",
            f"/api/v1/attempts/{attempt_id}/answers/{item_id}",
            {"choice": choice, "seq": seq},
        )

    def save_until_acknowledged(
        self, attempt_id: int, item_id: str, choice, seq: int, give_up_after: float = 60.0
    ) -> dict:
        """Retry a save through crashes and restarts, as the page's queue does."""
        deadline = time.monotonic() + give_up_after
        delay = 0.05
        while True:
            try:
                return self.save(attempt_id, item_id, choice, seq)
            except ApiFailure as failure:
                if failure.status < 500:
                    raise
            except (OSError, http.client.HTTPException):
                pass  # refused, reset or cut mid-response: the server is restarting
            if time.monotonic() > deadline:
                raise TimeoutError(f"save {item_id} seq {seq} never acknowledged")
            time.sleep(delay)
            delay = min(delay * 2, 1.0)
