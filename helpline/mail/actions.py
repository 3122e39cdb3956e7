"""Outgoing e-mail: queue inside the caller's transaction, send after commit, retry later.

``do_queue_email`` stores the message; once the transaction commits, one attempt is made at
once. Messages whose attempt failed stay pending for ``helpline mail send`` (the worker).
"""

from __future__ import annotations

import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from helpline.mail.models import OutboundEmail

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 10


def do_queue_email(
    to: str, subject: str, body: str, headers: dict[str, str] | None = None
) -> OutboundEmail:
    message = OutboundEmail.objects.create(to=to, subject=subject, body=body, headers=headers or {})
    transaction.on_commit(lambda: send_one(message.pk))
    return message


def send_one(pk: int) -> bool:
    """Try to send one pending message. Returns True when it was handed to the SMTP server."""
    with transaction.atomic():
        message = OutboundEmail.objects.select_for_update().filter(pk=pk, sent_at=None).first()
        if message is None:
            return False
        message.attempts += 1
        try:
            EmailMessage(
                subject=message.subject,
                body=message.body,
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[message.to],
                headers=message.headers,
            ).send()
        except (smtplib.SMTPException, OSError) as exc:
            message.last_error = f"{type(exc).__name__}: {exc}"
            message.save(update_fields=["attempts", "last_error"])
            log.warning("e-mail %s to %s not sent: %s", pk, message.to, exc)
            return False
        message.sent_at = timezone.now()
        message.last_error = ""
        message.save(update_fields=["attempts", "sent_at", "last_error"])
        return True


def send_pending(limit: int = 100) -> tuple[int, int]:
    """Send queued messages (oldest first); returns (sent, failed)."""
    pending = OutboundEmail.objects.filter(sent_at=None, attempts__lt=MAX_ATTEMPTS).values_list(
        "pk", flat=True
    )[:limit]
    results = [send_one(pk) for pk in list(pending)]
    return sum(results), len(results) - sum(results)
