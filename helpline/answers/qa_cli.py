"""``helpline content import-qa PATH.jsonl``."""

from __future__ import annotations

import argparse
from pathlib import Path


def _import_qa(args: argparse.Namespace) -> int:
    from helpline.cli import fail, setup_django

    setup_django()
    from helpline.knowledge.content_files import ContentError
    from helpline.knowledge.qa_import import import_qa

    try:
        report = import_qa(Path(args.path))
    except ContentError as exc:
        return fail(f"nothing imported: {exc}")
    print(
        f"imported {report.articles} article(s) with {report.sections} section(s); "
        f"{report.unchanged} unchanged"
    )
    return 0


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    imp = subparsers.add_parser(
        "import-qa", help="import a question-answer JSONL set (MedQuAD format) as articles"
    )
    imp.add_argument("path", help="the .jsonl file")
    imp.set_defaults(func=_import_qa)
