"""Chat transcripts by e-mail, on the visitor's request."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import translation
from django.utils.translation import gettext as _

from helpline.chat.actions import ChatError
from helpline.chat.models import Conversation, Message, SenderType
from helpline.mail.actions import do_queue_email


def transcript_text(conversation: Conversation) -> str:
    names = {
        SenderType.VISITOR: _("You"),
        SenderType.BOT: _("Answer engine"),
        SenderType.SPECIALIST: _("Specialist"),
        SenderType.SYSTEM: "—",
    }
    lines = []
    for m in Message.objects.filter(conversation=conversation, internal=False).order_by("seq"):
        when = m.created_at.strftime("%Y-%m-%d %H:%M")
        lines.append(f"[{when}] {names.get(SenderType(m.sender_type), m.sender_type)}: {m.body}")
        for c in m.data.get("citations", []) if isinstance(m.data, dict) else []:
            lines.append(f"    {c.get('title')} — {c.get('section')} ({c.get('url')})")
    return "\n".join(lines)


def do_send_transcript(conversation: Conversation, email: str) -> None:
    try:
        validate_email(email)
    except ValidationError:
        raise ChatError("Please give a valid e-mail address.") from None
    with translation.override(conversation.language):
        subject = _("Your chat with the cancer information service")
        body = (
            _("Here is the transcript of your chat, as you asked.")
            + "\n\n"
            + transcript_text(conversation)
            + "\n\n"
            + _("Please review medical questions about your own situation with your doctor.")
        )
    # The address is used for this e-mail only and is not kept with the conversation.
    do_queue_email(email, subject, body)
