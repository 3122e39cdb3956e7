"""Telling connected clients what changed, always after the change is committed.

Groups: ``conv.<id>`` (the visitor and the specialists in one conversation), ``console``
(every specialist console: queue and availability changes), ``user.<id>`` (one staff member's
sockets, e.g. to close them at logout). Events reach the channel layer only from
``transaction.on_commit``: a client is never told about something that could still roll back.
"""

from __future__ import annotations

import asyncio
import logging
import statistics
import threading
import time
import weakref
from typing import Any

from asgiref.sync import SyncToAsync, async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

from helpline.chat.models import Conversation, Message, SpecialistStatus, Status

log = logging.getLogger(__name__)
CONSOLE_GROUP = "console"
DEFAULT_MINUTES_PER_CHAT = 6.0


def conversation_group(conversation: Conversation) -> str:
    return f"conv.{conversation.public_id.hex}"


def user_group(user_id: int) -> str:
    return f"user.{user_id}"


def message_event(message: Message) -> dict[str, Any]:
    """A message as clients see it (see docs/subsystems/chat.md)."""
    return {
        "type": "message",
        "conversation": message.conversation.public_id.hex,
        "seq": message.seq,
        "sender_type": message.sender_type,
        "sender_name": (message.sender.first_name or message.sender.get_username())
        if message.sender
        else "",
        "client_id": message.client_id,
        "body": message.body,
        "data": message.data,
        "internal": message.internal,
        "created_at": message.created_at.isoformat(),
    }


_outboxes: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Queue[Any]] = (
    weakref.WeakKeyDictionary()
)
_deliverers: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Task[None]] = (
    weakref.WeakKeyDictionary()
)


async def _deliver(queue: asyncio.Queue[Any]) -> None:
    while True:
        layer, group, event = await queue.get()
        try:
            await layer.group_send(group, event)
        except Exception:  # a lost notification is recovered by the client's resume
            log.exception("could not notify %s", group)


def _enqueue(layer: Any, group: str, event: dict[str, Any]) -> None:
    loop = asyncio.get_running_loop()
    queue = _outboxes.get(loop)
    if queue is None:
        queue = _outboxes[loop] = asyncio.Queue()
        _deliverers[loop] = loop.create_task(_deliver(queue))
    queue.put_nowait((layer, group, event))


def send(group: str, event: dict[str, Any]) -> None:
    """Hand an event to the channel layer.

    Called from the database thread (after commit): when the server's event loop is running,
    the event goes into that loop's ordered outbox and the thread moves on at once, instead of
    waiting for the channel layer (measured: 7% of the database thread under load). Order is
    kept: one outbox per loop, delivered first in, first out.
    """
    layer = get_channel_layer()
    if layer is None:
        return
    loop = getattr(SyncToAsync.threadlocal, "main_event_loop", None)
    if loop is not None and loop.is_running():
        loop.call_soon_threadsafe(_enqueue, layer, group, event)
        return
    try:
        async_to_sync(layer.group_send)(group, event)
    except Exception:  # a lost notification is recovered by the client's resume
        log.exception("could not notify %s", group)


def message_on_commit(conversation: Conversation, message: Message) -> None:
    event = message_event(message)
    group = conversation_group(conversation)
    transaction.on_commit(lambda: send(group, {"type": "chat.event", "event": event}))


def assigned_on_commit(conversation: Conversation, user_id: int) -> None:
    public_id = conversation.public_id.hex
    transaction.on_commit(
        lambda: send(user_group(user_id), {"type": "chat.assigned", "conversation": public_id})
    )


def unassigned_on_commit(conversation: Conversation, user_id: int) -> None:
    public_id = conversation.public_id.hex
    transaction.on_commit(
        lambda: send(user_group(user_id), {"type": "chat.unassigned", "conversation": public_id})
    )


_estimate: tuple[float, float] = (0.0, DEFAULT_MINUTES_PER_CHAT)  # (computed at, minutes)
ESTIMATE_SECONDS = 30.0


def minutes_per_chat() -> float:
    """Median wait of the last 20 accepted conversations (recomputed every 30 s at most)."""
    global _estimate
    computed_at, minutes = _estimate
    if time.monotonic() - computed_at < ESTIMATE_SECONDS:
        return minutes
    minutes = _minutes_per_chat()
    _estimate = (time.monotonic(), minutes)
    return minutes


def _minutes_per_chat() -> float:
    recent = (
        Conversation.objects.filter(accepted_at__isnull=False, queued_at__isnull=False)
        .order_by("-accepted_at")
        .values_list("queued_at", "accepted_at")[:20]
    )
    waits = [(b - a).total_seconds() / 60 for a, b in recent if a and b and b >= a]
    return statistics.median(waits) if waits else DEFAULT_MINUTES_PER_CHAT


def queue_positions() -> list[tuple[Conversation, int]]:
    """Queued conversations in the order they will be taken: crisis first, then waiting time."""
    queued = Conversation.objects.filter(status=Status.QUEUED).order_by(
        "priority", "queued_at", "pk"
    )
    return [(c, n) for n, c in enumerate(queued, start=1)]


def status_event(
    conversation: Conversation, position: int | None, minutes: float
) -> dict[str, Any]:
    return {
        "type": "status",
        "conversation": conversation.public_id.hex,
        "status": conversation.status,
        "position": position,
        "expected_wait_minutes": round(position * minutes) if position else None,
    }


_last_told: dict[int, tuple[int, int | None]] = {}  # conversation pk -> (position, wait) sent
_last_told_lock = threading.Lock()


def broadcast_queue() -> None:
    """Tell queued visitors whose position or wait changed, and every console, once."""
    minutes = minutes_per_chat()
    specialists = max(1, SpecialistStatus.objects.filter(available=True).count())
    positions = queue_positions()
    with _last_told_lock:
        for conversation, position in positions:
            event = status_event(conversation, position, minutes / specialists)
            told = (position, event["expected_wait_minutes"])
            if _last_told.get(conversation.pk) == told:
                continue
            _last_told[conversation.pk] = told
            send(conversation_group(conversation), {"type": "chat.event", "event": event})
        waiting = {c.pk for c, _n in positions}
        for pk in [pk for pk in _last_told if pk not in waiting]:
            del _last_told[pk]
    send(CONSOLE_GROUP, {"type": "chat.queue"})


def queue_changed_on_commit() -> None:
    transaction.on_commit(broadcast_queue)


def status_changed_on_commit(conversation: Conversation) -> None:
    def _send() -> None:
        conversation.refresh_from_db()
        if conversation.status == Status.QUEUED:
            return  # broadcast_queue tells a queued visitor, with the position
        event = status_event(conversation, None, 0)
        send(conversation_group(conversation), {"type": "chat.event", "event": event})

    transaction.on_commit(_send)
