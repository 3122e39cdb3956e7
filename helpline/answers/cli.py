"""``helpline ask``: the answer engine from the command line, one question or JSON lines."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from helpline.answers.compose import Answer

LANGS = ("en", "es")


def jsonl_record(qid: Any, result: Answer) -> dict[str, Any]:
    return {
        "id": qid,
        "action": result.action.value,
        "language": result.language,
        "answer": result.answer,
        "citations": [
            {
                "title": c.title,
                "url": c.url,
                "section": c.section,
                "last_revised": c.last_revised,
                "external_id": c.external_id,
            }
            for c in result.citations
        ],
        "confidence": round(result.confidence, 4),
    }


def _print_readable(result: Answer, out: TextIO) -> None:
    out.write(
        f"[{result.action.value}] ({result.language}, confidence {result.confidence:.2f})\n\n"
    )
    out.write(result.answer + "\n")
    if result.note:
        out.write(f"\n{result.note}\n")
    for n, c in enumerate(result.citations, start=1):
        section = f" — {c.section}" if c.section else ""
        out.write(f"\n[{n}] {c.title}{section}. Last revised {c.last_revised}. {c.url}\n")
    if result.reminder:
        out.write(f"\n{result.reminder}\n")


def _run_jsonl(stdin: TextIO, stdout: TextIO) -> int:
    from helpline.answers.pipeline import QuestionError, answer

    problems = 0
    for n, line in enumerate(stdin, start=1):
        if not line.strip():
            continue
        qid: Any = None
        try:
            row = json.loads(line)
            if not isinstance(row, dict):
                raise ValueError("not a JSON object")
            qid = row.get("id")
            lang = row.get("lang")
            if lang is not None and lang not in LANGS:
                raise ValueError('"lang" must be "en" or "es"')
            record = jsonl_record(qid, answer(row.get("question"), lang))
        except (ValueError, QuestionError) as exc:
            problems += 1
            print(f"helpline: error: line {n}: {exc}", file=sys.stderr)
            record = {"id": qid, "error": str(exc)}
        stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        stdout.flush()
    return 2 if problems else 0


def _ask(args: argparse.Namespace) -> int:
    from helpline.cli import fail, setup_django

    setup_django()
    if args.jsonl:
        return _run_jsonl(sys.stdin, sys.stdout)
    if not args.question:
        return fail('give a question, e.g. helpline ask "Where does breast cancer spread?"')
    from helpline.answers.pipeline import QuestionError, answer

    try:
        result = answer(args.question, args.lang)
    except QuestionError as exc:
        return fail(str(exc))
    if args.json:
        print(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    else:
        _print_readable(result, sys.stdout)
    return 0


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    ask = subparsers.add_parser("ask", help="ask the answer engine a question")
    ask.add_argument("question", nargs="?", help="the question, in English or Spanish")
    ask.add_argument("--lang", choices=LANGS, help="the asker's language (a hint)")
    ask.add_argument("--json", action="store_true", help="print the whole answer as JSON")
    ask.add_argument(
        "--jsonl",
        action="store_true",
        help='read {"id", "question", "lang"?} per line on stdin; write one answer per line',
    )
    ask.set_defaults(func=_ask)
