"""Fusion of lexical and dense scores, understanding boosts, and answer confidence.

Ranking score of passage *p* for a question (all parts in [0, 1]):

    score = w_lexical * bm25(p) / max bm25
          + w_dense   * (cos(p) - median cos) / (max cos - median cos)
          + w_title   * title_match(p)      # how much of p's title the question names
          + w_cancer  * cancer_affinity(p)  # p's title is about the cancer asked about
          + w_qtype   * qtype_affinity(p)   # p's heading answers the kind of question

Confidence is a logistic model over the top hit's absolute evidence (not the
per-question normalised scores): how far its dense cosine stands above the
question's chance level (its median cosine to unrelated everyday sentences,
``dense.BACKGROUND_TEXTS``), the share of the question's words (other
than the cancer's name) it contains, whether the question uses cancer words
at all, and whether the recognised cancer and question type match the hit.
The weights were fitted with ``bench/retrieval_medquad.py --fit-confidence``:
answerable = MedQuAD questions (CancerGov and other subsets, each against its
own corpus) and 30 hand-written naturally phrased questions; unanswerable =
MEDIQA 2019 questions without cancer words (its LiveQA split, the benchmark's
abstention set, left out) and 30 hand-written cancer-related questions no
information article answers (parking, costs, zodiac...). Classes and groups
are weighted equally, so 0.5 is the natural threshold. One weight, for a
question naming one cancer and the top hit's article another, never occurs
in those sets and is set by hand.

Recalibrate on real, logged helpline questions once there are some: these
features depend on the corpus (section length, writing style) and the
calibration questions are mostly MedQuAD's templates.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float32]

# Show an answer only when confidence reaches this (see module docstring).
DEFAULT_MIN_CONFIDENCE = 0.5


@dataclass(frozen=True)
class RankingParams:
    """Weights of the ranking score."""

    w_lexical: float = 0.6
    w_dense: float = 1.0
    w_title: float = 1.5
    w_cancer: float = 1.0
    w_qtype: float = 1.0
    # Spanish (or other) questions fall back to English passages below this.
    fallback_below: float = DEFAULT_MIN_CONFIDENCE


@dataclass(frozen=True)
class ConfidenceModel:
    """Logistic confidence over top-hit features."""

    bias: float = -8.50
    dense: float = 29.56  # top hit cosine above the question's chance level
    coverage: float = 3.52  # share of the question's words in the top hit
    oncology: float = 1.74  # the question uses cancer words at all
    cancer: float = 1.91  # recognised cancer matches the top hit's article
    qtype: float = 1.45  # recognised question type matches the top hit's heading
    # Set by hand (never seen in the calibration sets): the question names a
    # cancer and the top hit's article is about another one.
    mismatch: float = -4.0

    def __call__(self, f: ConfidenceFeatures) -> float:
        z = (
            self.bias
            + self.dense * f.dense
            + self.coverage * f.coverage
            + self.oncology * f.oncology
            + self.cancer * f.cancer
            + self.qtype * f.qtype
            + self.mismatch * f.mismatch
        )
        return 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, z))))


@dataclass(frozen=True)
class ConfidenceFeatures:
    dense: float
    coverage: float
    oncology: float
    cancer: float
    qtype: float
    mismatch: float = 0.0

    def as_list(self) -> list[float]:
        return [self.dense, self.coverage, self.oncology, self.cancer, self.qtype, self.mismatch]


DEFAULT_PARAMS = RankingParams()
DEFAULT_CONFIDENCE = ConfidenceModel()


def normalise_lexical(scores: FloatArray) -> FloatArray:
    top = float(scores.max()) if scores.size else 0.0
    if top <= 0:
        return np.zeros_like(scores)
    return (scores / top).astype(np.float32)


def normalise_dense(cosines: FloatArray) -> FloatArray:
    if cosines.size == 0:
        return cosines
    top = float(cosines.max())
    mid = float(np.median(cosines))
    if top - mid <= 1e-6:
        return np.zeros_like(cosines)
    scaled: FloatArray = np.clip((cosines - mid) / (top - mid), 0.0, 1.0).astype(np.float32)
    return scaled


def fuse(
    params: RankingParams,
    lexical: FloatArray,
    dense: FloatArray,
    title: FloatArray,
    cancer: FloatArray,
    qtype: FloatArray,
) -> FloatArray:
    """The ranking score of every passage (see module docstring)."""
    score: FloatArray = (
        params.w_lexical * normalise_lexical(lexical)
        + params.w_dense * normalise_dense(dense)
        + params.w_title * title
        + params.w_cancer * cancer
        + params.w_qtype * qtype
    ).astype(np.float32)
    return score
