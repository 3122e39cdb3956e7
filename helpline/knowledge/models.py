"""Articles, their translations, revisions, sections, references and reviews.

An article exists once; each language is a ``Translation`` with its own slug; every change is a
new ``Revision``. A revision's content is frozen once it leaves the draft state, and a medical
approval records the content hash it approved, so an approval can never cover text that the
reviewer did not see. Writes go through ``helpline.knowledge.actions``.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Locale(models.TextChoices):
    EN = "en", "English"
    ES = "es", "Español"


class RevisionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("Submitted for medical review")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")
    SUPERSEDED = "superseded", _("Superseded")


EDITABLE_STATUSES = (RevisionStatus.DRAFT, RevisionStatus.CHANGES_REQUESTED)


class Article(models.Model):
    key = models.SlugField(max_length=120, unique=True)
    source_locale = models.CharField(max_length=5, choices=Locale.choices, default=Locale.EN)
    topics = models.JSONField(default=list, blank=True)
    # Set for articles imported from an outside question-answer collection (evaluation data).
    source = models.CharField(max_length=120, blank=True)
    source_url = models.URLField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["key"]

    def __str__(self) -> str:
        return self.key


class Translation(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="translations")
    locale = models.CharField(max_length=5, choices=Locale.choices)
    slug = models.SlugField(max_length=160)
    published_revision = models.ForeignKey(
        "Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["article__key", "locale"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "locale"], name="one_translation_per_locale"
            ),
            models.UniqueConstraint(fields=["locale", "slug"], name="unique_slug_per_locale"),
        ]

    def __str__(self) -> str:
        return f"{self.article.key} [{self.locale}]"

    def get_absolute_url(self) -> str:
        return reverse_article(self.locale, self.slug)

    def latest_revision(self) -> Revision | None:
        return self.revisions.order_by("-number").first()


class Revision(models.Model):
    translation = models.ForeignKey(Translation, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    body = models.TextField(help_text="Markdown; each '## ' heading starts a section.")
    audience = models.JSONField(default=list, blank=True)
    review_by = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=RevisionStatus.choices, default=RevisionStatus.DRAFT
    )
    content_hash = models.CharField(max_length=64, editable=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # For a translation: the revision of the source-language article that this one translates.
    source_revision = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="translated_by"
    )
    created_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    last_revised = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["translation", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["translation", "number"], name="unique_revision_number")
        ]

    def __str__(self) -> str:
        return f"{self.translation} r{self.number} ({self.status})"

    def compute_hash(self, references: list[dict[str, Any]] | None = None) -> str:
        """Hash of everything a reviewer reads: title, summary, body, audience and references."""
        if references is None:
            references = [ref.as_dict() for ref in self.references.all()] if self.pk else []
        payload = {
            "title": self.title,
            "summary": self.summary,
            "body": self.body,
            "audience": list(self.audience),
            "references": references,
        }
        text = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(text.encode()).hexdigest()

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    def valid_medical_approval(self) -> Review | None:
        """The medical approval of exactly this content, if there is one."""
        return (
            self.reviews.filter(
                kind=ReviewKind.MEDICAL,
                decision=ReviewDecision.APPROVED,
                content_hash=self.content_hash,
            )
            .order_by("-created_at")
            .first()
        )

    def is_stale(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.review_by is not None and self.review_by < today


class Section(models.Model):
    """A '## ' section of a revision, kept for the answer engine and the table of contents."""

    revision = models.ForeignKey(Revision, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveIntegerField()
    heading = models.CharField(max_length=300, blank=True)
    anchor = models.SlugField(max_length=120, blank=True)
    body = models.TextField()
    external_id = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["revision", "position"]

    def __str__(self) -> str:
        return self.heading or "(introduction)"


class Reference(models.Model):
    revision = models.ForeignKey(Revision, on_delete=models.CASCADE, related_name="references")
    position = models.PositiveIntegerField()
    authors = models.CharField(max_length=500)
    title = models.CharField(max_length=500)
    source = models.CharField(max_length=300, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    doi = models.CharField(max_length=200, blank=True)
    url = models.URLField(max_length=500, blank=True)
    accessed = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["revision", "position"]

    def __str__(self) -> str:
        return f"{self.authors} ({self.year}) {self.title}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "authors": self.authors,
            "title": self.title,
            "source": self.source,
            "year": self.year,
            "doi": self.doi,
            "url": self.url,
            "accessed": self.accessed.isoformat() if self.accessed else None,
        }

    @property
    def link(self) -> str:
        return f"https://doi.org/{self.doi}" if self.doi else self.url


class ReviewKind(models.TextChoices):
    MEDICAL = "medical", _("Medical review")
    EDITORIAL = "editorial", _("Editorial review")


class ReviewDecision(models.TextChoices):
    APPROVED = "approved", _("Approved")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")


class Review(models.Model):
    """A sign-off (or a request for changes) on one exact revision's content."""

    revision = models.ForeignKey(Revision, on_delete=models.CASCADE, related_name="reviews")
    kind = models.CharField(max_length=20, choices=ReviewKind.choices)
    decision = models.CharField(max_length=20, choices=ReviewDecision.choices)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Who signed off, as credited; for content imported from files, the team named there.
    reviewer_name = models.CharField(max_length=200)
    content_hash = models.CharField(max_length=64)
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["revision", "created_at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.decision} by {self.reviewer_name}"


def reverse_article(locale: str, slug: str) -> str:
    from django.utils import translation

    with translation.override(locale):
        return reverse("public:article", kwargs={"slug": slug})
