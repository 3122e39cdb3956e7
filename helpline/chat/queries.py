"""Read-side views of chats for the consumers and pages (no writes here)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone

from helpline.accounts.roles import Role, has_role
from helpline.chat import realtime
from helpline.chat.models import (
    CallbackRequest,
    Conversation,
    Message,
    Queue,
    SpecialistStatus,
    Status,
)
from helpline.lib import hours


def messages_after(
    conversation: Conversation, after: int, *, include_internal: bool
) -> list[dict[str, Any]]:
    messages = Message.objects.filter(conversation=conversation, seq__gt=after).select_related(
        "sender", "conversation"
    )
    if not include_internal:
        messages = messages.filter(internal=False)
    return [realtime.message_event(m) for m in messages.order_by("seq")]


def visitor_status(conversation: Conversation) -> dict[str, Any]:
    conversation.refresh_from_db()
    position = None
    if conversation.status == Status.QUEUED:
        position = next((n for c, n in realtime.queue_positions() if c.pk == conversation.pk), None)
    specialists = max(1, SpecialistStatus.objects.filter(available=True).count())
    event = realtime.status_event(conversation, position, realtime.minutes_per_chat() / specialists)
    event["last_seq"] = conversation.last_seq
    return event


def assigned_ids(user: User) -> list[str]:
    return [
        c.public_id.hex
        for c in Conversation.objects.filter(
            specialist=user, status__in=[Status.ACTIVE, Status.WRAP_UP]
        )
    ]


def _summary(conversation: Conversation, position: int | None = None) -> dict[str, Any]:
    waited = (
        (timezone.now() - conversation.queued_at).total_seconds() if conversation.queued_at else 0
    )
    return {
        "conversation": conversation.public_id.hex,
        "status": conversation.status,
        "language": conversation.language,
        "caller_type": conversation.caller_type,
        "topic": conversation.topic,
        "queue": conversation.queue,
        "priority": conversation.priority,
        "position": position,
        "waited_seconds": int(waited),
        "specialist": conversation.specialist.get_username() if conversation.specialist else None,
        "last_seq": conversation.last_seq,
    }


def console_state(user: User) -> dict[str, Any]:
    supervisor = has_role(user, Role.SUPERVISOR)
    queue = [
        _summary(c, n)
        for c, n in realtime.queue_positions()
        if supervisor or c.queue == Queue.GENERAL
    ]
    mine = [
        _summary(c)
        for c in Conversation.objects.filter(
            specialist=user, status__in=[Status.ACTIVE, Status.WRAP_UP]
        ).select_related("specialist")
    ]
    status = SpecialistStatus.objects.filter(user=user).first()
    state: dict[str, Any] = {
        "type": "queue",
        "queue": queue,
        "mine": mine,
        "available": bool(status and status.available),
        "capacity": status.capacity if status else 3,
        "callbacks": CallbackRequest.objects.filter(handled_at__isnull=True).count(),
    }
    if supervisor:
        state["specialists"] = [
            {
                "username": s.user.get_username(),
                "available": s.available,
                "capacity": s.capacity,
                "active": Conversation.objects.filter(
                    specialist=s.user, status=Status.ACTIVE
                ).count(),
            }
            for s in SpecialistStatus.objects.select_related("user")
        ]
        state["active"] = [
            _summary(c)
            for c in Conversation.objects.filter(status=Status.ACTIVE).select_related("specialist")
        ]
    return state


def channel_is_open(channel: str, now: Any = None) -> bool:
    """A channel's hours from settings, closed on that channel's days in the Holiday table."""
    from django.conf import settings

    from helpline.chat.models import Channel, Holiday

    spec = (
        settings.HELPLINE_CHAT_HOURS if channel == Channel.CHAT else settings.HELPLINE_PHONE_HOURS
    )
    now = now or timezone.now()
    if not hours.is_open(hours.parse(spec), settings.TIME_ZONE, now):
        return False
    return not Holiday.objects.filter(date=timezone.localdate(now), channel=channel).exists()


def chat_is_open(now: Any = None) -> bool:
    return channel_is_open("chat", now)


@dataclass(frozen=True)
class PhoneHours:
    always: bool  # every day, all day
    short: str  # "available 24/7", or the hours
    sentence: str  # "24 hours a day, 7 days a week", or the hours


def phone_hours() -> PhoneHours:
    """The phone line's hours, worded in the active language."""
    from django.conf import settings
    from django.utils.translation import gettext as _

    periods = hours.parse(settings.HELPLINE_PHONE_HOURS)
    if hours.is_always_open(periods):
        return PhoneHours(True, _("available 24/7"), _("24 hours a day, 7 days a week"))
    text = "; ".join(hours.describe(periods))
    return PhoneHours(False, text, text)
