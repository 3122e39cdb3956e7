"""The specialist console: the live queue and chats (``console.js`` over ``/ws/console/``), the
wrap-up of an ended chat, knowledge-base search for cited extracts, callback requests, and the
supervisor's view.

Views parse, authorise (a role, and ``access_conversation_for_staff`` for a conversation), make
one call and render; chat rules live in ``helpline.chat.actions``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template import TemplateDoesNotExist, loader
from django.template.backends.django import DjangoTemplates
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from helpline.accounts.roles import Role, has_role
from helpline.chat import actions
from helpline.chat.access import NotFound, access_conversation_for_staff
from helpline.chat.models import CallbackRequest, CallerType, Outcome, Priority, Queue, Status
from helpline.console.canned import canned_responses
from helpline.console.forms import WrapUpForm

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
EXTRACT_CHARS = 320


# --- rendering ---------------------------------------------------------------------------------


@functools.cache
def _own_engine() -> DjangoTemplates:
    """The project's template settings plus this package's templates folder.

    ``helpline.console`` is not in INSTALLED_APPS, so the app-directories loader does not see
    ``console/templates/``; this engine does (and still finds ``base.html``).
    """
    conf: dict[str, Any] = settings.TEMPLATES[0]
    return DjangoTemplates(
        {
            "NAME": "console",
            "DIRS": [TEMPLATES_DIR, *conf.get("DIRS", [])],
            "APP_DIRS": conf.get("APP_DIRS", False),
            "OPTIONS": dict(conf.get("OPTIONS", {})),
        }
    )


def render(
    request: HttpRequest, name: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    try:
        template: Any = loader.get_template(name)
    except TemplateDoesNotExist:
        template = _own_engine().get_template(name)
    return HttpResponse(template.render(context, request), status=status)


# --- who may come in ---------------------------------------------------------------------------


def is_console_user(user: Any) -> bool:
    return has_role(user, Role.SPECIALIST) or has_role(user, Role.SUPERVISOR)


def console_view(
    check: Callable[[Any], bool] = is_console_user,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Signed in (else the sign-in page), and the role ``check`` asks for (else 404)."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not check(request.user):
                raise Http404("No such page")
            return view(request, *args, **kwargs)

        return login_required(wrapped)

    return decorate


def staff_user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):
        raise Http404("No such page")
    return user


def _error(status: int, message: str) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


# --- pages ---------------------------------------------------------------------------------------


def console_labels() -> dict[str, Any]:
    """The words console.js shows, translated like every template string."""
    return {
        "connecting": _("Connecting…"),
        "connected": _("Connected."),
        "reconnecting": _("Connection lost. Reconnecting…"),
        "signedOut": _("Your session has ended. Please sign in again."),
        "visitor": _("Visitor"),
        "engine": _("Answer engine"),
        "system": _("Helpline"),
        "privateNote": _("Private note"),
        "sending": _("Sending…"),
        "read": _("Read"),
        "accept": _("Accept"),
        "noQueue": _("No one is waiting."),
        "noActive": _("No active chats."),
        "noSpecialists": _("No specialist has signed in to the console yet."),
        "noChats": _("You have no open chats."),
        "minutes": _("{minutes} min"),
        "sources": _("Sources"),
        "lastRevised": _("Last revised"),
        "insert": _("Insert"),
        "searching": _("Searching…"),
        "noResults": _("No reviewed passage found."),
        "wrapUpSaved": _("Wrap-up saved."),
        "visitorTyping": _("The visitor is typing…"),
        "takenByOther": _("This chat is no longer waiting: another specialist took it."),
        "transferred": _("The chat was transferred."),
        "available": _("Available"),
        "away": _("Away"),
        "error": _("Something went wrong. Please try again."),
        "status": {
            Status.BOT: _("With the answer engine"),
            Status.QUEUED: _("Waiting for a specialist"),
            Status.ACTIVE: _("Active"),
            Status.WRAP_UP: _("Ended: please wrap up"),
            Status.CLOSED: _("Closed"),
        },
        "priority": {str(p.value): str(p.label) for p in Priority},
        "queue": {q.value: str(q.label) for q in Queue},
        "callerType": {"": _("Not said"), **{c.value: str(c.label) for c in CallerType}},
        "language": {"en": "English", "es": "Español"},
    }


def _specialist_names() -> list[str]:
    return list(
        User.objects.filter(is_active=True)
        .filter(Q(groups__name=Role.SPECIALIST) | Q(groups__name=Role.SUPERVISOR))
        .order_by("username")
        .values_list("username", flat=True)
        .distinct()
    )


def _common(request: HttpRequest, mode: str) -> dict[str, Any]:
    user = staff_user(request)
    return {
        "mode": mode,
        "is_supervisor": has_role(user, Role.SUPERVISOR),
        "labels": console_labels(),
        "callbacks_waiting": CallbackRequest.objects.filter(handled_at__isnull=True).count(),
        "wrap_up_url": reverse("console:wrap_up", args=["__ID__"]),
        "kb_search_url": reverse("console:kb_search"),
    }


@console_view()
def index(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    context = _common(request, "console")
    context.update(
        {
            "canned": canned_responses(),
            "wrap_up_form": WrapUpForm(auto_id="wrapup-%s-__ID__"),
            "specialists": [n for n in _specialist_names() if n != user.get_username()],
        }
    )
    return render(request, "console/console.html", context)


@console_view(lambda user: has_role(user, Role.SUPERVISOR))
def supervisor(request: HttpRequest) -> HttpResponse:
    return render(request, "console/supervisor.html", _common(request, "supervisor"))


@console_view()
def callbacks(request: HttpRequest) -> HttpResponse:
    waiting = CallbackRequest.objects.filter(handled_at__isnull=True).order_by("created_at")
    handled = (
        CallbackRequest.objects.filter(handled_at__isnull=False)
        .select_related("handled_by")
        .order_by("-handled_at")[:20]
    )
    context = {
        "waiting": waiting,
        "handled": handled,
        "is_supervisor": has_role(request.user, Role.SUPERVISOR),
    }
    return render(request, "console/callbacks.html", context)


@require_POST
@console_view()
def callback_handled(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark a callback request handled by the signed-in specialist (the first one wins)."""
    if not CallbackRequest.objects.filter(pk=pk).exists():
        raise Http404("No such callback request")
    with transaction.atomic():
        marked = actions.do_mark_callback_handled(staff_user(request), pk)
    if marked:
        messages.success(request, _("Marked as handled."))
    else:
        messages.info(request, _("Someone had already handled this request."))
    return redirect("console:callbacks")


