"""Two uvicorn workers share a real redis-server channel layer and one database: a visitor on
worker A and a specialist's console on worker B talk to each other (docs/subsystems/chat-load.md).

redis-server is Debian's package ``redis-server``; the test installs it with apt-get when it
is missing and it can (root), and is skipped, saying why, only when it cannot.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import sqlite3
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from websockets.asyncio.client import ClientConnection, connect

from tests.chat.serverproc import (
    RedisUnavailable,
    Stack,
    create_staff,
    login,
    run_coroutine,
    start_stack,
)

SPECIALIST = "sam-on-b"


@pytest.fixture
def stack(tmp_path: Path) -> Iterator[Stack]:
    try:
        stack = start_stack(tmp_path, workers=2, redis=True, install_redis=True)
    except RedisUnavailable as exc:
        pytest.skip(f"no redis-server: {exc}")
    try:
        yield stack
    finally:
        stack.stop()


async def next_event(ws: ClientConnection, kind: str, match=lambda event: True, timeout=10):
    async with asyncio.timeout(timeout):
        while True:
            event = json.loads(await ws.recv())
            if event.get("type") == kind and match(event):
                return event


def post_json(url: str, payload: dict) -> dict:
    request = urllib.request.Request(
        url, data=json.dumps(payload).encode(), headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def get_json(url: str, token: str) -> dict:
    request = urllib.request.Request(url, headers={"X-Chat-Token": token})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


async def scenario(stack: Stack) -> dict:
    a, b = stack.servers
    assert a.port != b.port and stack.redis is not None
    password = await asyncio.to_thread(create_staff, stack.env, SPECIALIST)
    session = await asyncio.to_thread(login, b.url, SPECIALIST, password)  # B's login page
    opened = await asyncio.to_thread(
        post_json, a.url + "/api/chat/start", {"language": "en", "topic": "two workers"}
    )
    public_id, token = opened["conversation"], opened["token"]
    seen: dict = {}

    async with (
        connect(a.ws_url + opened["websocket"], origin=a.url) as visitor,
        connect(
            b.ws_url + "/ws/console/",
            origin=b.url,
            additional_headers={"Cookie": f"sessionid={session}"},
        ) as console,
    ):
        assert (await next_event(visitor, "status"))["status"] == "bot"
        await visitor.send(json.dumps({"type": "handoff"}))  # keep the answer engine out
        await next_event(visitor, "status", lambda e: e["status"] == "queued")

        # The queue the console shows (worker B) has the conversation queued on worker A.
        await next_event(
            console, "queue", lambda e: public_id in [q["conversation"] for q in e["queue"]]
        )
        await console.send(json.dumps({"type": "availability", "available": True}))
        await console.send(json.dumps({"type": "accept", "conversation": public_id}))
        joined = await next_event(visitor, "message")  # published on B, delivered on A
        seen["joined"] = joined
        await next_event(
            console, "queue", lambda e: public_id in [m["conversation"] for m in e["mine"]]
        )

        # visitor (A) -> specialist (B)
        await visitor.send(
            json.dumps({"type": "message", "client_id": "v1", "body": "Is my scan normal?"})
        )
        seen["visitor_ack"] = await next_event(visitor, "ack")
        seen["at_console"] = await next_event(console, "message", lambda e: e["client_id"] == "v1")

        # specialist (B) -> visitor (A), typing first
        await console.send(json.dumps({"type": "typing", "conversation": public_id}))
        seen["typing"] = await next_event(visitor, "typing")
        await console.send(
            json.dumps(
                {
                    "type": "message",
                    "conversation": public_id,
                    "client_id": "s1",
                    "body": "Your care team can explain your results.",
                }
            )
        )
        seen["console_ack"] = await next_event(console, "ack")
        seen["at_visitor"] = await next_event(visitor, "message", lambda e: e["client_id"] == "s1")

    # The visitor comes back on worker B and resumes from the start: the same three messages.
    async with connect(b.ws_url + opened["websocket"], origin=b.url) as again:
        await next_event(again, "status")
        await again.send(json.dumps({"type": "resume", "after": 0}))
        seen["resumed"] = [await next_event(again, "message") for _ in range(3)]
    seen["http"] = await asyncio.to_thread(
        get_json, f"{a.url}/api/chat/{public_id}/messages?after=0", token
    )
    seen["public_id"] = public_id
    return seen


def test_a_visitor_on_one_worker_and_a_specialist_on_another_talk_through_redis(stack):
    seen = run_coroutine(scenario(stack))

    assert seen["joined"]["sender_type"] == "system" and seen["joined"]["data"]["event"] == "joined"
    assert seen["at_console"]["body"] == "Is my scan normal?"
    assert seen["at_console"]["seq"] == seen["visitor_ack"]["seq"] == 2
    assert seen["typing"] == {
        "type": "typing",
        "from": "specialist",
        "conversation": seen["public_id"],
    }
    assert seen["at_visitor"]["sender_type"] == "specialist"
    assert seen["at_visitor"]["sender_name"] == SPECIALIST
    assert seen["at_visitor"]["seq"] == seen["console_ack"]["seq"] == 3
    assert [m["seq"] for m in seen["resumed"]] == [1, 2, 3]
    assert [m["client_id"] for m in seen["http"]["messages"]] == [None, "v1", "s1"]
    assert seen["http"]["status"]["status"] == "active"

    database = stack.directory / "helpline.sqlite3"
    with contextlib.closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as db:
        status, specialist, last_seq = db.execute(
            "SELECT c.status, u.username, c.last_seq FROM chat_conversation c"
            " JOIN auth_user u ON u.id = c.specialist_id WHERE c.public_id = ?",
            (seen["public_id"],),
        ).fetchone()
        messages = db.execute(
            "SELECT m.seq, m.sender_type, m.client_id FROM chat_message m"
            " JOIN chat_conversation c ON c.id = m.conversation_id WHERE c.public_id = ?"
            " ORDER BY m.seq",
            (seen["public_id"],),
        ).fetchall()
    assert (status, specialist, last_seq) == ("active", SPECIALIST, 3)
    assert messages == [(1, "system", None), (2, "visitor", "v1"), (3, "specialist", "s1")]
