"""Load benchmark of the live chat's websocket transport (docs/subsystems/chat-load.md).

    .venv/bin/python bench/chat_load.py --sockets 1000 --rate 250 --seconds 30
    .venv/bin/python bench/chat_load.py --sockets 2000 --rate 250 --seconds 30 --workers 2 --redis

Without ``--url`` it starts its own server(s) on loopback: one uvicorn process with the
in-memory channel layer and a fresh SQLite file, or with ``--workers K --redis`` a private
redis-server and K uvicorn processes sharing REDIS_URL and one database (a fresh SQLite file
in WAL mode, or DATABASE_URL when set). Targets must be 127.0.0.1, localhost or [::1].

Model: N sockets are N/2 conversations. Each conversation has two visitor sockets opened with
the same token (a conversation's group delivers every stored message to every socket in it):
the "visitor" and the "other side", on different workers when there are several. The first
sends ``handoff``, so the conversation is queued for a specialist and the answer engine stays
out: this measures the chat transport (store, number, acknowledge, broadcast), not retrieval.
The total send rate R is spread evenly over the conversations, alternating sides, for S
seconds; every message has a unique client_id and its send time in its body. Measured:
delivery to the other side (latency = receive time - send time), lost (sent, never received by
the other side within --grace seconds after the end), duplicated (a socket receiving one seq or
client_id twice), and the server processes' peak RSS (VmHWM from /proc), summed.

Progress lines first; the last line is one JSON object:
{"sockets", "sent", "delivered", "lost", "duplicated", "p50_ms", "p99_ms", "rss_mb"}.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import resource
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from websockets.asyncio.client import ClientConnection, connect  # noqa: E402
from websockets.exceptions import ConnectionClosed  # noqa: E402

from tests.chat.serverproc import (  # noqa: E402
    RedisUnavailable,
    Stack,
    check_loopback_url,
    create_staff,
    login,
    open_conversation,
    peak_rss_mb,
    pid_listening_on,
    start_stack,
)

MAX_SOCKETS = 10_000
MAX_RATE = 5_000
MAX_SECONDS = 600
CONVERSATIONS_PER_SPECIALIST = 10  # a specialist takes at most 10 chats at once (capacity)


def log(text: str) -> None:
    print(text, flush=True)


@dataclass
class Side:
    pair: int
    side: int  # 0: the visitor, 1: the other side
    conversation: str
    url: str  # ws://host:port/ws/chat/<id>/?token=...
    origin: str
    ws: ClientConnection | None = None
    seqs: set[int] = field(default_factory=set)
    client_ids: set[str] = field(default_factory=set)
    queued: asyncio.Event = field(default_factory=asyncio.Event)
    joined: asyncio.Event = field(default_factory=asyncio.Event)


@dataclass
class Stats:
    sent: dict[str, tuple[int, int, float]] = field(default_factory=dict)  # id -> pair, side, t
    latencies: dict[str, float] = field(default_factory=dict)  # id -> seconds to the other side
    acked: int = 0
    duplicated: int = 0
    status_events: int = 0
    errors: Counter[str] = field(default_factory=Counter)
    closed: int = 0  # sockets the server closed under us
    closing: bool = False


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def ms(value: float | None) -> float | None:
    return None if value is None else round(value * 1000, 1)


# --- servers -----------------------------------------------------------------------------------


def raise_fd_limit(needed: int) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = needed if hard == resource.RLIM_INFINITY else min(hard, needed)
    if soft < want:
        resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < needed:
        log(f"warning: open files limited to {soft}, {needed} wanted")


def server_cpu_seconds(pids: list[int]) -> float:
    total = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    for pid in pids:
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


# --- clients -----------------------------------------------------------------------------------


async def reader(side: Side, stats: Stats) -> None:
    assert side.ws is not None
    try:
        async for raw in side.ws:
            now = time.time()
            event = json.loads(raw)
            kind = event.get("type")
            if kind == "message":
                seq, client_id = event["seq"], event.get("client_id")
                if seq in side.seqs or (client_id and client_id in side.client_ids):
                    stats.duplicated += 1
                    continue
                side.seqs.add(seq)
                if not client_id:
                    if (event.get("data") or {}).get("event") == "joined":
                        side.joined.set()
                    continue
                side.client_ids.add(client_id)
                origin = stats.sent.get(client_id)
                if origin is not None and origin[0] == side.pair and origin[1] != side.side:
                    sent_at = float(event["body"].split(" ts=", 1)[1].split(" ", 1)[0])
                    stats.latencies[client_id] = now - sent_at
            elif kind == "ack":
                stats.acked += 1
            elif kind == "status":
                stats.status_events += 1
                if event.get("status") == "queued":
                    side.queued.set()
            elif kind == "error":
                stats.errors[event.get("code", "?")] += 1
    except ConnectionClosed:
        pass
    if not stats.closing:
        stats.closed += 1


async def open_socket(side: Side, stats: Stats, compression: bool) -> asyncio.Task[None]:
    for attempt in range(5):
        try:
            side.ws = await connect(
                side.url,
                origin=side.origin,  # type: ignore[arg-type]
                open_timeout=60,
                ping_interval=None,  # the server pings (uvicorn: every 20 s)
                close_timeout=5,
                max_queue=None,
                compression="deflate" if compression else None,
            )
            break
        except (OSError, TimeoutError) as exc:
            if attempt == 4:
                raise
            stats.errors[f"connect:{type(exc).__name__}"] += 1
            await asyncio.sleep(0.5 * (attempt + 1))
    return asyncio.create_task(reader(side, stats))


async def prepare_pair(visitor: Side, other: Side, console: Console | None) -> None:
    """Hand the conversation off to the specialists' queue; with a console, have it accepted."""
    assert visitor.ws is not None
    await visitor.ws.send(json.dumps({"type": "handoff"}))
    await visitor.queued.wait()
    if console is None:
        await other.queued.wait()
        return
    await console.accept(visitor.conversation)
    await visitor.joined.wait()
    await other.joined.wait()


