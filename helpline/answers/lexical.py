"""Lexical retrieval: BM25 (bm25s) over stemmed, accent-folded tokens, one index per locale.

Each passage is indexed three ways and the scores are combined field by field:

* ``all``: title + section heading + body (the main BM25 score);
* ``title``: the article title alone;
* ``section``: the section heading alone.

so a word in the title or heading counts more than the same word deep in a
long body, without the length-normalisation side effects of repeating the
title inside the body.

The index also keeps, per passage, which vocabulary entries its title and its
whole text contain, for the "how much of the question does this passage
cover" and "how much of this title does the question name" features used in
ranking.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import bm25s
import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from helpline.answers.passages import Passage
from helpline.answers.text import analyse

FloatArray = npt.NDArray[np.float32]

# Field weights: the main score plus these multiples of the field scores.
TITLE_WEIGHT = 1.0
SECTION_WEIGHT = 0.3


@dataclass(frozen=True)
class LexicalQuery:
    """A question analysed against one index's vocabulary."""

    ids: list[int]  # distinct vocabulary ids of the known tokens
    unique_ids: npt.NDArray[np.int64]  # distinct known ids
    weights: FloatArray  # idf of each distinct known id
    unknown_weight: float  # summed idf assumed for tokens the corpus never uses


def _bm25(docs: list[list[int]], vocab: dict[str, int]) -> bm25s.BM25:
    model = bm25s.BM25(k1=1.2, b=0.75)
    with np.errstate(invalid="ignore", divide="ignore"):  # a field empty in every passage
        model.index((docs, vocab), show_progress=False)
    return model


def _incidence(docs: list[list[int]], n_vocab: int) -> sp.csr_matrix:
    rows: list[int] = []
    cols: list[int] = []
    for i, doc in enumerate(docs):
        for tok in set(doc):
            rows.append(i)
            cols.append(tok)
    data = np.ones(len(rows), dtype=np.float32)
    return sp.csr_matrix((data, (rows, cols)), shape=(len(docs), n_vocab), dtype=np.float32)


class LexicalIndex:
    """BM25 over the passages of one locale."""

    def __init__(self, passages: Sequence[Passage], locale: str) -> None:
        self.locale = locale
        self.size = len(passages)
        vocab: dict[str, int] = {}

        def ids(tokens: list[str]) -> list[int]:
            return [vocab.setdefault(t, len(vocab)) for t in tokens]

        title_docs = [ids(analyse(p.title, locale)) for p in passages]
        section_docs = [ids(analyse(p.section, locale)) for p in passages]
        body_docs = [ids(analyse(p.body, locale)) for p in passages]
        all_docs = [t + s + b for t, s, b in zip(title_docs, section_docs, body_docs, strict=True)]
        self.vocab = vocab
        n_vocab = max(len(vocab), 1)
        if not vocab:
            vocab[""] = 0
        self._all = _bm25(all_docs, vocab)
        self._title = _bm25(title_docs, vocab)
        self._section = _bm25(section_docs, vocab)

        self._all_incidence = _incidence(all_docs, n_vocab)
        self._title_incidence = _incidence(title_docs, n_vocab)
        df = np.asarray(self._all_incidence.sum(axis=0)).ravel()
        n = max(self.size, 1)
        self.idf: FloatArray = np.log1p((n - df + 0.5) / (df + 0.5)).astype(np.float32)
        # A token the corpus never uses is as informative as the rarest one.
        self.max_idf = float(math.log1p((n + 0.5) / 0.5))
        title_weight = self._title_incidence @ self.idf
        self._title_weight: FloatArray = np.asarray(title_weight, dtype=np.float32).ravel()

    def analyse(self, text: str, count_unknown: bool = True) -> LexicalQuery:
        """Tokens of ``text`` mapped onto this index's vocabulary.

        With ``count_unknown`` (the default) words the corpus never uses weigh
        against coverage; turn it off for text in another language.
        """
        tokens = analyse(text, self.locale)
        known = sorted({self.vocab[t] for t in tokens if t in self.vocab})
        unknown = {t for t in tokens if t not in self.vocab} if count_unknown else set()
        unique = np.array(known, dtype=np.int64)
        weights = self.idf[unique] if unique.size else np.zeros(0, dtype=np.float32)
        return LexicalQuery(known, unique, weights, self.max_idf * len(unknown))

    def scores(self, query: LexicalQuery) -> FloatArray:
        """Field-combined BM25 score of every passage (0 when nothing matches)."""
        if not query.ids or self.size == 0:
            return np.zeros(self.size, dtype=np.float32)
        s_all = self._all.get_scores_from_ids(query.ids)
        s_title = self._title.get_scores_from_ids(query.ids)
        s_section = self._section.get_scores_from_ids(query.ids)
        combined = s_all + TITLE_WEIGHT * s_title + SECTION_WEIGHT * s_section
        return np.asarray(combined, dtype=np.float32)

    def title_match(self, query: LexicalQuery) -> FloatArray:
        """Per passage: share (idf-weighted) of the title's words that the question names.

        1.0 when every title word is in the question ("What are the symptoms of
        Melanoma?" vs title "Melanoma"), lower for titles with words the
        question lacks ("Intraocular (Uveal) Melanoma").
        """
        if query.unique_ids.size == 0 or self.size == 0:
            return np.zeros(self.size, dtype=np.float32)
        q = np.zeros(self._title_incidence.shape[1], dtype=np.float32)
        q[query.unique_ids] = self.idf[query.unique_ids]
        hit = np.asarray(self._title_incidence @ q, dtype=np.float32).ravel()
        with np.errstate(divide="ignore", invalid="ignore"):
            out = np.where(self._title_weight > 0, hit / self._title_weight, 0.0)
        return out.astype(np.float32)

    def title_precision(self, query: LexicalQuery) -> FloatArray:
        """Per passage: share (idf-weighted) of the question's words found in the title."""
        total = float(query.weights.sum()) + query.unknown_weight
        if query.unique_ids.size == 0 or self.size == 0 or total <= 0:
            return np.zeros(self.size, dtype=np.float32)
        q = np.zeros(self._title_incidence.shape[1], dtype=np.float32)
        q[query.unique_ids] = self.idf[query.unique_ids]
        hit = np.asarray(self._title_incidence @ q, dtype=np.float32).ravel()
        return (hit / total).astype(np.float32)

    def coverage(self, query: LexicalQuery, rows: npt.NDArray[np.int64]) -> FloatArray:
        """Share (idf-weighted) of the question's words that each passage in ``rows`` contains.

        Words the corpus never uses count against every passage, so a question
        about pizza covers nothing.
        """
        total = float(query.weights.sum()) + query.unknown_weight
        if query.unique_ids.size == 0 or total <= 0 or rows.size == 0:
            return np.zeros(rows.size, dtype=np.float32)
        sub = self._all_incidence[rows][:, query.unique_ids]
        hit = np.asarray(sub @ query.weights, dtype=np.float32).ravel()
        return (hit / total).astype(np.float32)
