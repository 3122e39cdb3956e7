"""Conversations with visitors, their messages, the specialists' availability and wrap-ups.

Conversations are sensitive health data: load them only through ``helpline.chat.access``.
Every message carries a per-conversation sequence number assigned inside the transaction that
stores it; a client's own message id makes a resend idempotent.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def new_token() -> str:
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Status(models.TextChoices):
    BOT = "bot", _("With the answer engine")
    QUEUED = "queued", _("Waiting for a specialist")
    ACTIVE = "active", _("With a specialist")
    WRAP_UP = "wrap_up", _("Wrap-up")
    CLOSED = "closed", _("Closed")


class CallerType(models.TextChoices):
    PATIENT = "patient", _("A person with cancer")
    CAREGIVER = "caregiver", _("A caregiver")
    FAMILY = "family", _("A family member or friend")
    OTHER = "other", _("Someone else")


class Queue(models.TextChoices):
    GENERAL = "general", _("Specialists")
    SUPERVISOR = "supervisor", _("Supervisor")


class Priority(models.IntegerChoices):
    CRISIS = 0, _("Crisis")
    URGENT = 1, _("Urgent")
    NORMAL = 2, _("Normal")


class Conversation(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    token_hash = models.CharField(max_length=64, editable=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.BOT)
    language = models.CharField(max_length=5, default="en")
    caller_type = models.CharField(max_length=10, choices=CallerType.choices, blank=True)
    topic = models.CharField(max_length=200, blank=True)
    queue = models.CharField(max_length=12, choices=Queue.choices, default=Queue.GENERAL)
    priority = models.PositiveSmallIntegerField(choices=Priority.choices, default=Priority.NORMAL)
    specialist = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="chat_conversations",
    )
    last_seq = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    queued_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "queue", "priority", "queued_at"], name="chat_queue"),
            models.Index(fields=["accepted_at"], name="chat_accepted_at"),
        ]

    def __str__(self) -> str:
        return f"conversation {self.public_id} ({self.status})"

    def token_matches(self, token: str) -> bool:
        return secrets.compare_digest(self.token_hash, hash_token(token))


class SenderType(models.TextChoices):
    VISITOR = "visitor", _("Visitor")
    BOT = "bot", _("Answer engine")
    SPECIALIST = "specialist", _("Specialist")
    SYSTEM = "system", _("System")


class Message(models.Model):
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    seq = models.PositiveIntegerField()
    sender_type = models.CharField(max_length=12, choices=SenderType.choices)
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # NULL, not "": messages without a client id must not collide in the unique constraint.
    client_id = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001
    body = models.TextField()
    # Extra structure for the client: citations of an engine answer, the action, ...
    data = models.JSONField(default=dict, blank=True)
    # A specialist's private note: never sent to the visitor.
    internal = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["conversation", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["conversation", "seq"], name="unique_message_seq"),
            models.UniqueConstraint(
                fields=["conversation", "client_id"], name="unique_client_message_id"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.conversation_id}#{self.seq} {self.sender_type}"


class SpecialistStatus(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="chat_status"
    )
    available = models.BooleanField(default=False)
    capacity = models.PositiveSmallIntegerField(default=3)
    changed_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.user} {'available' if self.available else 'away'}"


class Transfer(models.Model):
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="transfers"
    )
    from_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    to_queue = models.CharField(max_length=12, choices=Queue.choices, blank=True)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"transfer of {self.conversation_id}"


class Outcome(models.TextChoices):
    INFORMATION_GIVEN = "information_given", _("Information given")
    REFERRED = "referred", _("Referred to a service")
    CRISIS_SUPPORT = "crisis_support", _("Crisis support")
    CALLBACK = "callback", _("Call back arranged")
    DISCONNECTED = "disconnected", _("Visitor left")
    OTHER = "other", _("Other")


class WrapUp(models.Model):
    conversation = models.OneToOneField(
        Conversation, on_delete=models.CASCADE, related_name="wrap_up"
    )
    specialist = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    caller_type = models.CharField(max_length=10, choices=CallerType.choices, blank=True)
    topics = models.JSONField(default=list, blank=True)
    referrals = models.TextField(blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"wrap-up of {self.conversation_id}"


class SurveyResponse(models.Model):
    conversation = models.OneToOneField(
        Conversation, on_delete=models.CASCADE, related_name="survey"
    )
    rating = models.PositiveSmallIntegerField()
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.rating}/5"


class CannedResponse(models.Model):
    title = models.CharField(max_length=120)
    language = models.CharField(max_length=5, default="en")
    body = models.TextField()

    class Meta:
        ordering = ["language", "title"]

    def __str__(self) -> str:
        return f"{self.title} [{self.language}]"


class CallbackRequest(models.Model):
    """A message left outside chat hours; it lands in the specialists' queue."""

    class Method(models.TextChoices):
        PHONE = "phone", _("Phone")
        EMAIL = "email", _("E-mail")

    language = models.CharField(max_length=5, default="en")
    name = models.CharField(max_length=100, blank=True)
    method = models.CharField(max_length=5, choices=Method.choices)
    contact = models.CharField(max_length=254)
    message = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"callback by {self.method}"


class Channel(models.TextChoices):
    CHAT = "chat", _("Online chat")
    PHONE = "phone", _("Phone")


class Holiday(models.Model):
    """A day one channel is closed (by default the chat: the phone line usually stays open)."""

    date = models.DateField()
    channel = models.CharField(max_length=5, choices=Channel.choices, default=Channel.CHAT)
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["date", "channel"], name="one_holiday_per_channel")
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.name}"


class AccessLog(models.Model):
    """Who read which conversation, and when: health conversations are sensitive data."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="access_log"
    )
    action = models.CharField(max_length=40)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user_id} {self.action} {self.conversation_id}"
