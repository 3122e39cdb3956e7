"""Loading conversations: the only way code reads one. Each read by staff is logged.

Visitors prove ownership with the unguessable token they were given when the chat opened.
Specialists see conversations waiting in their queue and those assigned to them; supervisors
see all. Anyone else gets "not found", so the existence of a conversation is never revealed.
"""

from __future__ import annotations

import uuid

from django.contrib.auth.models import User
from django.http import Http404

from helpline.accounts.roles import Role, has_role
from helpline.chat.models import AccessLog, Conversation, Queue, Status


class NotFound(Http404):
    pass


def _parse(public_id: object) -> uuid.UUID:
    try:
        return public_id if isinstance(public_id, uuid.UUID) else uuid.UUID(str(public_id))
    except ValueError:
        raise NotFound("No such conversation") from None


def access_conversation_for_visitor(public_id: object, token: object) -> Conversation:
    conversation = Conversation.objects.filter(public_id=_parse(public_id)).first()
    if conversation is None:
        raise NotFound("No such conversation")
    if not isinstance(token, str) or not conversation.token_matches(token):
        raise NotFound("No such conversation")
    return conversation


def can_read(user: User, conversation: Conversation) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if has_role(user, Role.SUPERVISOR):
        return True
    if not has_role(user, Role.SPECIALIST):
        return False
    if conversation.specialist_id == user.pk:
        return True
    return conversation.status == Status.QUEUED and conversation.queue == Queue.GENERAL


def access_conversation_for_staff(
    user: User, public_id: object, action: str = "read"
) -> Conversation:
    """The conversation if ``user``'s role allows it, with the read recorded; else 404."""
    conversation = Conversation.objects.filter(public_id=_parse(public_id)).first()
    if conversation is None or not can_read(user, conversation):
        raise NotFound("No such conversation")
    AccessLog.objects.create(user=user, conversation=conversation, action=action)
    return conversation
