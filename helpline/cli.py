"""The ``helpline`` command: content, e-mail worker, staff accounts, and the subsystems' tools.

Each sub-command returns an exit code; problems with the input are reported on stderr in one
line naming the problem, with exit code 2, never as a traceback.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Sequence
from pathlib import Path

# Each subsystem adds its own sub-commands; these modules import Django only when run.
from helpline.answers import cli as answers_cli
from helpline.answers import qa_cli, triage_cli
from helpline.chat import cli as chat_cli
from helpline.spread import cli as spread_cli


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helpline.settings")
    import django

    django.setup()


def fail(message: str) -> int:
    print(f"helpline: error: {message}", file=sys.stderr)
    return 2


def _content_import(args: argparse.Namespace) -> int:
    setup_django()
    from django.conf import settings

    from helpline.knowledge.actions import import_content
    from helpline.knowledge.content_files import ContentError

    root = Path(args.dir or settings.HELPLINE_CONTENT_DIR)
    try:
        report = import_content(root)
    except ContentError as exc:
        return fail(f"nothing imported: {exc}")
    print(
        f"imported from {root}: {len(report.created)} new, {len(report.updated)} updated, "
        f"{len(report.unchanged)} unchanged"
    )
    for label in report.created + report.updated:
        print(f"  {label}")
    return 0


def _content_export(args: argparse.Namespace) -> int:
    setup_django()
    from django.conf import settings

    from helpline.knowledge.actions import export_content

    root = Path(args.dir or settings.HELPLINE_CONTENT_DIR)
    written = export_content(root)
    print(f"exported {len(written)} file(s) to {root}")
    return 0


def _mail_send(args: argparse.Namespace) -> int:
    setup_django()
    from helpline.mail.actions import send_pending

    sent, failed = send_pending(limit=args.limit)
    print(f"sent {sent}, failed {failed}")
    return 0 if failed == 0 else 1


def _staff_create(args: argparse.Namespace) -> int:
    setup_django()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    from helpline.accounts.roles import Role, grant_role

    roles = []
    for name in args.role:
        if name not in Role.values:
            return fail(f"unknown role {name!r}; choose from {', '.join(Role.values)}")
        roles.append(Role(name))
    password = os.environ.get("HELPLINE_STAFF_PASSWORD") or getpass.getpass("Password: ")
    user_model = get_user_model()
    user = user_model.objects.filter(username=args.username).first() or user_model(
        username=args.username, email=args.email or ""
    )
    try:
        validate_password(password, user)
    except ValidationError as exc:
        return fail("password refused: " + " ".join(exc.messages))
    user.set_password(password)
    user.is_staff = Role.ADMIN in roles
    user.save()
    for role in roles:
        grant_role(user, role)
    print(f"{args.username}: {', '.join(r.value for r in roles)}")
    return 0


def _warm(args: argparse.Namespace) -> int:
    """Build the answer index and load the triage's model, so the first visitor does not wait."""
    import time

    setup_django()
    from helpline.answers import index
    from helpline.answers.triage import triage

    started = time.perf_counter()
    state = index.current()
    triage("warming up the safety check", "en")
    print(
        f"answer index: {len(state.info)} passages ({state.index.embedded} embedded now), "
        f"ready in {time.perf_counter() - started:.1f} s"
    )
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="helpline", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    content = sub.add_parser("content", help="import and export the knowledge base")
    content_sub = content.add_subparsers(dest="content_command", required=True)
    imp = content_sub.add_parser("import", help="import content/<locale>/*.md (idempotent)")
    imp.add_argument("dir", nargs="?", help="content folder (default: HELPLINE_CONTENT_DIR)")
    imp.set_defaults(func=_content_import)
    exp = content_sub.add_parser("export", help="write published articles back to files")
    exp.add_argument("dir", nargs="?", help="content folder (default: HELPLINE_CONTENT_DIR)")
    exp.set_defaults(func=_content_export)
    qa_cli.add_parser(content_sub)

    mail = sub.add_parser("mail", help="outgoing e-mail")
    mail_sub = mail.add_subparsers(dest="mail_command", required=True)
    send = mail_sub.add_parser("send", help="send queued e-mail (run from a timer)")
    send.add_argument("--limit", type=int, default=100)
    send.set_defaults(func=_mail_send)

    staff = sub.add_parser("staff", help="staff accounts")
    staff_sub = staff.add_subparsers(dest="staff_command", required=True)
    create = staff_sub.add_parser(
        "create", help="create or update a staff account (password from HELPLINE_STAFF_PASSWORD)"
    )
    create.add_argument("username")
    create.add_argument("--email")
    create.add_argument("--role", action="append", required=True, help="repeat for several")
    create.set_defaults(func=_staff_create)

    warm = sub.add_parser("warm", help="build the answer index and vector caches ahead of time")
    warm.set_defaults(func=_warm)

    answers_cli.add_parser(sub)
    triage_cli.add_parser(sub)
    chat_cli.add_parser(sub)
    spread_cli.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
