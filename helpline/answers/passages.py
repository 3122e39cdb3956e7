"""The unit of retrieval: one section of a published article revision.

The Django side builds :class:`Passage` objects from published revisions (or
from an imported outside QA set) and hands them to
:meth:`helpline.answers.retrieval.Index.build`. Nothing here imports Django.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

SUPPORTED_LOCALES = ("en", "es")


def content_hash(title: str, section: str, body: str) -> str:
    """sha256 (hex) of title + section + body: the key of the dense vector cache.

    The three parts are joined with a NUL separator so that moving text between
    them changes the hash.
    """
    payload = "\x00".join((title, section, body)).encode("utf-8")
    return hashlib.sha256(payload).hexdigest()


@dataclass(frozen=True)
class Passage:
    """One section of a published article revision."""

    id: str  # stable id, e.g. "rev123-s4"
    article_key: str  # same across locales
    locale: str  # "en" | "es"
    title: str  # article title
    section: str  # section heading ("" for the introduction)
    body: str  # plain text of the section (markdown already stripped)
    url: str
    last_revised: str  # ISO date
    external_id: str = ""  # "" unless imported from an outside QA set
    content_hash: str = ""  # sha256 of title+section+body; "" -> computed

    def __post_init__(self) -> None:
        if not self.content_hash:
            object.__setattr__(
                self, "content_hash", content_hash(self.title, self.section, self.body)
            )


def make_passage(
    *,
    id: str,
    article_key: str,
    locale: str,
    title: str,
    section: str,
    body: str,
    url: str = "",
    last_revised: str = "",
    external_id: str = "",
) -> Passage:
    """Build a :class:`Passage`, computing its ``content_hash``."""
    return Passage(
        id=id,
        article_key=article_key,
        locale=locale,
        title=title,
        section=section,
        body=body,
        url=url,
        last_revised=last_revised,
        external_id=external_id,
        content_hash=content_hash(title, section, body),
    )
