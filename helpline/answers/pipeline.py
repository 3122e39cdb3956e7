"""``answer(question, locale)``: triage -> language -> retrieval -> compose.

Triage runs before anything else, on the raw text, in both languages. Only when it finds no
crisis, emergency or personal medical decision does the engine search published reviewed
content; below the calibrated confidence it hands the visitor to a person.
"""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _

from helpline.answers import compose, index, language
from helpline.answers.compose import Answer
from helpline.answers.ranking import DEFAULT_MIN_CONFIDENCE
from helpline.answers.triage import TriageAction, triage

MAX_QUESTION_CHARS = 2000


class QuestionError(ValueError):
    """A question the engine cannot take (empty, too long); the message is for the visitor."""


def check_question(question: object) -> str:
    if not isinstance(question, str) or not question.strip():
        raise QuestionError("Please write a question.")
    if len(question) > MAX_QUESTION_CHARS:
        raise QuestionError(f"Please keep the question under {MAX_QUESTION_CHARS} characters.")
    return question.strip()


def _retrieve(question: str, lang: str) -> tuple[Answer | None, float]:
    """A cited extract, or None below the calibrated confidence; and that confidence."""
    state = index.current()
    result = state.index.search(question, lang, k=10)
    if not result.hits or result.confidence < DEFAULT_MIN_CONFIDENCE:
        return None, result.confidence
    note = ""
    if result.fell_back:
        with translation.override(lang):
            note = _(
                "We have no reviewed article on this in Spanish yet, so this extract is from "
                "our English content."
            )
    found = compose.answer_from(result.hits, state.info, lang, result.confidence, note)
    return found, result.confidence


def answer(question: object, locale: str | None = None) -> Answer:
    """Raises ``QuestionError`` when ``question`` is not a usable string."""
    question = check_question(question)
    decision = triage(question, locale)
    lang = language.detect(question, hint=locale)
    if decision.action == TriageAction.CRISIS:
        return compose.crisis(lang)
    if decision.action == TriageAction.EMERGENCY:
        return compose.emergency(lang)
    found, confidence = _retrieve(question, lang)
    if decision.action == TriageAction.SEE_DOCTOR:
        return compose.see_doctor(lang, found)
    return found if found is not None else compose.handoff(lang, confidence)
