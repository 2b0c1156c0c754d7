"""Fixtures of the browser tests: the real server on the built dist/, and headless Chromium.

The server is ``kg serve`` (gunicorn) on 127.0.0.1 and a free port, serving the build in
``KG_DIST`` or ``dist/``; it is stopped after the session, whatever happened. The browser
is Debian's ``chromium`` (``make browser-deps`` installs it) driven by playwright-python
with ``executable_path``: playwright never downloads a browser here. Screenshots go to
``tests/artifacts/browser/`` (see docs/browser-tests.md).
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from tests.sparql_support import kg_server

ROOT = Path(__file__).resolve().parents[2]
#: where every screenshot is kept (gitignored; CI and people look here)
ARTIFACTS = ROOT / "tests" / "artifacts" / "browser"
#: the flags without which Chromium hangs or phones home on this closed network
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
VIEWPORT = {"width": 1280, "height": 900}
#: bounds on waiting (milliseconds for playwright, seconds for the server start)
ACTION_TIMEOUT_MS = 20_000
NAVIGATION_TIMEOUT_MS = 60_000
SERVER_START_S = 180.0


def chromium_path() -> str | None:
    """``KG_CHROMIUM``, else Debian's ``chromium`` (or ``chromium-browser``) on the PATH."""
    explicit = os.environ.get("KG_CHROMIUM")
    if explicit:
        return explicit if Path(explicit).exists() else None
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


def dist_dir() -> Path:
    return Path(os.environ.get("KG_DIST", ROOT / "dist")).resolve()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob("*.png"):
        old.unlink()
    return ARTIFACTS


@pytest.fixture(scope="session")
def chromium() -> str:
    path = chromium_path()
    if path is None:
        pytest.skip("browser tests need Debian's chromium (/usr/bin/chromium): run `make browser-deps`")
    return path


@pytest.fixture(scope="session")
def base_url(chromium: str) -> Iterator[str]:
    """The real server (``kg serve``: gunicorn) on the build, on 127.0.0.1; yields its base URL."""
    dist = dist_dir()
    if not (dist / "manifest.json").exists():
        pytest.skip(f"no build in {dist}: run `make build` (or set KG_DIST)")
    with kg_server(["--dist", str(dist), "--workers", "1"], env={"KG_DIST": str(dist)}) as base:
        _wait_ready(base + "/")
        yield base


def _wait_ready(url: str) -> None:
    """Until the home page answers 200 in HTML (the catalogue is built by then), or give up."""
    deadline = time.monotonic() + SERVER_START_S
    while time.monotonic() < deadline:
        try:
            answer = requests.get(url, headers={"Accept": "text/html"}, timeout=30)
            if answer.status_code == 200 and "html" in answer.headers.get("Content-Type", ""):
                return
        except requests.RequestException:
            pass
        time.sleep(0.25)
    raise TimeoutError(f"{url} did not answer within {SERVER_START_S:.0f} s")


@pytest.fixture(scope="session")
def browser(chromium: str) -> Iterator[object]:
    """Headless Chromium; playwright gives each launch a fresh temporary --user-data-dir."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright (the `test` extra)")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, headless=True, args=CHROMIUM_ARGS, timeout=NAVIGATION_TIMEOUT_MS
        )
        try:
            yield browser
        finally:
            browser.close()


def watch(page) -> list[str]:
    """What goes wrong in ``page`` that a person may not see: script errors, console errors
    (CSP violations are reported there), failed requests and HTTP errors of its resources."""
    problems: list[str] = []

    def on_console(message) -> None:
        if message.type == "error":
            problems.append(f"console error: {message.text} at {message.location.get('url')}")

    def on_response(response) -> None:
        if response.status >= 400:
            problems.append(f"HTTP {response.status}: {response.request.method} {response.url}")

    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    page.on("console", on_console)
    page.on("requestfailed", lambda request: problems.append(f"request failed: {request.url} ({request.failure})"))
    page.on("response", on_response)
    return problems


@pytest.fixture
def page(browser, base_url: str, artifacts: Path, request: pytest.FixtureRequest) -> Iterator[object]:
    """A fresh page (own context: no cookies or cache shared between tests) on the server.

    ``page.problems`` lists what went wrong in it (see ``watch``); on a failing test its
    last state is kept as ``FAILED-<test>.png``.
    """
    context = browser.new_context(base_url=base_url, viewport=VIEWPORT, locale="en-GB")
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    context.set_default_navigation_timeout(NAVIGATION_TIMEOUT_MS)
    page = context.new_page()
    page.problems = watch(page)
    try:
        yield page
    finally:
        report = getattr(request.node, "rep_call", None)
        if report is not None and report.failed:
            try:
                page.screenshot(path=str(artifacts / f"FAILED-{request.node.name}.png"), full_page=False)
            except Exception:  # best effort: the failure itself is what matters
                pass
        context.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report
