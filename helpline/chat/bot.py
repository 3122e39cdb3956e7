"""The answer engine's turn in a chat: it replies first, until a person takes over."""

from __future__ import annotations

from helpline.answers.compose import Action
from helpline.answers.pipeline import QuestionError, answer
from helpline.chat import actions
from helpline.chat.models import Conversation, Message, Priority, SenderType, Status


def reply(conversation: Conversation, message: Message) -> Message | None:
    """Answer a visitor's message while the conversation is with the engine.

    Crisis language puts the visitor at the head of the specialists' queue at once.
    """
    if conversation.status != Status.BOT or message.sender_type != SenderType.VISITOR:
        if conversation.status == Status.QUEUED:
            _escalate_if_crisis(conversation, message)
        return None
    try:
        result = answer(message.body, conversation.language)
    except QuestionError:
        return None
    data = {
        "action": result.action.value,
        "citations": [c.__dict__ for c in result.citations],
        "note": result.note,
        "reminder": result.reminder,
        "offer_specialist": result.offer_specialist,
    }
    bot_message, _created = actions.do_send_message(
        conversation, sender_type=SenderType.BOT, body=result.answer, data=data
    )
    if result.action == Action.CRISIS:
        actions.do_request_specialist(conversation, priority=Priority.CRISIS)
    elif result.action == Action.EMERGENCY:
        actions.do_request_specialist(conversation, priority=Priority.URGENT)
    return bot_message


def _escalate_if_crisis(conversation: Conversation, message: Message) -> None:
    from helpline.answers.triage import TriageAction, triage

    if triage(message.body, conversation.language).action == TriageAction.CRISIS:
        actions.do_request_specialist(conversation, priority=Priority.CRISIS)