@dataclass
class Console:
    """A specialist's console socket, used while setting up to accept conversations."""

    ws: ClientConnection
    task: asyncio.Task[None] | None = None
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    async def accept(self, conversation: str) -> None:
        async with self.lock:
            await self.ws.send(json.dumps({"type": "accept", "conversation": conversation}))

    async def drain(self, stats: Stats) -> None:
        with contextlib.suppress(ConnectionClosed):
            async for raw in self.ws:
                event = json.loads(raw)
                if event.get("type") == "error":
                    stats.errors["console:" + event.get("code", "?")] += 1

    async def close(self) -> None:
        await self.ws.close()
        if self.task is not None:
            await asyncio.gather(self.task, return_exceptions=True)


async def open_consoles(
    args: argparse.Namespace, targets: list[str], stack: Stack | None, pairs: int, stats: Stats
) -> list[Console]:
    """Specialists (one per CONVERSATIONS_PER_SPECIALIST) logged in, their consoles open."""
    if stack is not None:
        count = max(1, -(-pairs // CONVERSATIONS_PER_SPECIALIST))
        names = [f"load-specialist-{n}" for n in range(count)]
        passwords = await asyncio.gather(
            *(asyncio.to_thread(create_staff, stack.env, name) for name in names)
        )
        accounts = list(zip(names, passwords, strict=True))
    else:
        if not args.specialist:
            raise SystemExit("--state active with --url needs --specialist NAME")
        accounts = [(args.specialist, os.environ.get("HELPLINE_STAFF_PASSWORD", ""))]
    consoles = []
    for n, (name, password) in enumerate(accounts):
        base = targets[n % len(targets)]
        session = await asyncio.to_thread(login, base, name, password)
        ws = await connect(
            "ws" + base[len("http") :] + "/ws/console/",
            origin=base,  # type: ignore[arg-type]
            additional_headers={"Cookie": f"sessionid={session}"},
            open_timeout=60,
            ping_interval=None,
            max_queue=None,
        )
        console = Console(ws)
        console.task = asyncio.create_task(console.drain(stats))
        await ws.send(json.dumps({"type": "availability", "available": True, "capacity": 10}))
        consoles.append(console)
    log(f"{len(consoles)} specialist console(s) open to accept the conversations")
    return consoles


async def run(args: argparse.Namespace, targets: list[str], stack: Stack | None) -> dict:
    stats = Stats()
    pairs = args.sockets // 2
    pids = [s.pid for s in stack.servers if s.pid] if stack else []
    if not stack:
        pids = [
            pid
            for url in targets
            if (pid := pid_listening_on(urllib.parse.urlsplit(url).port or 80)) is not None
        ]
    started = time.monotonic()

    def progress(phase: str) -> None:
        values = list(stats.latencies.values())
        cpu = resource.getrusage(resource.RUSAGE_SELF)
        log(
            f"[{time.monotonic() - started:6.1f}s] {phase}: sent {len(stats.sent)}"
            f" acked {stats.acked} delivered {len(stats.latencies)}"
            f" dup {stats.duplicated} p50 {ms(percentile(values, 0.5))}ms"
            f" p99 {ms(percentile(values, 0.99))}ms errors {dict(stats.errors)}"
            f" closed {stats.closed} server rss {peak_rss_mb(pids)}MB"
            f" server cpu {server_cpu_seconds(pids):.1f}s"
            f" client cpu {cpu.ru_utime + cpu.ru_stime:.1f}s"
        )

    # 1. conversations, over HTTP like the widget (a few at a time)
    log(f"opening {pairs} conversations on {len(targets)} worker(s)")
    pool = asyncio.Semaphore(4)

    async def start(n: int) -> dict[str, Any]:
        async with pool:
            return await asyncio.to_thread(open_conversation, targets[n % len(targets)], "load")

    opened = await asyncio.gather(*(start(n) for n in range(pairs)))
    log(f"[{time.monotonic() - started:6.1f}s] {pairs} conversations opened")

    # 2. sockets, gradually; a pair's two sides on different workers when there are several
    sides: list[tuple[Side, Side]] = []
    for n, conversation in enumerate(opened):
        pair = []
        for s in (0, 1):
            base = targets[(n + s) % len(targets)]
            ws_base = "ws" + base[len("http") :]
            url = ws_base + conversation["websocket"]
            pair.append(Side(n, s, conversation["conversation"], url, origin=base))
        sides.append((pair[0], pair[1]))
    consoles = []
    if args.state == "active":
        consoles = await open_consoles(args, targets, stack, pairs, stats)
    readers: list[asyncio.Task[None]] = []
    setups: list[asyncio.Task[None]] = []
    interval = 1 / args.connect_rate
    next_at = time.monotonic()
    last_progress = time.monotonic()
    for n, (visitor, other) in enumerate(sides):
        for side in (visitor, other):
            next_at += interval
            await asyncio.sleep(max(0.0, next_at - time.monotonic()))
            readers.append(await open_socket(side, stats, args.compression))
        console = consoles[n % len(consoles)] if consoles else None
        setups.append(asyncio.create_task(prepare_pair(visitor, other, console)))
        if time.monotonic() - last_progress > 5:
            last_progress = time.monotonic()
            progress(f"connecting ({len(readers)} sockets)")
    opened_at = time.monotonic()
    await asyncio.wait_for(asyncio.gather(*setups), max(120.0, args.sockets / 5))
    # Let the queue notifications of the last handoffs drain before measuring.
    quiet, before = 0, stats.status_events
    while quiet < 2:
        await asyncio.sleep(0.5)
        quiet = quiet + 1 if stats.status_events == before else 0
        before = stats.status_events
    for console in consoles:
        await console.close()
    log(
        f"[{time.monotonic() - started:6.1f}s] {len(readers)} sockets open, {pairs} conversations"
        f" {args.state} ({time.monotonic() - opened_at:.1f}s after the last socket opened,"
        f" {stats.status_events} status events received)"
    )
    setup_errors = dict(stats.errors)
    stats.errors.clear()

    # 3. messages: message i goes at t0 + i/R, conversations in turn, sides alternating
    total = int(args.rate * args.seconds)
    order = list(range(pairs))
    random.Random(7).shuffle(order)
    padding = "x" * max(0, args.body_bytes - 40)
    t0 = time.monotonic()
    cpu0 = server_cpu_seconds(pids)
    last_progress = t0
    max_lag = 0.0
    for i in range(total):
        due = t0 + i / args.rate
        lag = time.monotonic() - due
        if lag < 0:
            await asyncio.sleep(-lag)
        else:
            max_lag = max(max_lag, lag)
        pair = order[i % pairs]
        s = (i // pairs) % 2
        side = sides[pair][s]
        client_id = f"{pair}.{s}.{i}"
        stats.sent[client_id] = (pair, s, time.time())
        body = f"load {i} ts={time.time():.6f} {padding}"
        assert side.ws is not None
        try:
            await side.ws.send(
                json.dumps({"type": "message", "client_id": client_id, "body": body})
            )
        except ConnectionClosed:
            stats.errors["send_on_closed_socket"] += 1
        if time.monotonic() - last_progress >= 5:
            last_progress = time.monotonic()
            progress("sending")
    elapsed = time.monotonic() - t0
    log(
        f"sent {total} messages in {elapsed:.1f}s ({total / elapsed:.0f}/s,"
        f" scheduler lag at most {max_lag * 1000:.0f} ms)"
    )

    # 4. grace period: wait for the stragglers
    grace_end = time.monotonic() + args.grace
    while len(stats.latencies) < len(stats.sent) and time.monotonic() < grace_end:
        await asyncio.sleep(0.1)
        if time.monotonic() - last_progress >= 5:
            last_progress = time.monotonic()
            progress("draining")
    progress("done")
    if stats.sent:
        cpu_ms = (server_cpu_seconds(pids) - cpu0) * 1000 / len(stats.sent)
        load = Path("/proc/loadavg").read_text().split()[:3]
        log(f"server CPU {cpu_ms:.2f} ms per message sent; load average {' '.join(load)}")
    if setup_errors:
        log(f"errors while connecting: {setup_errors}")
    rss = stack.peak_rss_mb() if stack else peak_rss_mb(pids)

    stats.closing = True
    all_sides = [side for pair_sides in sides for side in pair_sides]
    await asyncio.gather(
        *(side.ws.close() for side in all_sides if side.ws is not None), return_exceptions=True
    )
    for task in readers:
        task.cancel()
    await asyncio.gather(*readers, return_exceptions=True)

    latencies = list(stats.latencies.values())
    return {
        "sockets": len(readers),
        "sent": len(stats.sent),
        "delivered": len(stats.latencies),
        "lost": len(stats.sent) - len(stats.latencies),
        "duplicated": stats.duplicated,
        "p50_ms": ms(percentile(latencies, 0.50)),
        "p99_ms": ms(percentile(latencies, 0.99)),
        "rss_mb": rss,
    }


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sockets", type=int, default=1000, help="N (even): N/2 conversations")
    parser.add_argument("--rate", type=float, default=250, help="messages per second, in total")
    parser.add_argument("--seconds", type=float, default=30, help="how long to send")
    parser.add_argument(
        "--url",
        action="append",
        help="an already running server (repeat for several workers); loopback only",
    )
    parser.add_argument("--workers", type=int, default=1, help="uvicorn processes to start")
    parser.add_argument("--redis", action="store_true", help="a redis-server channel layer")
    parser.add_argument("--grace", type=float, default=10, help="seconds to wait after sending")
    parser.add_argument("--connect-rate", type=float, default=200, help="new sockets per second")
    parser.add_argument("--body-bytes", type=int, default=120, help="size of a message body")
    parser.add_argument(
        "--no-compression",
        dest="compression",
        action="store_false",
        help="do not offer permessage-deflate (browsers do)",
    )
    parser.add_argument(
        "--state",
        choices=["active", "queued"],
        default="active",
        help="active: a specialist accepts every conversation before the measure (default);"
        " queued: conversations wait in the queue (each visitor message then runs crisis triage)",
    )
    parser.add_argument("--specialist", help="with --url and --state active: who accepts")
    parser.add_argument("--ws", default="auto", help="uvicorn --ws implementation")
    parser.add_argument(
        "--server-env",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="extra environment for the started servers (repeatable)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the servers' folder and logs")
    args = parser.parse_args(argv)
    if not 2 <= args.sockets <= MAX_SOCKETS or args.sockets % 2:
        parser.error(f"--sockets must be even, from 2 to {MAX_SOCKETS}")
    if not 0 < args.rate <= MAX_RATE:
        parser.error(f"--rate must be above 0 and at most {MAX_RATE}")
    if not 0 < args.seconds <= MAX_SECONDS:
        parser.error(f"--seconds must be above 0 and at most {MAX_SECONDS}")
    if not 0 <= args.grace <= 120:
        parser.error("--grace must be from 0 to 120 seconds")
    if not 1 <= args.workers <= 8:
        parser.error("--workers must be from 1 to 8")
    if args.workers > 1 and not args.redis and not args.url:
        parser.error("several workers share a channel layer: add --redis")
    for url in args.url or []:
        try:
            check_loopback_url(url)
        except ValueError as exc:
            parser.error(str(exc))
    per_socket = args.rate / args.sockets * 60
    if per_socket > 30:
        log(
            f"warning: {per_socket:.0f} messages per socket per minute; the server refuses more"
            " than HELPLINE_CHAT_MESSAGES_PER_MINUTE (30 by default)"
        )
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    raise_fd_limit(args.sockets + 1024)
    stack = None
    directory = Path(tempfile.mkdtemp(prefix="chat-load-"))
    try:
        if args.url:
            targets = [url.rstrip("/") for url in args.url]
        else:
            extra_env = dict(item.split("=", 1) for item in args.server_env)
            log(
                f"starting {args.workers} worker(s)"
                f"{' and redis-server' if args.redis else ''} in {directory}"
            )
            try:
                stack = start_stack(
                    directory,
                    workers=args.workers,
                    redis=args.redis,
                    install_redis=True,
                    database_url=os.environ.get("DATABASE_URL", "") if args.redis else "",
                    ws=args.ws,
                    extra_env=extra_env,
                )
            except RedisUnavailable as exc:
                log(f"error: {exc}")
                return 2
            targets = [server.url for server in stack.servers]
            workers = ", ".join(f"{s.url} (pid {s.pid})" for s in stack.servers)
            log(f"workers: {workers}" + (f"; {stack.redis.url}" if stack.redis else ""))
        try:
            import uvloop

            runner = uvloop.run
        except ImportError:
            runner = asyncio.run
        result = runner(run(args, targets, stack))
    finally:
        if stack is not None:
            stack.stop()
        if args.keep:
            log(f"kept {directory}")
        else:
            import shutil

            shutil.rmtree(directory, ignore_errors=True)
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
