"""Which language a question is written in: English or Spanish, else the page's language."""

from __future__ import annotations

import threading
from functools import cache

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

SUPPORTED = {Language.ENGLISH: "en", Language.SPANISH: "es"}
MIN_CONFIDENCE = 0.70
_lock = threading.Lock()


@cache
def _detector() -> LanguageDetector:
    with _lock:
        return LanguageDetectorBuilder.from_languages(*SUPPORTED).build()


def detect(text: str, hint: str | None = None) -> str:
    """'en' or 'es'. Short or ambiguous text keeps the hint (the page's language)."""
    fallback = hint if hint in ("en", "es") else "en"
    words = text.split()
    if len(words) < 3:
        return fallback
    values = _detector().compute_language_confidence_values(text)
    best = max(values, key=lambda v: v.value, default=None)
    if best is None or best.value < MIN_CONFIDENCE:
        return fallback
    return SUPPORTED.get(best.language, fallback)
