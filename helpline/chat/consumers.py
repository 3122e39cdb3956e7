"""Websocket endpoints: the visitor's chat and the specialist console.

Protocol (docs/subsystems/chat.md): clients send JSON commands (``resume``, ``message``,
``typing``, ``handoff``, ``leave``; the console also ``accept``, ``transfer``, ``end``,
``availability``, ``watch``); the server sends events (``message``, ``ack``, ``status``,
``typing``, ``queue``, ``error``). Messages are stored before they are broadcast; a client that
reconnects sends ``resume`` with the last sequence number it saw and gets everything after it.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from typing import Any
from urllib.parse import parse_qs, urlparse

from channels.consumer import get_handler_name
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied

from helpline.accounts.roles import Role, has_role
from helpline.chat import actions, bot, queries, realtime
from helpline.chat.access import (
    NotFound,
    access_conversation_for_staff,
    access_conversation_for_visitor,
    can_read,
)
from helpline.chat.dbsync import database_sync_to_async
from helpline.chat.models import Conversation, Queue, SenderType, Status

CLOSE_FORBIDDEN = 4403
CLOSE_NOT_FOUND = 4404


class RateLimit:
    """At most ``count`` events in ``seconds``, per connection."""

    def __init__(self, count: int, seconds: float) -> None:
        self.count, self.seconds = count, seconds
        self.times: deque[float] = deque()

    def allow(self) -> bool:
        now = time.monotonic()
        while self.times and now - self.times[0] > self.seconds:
            self.times.popleft()
        if len(self.times) >= self.count:
            return False
        self.times.append(now)
        return True


def origin_of(scope: dict[str, Any]) -> str | None:
    for name, value in scope.get("headers", []):
        if name == b"origin":
            return str(value.decode("latin1"))
    return None


def origin_allowed(scope: dict[str, Any], extra: list[str]) -> bool:
    """Same-site origins (ALLOWED_HOSTS) and, for the widget, the configured embedding sites."""
    origin = origin_of(scope)
    if origin is None:
        return True  # not a browser: no cookies ride along, the token is the credential
    parsed = urlparse(origin)
    host = parsed.hostname or ""
    if origin.rstrip("/") in extra:
        return True
    for allowed in settings.ALLOWED_HOSTS:
        allowed = allowed.strip("[]")
        if (
            allowed == "*"
            or host == allowed
            or (allowed.startswith(".") and host.endswith(allowed))
        ):
            return True
    return False


class ChatConsumer(AsyncJsonWebsocketConsumer):
    """What both ends share: error replies and forwarding of group events."""

    groups_joined: set[str]

    async def dispatch(self, message: dict[str, Any]) -> None:
        # Channels' own dispatch runs a database-thread trip before every event to close old
        # connections; ours are managed by dbsync, so every event skips that trip.
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    async def send_error(self, code: str, message: str) -> None:
        await self.send_json({"type": "error", "code": code, "message": message})

    async def join(self, group: str) -> None:
        if group not in self.groups_joined:
            await self.channel_layer.group_add(group, self.channel_name)
            self.groups_joined.add(group)

    async def leave_group(self, group: str) -> None:
        if group in self.groups_joined:
            await self.channel_layer.group_discard(group, self.channel_name)
            self.groups_joined.discard(group)

    async def disconnect(self, code: int) -> None:
        for group in list(getattr(self, "groups_joined", ())):
            await self.channel_layer.group_discard(group, self.channel_name)

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        if not isinstance(content, dict) or not isinstance(content.get("type"), str):
            await self.send_error("bad_command", 'Send a JSON object with a "type".')
            return
        handler = getattr(self, "cmd_" + content["type"], None)
        if handler is None:
            await self.send_error("bad_command", f"Unknown command {content['type']!r}.")
            return
        try:
            await handler(content)
        except actions.ChatError as exc:
            await self.send_error("refused", str(exc))
        except PermissionDenied as exc:
            await self.send_error("forbidden", str(exc))
        except NotFound:
            await self.send_error("not_found", "No such conversation.")

    async def decode_json(self, text_data: str) -> Any:
        try:
            return await super().decode_json(text_data)
        except ValueError:
            return None


class VisitorConsumer(ChatConsumer):
    """``/ws/chat/<public_id>/?token=...``: one visitor, one conversation."""

    conversation: Conversation

    async def connect(self) -> None:
        self.groups_joined = set()
        if not origin_allowed(self.scope, settings.HELPLINE_WIDGET_ORIGINS):
            await self.close(code=CLOSE_FORBIDDEN)
            return
        query = parse_qs(self.scope.get("query_string", b"").decode())
        token = (query.get("token") or [""])[0]
        public_id = self.scope["url_route"]["kwargs"]["public_id"]
        try:
            self.conversation = await database_sync_to_async(access_conversation_for_visitor)(
                public_id, token
            )
        except NotFound:
            await self.close(code=CLOSE_NOT_FOUND)
            return
        self.bot_tasks: set[asyncio.Task[Any]] = set()
        self.messages_limit = RateLimit(settings.HELPLINE_CHAT_MESSAGES_PER_MINUTE, 60)
        self.typing_limit = RateLimit(20, 10)
        await self.accept()
        await self.join(realtime.conversation_group(self.conversation))
        await self.send_json(
            await database_sync_to_async(queries.visitor_status)(self.conversation)
        )

    async def cmd_resume(self, content: dict[str, Any]) -> None:
        after = content.get("after", 0)
        if not isinstance(after, int) or after < 0:
            await self.send_error("bad_command", '"after" must be a sequence number.')
            return
        for event in await database_sync_to_async(queries.messages_after)(
            self.conversation, after, include_internal=False
        ):
            await self.send_json(event)
        await self.send_json(
            await database_sync_to_async(queries.visitor_status)(self.conversation)
        )

    async def cmd_message(self, content: dict[str, Any]) -> None:
        if not self.messages_limit.allow():
            await self.send_json(
                {
                    "type": "error",
                    "code": "rate_limited",
                    "client_id": content.get("client_id"),
                    "message": "You are sending messages very fast. "
                    "Please wait a moment and try again.",
                }
            )
            return
        try:
            message, created = await database_sync_to_async(self._store)(content)
        except actions.ChatError as exc:
            await self.send_json(
                {"type": "error", "code": "refused", "client_id": content.get("client_id"),
                 "message": str(exc)}
            )  # fmt: skip
            return
        await self.send_json({"type": "ack", "client_id": message.client_id, "seq": message.seq})
        # The engine (or, while queued, the crisis check) takes its turn only before a
        # specialist has the chat. It may be slow (a cold start loads the model), so it runs as
        # a task of its own in the thread pool: this socket keeps delivering events meanwhile.
        if created and message.conversation.status in (Status.BOT, Status.QUEUED):
            task = asyncio.ensure_future(
                database_sync_to_async(self._bot_turn, thread_sensitive=False)(message)
            )
            self.bot_tasks.add(task)
            task.add_done_callback(self.bot_tasks.discard)

    def _store(self, content: dict[str, Any]) -> Any:
        return actions.do_send_message(
            self.conversation,
            sender_type=SenderType.VISITOR,
            body=content.get("body"),  # type: ignore[arg-type]
            client_id=content.get("client_id"),
        )

    def _bot_turn(self, message: Any) -> None:
        self.conversation.refresh_from_db()
        bot.reply(self.conversation, message)

    async def cmd_handoff(self, content: dict[str, Any]) -> None:
        await database_sync_to_async(actions.do_request_specialist)(self.conversation)

    async def cmd_typing(self, content: dict[str, Any]) -> None:
        if self.typing_limit.allow():
            await self.channel_layer.group_send(
                realtime.conversation_group(self.conversation),
                {
                    "type": "chat.typing",
                    "from": "visitor",
                    "conversation": self.conversation.public_id.hex,
                    "sender": self.channel_name,
                },
            )

    async def cmd_leave(self, content: dict[str, Any]) -> None:
        await database_sync_to_async(actions.do_end_conversation)(self.conversation)

    # group events
    async def chat_event(self, event: dict[str, Any]) -> None:
        if not event["event"].get("internal"):
            await self.send_json(event["event"])

    async def chat_typing(self, event: dict[str, Any]) -> None:
        if event.get("sender") != self.channel_name:
            await self.send_json(
                {"type": "typing", "from": event["from"], "conversation": event["conversation"]}
            )

    async def chat_queue(self, event: dict[str, Any]) -> None:
        pass


class ConsoleConsumer(ChatConsumer):
    """``/ws/console/``: a specialist's or supervisor's live view of the queue and their chats."""

    user: User

    async def connect(self) -> None:
        self.groups_joined = set()
        if not origin_allowed(self.scope, []):
            await self.close(code=CLOSE_FORBIDDEN)
            return
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=CLOSE_FORBIDDEN)
            return
        if not await database_sync_to_async(actions.is_specialist)(user):
            await self.close(code=CLOSE_FORBIDDEN)
            return
        self.user = user
        await self.accept()
        await self.join(realtime.CONSOLE_GROUP)
        await self.join(realtime.user_group(user.pk))
        self.supervisor = await database_sync_to_async(has_role)(user, Role.SUPERVISOR)
        self.assigned: set[str] = set(await database_sync_to_async(queries.assigned_ids)(user))
        for public_id in self.assigned:
            await self.join(f"conv.{public_id}")
        await self.send_json(await database_sync_to_async(queries.console_state)(user))

    async def _conversation(self, content: dict[str, Any], action: str = "read") -> Conversation:
        return await database_sync_to_async(access_conversation_for_staff)(
            self.user, content.get("conversation"), action
        )

    async def cmd_state(self, content: dict[str, Any]) -> None:
        await self.send_json(await database_sync_to_async(queries.console_state)(self.user))

    async def cmd_watch(self, content: dict[str, Any]) -> None:
        """Read a conversation (a queued one before accepting: what the engine already said)."""
        conversation = await self._conversation(content)
        await self.join(realtime.conversation_group(conversation))
        after = content.get("after", 0)
        for event in await database_sync_to_async(queries.messages_after)(
            conversation, after if isinstance(after, int) else 0, include_internal=True
        ):
            await self.send_json(event)

    async def cmd_resume(self, content: dict[str, Any]) -> None:
        await self.cmd_watch(content)

    async def cmd_accept(self, content: dict[str, Any]) -> None:
        conversation = await self._conversation(content, "accept")
        await database_sync_to_async(actions.do_accept)(self.user, conversation)
        await self.join(realtime.conversation_group(conversation))

    async def cmd_message(self, content: dict[str, Any]) -> None:
        conversation = await self._conversation(content, "reply")
        message, _created = await database_sync_to_async(self._store)(conversation, content)
        await self.send_json(
            {
                "type": "ack",
                "conversation": conversation.public_id.hex,
                "client_id": message.client_id,
                "seq": message.seq,
            }
        )

    def _store(self, conversation: Conversation, content: dict[str, Any]) -> Any:
        conversation.refresh_from_db()
        if conversation.specialist_id != self.user.pk:
            raise actions.ChatError("Accept the conversation before replying.")
        return actions.do_send_message(
            conversation,
            sender_type=SenderType.SPECIALIST,
            sender=self.user,
            body=content.get("body"),  # type: ignore[arg-type]
            client_id=content.get("client_id"),
            internal=bool(content.get("internal")),
        )

    async def cmd_typing(self, content: dict[str, Any]) -> None:
        conversation = await self._conversation(content, "typing")
        await self.channel_layer.group_send(
            realtime.conversation_group(conversation),
            {
                "type": "chat.typing",
                "from": "specialist",
                "conversation": conversation.public_id.hex,
                "sender": self.channel_name,
            },
        )

    async def cmd_transfer(self, content: dict[str, Any]) -> None:
        conversation = await self._conversation(content, "transfer")
        await database_sync_to_async(self._transfer)(conversation, content)

    def _transfer(self, conversation: Conversation, content: dict[str, Any]) -> None:
        to_user = None
        if content.get("to_user"):
            to_user = User.objects.filter(username=content["to_user"], is_active=True).first()
            if to_user is None:
                raise actions.ChatError("No such specialist.")
        to_queue = Queue(content["to_queue"]) if content.get("to_queue") in Queue.values else None
        actions.do_transfer(
            self.user,
            conversation,
            to_user=to_user,
            to_queue=to_queue,
            note=str(content.get("note", "")),
        )

    async def cmd_end(self, content: dict[str, Any]) -> None:
        conversation = await self._conversation(content, "end")
        await database_sync_to_async(actions.do_end_conversation)(conversation, by=self.user)

    async def cmd_availability(self, content: dict[str, Any]) -> None:
        capacity = content.get("capacity")
        await database_sync_to_async(actions.do_set_availability)(
            self.user,
            available=bool(content.get("available")),
            capacity=capacity if isinstance(capacity, int) else None,
        )

    # group events
    async def chat_event(self, event: dict[str, Any]) -> None:
        conversation = event["event"].get("conversation")
        own = self.supervisor or conversation in self.assigned
        if not own and not await database_sync_to_async(self._may_read)(conversation):
            # Watched while queued, then taken by someone else: stop following it.
            await self.leave_group(f"conv.{conversation}")
            return
        await self.send_json(event["event"])

    def _may_read(self, public_id: str) -> bool:
        found = Conversation.objects.filter(public_id=public_id).first()
        return found is not None and can_read(self.user, found)

    async def chat_typing(self, event: dict[str, Any]) -> None:
        if event.get("sender") != self.channel_name:
            await self.send_json(
                {"type": "typing", "from": event["from"], "conversation": event["conversation"]}
            )

    async def chat_queue(self, event: dict[str, Any]) -> None:
        await self.send_json(await database_sync_to_async(queries.console_state)(self.user))

    async def chat_assigned(self, event: dict[str, Any]) -> None:
        self.assigned.add(event["conversation"])
        await self.join(f"conv.{event['conversation']}")
        await self.send_json(await database_sync_to_async(queries.console_state)(self.user))

    async def chat_unassigned(self, event: dict[str, Any]) -> None:
        self.assigned.discard(event["conversation"])
        await self.leave_group(f"conv.{event['conversation']}")
        await self.send_json(await database_sync_to_async(queries.console_state)(self.user))

    async def force_close(self, event: dict[str, Any]) -> None:
        await self.close(code=CLOSE_FORBIDDEN)
