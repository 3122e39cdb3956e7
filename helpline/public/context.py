"""Values every public page shows: who runs the helpline, how to reach it, other languages."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils import translation

from helpline.chat.queries import chat_is_open, phone_hours
from helpline.lib import hours


def chat_hours() -> list[hours.Period]:
    return hours.parse(settings.HELPLINE_CHAT_HOURS)


def helpline(request: HttpRequest) -> dict[str, Any]:
    periods = chat_hours()
    current = translation.get_language() or settings.LANGUAGE_CODE
    alternates = {code: translate_url(request.path, code) for code, _name in settings.LANGUAGES}
    return {
        "org_name": settings.HELPLINE_ORG_NAME,
        "phone": settings.HELPLINE_PHONE,
        "phone_href": "tel:"
        + "".join(c for c in settings.HELPLINE_PHONE if c.isdigit() or c == "+"),
        "chat_hours": hours.describe(periods),
        "chat_open": chat_is_open(),
        "phone_hours": phone_hours(),
        "time_zone": settings.TIME_ZONE,
        "donate_url": settings.HELPLINE_DONATE_URL,
        "quick_exit_url": settings.HELPLINE_QUICK_EXIT_URL,
        "current_language": current,
        "alternate_urls": alternates,
    }
