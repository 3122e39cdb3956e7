"""Retention: old conversations lose their messages and free text; reports keep the counts."""

from __future__ import annotations

import datetime

from django.utils import timezone

from helpline.chat import actions
from helpline.chat.models import Conversation, Message, Outcome, SenderType
from helpline.chat.retention import purge
from helpline.cli import main as helpline


def closed_chat(sam, days_ago: int) -> Conversation:
    conversation = actions.do_open_conversation("en", topic="my scan").conversation
    actions.do_send_message(conversation, sender_type=SenderType.VISITOR, body="my scan showed…")
    actions.do_request_specialist(conversation)
    actions.do_accept(sam, conversation)
    actions.do_wrap_up(sam, conversation, outcome=Outcome.INFORMATION_GIVEN, notes="private")
    Conversation.objects.filter(pk=conversation.pk).update(
        closed_at=timezone.now() - datetime.timedelta(days=days_ago)
    )
    return conversation


def test_it_purges_only_conversations_closed_before_the_cut_off(sam):
    old = closed_chat(sam, 100)
    recent = closed_chat(sam, 10)
    report = purge(90)
    assert report.conversations == 1 and report.messages >= 2
    assert not Message.objects.filter(conversation=old).exists()
    assert Message.objects.filter(conversation=recent).exists()
    old.refresh_from_db()
    assert (
        old.topic == "" and old.wrap_up.notes == "" and old.wrap_up.outcome == "information_given"
    )


def test_the_purge_command_names_a_bad_retention(db, capsys):
    assert helpline(["chat", "purge", "--days", "0"]) == 2
    assert "at least one day" in capsys.readouterr().err
