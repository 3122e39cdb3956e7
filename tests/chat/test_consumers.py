"""The websocket protocol: stored before sent, resume after a sequence number, idempotent resend,
origins, tokens, roles, and logout closing the console."""

from __future__ import annotations

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import User
from django.test import Client

from helpline.asgi import application
from helpline.chat import actions
from helpline.chat.models import Message, Status

pytestmark = pytest.mark.django_db(transaction=True)
ORIGIN = (b"origin", b"http://127.0.0.1:8000")


def visitor_socket(opened, token=None, origin=ORIGIN):
    path = f"/ws/chat/{opened.conversation.public_id.hex}/?token={token or opened.token}"
    return WebsocketCommunicator(application, path, headers=[origin] if origin else [])


def session_cookie(user: User) -> bytes:
    client = Client()
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}".encode()


def console_socket(cookie: bytes, origin=ORIGIN):
    return WebsocketCommunicator(application, "/ws/console/", headers=[origin, (b"cookie", cookie)])


async def receive_until(ws, kind, timeout=5):
    while True:
        event = await ws.receive_json_from(timeout=timeout)
        if event["type"] == kind:
            return event


def run(coro):
    return async_to_sync(coro)()


def test_a_visitor_message_is_stored_acknowledged_and_broadcast(opened):
    async def scenario():
        ws = visitor_socket(opened)
        connected, _ = await ws.connect()
        assert connected
        assert (await ws.receive_json_from())["type"] == "status"
        await ws.send_json_to({"type": "handoff"})  # stay out of the engine's way
        await ws.send_json_to({"type": "message", "client_id": "c1", "body": "Hello"})
        ack = await receive_until(ws, "ack")
        message = await receive_until(ws, "message")
        await ws.disconnect()
        return ack, message

    ack, message = run(scenario)
    stored = Message.objects.get(client_id="c1")
    assert ack == {"type": "ack", "client_id": "c1", "seq": stored.seq}
    assert message["seq"] == stored.seq and message["body"] == "Hello"


def test_a_resend_after_a_lost_ack_stores_nothing_new(opened):
    async def scenario():
        ws = visitor_socket(opened)
        await ws.connect()
        await ws.send_json_to({"type": "handoff"})
        for _ in range(3):
            await ws.send_json_to(
                {"type": "message", "client_id": "same", "body": "Are you there?"}
            )
        acks = [await receive_until(ws, "ack") for _ in range(3)]
        await ws.disconnect()
        return acks

    acks = run(scenario)
    assert len({a["seq"] for a in acks}) == 1
    assert Message.objects.filter(client_id="same").count() == 1


def test_a_reconnecting_visitor_resumes_after_the_last_seen_sequence(opened):
    conversation = opened.conversation
    actions.do_request_specialist(conversation)
    for i in range(1, 6):
        actions.do_send_message(
            conversation, sender_type="visitor", body=f"m{i}", client_id=f"x{i}"
        )

    async def scenario():
        ws = visitor_socket(opened)
        await ws.connect()
        await ws.receive_json_from()
        await ws.send_json_to({"type": "resume", "after": 3})
        got = [await ws.receive_json_from() for _ in range(2)]
        await ws.disconnect()
        return got

    got = run(scenario)
    assert [e["body"] for e in got] == ["m4", "m5"]


def test_a_wrong_token_or_origin_is_refused(opened, settings):
    settings.HELPLINE_WIDGET_ORIGINS = ["https://partner.example.org"]

    async def scenario():
        bad_token = visitor_socket(opened, token="guess")
        refused_token = await bad_token.connect()
        bad_origin = visitor_socket(opened, origin=(b"origin", b"https://evil.example.com"))
        refused_origin = await bad_origin.connect()
        partner = visitor_socket(opened, origin=(b"origin", b"https://partner.example.org"))
        allowed, _ = await partner.connect()
        await partner.disconnect()
        return refused_token, refused_origin, allowed

    refused_token, refused_origin, allowed = run(scenario)
    assert refused_token == (False, 4404)
    assert refused_origin == (False, 4403)
    assert allowed


