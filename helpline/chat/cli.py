"""``helpline chat purge``."""

from __future__ import annotations

import argparse


def _purge(args: argparse.Namespace) -> int:
    from helpline.cli import fail, setup_django

    setup_django()
    from django.conf import settings

    from helpline.chat.retention import purge

    days = args.days if args.days is not None else settings.HELPLINE_CHAT_RETENTION_DAYS
    try:
        report = purge(days)
    except ValueError as exc:
        return fail(str(exc))
    print(f"purged {report.messages} message(s) of {report.conversations} conversation(s) "
          f"closed more than {days} day(s) ago")  # fmt: skip
    return 0


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    chat = subparsers.add_parser("chat", help="live chat housekeeping")
    chat_sub = chat.add_subparsers(dest="chat_command", required=True)
    purge = chat_sub.add_parser("purge", help="delete old conversations' messages (run daily)")
    purge.add_argument("--days", type=int, help="default: HELPLINE_CHAT_RETENTION_DAYS")
    purge.set_defaults(func=_purge)
