"""A browser's HTTP for thousands of simulated pages in one process: asyncio and raw HTTP/1.1.

A thread per page (or http.client per request) costs too much CPU for 600 pages sharing two
cores with the server, so each page here is a handful of coroutines sharing one event loop,
with what a browser keeps per site: a cookie jar, a pool of keep-alive connections (opened
on demand, so a page with a save, a heartbeat and a poll out at once holds three), and a
timeout per request (the exam page's 15 s). Like a browser, a request that fails on a reused
idle connection because the server had closed it (after its keep-alive time) is sent again
once on a new connection; that is not a failure (every request the page sends is safe to
repeat: saves carry their seq, start and finish are idempotent).
"""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass

TIMEOUT = 15.0  # static/js/exam/state.js REQUEST_TIMEOUT_MS
STALE = (ConnectionError, asyncio.IncompleteReadError)


@dataclass(frozen=True)
class Answer:
    """One response as the page sees it: status (0 = no answer), body, when and how long."""

    status: int
    body: bytes
    sent: float  # time.monotonic() when the request was started
    latency: float  # seconds until the whole body was read (or the failure)

    @property
    def ok(self) -> bool:
        """Return whether the server answered 2xx (http.js: ok)."""
        return 200 <= self.status < 300

    @property
    def transient(self) -> bool:
        """Return whether the page repeats the request as it is (http.js: transient)."""
        return self.status == 0 or self.status >= 500 or self.status == 429

    def json(self):
        """Return the body as JSON (None when it is not)."""
        try:
            return json.loads(self.body)
        except ValueError:
            return None


class _Connection:
    """One keep-alive HTTP/1.1 connection."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter):
        self.reader, self.writer = reader, writer
        self.reused = False

    def usable(self) -> bool:
        return not (self.reader.at_eof() or self.writer.is_closing())

    def close(self) -> None:
        self.writer.close()

    async def exchange(self, request: bytes) -> tuple[int, dict[str, list[str]], bytes, bool]:
        """Send one request; return status, headers (lower-case names), body, keep-alive."""
        self.writer.write(request)
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        headers: dict[str, list[str]] = {}
        for line in lines[1:]:
            if line:
                name, _, value = line.partition(":")
                headers.setdefault(name.strip().lower(), []).append(value.strip())
        body = await self._body(headers)
        keep = "close" not in headers.get("connection", [""])[0].lower()
        return status, headers, body, keep

    async def _body(self, headers: dict[str, list[str]]) -> bytes:
        if "chunked" in headers.get("transfer-encoding", [""])[0].lower():
            chunks = []
            while size := int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16):
                chunks.append(await self.reader.readexactly(size + 2))
            await self.reader.readuntil(b"\r\n")  # the (empty) trailer
            return b"".join(chunk[:-2] for chunk in chunks)
        return await self.reader.readexactly(int(headers.get("content-length", ["0"])[0]))


class Browser:
    """One candidate's browser on one site: cookies, keep-alive connections, CSRF header."""

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.cookies: dict[str, str] = {}
        self.csrf = ""
        self._idle: list[_Connection] = []

    async def request(self, method: str, path: str, payload=None) -> Answer:
        """Send one request as http.js does (JSON and the CSRF header on writes); never raise."""
        sent = time.monotonic()
        data = b""
        headers = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}"]
        headers.append("Accept: application/json")
        if method != "GET":
            data = json.dumps(payload or {}).encode()
            headers += ["Content-Type: application/json", f"X-CSRF-Token: {self.csrf}"]
        if self.cookies:
            headers.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        headers.append(f"Content-Length: {len(data)}")
        raw = ("\r\n".join(headers) + "\r\n\r\n").encode() + data
        try:
            async with asyncio.timeout(TIMEOUT):
                status, body = await self._send(raw)
        except (TimeoutError, OSError, ValueError, asyncio.IncompleteReadError):
            status, body = 0, b""
        return Answer(status, body, sent, time.monotonic() - sent)

    async def _send(self, raw: bytes) -> tuple[int, bytes]:
        connection = self._take()
        if connection is not None:
            try:
                return await self._exchange(connection, raw)
            except STALE:
                pass  # closed by the server while idle: a browser sends it again, once
        connection = _Connection(*await asyncio.open_connection(self.host, self.port))
        return await self._exchange(connection, raw)

    async def _exchange(self, connection: _Connection, raw: bytes) -> tuple[int, bytes]:
        try:
            status, headers, body, keep = await connection.exchange(raw)
        except BaseException:
            connection.close()  # a timeout or a failure midway: the connection is spent
            raise
        self._remember(headers.get("set-cookie", []))
        if keep:
            connection.reused = True
            self._idle.append(connection)
        else:
            connection.close()
        return status, body

    def _take(self) -> _Connection | None:
        while self._idle:
            connection = self._idle.pop()  # the most recently used: the least likely closed
            if connection.usable():
                return connection
            connection.close()
        return None

    def _remember(self, set_cookies: list[str]) -> None:
        for line in set_cookies:
            pair, _, attributes = line.partition(";")
            name, _, value = pair.partition("=")
            expired = "max-age=0" in attributes.lower().replace(" ", "")
            if expired or not value:
                self.cookies.pop(name.strip(), None)
            else:
                self.cookies[name.strip()] = value.strip()

    def close(self) -> None:
        """Close every idle connection."""
        for connection in self._idle:
            connection.close()
        self._idle.clear()
