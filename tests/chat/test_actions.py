"""Chat writes: sequence numbers, idempotent resends, the queue, accept, transfer, wrap-up."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection

from helpline.chat import actions
from helpline.chat.access import (
    NotFound,
    access_conversation_for_staff,
    access_conversation_for_visitor,
)
from helpline.chat.models import (
    AccessLog,
    Conversation,
    Message,
    Outcome,
    Priority,
    Queue,
    SenderType,
    Status,
)


def send(conversation, body, client_id=None, sender_type=SenderType.VISITOR, **kw):
    return actions.do_send_message(
        conversation, sender_type=sender_type, body=body, client_id=client_id, **kw
    )


def test_it_numbers_messages_one_after_another(opened):
    conversation = opened.conversation
    seqs = [send(conversation, f"message {i}")[0].seq for i in range(5)]
    assert seqs == [1, 2, 3, 4, 5]
    conversation.refresh_from_db()
    assert conversation.last_seq == 5


def test_a_resend_with_the_same_client_id_is_stored_once(opened):
    conversation = opened.conversation
    first, created = send(conversation, "hello", client_id="c-1")
    again, created_again = send(conversation, "hello", client_id="c-1")
    assert created and not created_again
    assert again.pk == first.pk and again.seq == 1
    assert Message.objects.filter(conversation=conversation).count() == 1


def test_it_refuses_empty_or_oversized_messages(opened):
    for body in ["", "   ", "x" * 4001, None]:
        with pytest.raises(actions.ChatError):
            send(opened.conversation, body)
    assert not Message.objects.exists()


def test_the_visitor_token_is_needed_to_read_a_conversation(opened):
    conversation = opened.conversation
    assert access_conversation_for_visitor(conversation.public_id.hex, opened.token) == conversation
    with pytest.raises(NotFound):
        access_conversation_for_visitor(conversation.public_id.hex, "guess")
    with pytest.raises(NotFound):
        access_conversation_for_visitor("not-a-uuid", opened.token)
    assert opened.token not in conversation.token_hash


def test_crisis_goes_to_the_head_of_the_queue(db):
    calm = actions.do_open_conversation("en").conversation
    urgent = actions.do_open_conversation("es").conversation
    actions.do_request_specialist(calm)
    actions.do_request_specialist(urgent, priority=Priority.CRISIS)
    from helpline.chat.realtime import queue_positions

    assert [c.pk for c, _n in queue_positions()] == [urgent.pk, calm.pk]


def test_a_specialist_accepts_a_queued_conversation(opened, sam):
    actions.do_request_specialist(opened.conversation)
    conversation = actions.do_accept(sam, opened.conversation)
    assert conversation.status == Status.ACTIVE and conversation.specialist == sam
    assert Message.objects.filter(conversation=conversation, sender_type=SenderType.SYSTEM).exists()


@pytest.mark.django_db(transaction=True)
def test_only_one_of_two_specialists_accepting_at_once_wins(opened, sam, pat):
    actions.do_request_specialist(opened.conversation)
    results: list[str] = []

    def accept(user):
        try:
            actions.do_accept(user, Conversation.objects.get(pk=opened.conversation.pk))
            results.append("won")
        except actions.ChatError:
            results.append("lost")
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(u,)) for u in (sam, pat)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["lost", "won"]


def test_people_without_the_role_cannot_accept_or_read(opened, elena):
    actions.do_request_specialist(opened.conversation)
    with pytest.raises(PermissionDenied):
        actions.do_accept(elena, opened.conversation)
    with pytest.raises(NotFound):
        access_conversation_for_staff(elena, opened.conversation.public_id)


def test_staff_reads_are_logged(opened, sam):
    actions.do_request_specialist(opened.conversation)
    access_conversation_for_staff(sam, opened.conversation.public_id, "read")
    assert AccessLog.objects.get().user == sam


def test_a_specialist_cannot_read_someone_elses_chat_but_a_supervisor_can(opened, sam, pat, sofia):
    actions.do_request_specialist(opened.conversation)
    actions.do_accept(sam, opened.conversation)
    with pytest.raises(NotFound):
        access_conversation_for_staff(pat, opened.conversation.public_id)
    assert access_conversation_for_staff(sofia, opened.conversation.public_id)


def test_a_transfer_to_the_supervisor_queue_waits_for_a_supervisor(opened, sam, pat, sofia):
    actions.do_request_specialist(opened.conversation)
    actions.do_accept(sam, opened.conversation)
    actions.do_transfer(sam, opened.conversation, to_queue=Queue.SUPERVISOR, note="needs advice")
    with pytest.raises(PermissionDenied):
        actions.do_accept(pat, Conversation.objects.get(pk=opened.conversation.pk))
    conversation = actions.do_accept(sofia, Conversation.objects.get(pk=opened.conversation.pk))
    assert conversation.specialist == sofia
    assert conversation.transfers.get().note == "needs advice"


def test_a_transfer_to_another_specialist_moves_the_chat(opened, sam, pat):
    actions.do_request_specialist(opened.conversation)
    actions.do_accept(sam, opened.conversation)
    conversation = actions.do_transfer(sam, opened.conversation, to_user=pat)
    assert conversation.specialist == pat and conversation.status == Status.ACTIVE


def test_a_chat_with_a_specialist_ends_in_a_wrap_up(opened, sam):
    actions.do_request_specialist(opened.conversation)
    actions.do_accept(sam, opened.conversation)
    actions.do_end_conversation(opened.conversation, by=sam)
    conversation = Conversation.objects.get(pk=opened.conversation.pk)
    assert conversation.status == Status.WRAP_UP
    wrap = actions.do_wrap_up(
        sam,
        conversation,
        outcome=Outcome.REFERRED,
        caller_type="caregiver",
        topics=["metastasis"],
        referrals="Local support group",
    )
    conversation.refresh_from_db()
    assert conversation.status == Status.CLOSED
    assert wrap.topics == ["metastasis"] and wrap.referrals == "Local support group"


def test_private_notes_are_marked_internal(opened, sam):
    actions.do_request_specialist(opened.conversation)
    actions.do_accept(sam, opened.conversation)
    note, _ = send(
        opened.conversation,
        "check local services",
        sender_type=SenderType.SPECIALIST,
        sender=sam,
        internal=True,
    )
    from helpline.chat.queries import messages_after

    visible = messages_after(opened.conversation, 0, include_internal=False)
    assert note.seq not in [m["seq"] for m in visible]


def test_the_survey_takes_one_to_five_after_the_chat(opened):
    with pytest.raises(actions.ChatError):
        actions.do_submit_survey(opened.conversation, 5)
    actions.do_end_conversation(opened.conversation)
    opened.conversation.refresh_from_db()
    for bad in [0, 6, "5", None]:
        with pytest.raises(actions.ChatError):
            actions.do_submit_survey(opened.conversation, bad)
    assert actions.do_submit_survey(opened.conversation, 4, "kind").rating == 4


def test_a_callback_request_needs_a_way_to_reach_the_visitor(db):
    with pytest.raises(actions.ChatError):
        actions.do_leave_callback(language="es", method="pigeon", contact="x", message="hola")
    with pytest.raises(actions.ChatError):
        actions.do_leave_callback(language="es", method="phone", contact=" ", message="hola")
    request = actions.do_leave_callback(
        language="es", method="phone", contact="555 0100", message="Llámenme"
    )
    assert request.language == "es"


def test_a_specialist_cannot_take_more_chats_than_their_capacity(sam):
    actions.do_set_availability(sam, available=True, capacity=1)
    first = actions.do_open_conversation("en").conversation
    second = actions.do_open_conversation("en").conversation
    for conversation in (first, second):
        actions.do_request_specialist(conversation)
    actions.do_accept(sam, first)
    with pytest.raises(actions.ChatError, match="capacity"):
        actions.do_accept(sam, second)
    assert Conversation.objects.get(pk=second.pk).status == Status.QUEUED
    actions.do_set_availability(sam, available=True, capacity=2)
    assert actions.do_accept(sam, second).specialist == sam
