"""Chat over HTTP: start a conversation, resume, transcript, survey, callback; the pages."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from helpline.chat import actions, queries, transcripts
from helpline.chat.access import NotFound, access_conversation_for_visitor
from helpline.chat.models import CallerType, Conversation


def _error(status: int, message: str) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


ViewFunc = Callable[..., HttpResponse]


def widget_cors(view: ViewFunc) -> ViewFunc:
    """Let the sites in HELPLINE_WIDGET_ORIGINS call the chat API from the embedded widget.

    Answers the preflight (OPTIONS) itself; other origins get no CORS headers, so browsers
    keep their pages out.
    """

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        origin = request.headers.get("Origin", "").rstrip("/")
        allowed = origin in settings.HELPLINE_WIDGET_ORIGINS
        if request.method == "OPTIONS":
            response: HttpResponse = HttpResponse(status=204 if allowed else 403)
            if allowed:
                response["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
                response["Access-Control-Allow-Headers"] = "Content-Type, X-Chat-Token"
                response["Access-Control-Max-Age"] = "600"
        else:
            response = view(request, *args, **kwargs)
        if allowed:
            response["Access-Control-Allow-Origin"] = origin
        response["Vary"] = "Origin"
        return response

    return wrapped


def _payload(request: HttpRequest) -> dict[str, Any] | None:
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body or b"{}")
        except (json.JSONDecodeError, UnicodeDecodeError):
            return None
        return data if isinstance(data, dict) else None
    return request.POST.dict()


def client_ip(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", "unknown"))


def over_limit(key: str, limit: int, seconds: int) -> bool:
    """A fixed-window counter in the cache; True once ``limit`` is passed."""
    full = f"ratelimit:{key}"
    cache.add(full, 0, seconds)
    try:
        count = cache.incr(full)
    except ValueError:
        cache.set(full, 1, seconds)
        count = 1
    return count > limit


def _visitor_conversation(request: HttpRequest, public_id: str) -> Conversation:
    token = request.headers.get("X-Chat-Token") or request.GET.get("token", "")
    return access_conversation_for_visitor(public_id, token)


@csrf_exempt  # the widget runs on other sites; the conversation token is the credential
@widget_cors
def start(request: HttpRequest) -> JsonResponse:
    if request.method != "POST":
        return _error(405, "Use POST.")
    data = _payload(request)
    if data is None:
        return _error(400, "The body is not valid JSON.")
    if over_limit(f"open:{client_ip(request)}", settings.HELPLINE_CHAT_OPENS_PER_HOUR, 3600):
        return _error(429, _("Too many chats were opened from here. Please call us instead."))
    try:
        opened = actions.do_open_conversation(
            str(data.get("language") or "en"),
            str(data.get("caller_type") or ""),
            str(data.get("topic") or ""),
        )
    except actions.ChatError as exc:
        return _error(400, str(exc))
    public_id = opened.conversation.public_id.hex
    return JsonResponse(
        {
            "conversation": public_id,
            "token": opened.token,
            "websocket": f"/ws/chat/{public_id}/?token={opened.token}",
            "chat_open": queries.chat_is_open(),
        },
        status=201,
    )


@widget_cors
def messages(request: HttpRequest, public_id: str) -> JsonResponse:
    """GET ?after=N: every message after sequence number N (resume without a websocket)."""
    try:
        conversation = _visitor_conversation(request, public_id)
    except NotFound:
        return _error(404, "No such conversation.")
    try:
        after = int(request.GET.get("after", "0"))
    except ValueError:
        return _error(400, '"after" must be a whole number.')
    return JsonResponse(
        {
            "messages": queries.messages_after(conversation, after, include_internal=False),
            "status": queries.visitor_status(conversation),
        }
    )


VisitorAction = Callable[[Conversation, dict[str, Any]], dict[str, Any]]


def visitor_post(action: VisitorAction) -> ViewFunc:
    """A POST a visitor makes on their conversation (token in X-Chat-Token).

    The wrapped function gets the conversation and the JSON body and returns the reply; a
    refused step (``ChatError``) becomes a 400 with its message.
    """

    @csrf_exempt  # the widget runs on other sites; the conversation token is the credential
    @widget_cors
    @functools.wraps(action)
    def view(request: HttpRequest, public_id: str) -> JsonResponse:
        if request.method != "POST":
            return _error(405, "Use POST.")
        try:
            conversation = _visitor_conversation(request, public_id)
        except NotFound:
            return _error(404, "No such conversation.")
        try:
            return JsonResponse(action(conversation, _payload(request) or {}))
        except actions.ChatError as exc:
            return _error(400, str(exc))

    return view


@visitor_post
def transcript(conversation: Conversation, data: dict[str, Any]) -> dict[str, Any]:
    transcripts.do_send_transcript(conversation, str(data.get("email") or ""))
    return {"sent": True}


@visitor_post
def survey(conversation: Conversation, data: dict[str, Any]) -> dict[str, Any]:
    rating = data.get("rating")
    if isinstance(rating, str) and rating.isdigit():
        rating = int(rating)
    actions.do_submit_survey(conversation, rating, str(data.get("comment") or ""))
    return {"thanks": True}


@csrf_exempt
@widget_cors
def callback(request: HttpRequest) -> JsonResponse:
    if request.method != "POST":
        return _error(405, "Use POST.")
    data = _payload(request)
    if data is None:
        return _error(400, "The body is not valid JSON.")
    if over_limit(f"callback:{client_ip(request)}", 10, 3600):
        return _error(429, _("Too many messages were left from here. Please call us instead."))
    try:
        actions.do_leave_callback(
            language=str(data.get("language") or "en"),
            method=str(data.get("method") or ""),
            contact=str(data.get("contact") or ""),
            message=str(data.get("message") or ""),
            name=str(data.get("name") or ""),
        )
    except actions.ChatError as exc:
        return _error(400, str(exc))
    return JsonResponse({"received": True}, status=201)


def chat_page(request: HttpRequest) -> HttpResponse:
    """The full-page chat the "Live Chat" button opens."""
    return render(
        request,
        "chat/chat_page.html",
        {"caller_types": CallerType.choices, "language": translation.get_language()},
    )


def embed(request: HttpRequest) -> HttpResponse:
    """How to put the widget on another site."""
    return render(request, "chat/embed.html", {})