# --- JSON endpoints for console.js ----------------------------------------------------------------


@require_POST
@console_view()
def wrap_up(request: HttpRequest, public_id: str) -> HttpResponse:
    """Record the wrap-up of an ended chat (an active one is ended first)."""
    user = staff_user(request)
    form = WrapUpForm(request.POST)
    if not form.is_valid():
        return JsonResponse(
            {"error": form.error_message(), "errors": form.errors.get_json_data()}, status=400
        )
    try:
        conversation = access_conversation_for_staff(user, public_id, "wrap_up")
    except NotFound:
        return _error(404, _("No such conversation."))
    try:
        wrap = actions.do_wrap_up(
            user,
            conversation,
            outcome=form.cleaned_data["outcome"],
            caller_type=form.cleaned_data["caller_type"],
            topics=form.topic_list(),
            referrals=form.cleaned_data["referrals"],
            notes=form.cleaned_data["notes"],
        )
    except actions.ChatError as exc:
        return _error(400, str(exc))
    except PermissionDenied as exc:
        return _error(403, str(exc))
    if "application/json" not in request.headers.get("Accept", ""):
        messages.success(request, _("Wrap-up saved."))
        return redirect("console:index")
    return JsonResponse(
        {
            "conversation": conversation.public_id.hex,
            "outcome": wrap.outcome,
            "outcome_label": Outcome(wrap.outcome).label,
            "topics": wrap.topics,
        }
    )


def _extract(text: str, limit: int = EXTRACT_CHARS) -> str:
    """The passage's first sentences, up to about ``limit`` characters."""
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) <= limit:
        return text
    cut = text[:limit]
    end = max(cut.rfind(". "), cut.rfind("? "), cut.rfind("! "))
    if end >= limit // 3:
        return cut[: end + 1]
    return cut[: cut.rfind(" ")].rstrip(",;:") + "…"


@require_GET
@console_view()
def kb_search(request: HttpRequest) -> JsonResponse:
    """The five best reviewed passages for ``q`` in ``lang``: what a cited extract needs."""
    from helpline.answers import index

    query = request.GET.get("q", "").strip()
    lang = request.GET.get("lang", "en")
    if lang not in ("en", "es"):
        lang = "en"
    if not query:
        return _error(400, _("Type something to search for."))
    if len(query) > 300:
        return _error(400, _("Please search with fewer words."))
    result = index.current().index.search(query, lang, k=5)
    results = []
    for hit in result.hits:
        p = hit.passage
        extract = _extract(p.body)
        results.append(
            {
                "title": p.title,
                "section": p.section,
                "url": p.url,
                "last_revised": p.last_revised,
                "language": p.locale,
                "extract": extract,
                "cited": cited_extract(
                    extract, p.title, p.section, p.url, p.last_revised, p.locale
                ),
            }
        )
    return JsonResponse(
        {"query": query, "language": lang, "results": results},
        json_dumps_params={"ensure_ascii": False},
    )


LAST_REVISED = {"en": "last revised", "es": "última revisión"}


def cited_extract(
    extract: str, title: str, section: str, url: str, last_revised: str, language: str = "en"
) -> str:
    """``extract — Title, Section (url), last revised DATE``: what the reply box receives.

    Worded in the passage's language, as the visitor reads it.
    """
    where = f"{title}, {section}" if section else title
    words = LAST_REVISED.get(language, LAST_REVISED["en"])
    revised = f", {words} {last_revised}" if last_revised else ""
    return f"{extract} — {where} ({url}){revised}"
