"""Markdown for article bodies: safe HTML rendering, section splitting and plain text.

Raw HTML in a body is shown as text, never passed through: articles are written by staff, but
a pasted snippet must not be able to inject markup into a public page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import markdown as md
from django.utils.html import strip_tags
from django.utils.text import slugify

_HEADING = re.compile(r"^##[ \t]+(.+?)[ \t]*#*[ \t]*$", re.MULTILINE)


@dataclass(frozen=True)
class SectionText:
    heading: str  # "" for the text before the first heading
    anchor: str
    body: str  # Markdown, without the heading line


def split_sections(body: str) -> list[SectionText]:
    """Cut a body at its '## ' headings. The introduction (if any) comes first, headed ''."""
    sections: list[SectionText] = []
    matches = list(_HEADING.finditer(body))
    intro = body[: matches[0].start()] if matches else body
    if intro.strip():
        sections.append(SectionText("", "", intro.strip()))
    used: set[str] = set()
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(body)
        heading = match.group(1).strip()
        anchor = base = slugify(heading)[:100] or "section"
        n = 2
        while anchor in used:
            anchor, n = f"{base}-{n}", n + 1
        used.add(anchor)
        sections.append(SectionText(heading, anchor, body[match.end() : end].strip()))
    return sections


def _renderer() -> md.Markdown:
    renderer = md.Markdown(extensions=["tables", "sane_lists"], output_format="html")
    # Treat raw HTML as text: drop the block and inline HTML handlers.
    renderer.preprocessors.deregister("html_block")
    renderer.inlinePatterns.deregister("html")
    renderer.inlinePatterns.deregister("entity")
    return renderer


def render(text: str) -> str:
    """Markdown to HTML (safe to mark_safe: raw HTML in the input is escaped)."""
    return _renderer().convert(text)


def plain_text(text: str) -> str:
    """Markdown to plain text, for search indexes and extracts."""
    html = render(text)
    html = re.sub(r"</(p|li|h\d|tr|td|th)>", lambda m: f"</{m.group(1)}> ", html)
    text = strip_tags(html)
    return re.sub(r"[ \t\r\f\v]+", " ", re.sub(r"\n\s*\n+", "\n", text)).strip()
