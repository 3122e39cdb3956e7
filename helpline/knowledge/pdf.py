"""PDF of a published translation, rendered by WeasyPrint and cached per revision."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation as i18n

from helpline.knowledge.models import Translation
from helpline.knowledge.presentation import article_context


def pdf_path(translation: Translation) -> Path:
    revision = translation.published_revision
    assert revision is not None
    name = f"{translation.slug}-r{revision.number}-{revision.content_hash[:12]}.pdf"
    return Path(settings.HELPLINE_PDF_DIR) / translation.locale / name


def render_pdf(translation: Translation) -> Path:
    """Path of the PDF of the published revision, rendering it if it is not cached yet."""
    from weasyprint import HTML

    path = pdf_path(translation)
    if path.exists():
        return path
    with i18n.override(translation.locale):
        html = render_to_string("knowledge/article_pdf.html", article_context(translation))
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    HTML(string=html, base_url=settings.SITE_URL).write_pdf(tmp)
    tmp.replace(path)
    return path
