"""Text of a translation's generated PDF, for assertions."""

from __future__ import annotations

import io

from pypdf import PdfReader

from helpline.knowledge.models import Translation
from helpline.knowledge.pdf import render_pdf


def pdf_text(translation: Translation) -> str:
    reader = PdfReader(io.BytesIO(render_pdf(translation).read_bytes()))
    return "\n".join(page.extract_text() for page in reader.pages)