def test_the_engine_answers_first_and_crisis_jumps_the_queue(opened):
    async def scenario():
        ws = visitor_socket(opened)
        await ws.connect()
        await ws.send_json_to(
            {"type": "message", "client_id": "c1", "body": "I want to kill myself"}
        )
        reply = None
        while reply is None:
            event = await ws.receive_json_from(timeout=30)
            if event["type"] == "message" and event["sender_type"] == "bot":
                reply = event
        status = await receive_until(ws, "status")
        await ws.disconnect()
        return reply, status

    reply, status = run(scenario)
    assert reply["data"]["action"] == "crisis"
    assert status["status"] == Status.QUEUED and status["position"] == 1


def test_a_specialist_accepts_replies_and_the_visitor_receives_it(opened, sam):
    cookie = session_cookie(sam)

    async def scenario():
        visitor = visitor_socket(opened)
        await visitor.connect()
        await visitor.send_json_to({"type": "handoff"})
        status = await receive_until(visitor, "status")
        while status.get("position") != 1:
            status = await receive_until(visitor, "status")
        console = console_socket(cookie)
        connected, _ = await console.connect()
        assert connected
        state = await receive_until(console, "queue")
        assert state["queue"][0]["conversation"] == opened.conversation.public_id.hex
        await console.send_json_to({"type": "availability", "available": True, "capacity": 2})
        await console.send_json_to(
            {"type": "accept", "conversation": opened.conversation.public_id.hex}
        )
        await console.send_json_to(
            {
                "type": "message",
                "conversation": opened.conversation.public_id.hex,
                "client_id": "s1",
                "body": "Hello, I am Sam.",
            }
        )
        await console.send_json_to(
            {
                "type": "message",
                "conversation": opened.conversation.public_id.hex,
                "client_id": "s2",
                "body": "note to self",
                "internal": True,
            }
        )
        bodies = []
        while "Hello, I am Sam." not in bodies:
            event = await receive_until(visitor, "message")
            bodies.append(event["body"])
        await console.send_json_to(
            {
                "type": "message",
                "conversation": opened.conversation.public_id.hex,
                "client_id": "s3",
                "body": "Still here.",
            }
        )
        while "Still here." not in bodies:
            event = await receive_until(visitor, "message")
            bodies.append(event["body"])
        await console.disconnect()
        await visitor.disconnect()
        return bodies

    bodies = run(scenario)
    assert "note to self" not in bodies
    assert Message.objects.get(client_id="s2").internal


def test_the_console_refuses_people_without_the_role(opened, elena):
    cookie = session_cookie(elena)

    async def scenario():
        ws = console_socket(cookie)
        return await ws.connect()

    assert run(scenario) == (False, 4403)


def test_the_console_refuses_other_sites(sam):
    cookie = session_cookie(sam)

    async def scenario():
        ws = console_socket(cookie, origin=(b"origin", b"https://evil.example.com"))
        return await ws.connect()

    assert run(scenario) == (False, 4403)


def test_logging_out_closes_the_specialists_sockets(sam):
    client = Client()
    client.force_login(sam)
    cookie = f"sessionid={client.cookies['sessionid'].value}".encode()

    async def scenario():
        ws = console_socket(cookie)
        connected, _ = await ws.connect()
        assert connected
        await receive_until(ws, "queue")
        await sync_to_async(client.post)("/accounts/logout/")
        return await ws.receive_output(timeout=5)

    output = run(scenario)
    assert output["type"] == "websocket.close"


def test_a_bad_command_gets_an_error_not_a_crash(opened):
    async def scenario():
        ws = visitor_socket(opened)
        await ws.connect()
        await ws.receive_json_from()
        await ws.send_to(text_data="not json")
        first = await receive_until(ws, "error")
        await ws.send_json_to({"type": "explode"})
        second = await receive_until(ws, "error")
        await ws.send_json_to({"type": "message", "body": ""})
        third = await receive_until(ws, "error")
        await ws.disconnect()
        return first, second, third

    first, second, third = run(scenario)
    assert first["code"] == "bad_command" and second["code"] == "bad_command"
    assert third["code"] == "refused"
