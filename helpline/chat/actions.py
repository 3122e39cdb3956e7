"""Every write to a chat: open, send, queue, accept, transfer, close, wrap up, survey, callback.

Guarantees (docs/subsystems/chat.md):
- a message is stored, with the next per-conversation sequence number, before anyone is told;
  the notification is sent only after the transaction commits;
- a message carrying a ``client_id`` already stored for that conversation is not stored again:
  the stored one is returned, so a resend is idempotent;
- when two specialists accept the same conversation, exactly one wins (a conditional UPDATE).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from helpline.accounts.roles import Role, has_role
from helpline.chat import realtime
from helpline.chat.models import (
    CallbackRequest,
    CallerType,
    Conversation,
    Message,
    Outcome,
    Priority,
    Queue,
    SenderType,
    SpecialistStatus,
    Status,
    SurveyResponse,
    Transfer,
    WrapUp,
    hash_token,
    new_token,
)

MAX_BODY = 4000


class ChatError(Exception):
    """A step that cannot be taken now; the message is shown to the person who tried."""


def check_body(body: object) -> str:
    if not isinstance(body, str) or not body.strip():
        raise ChatError("The message is empty.")
    if len(body) > MAX_BODY:
        raise ChatError(f"Please keep a message under {MAX_BODY} characters.")
    return body.strip()


def is_specialist(user: User) -> bool:
    return has_role(user, Role.SPECIALIST) or has_role(user, Role.SUPERVISOR)


def check_specialist(user: User) -> None:
    if not is_specialist(user):
        raise PermissionDenied("Only specialists can do this.")


# --- conversations ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Opened:
    conversation: Conversation
    token: str  # given to the visitor once; only its hash is stored


def do_open_conversation(language: str, caller_type: str = "", topic: str = "") -> Opened:
    if language not in ("en", "es"):
        raise ChatError("Choose English or Spanish.")
    if caller_type and caller_type not in CallerType.values:
        raise ChatError("Choose who you are asking for.")
    token = new_token()
    conversation = Conversation.objects.create(
        token_hash=hash_token(token),
        language=language,
        caller_type=caller_type,
        topic=topic.strip()[:200],
    )
    return Opened(conversation, token)


@transaction.atomic
def do_send_message(
    conversation: Conversation,
    *,
    sender_type: SenderType,
    body: str,
    sender: User | None = None,
    client_id: str | None = None,
    data: dict[str, Any] | None = None,
    internal: bool = False,
) -> tuple[Message, bool]:
    """Store a message with the next sequence number; (message, created).

    A repeated ``client_id`` returns the stored message and ``created`` False: nothing is
    stored or sent twice.
    """
    body = check_body(body)
    if client_id is not None and (not isinstance(client_id, str) or not 0 < len(client_id) <= 64):
        raise ChatError("A client message id must be a string of 1 to 64 characters.")
    # Lock the conversation row first: while it is held, nobody else numbers a message here,
    # and a resend of the same client id (even on another connection) finds the stored one.
    locked = Conversation.objects.select_for_update().get(pk=conversation.pk)
    if client_id:
        existing = Message.objects.filter(conversation=locked, client_id=client_id).first()
        if existing is not None:
            return existing, False
    if locked.status == Status.CLOSED and sender_type != SenderType.SYSTEM:
        raise ChatError("This conversation has ended.")
    seq = locked.last_seq + 1
    Conversation.objects.filter(pk=locked.pk).update(last_seq=seq)
    message = Message.objects.create(
        conversation=locked,
        seq=seq,
        sender_type=sender_type,
        sender=sender,
        client_id=client_id or None,
        body=body,
        data=data or {},
        internal=internal,
    )
    conversation.last_seq = seq
    realtime.message_on_commit(locked, message)
    return message, True


def system_message(conversation: Conversation, body: str, **data: Any) -> Message:
    message, _created = do_send_message(
        conversation, sender_type=SenderType.SYSTEM, body=body, data=data
    )
    return message


# --- queue -----------------------------------------------------------------------------------


@transaction.atomic
def do_request_specialist(
    conversation: Conversation, priority: Priority | None = None
) -> Conversation:
    """Put a conversation in the queue (crisis first). Idempotent while it waits."""
    locked = Conversation.objects.select_for_update().get(pk=conversation.pk)
    if locked.status in (Status.CLOSED, Status.WRAP_UP):
        raise ChatError("This conversation has ended.")
    if priority is not None and priority < locked.priority:
        locked.priority = priority
    if locked.status == Status.BOT:
        locked.status = Status.QUEUED
        locked.queued_at = timezone.now()
    locked.save(update_fields=["status", "queued_at", "priority"])
    realtime.queue_changed_on_commit()
    return locked


@transaction.atomic
def do_accept(user: User, conversation: Conversation) -> Conversation:
    """Take a queued conversation. When two accept at once, exactly one wins."""
    check_specialist(user)
    if conversation.queue == Queue.SUPERVISOR and not has_role(user, Role.SUPERVISOR):
        raise PermissionDenied("This conversation waits for a supervisor.")
    capacity = SpecialistStatus.objects.filter(user=user).values_list("capacity", flat=True).first()
    if capacity is not None and count_active(user) >= capacity:
        raise ChatError(
            f"You already have {capacity} chats open, your capacity: end one or raise it first."
        )
    won = Conversation.objects.filter(pk=conversation.pk, status=Status.QUEUED).update(
        status=Status.ACTIVE, specialist=user, accepted_at=timezone.now()
    )
    if not won:
        raise ChatError("Another specialist has already taken this conversation.")
    conversation.refresh_from_db()
    name = user.first_name or user.get_username()
    system_message(conversation, f"{name} joined the conversation.", event="joined", name=name)
    realtime.queue_changed_on_commit()
    realtime.assigned_on_commit(conversation, user.pk)
    realtime.status_changed_on_commit(conversation)
    return conversation


@transaction.atomic
def do_transfer(
    user: User,
    conversation: Conversation,
    *,
    to_user: User | None = None,
    to_queue: Queue | None = None,
    note: str = "",
) -> Conversation:
    """Hand an active conversation to another specialist, or back to a queue."""
    check_specialist(user)
    locked = Conversation.objects.select_for_update().get(pk=conversation.pk)
    if locked.status != Status.ACTIVE or locked.specialist_id != user.pk:
        raise ChatError("Only the specialist in the conversation can transfer it.")
    if (to_user is None) == (to_queue is None):
        raise ChatError("Transfer to one specialist or to one queue.")
    Transfer.objects.create(
        conversation=locked, from_user=user, to_user=to_user, to_queue=to_queue or "", note=note
    )
    if to_user is not None:
        if not is_specialist(to_user):
            raise ChatError("That person is not a specialist.")
        locked.specialist = to_user
        locked.accepted_at = timezone.now()
        locked.save(update_fields=["specialist", "accepted_at"])
        realtime.assigned_on_commit(locked, to_user.pk)
    else:
        assert to_queue is not None
        locked.status, locked.queue, locked.specialist = Status.QUEUED, to_queue, None
        locked.queued_at = timezone.now()
        locked.save(update_fields=["status", "queue", "specialist", "queued_at"])
    realtime.unassigned_on_commit(locked, user.pk)
    system_message(locked, "You are being transferred to another specialist.", event="transfer")
    realtime.queue_changed_on_commit()
    realtime.status_changed_on_commit(locked)
    return locked


@transaction.atomic
def do_end_conversation(conversation: Conversation, *, by: User | None = None) -> Conversation:
    """End the chat (visitor or specialist). With a specialist, it then needs a wrap-up."""
    locked = Conversation.objects.select_for_update().get(pk=conversation.pk)
    if locked.status in (Status.CLOSED, Status.WRAP_UP):
        return locked
    if by is not None and locked.specialist_id != by.pk:
        raise ChatError("Only the specialist in the conversation can end it.")
    had_specialist = locked.specialist_id is not None
    locked.status = Status.WRAP_UP if had_specialist else Status.CLOSED
    locked.closed_at = timezone.now()
    locked.save(update_fields=["status", "closed_at"])
    system_message(locked, "The conversation has ended.", event="ended")
    realtime.queue_changed_on_commit()
    realtime.status_changed_on_commit(locked)
    return locked


@transaction.atomic
def do_wrap_up(
    user: User,
    conversation: Conversation,
    *,
    outcome: str,
    caller_type: str = "",
    topics: list[str] | None = None,
    referrals: str = "",
    notes: str = "",
) -> WrapUp:
    locked = Conversation.objects.select_for_update().get(pk=conversation.pk)
    if locked.specialist_id != user.pk:
        raise PermissionDenied("Only the specialist of the conversation can wrap it up.")
    if locked.status == Status.ACTIVE:
        do_end_conversation(locked, by=user)
        locked.refresh_from_db()
    if locked.status != Status.WRAP_UP:
        raise ChatError("This conversation is not waiting for a wrap-up.")
    if outcome not in Outcome.values:
        raise ChatError("Choose an outcome.")
    if caller_type and caller_type not in CallerType.values:
        raise ChatError("Choose who the caller was.")
    wrap = WrapUp.objects.create(
        conversation=locked,
        specialist=user,
        caller_type=caller_type,
        topics=[t.strip() for t in topics or [] if t.strip()],
        referrals=referrals.strip(),
        outcome=outcome,
        notes=notes.strip(),
    )
    locked.status = Status.CLOSED
    locked.save(update_fields=["status"])
    realtime.unassigned_on_commit(locked, user.pk)
    realtime.status_changed_on_commit(locked)
    return wrap


# --- specialists -----------------------------------------------------------------------------


def do_set_availability(
    user: User, *, available: bool, capacity: int | None = None
) -> SpecialistStatus:
    check_specialist(user)
    if capacity is not None and not 1 <= capacity <= 10:
        raise ChatError("Capacity must be between 1 and 10 chats.")
    status, _created = SpecialistStatus.objects.get_or_create(user=user)
    status.available = available
    if capacity is not None:
        status.capacity = capacity
    status.changed_at = timezone.now()
    status.save()
    realtime.queue_changed_on_commit()
    return status


# --- visitors: survey, callback ----------------------------------------------------------------


def do_submit_survey(
    conversation: Conversation, rating: object, comment: str = ""
) -> SurveyResponse:
    if not isinstance(rating, int) or not 1 <= rating <= 5:
        raise ChatError("Choose a rating from 1 to 5.")
    if conversation.status not in (Status.CLOSED, Status.WRAP_UP):
        raise ChatError("The survey opens when the conversation has ended.")
    survey, _created = SurveyResponse.objects.update_or_create(
        conversation=conversation, defaults={"rating": rating, "comment": comment.strip()[:2000]}
    )
    return survey


def do_leave_callback(
    *, language: str, method: str, contact: str, message: str, name: str = ""
) -> CallbackRequest:
    if method not in CallbackRequest.Method.values:
        raise ChatError("Choose phone or e-mail.")
    if not contact.strip():
        raise ChatError("Tell us how to reach you.")
    request = CallbackRequest.objects.create(
        language=language if language in ("en", "es") else "en",
        method=method,
        contact=contact.strip()[:254],
        message=check_body(message),
        name=name.strip()[:100],
    )
    realtime.queue_changed_on_commit()
    return request


def do_mark_callback_handled(user: User, request_id: int) -> bool:
    """Mark a callback request handled; True for the first specialist to do so."""
    check_specialist(user)
    marked = CallbackRequest.objects.filter(pk=request_id, handled_at__isnull=True).update(
        handled_by=user, handled_at=timezone.now()
    )
    if marked:
        realtime.queue_changed_on_commit()
    return bool(marked)


def count_active(user: User) -> int:
    return Conversation.objects.filter(specialist=user, status=Status.ACTIVE).count()
