"""Newsletter sign-up with double opt-in, through a real SMTP server."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from helpline.mail.actions import send_pending
from helpline.mail.models import OutboundEmail
from helpline.newsletter.models import Subscriber, SubscriberStatus
from tests.conftest import body_of

LINK = re.compile(r"http://\S+/(?:en|es)/newsletter/(confirm|unsubscribe)/([\w-]+)/")


@pytest.fixture
def visitor() -> Client:
    return Client()


def links(text: str) -> dict[str, str]:
    return {m.group(1): m.group(0) for m in LINK.finditer(text)}


def test_it_mails_a_confirmation_link_and_subscribes_only_after_it_is_followed(
    visitor, db, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = visitor.post("/en/newsletter/sign-up/", {"email": "ana@example.org"})
    assert response.status_code == 200
    assert "Check your inbox" in response.content.decode()
    subscriber = Subscriber.objects.get(email="ana@example.org")
    assert subscriber.status == SubscriberStatus.PENDING

    [message] = smtp_server.wait_for(1)
    assert message["To"] == "ana@example.org"
    found = links(body_of(message))
    assert set(found) == {"confirm", "unsubscribe"}
    assert " ".join(message["List-Unsubscribe"].split()) == f"<{found['unsubscribe']}>"

    path = found["confirm"].split("8000", 1)[1]
    assert visitor.get(path).status_code == 200  # a page with a button: scanners change nothing
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.PENDING
    response = visitor.post(path)
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.CONFIRMED
    assert OutboundEmail.objects.get().sent_at is not None


def test_it_writes_the_e_mail_in_the_visitors_language(
    visitor, db, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        visitor.post("/es/newsletter/sign-up/", {"email": "luis@example.org"})
    [message] = smtp_server.wait_for(1)
    assert "/es/newsletter/confirm/" in body_of(message)
    assert Subscriber.objects.get().locale == "es"


def test_it_unsubscribes_through_the_link_in_the_e_mail(
    visitor, db, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        visitor.post("/en/newsletter/sign-up/", {"email": "ana@example.org"})
    [message] = smtp_server.wait_for(1)
    path = links(body_of(message))["unsubscribe"].split("8000", 1)[1]
    assert visitor.post(path).status_code == 200
    subscriber = Subscriber.objects.get()
    assert subscriber.status == SubscriberStatus.UNSUBSCRIBED
    assert visitor.post(links(body_of(message))["confirm"].split("8000", 1)[1]).status_code == 404
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.UNSUBSCRIBED


def test_it_does_not_reveal_or_spam_an_address_already_on_the_list(
    visitor, db, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = visitor.post("/en/newsletter/sign-up/", {"email": "ana@example.org"})
        second = visitor.post("/en/newsletter/sign-up/", {"email": "ANA@example.org"})
    assert first.content == second.content.replace(b"ANA@", b"ana@")
    assert Subscriber.objects.count() == 1
    assert OutboundEmail.objects.count() == 1


@pytest.mark.parametrize("email", ["", "not-an-address", "a@b", "x" * 300 + "@example.org"])
def test_it_rejects_a_bad_address_with_a_message(visitor, db, email):
    response = visitor.post("/en/newsletter/sign-up/", {"email": email})
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert not Subscriber.objects.exists()


def test_a_made_up_token_is_not_found(visitor, db):
    assert visitor.get("/en/newsletter/confirm/made-up/").status_code == 404
    assert visitor.post("/en/newsletter/unsubscribe/made-up/").status_code == 404


def test_it_keeps_the_e_mail_when_the_smtp_server_is_down_and_sends_it_later(
    visitor, db, settings, smtp_server, django_capture_on_commit_callbacks
):
    settings.EMAIL_PORT = 1  # nothing listens there
    with django_capture_on_commit_callbacks(execute=True):
        response = visitor.post("/en/newsletter/sign-up/", {"email": "ana@example.org"})
    assert response.status_code == 200
    stored = OutboundEmail.objects.get()
    assert stored.sent_at is None and stored.attempts == 1 and stored.last_error

    settings.EMAIL_PORT = smtp_server.port
    assert send_pending() == (1, 0)
    assert len(smtp_server.wait_for(1)) == 1
    stored.refresh_from_db()
    assert stored.sent_at is not None
