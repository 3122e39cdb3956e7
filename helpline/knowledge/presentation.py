"""What an article page (HTML or PDF) shows, built from the published revision only."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.safestring import SafeString, mark_safe

from helpline.knowledge import markdown
from helpline.knowledge.actions import translation_is_behind
from helpline.knowledge.models import ReviewKind, Translation


@dataclass(frozen=True)
class RenderedSection:
    heading: str
    anchor: str
    html: SafeString


def article_context(translation: Translation) -> dict[str, Any]:
    revision = translation.published_revision
    if revision is None:
        raise ValueError("only a published translation has a page")
    sections = [
        RenderedSection(s.heading, s.anchor, mark_safe(markdown.render(s.body)))
        for s in revision.sections.all()
    ]
    reviews = {r.kind: r.reviewer_name for r in revision.reviews.all()}
    others = translation.article.translations.exclude(pk=translation.pk).filter(
        published_revision__isnull=False
    )
    return {
        "translation": translation,
        "article": translation.article,
        "revision": revision,
        "sections": sections,
        "references": list(revision.references.all()),
        "medical_credit": reviews.get(ReviewKind.MEDICAL, ""),
        "editorial_credit": reviews.get(ReviewKind.EDITORIAL, ""),
        "behind": translation_is_behind(translation),
        "other_translations": list(others),
    }
