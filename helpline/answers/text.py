"""Text normalisation shared by lexical retrieval and question understanding.

Pipeline for a search token: lower case -> accent folding (``metástasis`` ->
``metastasis``) -> word split -> stopword removal (English and Spanish lists,
always both, since visitors mix languages) -> British/American spelling
normalisation -> Snowball stemming in the index's language.

Folding happens *before* stemming on purpose: a visitor typing ``cirugia``
and an article saying ``cirugía`` must reach the same stem, which the
Spanish stemmer only guarantees when it sees the same string.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterable
from typing import Final

import Stemmer

STEMMER_LANGUAGES: Final[dict[str, str]] = {"en": "english", "es": "spanish"}

_WORD_RE: Final = re.compile(r"[a-z0-9]+")

# English stopwords (a standard list) plus question words that carry no topic.
_STOP_EN: Final[str] = """
a about above after again against all also am an and any are aren as at be because been
before being below between both but by can cannot could did do does doing don down during
each either else ever every few for from further get gets got had has have having he her
here hers herself him himself his how however i if in into is isn it its itself just let
lets like may me might more most much must my myself need no nor not now of off often on
once only or other ought our ours ourselves out over own please same shall she should so
some such than that the their theirs them themselves then there these they this those
through thus to too under until up upon us very was we were what whats when where which
while who whom whose why will with would yet you your yours yourself yourselves
tell know want wondering hi hello thanks thank dear
"""

# Spanish stopwords (folded), plus question words.
_STOP_ES: Final[str] = """
a al algo algun alguna algunas alguno algunos ante antes aquel aquella aquellas aquellos
aqui asi aun aunque cada como con contra cual cuales cualquier cuando cuanto cuantos
de del desde donde dos el ella ellas ello ellos en entre era eran eres es esa esas ese
eso esos esta estaba estado estamos estan estar estas este esto estos estoy fue fueron
ha habia han has hasta hay haya he hola la las le les lo los mas me mi mis mucho muchos
muy nada ni no nos nosotros o otra otras otro otros para pero poco por porque puede
pueden puedo que quien quienes se sea ser si sido sin sobre sois solo somos son soy su
sus tambien tan tanto te tendo tengo ti tiene tienen toda todas todo todos tu tus un una
uno unos usted ustedes va van vosotros y ya gracias quisiera saber quiero
"""

STOPWORDS: Final[frozenset[str]] = frozenset((_STOP_EN + _STOP_ES).split())

# British spellings -> American, applied to folded tokens by prefix.
_SPELLING_PREFIXES: Final[tuple[tuple[str, str], ...]] = (
    ("tumour", "tumor"),
    ("leukaem", "leukem"),
    ("oesophag", "esophag"),
    ("haemat", "hemat"),
    ("haemo", "hemo"),
    ("anaem", "anem"),
    ("oestr", "estr"),
    ("paediatr", "pediatr"),
    ("anaesth", "anesth"),
    ("foet", "fet"),
    ("gynaec", "gynec"),
    ("oedem", "edem"),
    ("diarrhoe", "diarrhe"),
    ("haemorrh", "hemorrh"),
    ("behaviour", "behavior"),
    ("centre", "center"),
)

_local = threading.local()


def fold(text: str) -> str:
    """Lower-case ``text`` and strip accents (``Metástasis`` -> ``metastasis``)."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """Folded word tokens of ``text`` (stopwords kept)."""
    return _WORD_RE.findall(fold(text))


def _normalise_spelling(token: str) -> str:
    for old, new in _SPELLING_PREFIXES:
        if token.startswith(old):
            return new + token[len(old) :]
    return token


def _stemmer(locale: str) -> Stemmer.Stemmer:
    # Stemmer objects keep an internal cache and are not safe to share
    # between threads: one per thread and language.
    cache: dict[str, Stemmer.Stemmer] | None = getattr(_local, "stemmers", None)
    if cache is None:
        cache = {}
        _local.stemmers = cache
    stemmer = cache.get(locale)
    if stemmer is None:
        stemmer = Stemmer.Stemmer(STEMMER_LANGUAGES.get(locale, "english"))
        cache[locale] = stemmer
    return stemmer


def content_words(text: str) -> list[str]:
    """Folded, spelling-normalised word tokens without stopwords or lone letters."""
    out: list[str] = []
    for w in words(text):
        if w in STOPWORDS or (len(w) < 2 and not w.isdigit()):
            continue
        out.append(_normalise_spelling(w))
    return out


def _conflate(stem: str, locale: str) -> str:
    """Merge stems Snowball leaves apart that a visitor means alike.

    English: "treatment"/"treated" (treatment/treat), "diagnosis"/"diagnosed"
    (diagnosi/diagnos), "metastasis"/"metastases" (metastasi/metastas).
    Spanish: "tratamiento"/"tratar" (tratamient/trat), "crecimiento"/"crecer".
    """
    if locale == "es":
        for suffix in ("amient", "imient"):
            if stem.endswith(suffix) and len(stem) - len(suffix) >= 3:
                return stem[: -len(suffix)]
        return stem
    if stem.endswith("ment") and len(stem) >= 8:
        return stem[:-4]
    if stem.endswith("si") and len(stem) >= 6:
        return stem[:-1]
    return stem


def stem_all(tokens: Iterable[str], locale: str) -> list[str]:
    """Stem already-folded tokens with the stemmer of ``locale``."""
    stemmer = _stemmer(locale)
    return [_conflate(str(s), locale) for s in stemmer.stemWords(list(tokens))]


def analyse(text: str, locale: str) -> list[str]:
    """Search tokens of ``text`` for an index in ``locale``: folded, filtered, stemmed."""
    return stem_all(content_words(text), locale)


def truncate(text: str, max_chars: int) -> str:
    """Cut ``text`` to at most ``max_chars`` characters, at a word boundary when possible."""
    if len(text) <= max_chars:
        return text
    cut = text[:max_chars]
    space = cut.rfind(" ")
    if space > max_chars * 0.8:
        cut = cut[:space]
    return cut.rstrip()
