"""The answer index, built from published revisions only, and rebuilt when they change.

Every question checks a cheap signature (the ids of the published revisions); when another
process or a publish in this one changed it, the index is rebuilt. Dense passage vectors are
cached on disk by content hash, so a rebuild embeds only sections whose text changed.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings

from helpline.answers.passages import Passage, make_passage
from helpline.answers.retrieval import Index
from helpline.knowledge.markdown import plain_text
from helpline.knowledge.models import Translation


@dataclass(frozen=True)
class PassageInfo:
    """What a citation needs beyond the passage itself."""

    references: list[dict[str, Any]]
    public: bool  # has a page on this site (imported outside QA sets do not)


@dataclass
class AnswerIndex:
    signature: tuple[int, ...]
    index: Index
    info: dict[str, PassageInfo]


_lock = threading.Lock()
_current: AnswerIndex | None = None


def _published() -> Any:
    return Translation.objects.filter(published_revision__isnull=False)


def signature() -> tuple[int, ...]:
    return tuple(sorted(_published().values_list("published_revision_id", flat=True)))


def cache_dir() -> Path:
    path = Path(settings.VAR_DIR) / "answer-vectors"
    path.mkdir(parents=True, exist_ok=True)
    return path


def build_passages() -> tuple[list[Passage], dict[str, PassageInfo]]:
    passages: list[Passage] = []
    info: dict[str, PassageInfo] = {}
    translations = _published().select_related("article", "published_revision")
    for translation in translations:
        revision = translation.published_revision
        assert revision is not None
        article = translation.article
        public = not article.source
        url = settings.SITE_URL + translation.get_absolute_url() if public else article.source_url
        refs = [ref.as_dict() for ref in revision.references.all()]
        for section in revision.sections.all():
            anchor = f"#{section.anchor}" if public and section.anchor else ""
            passage = make_passage(
                id=f"r{revision.pk}-s{section.position}",
                article_key=article.key,
                locale=translation.locale,
                title=revision.title,
                section=section.heading,
                body=plain_text(section.body),
                url=url + anchor,
                last_revised=revision.last_revised.isoformat() if revision.last_revised else "",
                external_id=section.external_id,
            )
            passages.append(passage)
            info[passage.id] = PassageInfo(references=refs, public=public)
    passages.extend(_atlas(info))
    return passages, info


def _atlas(info: dict[str, PassageInfo]) -> list[Passage]:
    """The spread atlas's passages, once it has been signed off in medical review."""
    from helpline.spread.atlas import load_atlas
    from helpline.spread.passages import atlas_passages

    atlas = load_atlas()
    if not atlas.reviewed_by:
        return []
    cited: dict[str, list[dict[str, Any]]] = {}
    for entry in atlas.entries:
        keys: list[str] = []
        for refs in [
            *(f.refs for f in entry.sites),
            *(f.refs for f in entry.routes),
            entry.reason.refs,
        ]:
            keys.extend(k for k in refs if k not in keys)
        cited[entry.article_key] = [
            {"authors": r.authors, "title": r.title, "source": r.source, "year": r.year,
             "url": r.link}
            for r in (atlas.references[k] for k in keys)
        ]  # fmt: skip
    found = atlas_passages(settings.SITE_URL)
    for passage in found:
        info[passage.id] = PassageInfo(references=cited[passage.article_key], public=True)
    return found


def current() -> AnswerIndex:
    """The index for the published content as it is now (rebuilt if it changed)."""
    global _current
    sig = signature()
    state = _current
    if state is not None and state.signature == sig:
        return state
    with _lock:
        if _current is not None and _current.signature == sig:
            return _current
        passages, info = build_passages()
        _current = AnswerIndex(sig, Index.build(passages, cache_dir=cache_dir()), info)
        return _current


def reset() -> None:
    """Forget the in-memory index (tests; the next question rebuilds it)."""
    global _current
    with _lock:
        _current = None
