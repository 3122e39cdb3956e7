"""The retrieval core of the answer engine: :class:`Index` over published passages.

    index = Index.build(passages, cache_dir=Path("var/answers"))
    result = index.search("¿Cuáles son los síntomas del cáncer de mama?", "es")
    if result.confidence >= DEFAULT_MIN_CONFIDENCE:
        best = result.hits[0].passage

Per locale there is a lexical index (:mod:`helpline.answers.lexical`); one
dense matrix covers every passage (:mod:`helpline.answers.dense`, multilingual
so a Spanish question can be matched against English passages). Question
understanding (:mod:`helpline.answers.understanding`) adds boosts, and
:mod:`helpline.answers.ranking` fuses everything and computes confidence.

A question is searched in its own locale first; when that locale has no
passages, or its best answer is below ``RankingParams.fallback_below``, the
English passages are searched too (with the recognised cancer's English name
added to the lexical query) and used when they answer better
(``fell_back=True``, ``locale_used="en"``).

No Django here: the caller builds :class:`Passage` objects.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import numpy.typing as npt

from helpline.answers import dense as dense_mod
from helpline.answers.lexical import LexicalIndex, LexicalQuery
from helpline.answers.passages import Passage
from helpline.answers.qtypes import ALL_QTYPES, heading_qtype, qtype_affinity
from helpline.answers.ranking import (
    DEFAULT_CONFIDENCE,
    DEFAULT_PARAMS,
    ConfidenceFeatures,
    ConfidenceModel,
    RankingParams,
    fuse,
)
from helpline.answers.understanding import (
    Understanding,
    cancer_affinity,
    detect_cancers,
    expansion_terms,
    understand,
)

FloatArray = npt.NDArray[np.float32]

FALLBACK_LOCALE = "en"
# Weight of the understanding-derived expansion ("voice box" -> "laryngeal
# cancer ...") in the lexical score; higher across languages, where the
# question's own words rarely match.
EXPANSION_WEIGHT_SAME = 0.3
EXPANSION_WEIGHT_CROSS = 1.0
# Cancer feature of a page on one cancer when the question names none.
GENERAL_QUESTION_PENALTY = 0.25
# Cancer feature of a page on the cancer of the organ the question says cancer spreads to.
OUT_OF_THE_RUNNING = 10.0
# Title feature: this share from "how much of the title the question names",
# the rest from "how much of the question the title holds".
TITLE_RECALL = 0.8


@dataclass(frozen=True)
class Hit:
    passage: Passage
    score: float  # fused ranking score
    lexical: float  # field-combined BM25 score
    dense: float  # cosine similarity of question and passage vectors


@dataclass(frozen=True)
class RetrievalResult:
    hits: list[Hit]
    confidence: float  # in [0, 1]; compare with ranking.DEFAULT_MIN_CONFIDENCE
    locale_used: str
    fell_back: bool
    cancer: str | None
    qtype: str | None


@dataclass
class LocaleFeatures:
    """Per-passage features of one question against one locale (for ranking and tuning)."""

    locale: str
    lexical: FloatArray
    dense: FloatArray
    title: FloatArray
    cancer: FloatArray
    qtype: FloatArray
    understanding: Understanding
    matched: LexicalQuery = field(repr=False)  # question words, for coverage
    reference: float = 0.0  # the question's cosine to unrelated text (chance level)


class _LocaleIndex:
    def __init__(self, locale: str, passages: list[Passage], rows: npt.NDArray[np.int64]) -> None:
        self.locale = locale
        self.passages = passages
        self.rows = rows  # rows of the shared dense matrix
        self.lexical = LexicalIndex(passages, locale)
        # Cancers an article's title names, plus any its section heading names
        # ("Where cancer spreads" / "Where breast cancer spreads").
        self.title_cancers = [
            tuple(dict.fromkeys((*detect_cancers(p.title), *detect_cancers(p.section))))
            for p in passages
        ]
        # A heading that names no kind of question takes its article's ("Seed and
        # soil" in "How cancer spreads" answers how cancer spreads).
        kinds = [heading_qtype(p.section) or heading_qtype(p.title) for p in passages]
        # Pages whose title (not just a heading) is about one cancer.
        self.page_cancers = [detect_cancers(p.title) for p in passages]
        self.about_one_cancer = np.array([bool(tc) for tc in self.page_cancers], dtype=bool)
        self._page_masks: dict[str, npt.NDArray[np.bool_]] = {}
        self.qtype_vectors: dict[str, FloatArray] = {
            q: np.array([qtype_affinity(q, k) for k in kinds], dtype=np.float32) for q in ALL_QTYPES
        }
        self._cancer_vectors: dict[str, FloatArray] = {}

    def pages_about(self, cancer_id: str) -> npt.NDArray[np.bool_]:
        """Which passages belong to a page whose title is about ``cancer_id``."""
        mask = self._page_masks.get(cancer_id)
        if mask is None:
            mask = np.array([cancer_id in pc for pc in self.page_cancers], dtype=bool)
            self._page_masks[cancer_id] = mask
        return mask

    def cancer_vector(self, cancer_id: str) -> FloatArray:
        vec = self._cancer_vectors.get(cancer_id)
        if vec is None:
            vec = np.array(
                [cancer_affinity(cancer_id, tc) for tc in self.title_cancers], dtype=np.float32
            )
            self._cancer_vectors[cancer_id] = vec
        return vec


class Index:
    """Search index over published passages in every locale."""

    def __init__(
        self,
        passages: Sequence[Passage],
        vectors: FloatArray,
        embedder: dense_mod.Embedder,
        embedded: int,
        build_seconds: float,
    ) -> None:
        self.passages = list(passages)
        self.vectors = vectors
        self.embedder = embedder
        self.embedded = embedded  # passages embedded by this build (0 = all from cache)
        self.build_seconds = build_seconds
        self.params: RankingParams = DEFAULT_PARAMS
        self.confidence_model: ConfidenceModel = DEFAULT_CONFIDENCE
        by_locale: dict[str, list[int]] = {}
        for i, p in enumerate(self.passages):
            by_locale.setdefault(p.locale, []).append(i)
        self.locales: dict[str, _LocaleIndex] = {
            loc: _LocaleIndex(loc, [self.passages[i] for i in rows], np.array(rows, dtype=np.int64))
            for loc, rows in by_locale.items()
        }

    @classmethod
    def build(cls, passages: Sequence[Passage], cache_dir: Path | None = None) -> Index:
        """Index ``passages``; with ``cache_dir``, reuse and update cached passage vectors."""
        started = time.perf_counter()
        embedder = dense_mod.get_model()
        vectors, embedded = dense_mod.passage_vectors(passages, cache_dir, embedder)
        index = cls(passages, vectors, embedder, embedded, 0.0)
        index.build_seconds = time.perf_counter() - started
        return index

    # -- searching -------------------------------------------------------

    def features(
        self,
        question: str,
        locale: str,
        qvec: FloatArray | None = None,
        u: Understanding | None = None,
        question_locale: str | None = None,
    ) -> LocaleFeatures:
        """Per-passage features of ``question`` (asked in ``question_locale``, default
        ``locale``) against the passages of ``locale``."""
        li = self.locales[locale]
        if u is None:
            u = understand(question)
        if qvec is None:
            qvec = self.embedder.query(question)
        lq = li.lexical.analyse(question)
        lexical = li.lexical.scores(lq)
        # For coverage: the question's words except those naming a cancer
        # (matched by the cancer feature instead, lay names included); across
        # languages, plus the expansion, ignoring words the index does not know.
        matched = li.lexical.analyse(u.rest) if u.cancers else lq
        cross = question_locale is not None and question_locale != locale
        expansion = ""
        if cross:
            expansion = expansion_terms(u, locale, question)
        elif u.cancers:
            expansion = expansion_terms(u, locale)
        if expansion:
            weight = EXPANSION_WEIGHT_CROSS if cross else EXPANSION_WEIGHT_SAME
            eq = li.lexical.analyse(expansion)
            lexical = lexical + weight * li.lexical.scores(eq)
            if cross:
                matched = li.lexical.analyse(f"{u.rest} {expansion}", count_unknown=False)
        dense = (self.vectors[li.rows] @ qvec).astype(np.float32)
        titled = li.lexical.analyse(f"{question} {expansion}", count_unknown=False) if cross else lq
        title = TITLE_RECALL * li.lexical.title_match(titled) + (
            1.0 - TITLE_RECALL
        ) * li.lexical.title_precision(titled)
        # A question about cancer in general ("how does cancer spread to the
        # liver?") is better answered by a general page than by one on one cancer.
        cancer = (
            np.zeros(len(li.passages), dtype=np.float32)
            if u.cancers
            else np.where(li.about_one_cancer, -GENERAL_QUESTION_PENALTY, 0.0).astype(np.float32)
        )
        for rank, cid in enumerate(u.cancers):
            weight = 1.0 if rank == 0 else 0.8
            cancer = np.maximum(cancer, weight * li.cancer_vector(cid))
        # "How does cancer spread to the liver?": the page on cancer that starts in
        # the liver shares every word of the question but answers another one; it
        # is out of the running.
        for cid in set(u.destinations) - set(u.cancers):
            elsewhere = li.pages_about(cid)
            title = np.where(elsewhere, 0.0, title).astype(np.float32)
            cancer = np.where(elsewhere, -OUT_OF_THE_RUNNING, cancer).astype(np.float32)
        qtype = (
            li.qtype_vectors[u.qtype]
            if u.qtype is not None
            else np.zeros(len(li.passages), dtype=np.float32)
        )
        reference = self.embedder.chance_level(qvec)
        return LocaleFeatures(locale, lexical, dense, title, cancer, qtype, u, matched, reference)

    def rank(self, f: LocaleFeatures, k: int) -> tuple[list[Hit], float]:
        """Top ``k`` hits and the confidence for precomputed features."""
        li = self.locales[f.locale]
        if not li.passages:
            return [], 0.0
        score = fuse(self.params, f.lexical, f.dense, f.title, f.cancer, f.qtype)
        k = max(1, min(k, score.size))
        top = np.argpartition(-score, k - 1)[:k]
        top = top[np.argsort(-score[top], kind="stable")]
        hits = [
            Hit(li.passages[i], float(score[i]), float(f.lexical[i]), float(f.dense[i]))
            for i in top
        ]
        return hits, self.confidence_model(self._confidence_features(f, int(top[0])))

    def confidence_features(self, f: LocaleFeatures) -> ConfidenceFeatures:
        """The confidence inputs of the top hit (for calibration).

        ``dense`` is the top hit's cosine minus the question's chance level
        (median cosine to unrelated everyday text, :func:`dense.Embedder.chance_level`):
        cross-lingual and short questions shift all cosines together, the
        margin stays comparable where raw cosines do not, whatever the corpus.
        """
        score = fuse(self.params, f.lexical, f.dense, f.title, f.cancer, f.qtype)
        return self._confidence_features(f, int(np.argmax(score)))

    def _confidence_features(self, f: LocaleFeatures, best: int) -> ConfidenceFeatures:
        lexical = self.locales[f.locale].lexical
        if f.matched.ids or f.matched.unknown_weight > 0:
            coverage = float(lexical.coverage(f.matched, np.array([best], dtype=np.int64))[0])
        else:  # nothing asked beyond the cancer's name ("breast cancer")
            coverage = 1.0 if f.understanding.cancers else 0.0
        return ConfidenceFeatures(
            dense=float(f.dense[best]) - f.reference,
            coverage=coverage,
            oncology=1.0 if f.understanding.oncology else 0.0,
            cancer=float(f.cancer[best]),
            qtype=float(f.qtype[best]),
            mismatch=1.0
            if f.understanding.cancers
            and f.cancer[best] == 0
            and self.locales[f.locale].title_cancers[best]
            else 0.0,
        )

    def search(self, question: str, locale: str, k: int = 10) -> RetrievalResult:
        """The ``k`` best passages for ``question`` asked in ``locale``."""
        u = understand(question)
        cancer = u.cancer
        if not self.locales:
            return RetrievalResult([], 0.0, locale, False, cancer, u.qtype)
        qvec = self.embedder.query(question)
        first = locale if locale in self.locales else None
        if first is None:
            first = FALLBACK_LOCALE if FALLBACK_LOCALE in self.locales else next(iter(self.locales))
        hits, confidence = self.rank(self.features(question, first, qvec, u, locale), k)
        used, fell_back = first, first != locale
        if (
            first != FALLBACK_LOCALE
            and FALLBACK_LOCALE in self.locales
            and confidence < self.params.fallback_below
        ):
            en_feats = self.features(question, FALLBACK_LOCALE, qvec, u, locale)
            en_hits, en_conf = self.rank(en_feats, k)
            if en_conf > confidence:
                hits, confidence, used, fell_back = en_hits, en_conf, FALLBACK_LOCALE, True
        return RetrievalResult(hits, confidence, used, fell_back, cancer, u.qtype)


__all__ = [
    "Hit",
    "Index",
    "LocaleFeatures",
    "RetrievalResult",
]
