"""Article files: ``content/<locale>/<slug>.md`` with YAML front matter.

``parse_file`` turns a file into an ``ArticleFile`` or raises ``ContentError`` naming the file
and the problem; ``serialize`` turns one back into text, so export then import is a no-op.
docs/subsystems/knowledge.md shows the format.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from helpline.knowledge.models import Locale

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
REQUIRED = ("key", "locale", "slug", "title")
KNOWN = {
    "key",
    "locale",
    "slug",
    "title",
    "summary",
    "topics",
    "audience",
    "last_revised",
    "review_by",
    "medical_reviewer",
    "editorial_reviewer",
    "references",
}
REFERENCE_FIELDS = ("authors", "title", "source", "year", "doi", "url", "accessed")


class ContentError(Exception):
    """A content file that cannot be imported; the message names the file and the problem."""

    def __init__(self, path: Path | str, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{path}: {problem}")


@dataclass
class ReferenceData:
    authors: str
    title: str
    source: str = ""
    year: int | None = None
    doi: str = ""
    url: str = ""
    accessed: datetime.date | None = None

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


@dataclass
class ArticleFile:
    path: Path
    key: str
    locale: str
    slug: str
    title: str
    body: str
    summary: str = ""
    topics: list[str] = field(default_factory=list)
    audience: list[str] = field(default_factory=list)
    last_revised: datetime.date | None = None
    review_by: datetime.date | None = None
    medical_reviewer: str = "Helpline medical review team"
    editorial_reviewer: str = "Helpline editorial team"
    references: list[ReferenceData] = field(default_factory=list)


def _split_front_matter(path: Path, text: str) -> tuple[dict[str, Any], str]:
    if not text.startswith("---\n"):
        raise ContentError(path, "the file must start with a '---' line opening the front matter")
    end = text.find("\n---\n", 4)
    if end == -1:
        raise ContentError(path, "the front matter has no closing '---' line")
    try:
        meta = yaml.safe_load(text[4:end])
    except yaml.YAMLError as exc:
        raise ContentError(path, f"the front matter is not valid YAML ({exc})") from None
    if not isinstance(meta, dict):
        raise ContentError(path, "the front matter must be a mapping of field: value")
    return meta, text[end + 5 :].strip() + "\n"


def _date(path: Path, name: str, value: Any) -> datetime.date | None:
    if value is None:
        return None
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise ContentError(
            path, f"'{name}' must be a date like 2026-11-20, not {value!r}"
        ) from None


def _str_list(path: Path, name: str, value: Any) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ContentError(path, f"'{name}' must be a list of words, e.g. [metastasis]")
    return list(value)


def parse_reference(path: Path, n: int, raw: Any) -> ReferenceData:
    where = f"reference {n}"
    if not isinstance(raw, dict):
        raise ContentError(path, f"{where} must be a mapping with authors, title, ...")
    unknown = set(raw) - set(REFERENCE_FIELDS)
    if unknown:
        raise ContentError(path, f"{where} has unknown field(s): {', '.join(sorted(unknown))}")
    for name in ("authors", "title"):
        if not str(raw.get(name) or "").strip():
            raise ContentError(path, f"{where} has no '{name}'")
    if not (raw.get("doi") or raw.get("url")):
        raise ContentError(path, f"{where} needs a 'doi' or a 'url'")
    year = raw.get("year")
    if year is not None and (not isinstance(year, int) or not 1500 <= year <= 2100):
        raise ContentError(path, f"{where} has a 'year' that is not a year: {year!r}")
    url = str(raw.get("url") or "")
    if url and not url.startswith(("http://", "https://")):
        raise ContentError(path, f"{where} has a 'url' that is not an http(s) address: {url!r}")
    return ReferenceData(
        authors=str(raw["authors"]).strip(),
        title=str(raw["title"]).strip(),
        source=str(raw.get("source") or "").strip(),
        year=year,
        doi=str(raw.get("doi") or "").strip(),
        url=url,
        accessed=_date(path, f"{where} accessed", raw.get("accessed")),
    )


def parse_text(path: Path, text: str) -> ArticleFile:
    meta, body = _split_front_matter(path, text)
    missing = [name for name in REQUIRED if not str(meta.get(name) or "").strip()]
    if missing:
        raise ContentError(path, f"missing required field(s): {', '.join(missing)}")
    unknown = set(meta) - KNOWN
    if unknown:
        raise ContentError(path, f"unknown field(s): {', '.join(sorted(unknown))}")
    locale = str(meta["locale"])
    if locale not in Locale.values:
        raise ContentError(
            path, f"locale must be one of {', '.join(Locale.values)}, not {locale!r}"
        )
    for name in ("key", "slug"):
        if not SLUG_RE.match(str(meta[name])):
            raise ContentError(
                path, f"'{name}' must be lowercase letters, digits and hyphens: {meta[name]!r}"
            )
    if not body.strip():
        raise ContentError(path, "the article has no body text after the front matter")
    if re.search(r"^#[ \t]", body, re.MULTILINE):
        raise ContentError(
            path, "use '## ' for section headings; the title comes from front matter"
        )
    refs = meta.get("references") or []
    if not isinstance(refs, list):
        raise ContentError(path, "'references' must be a list")
    return ArticleFile(
        path=path,
        key=str(meta["key"]),
        locale=locale,
        slug=str(meta["slug"]),
        title=str(meta["title"]).strip(),
        body=body,
        summary=str(meta.get("summary") or "").strip(),
        topics=_str_list(path, "topics", meta.get("topics")),
        audience=_str_list(path, "audience", meta.get("audience")),
        last_revised=_date(path, "last_revised", meta.get("last_revised")),
        review_by=_date(path, "review_by", meta.get("review_by")),
        medical_reviewer=str(meta.get("medical_reviewer") or ArticleFile.medical_reviewer),
        editorial_reviewer=str(meta.get("editorial_reviewer") or ArticleFile.editorial_reviewer),
        references=[parse_reference(path, i, r) for i, r in enumerate(refs, start=1)],
    )


def parse_file(path: Path) -> ArticleFile:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ContentError(path, "the file is not UTF-8 text") from None
    return parse_text(path, text)


def parse_tree(root: Path) -> list[ArticleFile]:
    """Every ``<root>/<locale>/*.md``, checked together: keys and slugs must not clash."""
    if not root.is_dir():
        raise ContentError(root, "no such content folder")
    files: list[ArticleFile] = []
    for locale_dir in sorted(p for p in root.iterdir() if p.is_dir()):
        for path in sorted(locale_dir.glob("*.md")):
            article = parse_file(path)
            if article.locale != locale_dir.name:
                raise ContentError(
                    path, f"locale {article.locale!r} does not match its folder {locale_dir.name!r}"
                )
            files.append(article)
    seen: dict[tuple[str, str], Path] = {}
    slugs: dict[tuple[str, str], Path] = {}
    for article in files:
        other = seen.setdefault((article.key, article.locale), article.path)
        if other != article.path:
            raise ContentError(article.path, f"key {article.key!r} is also used by {other}")
        other = slugs.setdefault((article.locale, article.slug), article.path)
        if other != article.path:
            raise ContentError(article.path, f"slug {article.slug!r} is also used by {other}")
    return files


def serialize(article: ArticleFile) -> str:
    meta: dict[str, Any] = {
        "key": article.key,
        "locale": article.locale,
        "slug": article.slug,
        "title": article.title,
        "summary": article.summary,
        "topics": article.topics,
        "audience": article.audience,
        "last_revised": article.last_revised,
        "review_by": article.review_by,
        "medical_reviewer": article.medical_reviewer,
        "editorial_reviewer": article.editorial_reviewer,
        "references": [
            {k: v for k, v in ref.__dict__.items() if v not in (None, "")}
            for ref in article.references
        ],
    }
    meta = {k: v for k, v in meta.items() if v not in (None, "", [])}
    front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=100)
    return f"---\n{front}---\n{article.body.strip()}\n"
