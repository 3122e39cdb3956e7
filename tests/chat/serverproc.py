"""Real Helpline servers for the chat load benchmark and the fault tests: uvicorn processes on
loopback, one shared database, and a redis-server when several workers share a channel layer.

Used by ``bench/chat_load.py``, ``tests/chat/test_fault.py`` and
``tests/chat/test_redis_workers.py``. No Django import here: the servers are separate processes
configured through the environment, exactly as ``make run`` starts one.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import http.cookiejar
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Coroutine, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")
ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
REDIS_APT_PACKAGE = "redis-server"  # Debian's package for /usr/bin/redis-server
STAFF_PASSWORD = "a long and unusual passphrase 42"


class RedisUnavailable(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def check_loopback_url(url: str) -> None:
    """Refuse to send load anywhere but this machine."""
    host = urllib.parse.urlsplit(url).hostname or ""
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise ValueError(f"{url}: only 127.0.0.1, localhost or [::1] may be a target")


def peak_rss_mb(pids: Sequence[int]) -> float:
    """Peak resident set size (VmHWM) of the processes, summed, in MiB."""
    total_kb = 0
    for pid in pids:
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    total_kb += int(line.split()[1])
    return round(total_kb / 1024, 1)


def pid_listening_on(port: int) -> int | None:
    """The process listening on a loopback TCP port (for --url targets), from /proc."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(OSError):
            for line in Path(table).read_text().splitlines()[1:]:
                parts = line.split()
                if parts[3] == "0A" and int(parts[1].rsplit(":", 1)[1], 16) == port:
                    inodes.add(parts[9])
    if not inodes:
        return None
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            for fd in (proc / "fd").iterdir():
                target = os.readlink(fd)
                if target.startswith("socket:[") and target[8:-1] in inodes:
                    return int(proc.name)
    return None


