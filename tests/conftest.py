"""Shared fixtures: named personas, a real SMTP server, and a small published article."""

from __future__ import annotations

import datetime
import email
import logging
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.contrib.auth.models import User

from helpline.accounts.roles import Role, grant_role
from helpline.knowledge import actions
from helpline.knowledge.content_files import ReferenceData
from helpline.knowledge.models import Article, Translation

PASSWORD = "a long and unusual passphrase 42"

# aiosmtpd narrates every SMTP command from its own thread; keep its warnings only.
logging.getLogger("mail.log").setLevel(logging.WARNING)


@pytest.fixture(autouse=True)
def _isolated_var(settings, tmp_path: Path) -> None:
    settings.HELPLINE_PDF_DIR = tmp_path / "pdf"


@pytest.fixture(scope="session")
def answer_vectors_dir(tmp_path_factory) -> Path:
    """One passage-vector cache for the session: each text is embedded once per run."""
    return tmp_path_factory.mktemp("var")


def make_person(username: str, *roles: Role) -> User:
    user = User.objects.create_user(username, f"{username}@example.org", PASSWORD)
    for role in roles:
        grant_role(user, role)
    return user


@pytest.fixture
def elena(db) -> User:
    """Elena is an editor."""
    return make_person("elena", Role.EDITOR)


@pytest.fixture
def marco(db) -> User:
    """Dr Marco is a medical reviewer."""
    return make_person("marco", Role.MEDICAL_REVIEWER)


@pytest.fixture
def rosa(db) -> User:
    """Rosa is both an editor and a medical reviewer."""
    return make_person("rosa", Role.EDITOR, Role.MEDICAL_REVIEWER)


@pytest.fixture
def tomas(db) -> User:
    """Tomás translates into Spanish."""
    return make_person("tomas", Role.TRANSLATOR)


@pytest.fixture
def nobody(db) -> User:
    """Nadia has an account but no role."""
    return make_person("nadia")


BODY_EN = """Cancer cells can travel in the blood.

## How cells travel

Through the blood and lymph [1].

## Where they settle

Often the lungs and liver.
"""

BODY_ES = """Las células del cáncer pueden viajar por la sangre.

## Cómo viajan las células

Por la sangre y la linfa [1].
"""


def content(title: str = "How cancer travels", body: str = BODY_EN) -> actions.RevisionContent:
    return actions.RevisionContent(
        title=title,
        body=body,
        summary="A short test article.",
        review_by=datetime.date(2030, 1, 1),
        references=[
            ReferenceData(
                authors="diSibio G, French SW",
                title="Metastatic patterns of cancers",
                source="Arch Pathol Lab Med",
                year=2008,
                doi="10.5858/2008-132-931-MPOCRF",
            )
        ],
    )


def publish(editor: User, reviewer: User, translation: Translation, c=None):
    revision = actions.do_create_revision(editor, translation, c or content())
    actions.do_submit_revision(editor, revision)
    actions.do_review_revision(reviewer, revision, actions.ReviewDecision.APPROVED)
    return actions.do_publish_revision(editor, revision)


@pytest.fixture
def article(db) -> Article:
    return Article.objects.create(key="how-cancer-travels", topics=["metastasis"])


@pytest.fixture
def english(article: Article) -> Translation:
    return Translation.objects.create(article=article, locale="en", slug="how-cancer-travels")


@pytest.fixture
def published_en(elena, marco, english: Translation) -> Translation:
    publish(elena, marco, english)
    english.refresh_from_db()
    return english


@dataclass
class Mailbox:
    host: str
    port: int
    messages: list[email.message.Message] = field(default_factory=list)

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd handler hook
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 Message accepted for delivery"

    def wait_for(self, count: int, timeout: float = 5.0) -> list[email.message.Message]:
        done = threading.Event()
        for _ in range(int(timeout * 20)):
            if len(self.messages) >= count:
                break
            done.wait(0.05)
        return self.messages


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def smtp_server(settings) -> Iterator[Mailbox]:
    """A real SMTP server (aiosmtpd) on loopback, with Django's SMTP backend pointed at it."""
    box = Mailbox("127.0.0.1", free_port())
    controller = Controller(box, hostname=box.host, port=box.port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = box.host, box.port
    settings.EMAIL_USE_TLS = False
    try:
        yield box
    finally:
        controller.stop()


def body_of(message: email.message.Message) -> str:
    payload = message.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload.decode(message.get_content_charset() or "utf-8")
