#!/usr/bin/env python
"""The answer engine, end to end, on real consumer-health data. Prints its figures.

    .venv/bin/python bench/answers.py [--cache-dir DIR] [--limit N] [--with-atlas]

MedQuAD CancerGov is imported the way `helpline content import-qa` imports it (into a database
of its own), the index is built from the published revisions as in production, and every
question goes through `answers.pipeline.answer` (triage, language, retrieval, compose):

- Recall@1 of the first citation, and Recall@5 / MRR@10 of the index's ranking, overall and
  per question type, beside a plain bm25s baseline on the same passages (same process);
- abstention on the LiveQA medical test questions with no good answer in the corpus;
- p50 / p95 latency per question, and the index build time (cold and with the vector cache).

Evaluation data is read from ../shared/data (never copied into the project).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(HERE)]

from retrieval_medquad import (  # noqa: E402 - the shared data and metric helpers
    MEDQUAD,
    Scores,
    ceiling,
    liveqa_text,
    liveqa_unanswerable,
    load_jsonl,
    medquad_passages,
    plain_bm25,
    rank_of,
)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--cache-dir",
        default=str(ROOT / "var" / "bench-answers"),
        help="passage-vector cache, kept between runs (default var/bench-answers)",
    )
    parser.add_argument("--limit", type=int, default=0, help="only the first N questions")
    parser.add_argument("--with-atlas", action="store_true",
                        help="index the spread atlas too, as production does")  # fmt: skip
    args = parser.parse_args()

    cache = Path(args.cache_dir)
    cache.mkdir(parents=True, exist_ok=True)
    database = Path(tempfile.mkdtemp(prefix="helpline-bench-")) / "bench.sqlite3"
    os.environ["HELPLINE_VAR_DIR"] = str(cache)
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helpline.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from helpline.answers import index, pipeline
    from helpline.answers.compose import Action
    from helpline.knowledge.qa_import import import_qa

    call_command("migrate", verbosity=0)
    rows = load_jsonl(MEDQUAD)
    if args.limit:
        rows = rows[: args.limit]
    t0 = time.perf_counter()
    report = import_qa(MEDQUAD)
    print(f"imported {report.articles} articles, {report.sections} sections "
          f"in {time.perf_counter() - t0:.1f} s")  # fmt: skip
    if not args.with_atlas:
        index._atlas = lambda info: []  # type: ignore[assignment]  # MedQuAD alone, as the issue asks

    for label in ("cold", "warm"):
        index.reset()
        t0 = time.perf_counter()
        state = index.current()
        print(f"index build ({label}): {time.perf_counter() - t0:.1f} s, "
              f"{state.index.embedded} of {len(state.info)} passages embedded")  # fmt: skip

    print(f"\nMedQuAD CancerGov: {len(rows)} questions "
          f"(Recall@1 ceiling {ceiling(rows):.3f}: repeated questions)")  # fmt: skip
    baseline = plain_bm25(medquad_passages(rows if not args.limit else load_jsonl(MEDQUAD)))
    ranking, first_citation, base = Scores(), Scores(), Scores()
    per_qtype: dict[str, Scores] = defaultdict(Scores)
    actions: dict[str, int] = defaultdict(int)
    latencies: list[float] = []
    for warm in ("What is cancer?", "How is it treated?", "¿Qué es el cáncer?"):
        pipeline.answer(warm, "en")  # warm-up, on questions outside the set
    for q in rows:
        # Timed first, while the question is new to the process (the embedder keeps recent
        # query vectors, which the ranking call below then reuses).
        t0 = time.perf_counter()
        result = pipeline.answer(q["question"], "en")
        latencies.append((time.perf_counter() - t0) * 1000)
        hits = state.index.search(q["question"], "en", k=10).hits
        rank = rank_of([h.passage.external_id for h in hits], q["id"])
        ranking.add(rank)
        per_qtype[q["qtype"]].add(rank)
        actions[result.action.value] += 1
        cited = [c.external_id for c in result.citations]
        first_citation.add(1 if cited and cited[0] == q["id"] else None)
        base.add(rank_of(baseline(q["question"]), q["id"]))
    print(f"  engine, first citation  R@1 {first_citation.r1 / first_citation.n:.3f}")
    print(f"  engine, ranking         {ranking.row()}")
    print(f"  plain bm25s (baseline)  {base.row()}")
    for qtype in sorted(per_qtype, key=lambda k: -per_qtype[k].n):
        print(f"      {qtype:<16} {per_qtype[qtype].row()}")
    print(f"  actions: {dict(actions)}")

    unanswerable = liveqa_unanswerable()
    abstained = 0
    for r in unanswerable:
        if pipeline.answer(liveqa_text(r), "en").action != Action.ANSWER:
            abstained += 1
    print(f"\nLiveQA medical test questions with no good answer in the corpus: {len(unanswerable)}"
          f"\n  abstained (handoff, crisis, emergency or see-doctor): "
          f"{abstained / max(1, len(unanswerable)):.3f}")  # fmt: skip

    p50, p95 = statistics.median(latencies), percentile(latencies, 0.95)
    print(f"\nlatency per question (pipeline.answer, warm): p50 {p50:.1f} ms, p95 {p95:.1f} ms "
          f"over {len(latencies)} questions")  # fmt: skip


if __name__ == "__main__":
    main()
