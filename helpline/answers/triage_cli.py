"""``helpline triage``: train the crisis classifier, and measure the triage on a labelled set."""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# A labelled message's label -> the action the triage should take.
EXPECTED = {
    "crisis": "crisis",
    "emergency": "emergency",
    "see_doctor": "see_doctor",
    "ordinary": "none",
    "off_topic": "none",
}
EMBED_CHUNK = 64


def read_labelled(path: Path) -> list[dict[str, str]]:
    """``{"id"?, "text", "label"}`` per line; a bad line raises CorpusError naming it."""
    from helpline.answers.triage_model import labelled_rows

    return [{**row, "id": str(row.get("id", where))} for where, row in labelled_rows(path)]


@dataclass
class Figures:
    """Counts of (label, action) over a labelled set, and the messages triaged wrongly."""

    counts: Counter[tuple[str, str]] = field(default_factory=Counter)
    wrong: list[dict[str, str]] = field(default_factory=list)

    def add(self, row: dict[str, str], action: str, reason: str) -> None:
        label = row["label"]
        self.counts[(label, action)] += 1
        if action != EXPECTED[label]:
            self.wrong.append({"id": row["id"], "label": label, "action": action, "reason": reason})

    def total(self, label: str | None = None, action: str | None = None) -> int:
        return sum(
            n
            for (lab, act), n in self.counts.items()
            if (label is None or lab == label) and (action is None or act == action)
        )

    def summary(self) -> dict[str, Any]:
        def share(hits: int, of: int) -> float | None:
            return round(hits / of, 4) if of else None

        crisis = self.total("crisis")
        ordinary = self.total("ordinary")
        not_crisis = sum(self.total(label) for label in EXPECTED if label != "crisis")
        out: dict[str, Any] = {
            "messages": self.total(),
            "crisis_recall": share(self.total("crisis", "crisis"), crisis),
            "crisis_found": [self.total("crisis", "crisis"), crisis],
            "false_crisis_ordinary": share(self.total("ordinary", "crisis"), ordinary),
            "false_crisis_ordinary_count": [self.total("ordinary", "crisis"), ordinary],
            "false_crisis_not_crisis": [
                sum(self.total(label, "crisis") for label in EXPECTED if label != "crisis"),
                not_crisis,
            ],
        }
        for label in ("emergency", "see_doctor"):
            called = self.total(action=label)
            out[f"{label}_recall"] = share(self.total(label, label), self.total(label))
            out[f"{label}_precision"] = share(self.total(label, label), called)
        return out


def evaluate(rows: Sequence[dict[str, str]]) -> Figures:
    from helpline.answers.triage import triage

    figures = Figures()
    for row in rows:
        result = triage(row["text"], row.get("lang"))
        figures.add(row, result.action.value, result.reason)
    return figures


def _evaluate(args: argparse.Namespace) -> int:
    from helpline.answers.triage_model import CorpusError
    from helpline.cli import fail, setup_django

    try:
        rows = [row for path in args.files for row in read_labelled(Path(path))]
    except CorpusError as exc:
        return fail(str(exc))
    setup_django()
    figures = evaluate(rows)
    summary = figures.summary()
    if args.json:
        print(json.dumps({**summary, "wrong": figures.wrong if args.misses else None}))
        return 0
    found, crisis = summary["crisis_found"]
    false_ord, ordinary = summary["false_crisis_ordinary_count"]
    print(f"{summary['messages']} messages")
    print(f"crisis recall {found}/{crisis} = {summary['crisis_recall']}")
    print(f"false crisis on ordinary cancer talk {false_ord}/{ordinary}")
    print("false crisis on every other label {}/{}".format(*summary["false_crisis_not_crisis"]))
    for label in ("emergency", "see_doctor"):
        print(
            f"{label}: recall {summary[f'{label}_recall']}, "
            f"precision {summary[f'{label}_precision']}"
        )
    if args.misses:
        texts = {row["id"]: row["text"] for row in rows}
        for wrong in figures.wrong:
            print(f"  {wrong['id']} {wrong['label']} -> {wrong['action']}: {texts[wrong['id']]}")
    return 0


def _train(args: argparse.Namespace) -> int:
    from helpline.answers import triage_model as tm
    from helpline.cli import fail, setup_django

    l2 = tm.DEFAULT_L2 if args.l2 is None else args.l2
    words_l2 = tm.DEFAULT_WORDS_L2 if args.words_l2 is None else args.words_l2
    threshold = tm.DEFAULT_THRESHOLD if args.threshold is None else args.threshold
    if l2 < 0 or words_l2 < 0 or not 0 < threshold < 1:
        return fail("--l2 and --words-l2 must be >= 0 and --threshold between 0 and 1")
    setup_django()
    import numpy as np

    from helpline.answers.triage import e5_embed, e5_model_key

    try:
        examples = tm.corpus()
    except (tm.CorpusError, OSError) as exc:
        return fail(f"nothing trained: {exc}")

    def embed(texts: Sequence[str]) -> Any:
        chunks = [e5_embed(texts[i : i + EMBED_CHUNK]) for i in range(0, len(texts), EMBED_CHUNK)]
        return np.vstack(chunks)

    started = time.perf_counter()
    classifier = tm.train(
        embed, examples, model=e5_model_key(), l2=l2, words_l2=words_l2, threshold=threshold
    )
    out = Path(args.out) if args.out else tm.MODEL_FILE
    out.write_text(classifier.to_json() + "\n", encoding="utf-8")
    print(
        f"trained on {classifier.examples} sentences ({classifier.crisis_examples} crisis) "
        f"and {len(classifier.words)} word features in {time.perf_counter() - started:.1f} s; "
        f"l2 {l2}, words l2 {words_l2}, threshold {threshold}; wrote {out}"
    )
    return 0


def add_parser(sub: Any) -> None:
    triage = sub.add_parser("triage", help="the safety triage's crisis classifier and figures")
    triage_sub = triage.add_subparsers(dest="triage_command", required=True)
    train = triage_sub.add_parser(
        "train", help="fit the crisis classifier on helpline/answers/triage_corpus"
    )
    train.add_argument("--l2", type=float, default=None, help="L2 of the vector weights")
    train.add_argument("--words-l2", type=float, default=None, help="L2 of the word weights")
    train.add_argument("--threshold", type=float, default=None, help="crisis probability cut")
    train.add_argument("--out", help="where to write the weights (default: the shipped file)")
    train.set_defaults(func=_train)
    evaluate_parser = triage_sub.add_parser(
        "evaluate", help="triage a labelled JSON-lines set and print recall and false alarms"
    )
    evaluate_parser.add_argument("files", nargs="+", help='{"id", "text", "label"} per line')
    evaluate_parser.add_argument("--misses", action="store_true", help="list wrong calls")
    evaluate_parser.add_argument("--json", action="store_true", help="one JSON object")
    evaluate_parser.set_defaults(func=_evaluate)
