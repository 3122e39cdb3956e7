from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RevisionPublished:
    article_key: str
    locale: str
    revision_id: int


@dataclass(frozen=True)
class RevisionSubmitted:
    article_key: str
    locale: str
    revision_id: int


@dataclass(frozen=True)
class RevisionReviewed:
    article_key: str
    locale: str
    revision_id: int
    decision: str
