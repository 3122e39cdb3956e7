"""Import an outside question-answer collection (MedQuAD's JSONL format) as articles.

Each ``document_id`` becomes an article titled by its ``focus``; each pair becomes a section
headed by its question type (``answers.qtypes``), with the pair's answer as its body and the
pair's ``id`` as the section's ``external_id``. The question text is not stored: real articles
have headings, not lists of questions. The articles are marked with their source (so the public
site does not list them) and count as reviewed, for evaluating the answer engine.
"""

from __future__ import annotations

import datetime
import json
import re
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.text import slugify

from helpline.answers.qtypes import QTYPE_HEADINGS
from helpline.knowledge import actions
from helpline.knowledge.content_files import ContentError
from helpline.knowledge.models import Article, Translation

REQUIRED = ("id", "document_id", "focus", "qtype", "answer")


@dataclass
class QADocument:
    key: str
    source: str
    source_url: str
    focus: str
    pairs: list[dict[str, Any]] = field(default_factory=list)


def _heading(qtype: str) -> str:
    return QTYPE_HEADINGS.get(qtype, qtype.strip().capitalize() or "Overview")


def _escape(answer: str) -> str:
    # A line that starts with '#' would become a heading and split the section.
    return re.sub(r"^(\s*)#", r"\1\\#", answer.strip(), flags=re.MULTILINE)


def read_documents(path: Path) -> list[QADocument]:
    """Parse and check every line before anything is written."""
    if not path.is_file():
        raise ContentError(path, "no such file")
    documents: OrderedDict[str, QADocument] = OrderedDict()
    seen: set[str] = set()
    with path.open(encoding="utf-8") as handle:
        for n, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ContentError(path, f"line {n} is not JSON ({exc.msg})") from None
            if not isinstance(row, dict):
                raise ContentError(path, f"line {n} is not a JSON object")
            missing = [k for k in REQUIRED if not str(row.get(k) or "").strip()]
            if missing:
                raise ContentError(path, f"line {n} lacks {', '.join(missing)}")
            if row["id"] in seen:
                raise ContentError(path, f"line {n} repeats the id {row['id']!r}")
            seen.add(row["id"])
            source = str(row["id"]).split("_", 1)[0] or "qa"
            key = slugify(f"qa-{source}-{row['document_id']}")[:120]
            doc = documents.setdefault(
                key,
                QADocument(
                    key=key,
                    source=f"{source} ({path.name})",
                    source_url=str(row.get("source_url") or ""),
                    focus=str(row["focus"]).strip(),
                ),
            )
            doc.pairs.append(row)
    if not documents:
        raise ContentError(path, "the file holds no question-answer pairs")
    return list(documents.values())


@dataclass
class QAImportReport:
    articles: int = 0
    sections: int = 0
    unchanged: int = 0


@transaction.atomic
def import_qa(path: Path, today: datetime.date | None = None) -> QAImportReport:
    documents = read_documents(path)
    report = QAImportReport()
    for doc in documents:
        body = "\n\n".join(
            f"## {_heading(p['qtype'])}\n\n{_escape(p['answer'])}" for p in doc.pairs
        )
        content = actions.RevisionContent(title=doc.focus, body=body)
        article, _created = Article.objects.get_or_create(
            key=doc.key, defaults={"source": doc.source, "source_url": doc.source_url}
        )
        translation, _created = Translation.objects.get_or_create(
            article=article, locale="en", defaults={"slug": doc.key}
        )
        published = translation.published_revision
        if published is not None and actions.content_hash(content) == published.content_hash:
            report.unchanged += 1
            continue
        revision = actions.do_create_revision(None, translation, content)
        sections = list(revision.sections.order_by("position"))
        if len(sections) != len(doc.pairs):
            raise ContentError(
                path, f"document {doc.key}: answers could not be split into sections"
            )
        for section, pair in zip(sections, doc.pairs, strict=True):
            section.external_id = str(pair["id"])
        type(sections[0]).objects.bulk_update(sections, ["external_id"])
        actions.publish_signed_off(
            revision,
            medical=f"{doc.source}: imported for evaluation",
            editorial=f"{doc.source}: imported for evaluation",
            note=f"Imported from {path.name}",
            last_revised=today,
        )
        report.articles += 1
        report.sections += len(sections)
    return report
