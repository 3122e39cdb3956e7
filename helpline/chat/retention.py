"""Retention: health conversations are kept only as long as the service needs them."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from helpline.chat.models import Conversation, Message, Status, SurveyResponse, WrapUp


@dataclass(frozen=True)
class PurgeReport:
    conversations: int
    messages: int


@transaction.atomic
def purge(older_than_days: int, now: datetime.datetime | None = None) -> PurgeReport:
    """Delete the messages of conversations closed before the cut-off and blank free text.

    The conversation rows, wrap-up outcomes, topics and survey ratings stay for the reports.
    """
    if older_than_days < 1:
        raise ValueError("keep conversations for at least one day")
    cutoff = (now or timezone.now()) - datetime.timedelta(days=older_than_days)
    old = Conversation.objects.filter(status=Status.CLOSED, closed_at__lt=cutoff)
    ids = list(old.values_list("pk", flat=True))
    messages, _detail = Message.objects.filter(conversation_id__in=ids).delete()
    WrapUp.objects.filter(conversation_id__in=ids).update(notes="", referrals="")
    SurveyResponse.objects.filter(conversation_id__in=ids).update(comment="")
    old.update(topic="")
    return PurgeReport(conversations=len(ids), messages=messages)
