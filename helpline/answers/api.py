"""``POST /api/answers``: the answer engine over JSON (see docs/subsystems/answers.md)."""

from __future__ import annotations

import json

from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from helpline.answers.pipeline import QuestionError, answer

LANGS = ("en", "es")


def _error(status: int, message: str) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


@csrf_exempt  # anonymous, cookie-less JSON endpoint: no session to forge a request with
def answers_api(request: HttpRequest) -> JsonResponse:
    if request.method != "POST":
        response = _error(405, 'Use POST with a JSON body: {"question": "...", "lang": "en"}.')
        response["Allow"] = "POST"
        return response
    try:
        payload = json.loads(request.body or b"")
    except (json.JSONDecodeError, UnicodeDecodeError):
        return _error(400, "The body is not valid JSON.")
    if not isinstance(payload, dict):
        return _error(400, 'The body must be a JSON object with a "question".')
    lang = payload.get("lang")
    if lang is not None and lang not in LANGS:
        return _error(400, '"lang" must be "en" or "es".')
    try:
        result = answer(payload.get("question"), lang)
    except QuestionError as exc:
        return _error(400, str(exc))
    return JsonResponse(result.as_dict(), json_dumps_params={"ensure_ascii": False})
