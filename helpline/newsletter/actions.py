"""Newsletter sign-up with double opt-in.

A sign-up stores a pending address and e-mails it a confirmation link; the address is
subscribed only when that link is followed. Every e-mail carries an unsubscribe link. Replies
never reveal whether an address is already on the list.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from helpline.mail.actions import do_queue_email
from helpline.newsletter.models import Subscriber, SubscriberStatus, new_token

RESEND_AFTER = datetime.timedelta(minutes=10)


def _absolute(route: str, token: str, locale: str) -> str:
    with translation.override(locale):
        return settings.SITE_URL + reverse(route, kwargs={"token": token})


def _send_confirmation(subscriber: Subscriber) -> None:
    confirm = _absolute("newsletter:confirm", subscriber.token, subscriber.locale)
    unsubscribe = _absolute("newsletter:unsubscribe", subscriber.token, subscriber.locale)
    with translation.override(subscriber.locale):
        org = settings.HELPLINE_ORG_NAME
        subject = _("Please confirm your subscription to the %(org)s newsletter") % {"org": org}
        body = _(
            "Hello,\n\n"
            "Someone, hopefully you, asked to receive the %(org)s newsletter at this address.\n"
            "To confirm, open this link:\n\n%(confirm)s\n\n"
            "If you did not ask for it, ignore this e-mail and you will not hear from us again.\n\n"
            "Unsubscribe: %(unsubscribe)s\n"
        ) % {"org": org, "confirm": confirm, "unsubscribe": unsubscribe}
    do_queue_email(
        subscriber.email,
        subject,
        body,
        headers={"List-Unsubscribe": f"<{unsubscribe}>"},
    )


@transaction.atomic
def do_sign_up(email: str, locale: str) -> Subscriber:
    email = email.strip()
    subscriber = Subscriber.objects.select_for_update().filter(email__iexact=email).first()
    now = timezone.now()
    if subscriber is None:
        subscriber = Subscriber.objects.create(email=email, locale=locale)
        _send_confirmation(subscriber)
        return subscriber
    if subscriber.status == SubscriberStatus.CONFIRMED:
        return subscriber  # already subscribed: say the same thing, send nothing
    recently = subscriber.status == SubscriberStatus.PENDING and (
        now - subscriber.created_at < RESEND_AFTER
    )
    if recently:
        return subscriber  # one confirmation e-mail per address per ten minutes
    subscriber.status = SubscriberStatus.PENDING
    subscriber.token = new_token()
    subscriber.locale = locale
    subscriber.created_at = now
    subscriber.save()
    _send_confirmation(subscriber)
    return subscriber


@transaction.atomic
def do_confirm(token: str) -> Subscriber | None:
    subscriber = Subscriber.objects.select_for_update().filter(token=token).first()
    if subscriber is None or subscriber.status == SubscriberStatus.UNSUBSCRIBED:
        return None
    if subscriber.status == SubscriberStatus.PENDING:
        subscriber.status = SubscriberStatus.CONFIRMED
        subscriber.confirmed_at = timezone.now()
        subscriber.save(update_fields=["status", "confirmed_at"])
    return subscriber


@transaction.atomic
def do_unsubscribe(token: str) -> Subscriber | None:
    subscriber = Subscriber.objects.select_for_update().filter(token=token).first()
    if subscriber is None:
        return None
    if subscriber.status != SubscriberStatus.UNSUBSCRIBED:
        subscriber.status = SubscriberStatus.UNSUBSCRIBED
        subscriber.unsubscribed_at = timezone.now()
        subscriber.save(update_fields=["status", "unsubscribed_at"])
    return subscriber
