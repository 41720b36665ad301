"""A real browser: Debian's chromium driven by Playwright, against a live gunicorn."""

from __future__ import annotations

import shutil

import pytest

from tests.services import missing

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    executable = shutil.which("chromium")
    if executable is None:
        missing("Debian chromium (apt-get install chromium)")
    from playwright.sync_api import expect, sync_playwright

    # Assertions that do not name their own limit wait up to 15 s (Playwright's default is
    # 5 s, too tight when CI's two cores also run gunicorn and Redis); assertions about a
    # promised delay (the proctor sees a change within 3 s) keep their explicit timeout.
    expect.set_options(timeout=15_000)
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def context(browser):
    ctx = browser.new_context(viewport={"width": 1024, "height": 768}, locale="id-ID")
    ctx.set_default_timeout(30_000)  # generous: CI shares two cores with gunicorn and Redis
    yield ctx
    ctx.close()


@pytest.fixture
def page(context):
    return context.new_page()


from tests.browser.exam_room import exam_room  # noqa: E402,F401  (one server for exam pages)
from tests.live.conftest import live_factory, redis_server  # noqa: E402,F401  (shared fixtures)