def wait_for_port(port: int, proc: subprocess.Popen | None = None, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"{proc.args[0]} exited with {proc.returncode}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
            return
        time.sleep(0.05)
    raise RuntimeError(f"nothing listens on port {port} after {timeout} s")


# --- redis ---------------------------------------------------------------------------------------


def find_redis_server(install: bool = False) -> str:
    """Path of redis-server; with ``install``, apt-get installs Debian's package when missing."""
    path = shutil.which("redis-server") or (
        "/usr/bin/redis-server" if Path("/usr/bin/redis-server").exists() else None
    )
    if path is None and install and shutil.which("apt-get"):
        sudo = [] if os.geteuid() == 0 else ["sudo", "-n"]
        print(f"installing Debian's {REDIS_APT_PACKAGE} (apt-get)", file=sys.stderr, flush=True)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run([*sudo, "apt-get", "update", "-qq"], env=env, check=False)
        subprocess.run(
            [*sudo, "apt-get", "install", "-y", "-qq", REDIS_APT_PACKAGE], env=env, check=False
        )
        path = shutil.which("redis-server")
    if path is None:
        raise RedisUnavailable(
            f"redis-server is not installed: `apt-get install {REDIS_APT_PACKAGE}` "
            "(Debian's package) provides it"
        )
    return path


@dataclass
class Redis:
    """A private redis-server on a free loopback port: no persistence, no other clients."""

    directory: Path
    port: int = 0
    proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self, install: bool = False) -> Redis:
        executable = find_redis_server(install)
        self.port = self.port or free_port()
        self.directory.mkdir(parents=True, exist_ok=True)
        log = (self.directory / "redis.log").open("w")
        self.proc = subprocess.Popen(
            [
                executable,
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.directory),
                "--protected-mode",
                "yes",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        wait_for_port(self.port, self.proc, timeout=20)
        return self

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


# --- helpline servers ----------------------------------------------------------------------------


def base_env(directory: Path, *, database_url: str = "", redis_url: str = "") -> dict[str, str]:
    """Environment for servers sharing one database (a fresh SQLite file unless given)."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "helpline.settings",
        "HELPLINE_VAR_DIR": str(directory),
        "DATABASE_URL": database_url or f"sqlite:///{directory / 'helpline.sqlite3'}",
        # Several workers share sessions: one key for all of them.
        "SECRET_KEY": secrets.token_urlsafe(50),
        # A load test opens every conversation from 127.0.0.1: lift the per-address limit.
        "HELPLINE_CHAT_OPENS_PER_HOUR": "1000000",
        "LOG_LEVEL": "WARNING",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": "9",  # nothing is mailed by the chat paths exercised here
    }
    env.pop("REDIS_URL", None)
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def migrate(env: dict[str, str]) -> None:
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )


def create_staff(env: dict[str, str], username: str, role: str = "specialist") -> str:
    """Create a staff account with the ``helpline`` command; returns its password."""
    subprocess.run(
        [str(BIN / "helpline"), "staff", "create", username, "--role", role],
        cwd=ROOT,
        env={**env, "HELPLINE_STAFF_PASSWORD": STAFF_PASSWORD},
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return STAFF_PASSWORD


@dataclass
class Server:
    """One uvicorn process serving helpline.asgi on a loopback port. Restartable on that port."""

    env: dict[str, str]
    log_path: Path
    port: int = 0
    ws: str = "auto"
    extra_args: list[str] = field(default_factory=list)
    proc: subprocess.Popen | None = None
    peak_rss: dict[int, float] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int | None:
        return self.proc.pid if self.proc is not None else None

    def start(self, timeout: float = 60) -> Server:
        self.port = self.port or free_port()
        env = {**self.env, "SITE_URL": self.url}
        log = self.log_path.open("a")
        self.proc = subprocess.Popen(
            [
                str(BIN / "uvicorn"),
                "helpline.asgi:application",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--ws",
                self.ws,
                "--no-access-log",
                "--log-level",
                "warning",
                *self.extra_args,
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        self.wait_until_up(timeout)
        return self

    def wait_until_up(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc is None or self.proc.poll() is not None:
                tail = self.log_path.read_text()[-2000:] if self.log_path.exists() else ""
                raise RuntimeError(f"the server on port {self.port} exited:\n{tail}")
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"the server on port {self.port} did not start in {timeout} s")

    def sample_rss(self) -> float:
        """Record and return this process's peak RSS (MiB) so far."""
        if self.pid is not None and self.proc is not None and self.proc.poll() is None:
            rss = peak_rss_mb([self.pid])
            if rss:
                self.peak_rss[self.pid] = rss
        return max(self.peak_rss.values(), default=0.0)

    def kill(self) -> None:
        """SIGKILL: no shutdown, no goodbye to the clients, whatever was in flight is lost."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.sample_rss()
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


@dataclass
class Stack:
    """K helpline workers on one database, with a redis-server channel layer when asked."""

    directory: Path
    servers: list[Server]
    redis: Redis | None
    env: dict[str, str]

    def stop(self) -> None:
        for server in self.servers:
            server.stop()
        if self.redis is not None:
            self.redis.stop()

    def peak_rss_mb(self) -> float:
        return round(sum(s.sample_rss() for s in self.servers), 1)


def start_stack(
    directory: Path,
    *,
    workers: int = 1,
    redis: bool = False,
    install_redis: bool = False,
    database_url: str = "",
    ws: str = "auto",
    extra_env: dict[str, str] | None = None,
    extra_args: Sequence[str] = (),
) -> Stack:
    """Migrate the database (a fresh SQLite file unless ``database_url``), start the workers."""
    if workers > 1 and not redis:
        raise ValueError("several workers need a shared channel layer: add redis")
    directory.mkdir(parents=True, exist_ok=True)
    broker = Redis(directory / "redis").start(install=install_redis) if redis else None
    try:
        env = base_env(
            directory,
            database_url=database_url,
            redis_url=broker.url if broker else "",
        )
        env.update(extra_env or {})
        migrate(env)
        servers = [
            Server(env, directory / f"server-{n}.log", ws=ws, extra_args=list(extra_args))
            for n in range(workers)
        ]
        stack = Stack(directory, servers, broker, env)
        try:
            for server in servers:
                server.start()
        except BaseException:
            stack.stop()
            raise
        return stack
    except BaseException:
        if broker is not None:
            broker.stop()
        raise


# --- staff login over HTTP -----------------------------------------------------------------------


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def login(base_url: str, username: str, password: str) -> str:
    """Log in through /accounts/login/ like a browser (CSRF cookie and field); the session id."""
    check_loopback_url(base_url)
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect())
    with opener.open(base_url + "/accounts/login/", timeout=10) as response:
        page = response.read().decode()
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if match is None:
        raise RuntimeError("the login page has no CSRF field")
    data = urllib.parse.urlencode(
        {"username": username, "password": password, "csrfmiddlewaretoken": match.group(1)}
    ).encode()
    request = urllib.request.Request(
        base_url + "/accounts/login/", data=data, headers={"Referer": base_url + "/accounts/login/"}
    )
    try:
        with opener.open(request, timeout=10) as response:
            status = response.status  # 200: the form again, with an error
    except urllib.error.HTTPError as exc:
        status = exc.code  # 302 to LOGIN_REDIRECT_URL: logged in (not followed)
    session = next((c.value for c in jar if c.name == "sessionid"), None)
    if status != 302 or session is None:
        raise RuntimeError(f"{username} could not log in at {base_url} (HTTP {status})")
    return session


def run_coroutine(coro: Coroutine[Any, Any, T]) -> T:
    """``asyncio.run`` in a thread of its own.

    The browser tests' Playwright keeps an event loop running in the main thread for the whole
    session; ``asyncio.run`` refuses to start beside it.
    """
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()


def open_conversation(base_url: str, topic: str = "") -> dict[str, Any]:
    """POST /api/chat/start as a visitor would; the answer has the conversation and token."""
    request = urllib.request.Request(
        base_url + "/api/chat/start",
        data=json.dumps({"language": "en", "caller_type": "patient", "topic": topic}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return dict(json.loads(response.read()))
