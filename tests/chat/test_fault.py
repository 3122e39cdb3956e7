"""The chat survives a server killed with SIGKILL, again and again, without losing or doubling
a message (docs/subsystems/chat-load.md).

200 conversations, each with a visitor socket sending at a modest rate and a second socket on
the same conversation as the other side; a specialist accepted every conversation first, so
the answer engine stays out of the way. The one uvicorn server (SQLite in WAL mode) is killed
with SIGKILL and restarted on the same port and database 20 times. Clients do what the widget
does: reconnect with backoff, send ``resume`` with the last sequence number they saw, resend
every unacknowledged message with its client_id, and drop a redelivered sequence number.
At the end, per conversation: what the visitor sent == what the database holds == what the
other side received, with no message stored or shown twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
import sqlite3
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake

from tests.chat.serverproc import (
    Server,
    base_env,
    create_staff,
    login,
    migrate,
    open_conversation,
    run_coroutine,
)

pytestmark = pytest.mark.slow

CONVERSATIONS = 200
KILLS = 20
RATE = 40.0  # messages per second over all conversations: 12 a minute per visitor
UPTIME = (1.0, 2.5)  # seconds the server runs between two kills, once it answers
RESEND_AFTER = 10.0  # seconds without an ack before a connected client sends again
SETUP_TIMEOUT = 90.0
SETUP_BATCH = 10
DRAIN_TIMEOUT = 90.0
CONNECT_ERRORS = (OSError, TimeoutError, ConnectionClosed, InvalidHandshake)


@dataclass
class Conversation:
    n: int
    public_id: str
    token: str
    sent: dict[str, float] = field(default_factory=dict)  # client_id -> last send time
    acked: dict[str, int] = field(default_factory=dict)  # client_id -> seq
    ack_conflicts: int = 0
    visitor_ws: ClientConnection | None = None
    visitor_seen: set[int] = field(default_factory=set)
    other_seen: dict[int, str | None] = field(default_factory=dict)  # seq -> client_id
    redelivered: int = 0
    queued: asyncio.Event = field(default_factory=asyncio.Event)
    joined: asyncio.Event = field(default_factory=asyncio.Event)
    next_id: int = 0

    def unacked(self) -> list[str]:
        return [cid for cid in self.sent if cid not in self.acked]


def contiguous(seen: set[int] | dict[int, str | None]) -> int:
    """The last sequence number before the first gap: what ``resume`` asks after."""
    n = 0
    while n + 1 in seen:
        n += 1
    return n


@dataclass
class Chaos:
    server: Server
    conversations: list[Conversation]
    stop: asyncio.Event = field(default_factory=asyncio.Event)  # the connections
    stop_sending: asyncio.Event = field(default_factory=asyncio.Event)
    reconnects: int = 0
    mismatches: int = 0  # one seq redelivered with another client_id
    errors: Counter[str] = field(default_factory=Counter)  # refusals: sent again later

    def url(self, c: Conversation) -> str:
        return f"{self.server.ws_url}/ws/chat/{c.public_id}/?token={c.token}"

    async def send_message(self, c: Conversation, client_id: str) -> None:
        c.sent[client_id] = time.monotonic()
        if c.visitor_ws is None:
            return  # sent again once connected
        body = f"fault test message {client_id}"
        with contextlib.suppress(ConnectionClosed):
            await c.visitor_ws.send(
                json.dumps({"type": "message", "client_id": client_id, "body": body})
            )

    async def connection_loop(self, c: Conversation, visitor: bool) -> None:
        backoff = 0.2
        first = True
        while not self.stop.is_set():
            try:
                async with connect(
                    self.url(c), open_timeout=10, ping_interval=None, close_timeout=1
                ) as ws:
                    backoff = 0.2
                    if not first:
                        self.reconnects += 1
                    first = False
                    seen = c.visitor_seen if visitor else c.other_seen
                    await ws.send(json.dumps({"type": "resume", "after": contiguous(seen)}))
                    if visitor:
                        if not c.joined.is_set():
                            await ws.send(json.dumps({"type": "handoff"}))  # idempotent
                        c.visitor_ws = ws
                        for client_id in c.unacked():
                            await self.send_message(c, client_id)
                    async for raw in ws:
                        self.receive(c, visitor, json.loads(raw))
            except CONNECT_ERRORS:
                pass
            finally:
                if visitor:
                    c.visitor_ws = None
            await asyncio.sleep(backoff * random.uniform(0.5, 1.5))
            backoff = min(backoff * 2, 2.0)

    def receive(self, c: Conversation, visitor: bool, event: dict) -> None:
        kind = event.get("type")
        if kind == "ack" and visitor:
            previous = c.acked.setdefault(event["client_id"], event["seq"])
            if previous != event["seq"]:
                c.ack_conflicts += 1
        elif kind == "message":
            if (event.get("data") or {}).get("event") == "joined":
                c.joined.set()
            if visitor:
                c.visitor_seen.add(event["seq"])
            elif event["seq"] in c.other_seen:
                c.redelivered += 1  # a resume overlapping the live stream: dropped by seq
                if c.other_seen[event["seq"]] != event.get("client_id"):
                    self.mismatches += 1
            else:
                c.other_seen[event["seq"]] = event.get("client_id")
        elif kind == "status" and event.get("status") == "queued":
            c.queued.set()
        elif kind == "error":
            self.errors[event.get("code", "?")] += 1

    async def sender(self) -> None:
        start = time.monotonic()
        n = 0
        while not self.stop_sending.is_set():
            await asyncio.sleep(max(0.0, start + n / RATE - time.monotonic()))
            c = self.conversations[n % len(self.conversations)]
            c.next_id += 1
            await self.send_message(c, f"f{c.n}-{c.next_id}")
            n += 1

    async def resender(self) -> None:
        """A connected visitor whose message got no ack (refused, or lost) sends it again."""
        while not self.stop.is_set():
            await asyncio.sleep(0.5)
            now = time.monotonic()
            for c in self.conversations:
                for client_id in c.unacked():
                    if now - c.sent[client_id] > RESEND_AFTER and c.visitor_ws is not None:
                        await self.send_message(c, client_id)


async def accept_all(
    state: Chaos, env: dict, start_loops: Callable[[list[Conversation]], None]
) -> None:
    """Two specialists, logged in through the login page, accept every conversation.

    Conversations connect and hand off a batch at a time, so the queue stays short (every
    queue change notifies every queued conversation and every console).
    """
    consoles = []
    for n in range(2):
        name = f"fault-specialist-{n}"
        password = await asyncio.to_thread(create_staff, env, name)
        session = await asyncio.to_thread(login, state.server.url, name, password)
        ws = await connect(
            state.server.ws_url + "/ws/console/",
            additional_headers={"Cookie": f"sessionid={session}"},
            ping_interval=None,
            max_queue=None,
        )
        consoles.append((ws, asyncio.create_task(_drain(ws))))
    conversations = state.conversations
    for first in range(0, len(conversations), SETUP_BATCH):
        batch = conversations[first : first + SETUP_BATCH]
        start_loops(batch)
        for c in batch:
            await c.queued.wait()
            ws = consoles[c.n % len(consoles)][0]
            await ws.send(json.dumps({"type": "accept", "conversation": c.public_id}))
        for c in batch:
            await c.joined.wait()
    for ws, task in consoles:
        await ws.close()
        await task


async def _drain(ws: ClientConnection) -> None:
    with contextlib.suppress(ConnectionClosed):
        async for _raw in ws:
            pass


def stored_messages(database: Path) -> dict[str, list[tuple[int, str | None, str]]]:
    """public_id -> [(seq, client_id, sender_type)], read from the SQLite file itself."""
    with contextlib.closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as db:
        rows = db.execute(
            "SELECT c.public_id, m.seq, m.client_id, m.sender_type FROM chat_message m"
            " JOIN chat_conversation c ON c.id = m.conversation_id ORDER BY c.id, m.seq"
        ).fetchall()
    found: dict[str, list[tuple[int, str | None, str]]] = {}
    for public_id, seq, client_id, sender_type in rows:
        found.setdefault(public_id.replace("-", ""), []).append((seq, client_id, sender_type))
    return found


async def chaos(tmp_path: Path) -> tuple[Chaos, Path, dict]:
    env = base_env(tmp_path)
    database = tmp_path / "helpline.sqlite3"
    await asyncio.to_thread(migrate, env)
    server = Server(env, tmp_path / "server.log")
    await asyncio.to_thread(server.start)
    counts = {"restarts": 0}
    started = time.monotonic()
    try:
        pool = asyncio.Semaphore(8)

        async def start(n: int) -> Conversation:
            async with pool:
                opened = await asyncio.to_thread(open_conversation, server.url, "fault")
            return Conversation(n, opened["conversation"], opened["token"])

        conversations = list(await asyncio.gather(*(start(n) for n in range(CONVERSATIONS))))
        state = Chaos(server, conversations)
        loops: list[asyncio.Task[None]] = []

        def start_loops(batch: list[Conversation]) -> None:
            for c in batch:
                for visitor in (True, False):
                    loops.append(asyncio.create_task(state.connection_loop(c, visitor)))

        await asyncio.wait_for(accept_all(state, env, start_loops), SETUP_TIMEOUT)
        counts["setup_seconds"] = round(time.monotonic() - started, 1)

        workers = [asyncio.create_task(state.sender()), asyncio.create_task(state.resender())]
        for _ in range(KILLS):
            await asyncio.sleep(random.uniform(*UPTIME))
            await asyncio.to_thread(server.kill)
            await asyncio.sleep(random.uniform(0.0, 0.3))
            await asyncio.to_thread(server.start)
            counts["restarts"] += 1
        counts["chaos_seconds"] = round(time.monotonic() - started - counts["setup_seconds"], 1)
        state.stop_sending.set()  # the connections and resends go on: let everything land
        drain_start = time.monotonic()
        deadline = drain_start + DRAIN_TIMEOUT
        while time.monotonic() < deadline:
            if all(
                not c.unacked() and set(c.acked.values()) <= set(c.other_seen)
                for c in conversations
            ):
                break
            await asyncio.sleep(0.2)
        counts["drain_seconds"] = round(time.monotonic() - drain_start, 1)
        state.stop.set()
        for c in conversations:
            if c.visitor_ws is not None:
                await c.visitor_ws.close()
        for task in [*workers, *loops]:
            task.cancel()
        await asyncio.gather(*workers, *loops, return_exceptions=True)
        return state, database, counts
    finally:
        server.stop()


def test_no_message_is_lost_or_doubled_when_the_server_is_killed_again_and_again(tmp_path):
    state, database, counts = run_coroutine(chaos(tmp_path))
    stored = stored_messages(database)

    sent = acked = db_total = received_total = 0
    problems = []
    for c in state.conversations:
        rows = stored.get(c.public_id, [])
        seqs = [seq for seq, _cid, _kind in rows]
        db_ids = [cid for _seq, cid, kind in rows if kind == "visitor"]
        received = [cid for cid in c.other_seen.values() if cid is not None]
        sent += len(c.sent)
        acked += len(c.acked)
        db_total += len(db_ids)
        received_total += len(received)
        if seqs != list(range(1, len(seqs) + 1)):
            problems.append(f"{c.n}: stored sequence numbers are not 1..n: {seqs}")
        if len(db_ids) != len(set(db_ids)):
            problems.append(f"{c.n}: a client_id is stored twice")
        if len(received) != len(set(received)):
            problems.append(f"{c.n}: the other side got one client_id under two seqs")
        if set(c.sent) != set(db_ids):
            missing, extra = set(c.sent) - set(db_ids), set(db_ids) - set(c.sent)
            problems.append(f"{c.n}: sent != stored (missing {missing}, extra {extra})")
        if set(db_ids) != set(received):
            problems.append(f"{c.n}: stored != received ({set(db_ids) ^ set(received)})")
        by_id = {cid: seq for seq, cid, _kind in rows if cid}
        if any(by_id.get(cid) != seq for cid, seq in c.acked.items()):
            problems.append(f"{c.n}: an ack names another seq than the stored one")
        if c.ack_conflicts:
            problems.append(f"{c.n}: {c.ack_conflicts} acks disagree about one client_id")

    print(
        f"\nfault test: {len(state.conversations)} conversations, {counts['restarts']} SIGKILL"
        f" restarts; sent {sent} messages, acked {acked}, stored {db_total},"
        f" received by the other side {received_total}; {state.reconnects} reconnections,"
        f" {sum(c.redelivered for c in state.conversations)} redeliveries dropped by seq,"
        f" refusals sent again {dict(state.errors)}; setup {counts['setup_seconds']}s,"
        f" chaos {counts['chaos_seconds']}s, drain {counts['drain_seconds']}s"
    )
    assert counts["restarts"] == KILLS
    assert state.mismatches == 0, "a redelivered seq carried another message"
    assert sent > 1000
    assert not problems, "\n".join(problems[:20])
