"""Turn a triage decision or retrieved passages into the reply a visitor sees.

The engine never writes medical facts of its own: an answer is an extract of reviewed text,
cut at sentence boundaries, with its citations. The fixed texts here (crisis, emergency, see
your doctor, no answer found) are the helpline's own safety and service messages.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from helpline.answers.index import PassageInfo
from helpline.answers.retrieval import Hit
from helpline.lib import hours

EXTRACT_CHARS = 900
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


class Action(StrEnum):
    ANSWER = "answer"
    HANDOFF = "handoff"
    CRISIS = "crisis"
    EMERGENCY = "emergency"
    SEE_DOCTOR = "see_doctor"


@dataclass(frozen=True)
class Citation:
    title: str
    url: str
    section: str
    last_revised: str
    external_id: str
    references: list[dict[str, Any]] = field(default_factory=list)

    @property
    def revised_on(self) -> datetime.date | None:
        """``last_revised`` (an ISO date in the index and the API) as a date, for pages."""
        try:
            return datetime.date.fromisoformat(self.last_revised)
        except ValueError:
            return None


@dataclass(frozen=True)
class Answer:
    action: Action
    language: str
    answer: str
    citations: list[Citation]
    confidence: float
    reminder: str = ""
    note: str = ""
    offer_specialist: bool = False
    contact: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["action"] = self.action.value
        data["confidence"] = round(self.confidence, 4)
        return data


def extract(body: str, limit: int = EXTRACT_CHARS) -> str:
    """The first whole sentences of ``body`` that fit in ``limit`` characters."""
    text = " ".join(body.split())
    if len(text) <= limit:
        return text
    out = ""
    for sentence in _SENTENCE_END.split(text):
        if out and len(out) + len(sentence) + 1 > limit:
            break
        out = f"{out} {sentence}".strip()
    return out if len(out) <= limit else out[:limit].rsplit(" ", 1)[0] + " …"


def contact() -> dict[str, Any]:
    from helpline.chat.queries import chat_is_open, phone_hours

    return {
        "phone": settings.HELPLINE_PHONE,
        "phone_hours": phone_hours().sentence,
        "chat_open": chat_is_open(),
        "chat_hours": hours.describe(hours.parse(settings.HELPLINE_CHAT_HOURS)),
    }


def reminder() -> str:
    return _(
        "This is general information from our reviewed articles. Please review medical "
        "questions about your own situation with your doctor."
    )


def citation(hit: Hit, info: PassageInfo) -> Citation:
    p = hit.passage
    return Citation(p.title, p.url, p.section, p.last_revised, p.external_id, info.references)


def _offer() -> str:
    details = contact()
    if details["chat_open"]:
        return _(
            "A cancer information specialist can help: call %(phone)s (%(hours)s) or chat with "
            "one online now."
        ) % {"phone": details["phone"], "hours": details["phone_hours"]}
    return _("A cancer information specialist can help: call %(phone)s, %(hours)s.") % {
        "phone": details["phone"],
        "hours": details["phone_hours"],
    }


def answer_from(
    hits: list[Hit], info: dict[str, PassageInfo], language: str, confidence: float, note: str
) -> Answer:
    with translation.override(language):
        best = hits[0]
        parts = [extract(best.passage.body)]
        chosen = [best]
        for hit in hits[1:3]:
            same_article = hit.passage.article_key == best.passage.article_key
            if same_article and hit.score >= 0.92 * best.score and hit.passage.section:
                parts.append(extract(hit.passage.body, EXTRACT_CHARS // 2))
                chosen.append(hit)
                break
        return Answer(
            action=Action.ANSWER,
            language=language,
            answer="\n\n".join(parts),
            citations=[citation(h, info[h.passage.id]) for h in chosen],
            confidence=confidence,
            reminder=reminder(),
            note=note,
            offer_specialist=True,
            contact=contact(),
        )


def handoff(language: str, confidence: float) -> Answer:
    with translation.override(language):
        return Answer(
            action=Action.HANDOFF,
            language=language,
            answer=_("We could not find a reviewed answer to this question.") + " " + _offer(),
            citations=[],
            confidence=confidence,
            offer_specialist=True,
            contact=contact(),
        )


def crisis(language: str) -> Answer:
    with translation.override(language):
        line = settings.HELPLINE_CRISIS_LINE
        text = _(
            "It sounds like you are going through something very painful, and you deserve "
            "support right now. You can call or text %(line)s, the Suicide and Crisis Lifeline, "
            "at any time. If you or someone else is in immediate danger, call %(emergency)s."
        ) % {"line": line, "emergency": settings.HELPLINE_EMERGENCY_NUMBER}
        if language == "es":
            text += " " + _("For help in Spanish at %(line)s, press 2.") % {"line": line}
        text += " " + _("You can also talk to one of our specialists now.")
        return Answer(
            action=Action.CRISIS,
            language=language,
            answer=text,
            citations=[],
            confidence=1.0,
            offer_specialist=True,
            contact={**contact(), "crisis_line": line},
        )


def emergency(language: str) -> Answer:
    with translation.override(language):
        text = _(
            "This may be a medical emergency. Call %(emergency)s now or go to the nearest "
            "emergency department. If you are having cancer treatment, also call your cancer "
            "care team's 24-hour number."
        ) % {"emergency": settings.HELPLINE_EMERGENCY_NUMBER}
        return Answer(
            action=Action.EMERGENCY,
            language=language,
            answer=text,
            citations=[],
            confidence=1.0,
            offer_specialist=False,
            contact={**contact(), "emergency_number": settings.HELPLINE_EMERGENCY_NUMBER},
        )


def see_doctor(language: str, general: Answer | None) -> Answer:
    """A personal medical decision: the doctor decides; general reviewed information may follow."""
    with translation.override(language):
        text = (
            _(
                "Decisions about your own treatment, doses or test results can only be made with "
                "your doctor or cancer care team, who know your situation. Please ask them before "
                "changing anything."
            )
            + " "
            + _offer()
        )
        citations: list[Citation] = []
        if general is not None:
            text += "\n\n" + _("General information that may help you prepare:") + "\n\n"
            text += general.answer
            citations = general.citations
        return Answer(
            action=Action.SEE_DOCTOR,
            language=language,
            answer=text,
            citations=citations,
            confidence=general.confidence if general else 1.0,
            reminder=reminder(),
            offer_specialist=True,
            contact=contact(),
        )
