"""A real Helpline server (uvicorn, as `make run` starts it) and Debian's chromium for tests.

``site`` is a plain server with the starter content. ``warm_site`` also has chat open around
the clock, a specialist and a supervisor, and an answer engine that has already answered once.
The engine's first answer loads its model and embeds every passage and the triage examples;
``warm_site`` does that once per session and keeps the vectors in pytest's cache, so later runs
start faster (about 45 s the first time, 5 s after; always the former with -p no:cacheprovider).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from tests.conftest import PASSWORD, Mailbox, free_port

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SPECIALIST = "sam"
SUPERVISOR = "sofia"


@dataclass
class Site:
    url: str
    mailbox: Mailbox
    env: dict[str, str]


def _wait_until_up(url: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the server did not start in time")


@contextmanager
def serve_helpline(
    var: Path,
    extra_env: dict[str, str] | None = None,
    prepare: Callable[[dict[str, str]], None] | None = None,
) -> Iterator[Site]:
    """Migrate a fresh database in ``var``, load the starter content, run ``prepare(env)``,
    then serve with uvicorn on loopback (with a real SMTP server) until the block ends."""
    mailbox = Mailbox("127.0.0.1", free_port())
    controller = Controller(mailbox, hostname=mailbox.host, port=mailbox.port)
    controller.start()
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "HELPLINE_VAR_DIR": str(var),
        "DATABASE_URL": f"sqlite:///{var / 'site.sqlite3'}",
        "SITE_URL": url,
        "EMAIL_HOST": mailbox.host,
        "EMAIL_PORT": str(mailbox.port),
        "DJANGO_SETTINGS_MODULE": "helpline.settings",
        **(extra_env or {}),
    }
    bin_dir = Path(sys.executable).parent
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([str(bin_dir / "helpline"), "content", "import"], cwd=ROOT, env=env, check=True)
    if prepare is not None:
        prepare(env)
    log = (var / "server.log").open("w")
    uvicorn = [str(bin_dir / "uvicorn"), "helpline.asgi:application", "--host", "127.0.0.1"]
    proc = subprocess.Popen(
        [*uvicorn, "--port", str(port)], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
    )
    try:
        _wait_until_up(url, proc)
        yield Site(url, mailbox, env)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        controller.stop()


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Iterator[Site]:
    with serve_helpline(tmp_path_factory.mktemp("var")) as served:
        yield served


@pytest.fixture(scope="session")
def warm_site(tmp_path_factory, request) -> Iterator[Site]:
    """A server with HELPLINE_CHAT_HOURS covering now, a specialist (``SPECIALIST``), a
    supervisor (``SUPERVISOR``), and a warm answer engine."""
    var = tmp_path_factory.mktemp("warm-var")
    cache = _pytest_cache(request, "helpline-answer-vectors")
    vectors = var / "answer-vectors"

    def prepare(env: dict[str, str]) -> None:
        helpline = str(Path(sys.executable).parent / "helpline")
        for username, role in [(SPECIALIST, "specialist"), (SUPERVISOR, "supervisor")]:
            subprocess.run(
                [helpline, "staff", "create", username, "--role", role],
                cwd=ROOT,
                env=env,
                check=True,
                stdout=subprocess.DEVNULL,
            )
        vectors.mkdir()
        if cache is not None:
            for path in cache.glob("*.npz"):
                shutil.copy(path, vectors / path.name)

    extra_env = {
        "HELPLINE_CHAT_HOURS": "mon-sun 00:00-24:00",
        "HELPLINE_STAFF_PASSWORD": PASSWORD,
    }
    with serve_helpline(var, extra_env, prepare) as served:
        _warm_up(served.url)
        if cache is not None:
            for path in vectors.glob("*.npz"):
                shutil.copy(path, cache / path.name)
        yield served


def _pytest_cache(request, name: str) -> Path | None:
    """A folder in pytest's cache (kept across runs), if the cache plugin is on."""
    cache = getattr(request.config, "cache", None)
    return Path(cache.mkdir(name)) if cache is not None else None


def _warm_up(url: str) -> None:
    """Ask the engine once, so the visitors' first answer does not wait for the model."""
    for question, lang in [("How does cancer spread?", "en"), ("¿Cómo se disemina?", "es")]:
        body = json.dumps({"question": question, "lang": lang}).encode()
        req = urllib.request.Request(
            url + "/api/answers", body, {"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(req, timeout=240) as response:
            assert response.status == 200


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(executable).exists():
        pytest.fail(
            "Debian's chromium is missing: `make test` installs it (apt-get install chromium)"
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, tmp_path):
    context = browser.new_context(accept_downloads=True, locale="en-US")
    page = context.new_page()
    yield page
    context.close()


def axe_violations(page) -> list[dict]:
    """axe-core's violations on the current page (WCAG 2 A/AA rules and best practices)."""
    page.add_script_tag(path=str(AXE))
    return page.evaluate("async () => (await axe.run(document)).violations")


def assert_accessible(page) -> None:
    violations = axe_violations(page)
    summary = [
        f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:3]}"
        for v in violations
    ]
    assert violations == [], f"axe-core on {page.url}:\n" + "\n".join(summary)
