"""The Ask page in a real browser: a question in, a cited reviewed extract (or a person) out.

The server is tests/browser/conftest.py's ``warm_site``, whose answer engine has already answered
once, so each question here is answered in well under a second.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, Response, expect

from tests.browser.conftest import Site, assert_accessible

pytestmark = pytest.mark.browser
PHONE = "1-800-555-0199"  # HELPLINE_PHONE's default
TIMEOUT = 20_000  # ms: an answer takes well under a second once the engine is warm

WORDS = {
    "en": {
        "title": "Ask a question",
        "field": "Your question",
        "ask": "Ask",
        "question": "What is a sentinel lymph node biopsy?",
        "answered": "From our reviewed articles",
        "extract": "sentinel lymph node",
        "sources": "Sources",
        "article": "What lymph nodes are",
        "section": "Sentinel lymph node biopsy",
        "path": "/en/articles/lymph-nodes/",
        "revised": "Last revised",
        "reminder": "Please review medical questions about your own situation with your doctor.",
        "crisis": "I want to end my life",
        "not_alone": "You are not alone",
        "off_topic": "What is the best recipe for chocolate cake?",
        "specialist": "Talk to a specialist",
        "no_answer": "We could not find a reviewed answer to this question.",
        "empty": "Please write a question.",
        "live_chat": "Live Chat",
    },
    "es": {
        "title": "Haga una pregunta",
        "field": "Su pregunta",
        "ask": "Preguntar",
        "question": "¿Qué es una biopsia del ganglio centinela?",
        "answered": "De nuestros artículos revisados",
        "extract": "ganglio centinela",
        "sources": "Fuentes",
        "article": "Qué son los ganglios linfáticos",
        "section": "Biopsia del ganglio centinela",
        "path": "/es/articles/ganglios-linfaticos/",
        "revised": "Última revisión",
        "reminder": "Consulte con su médico las preguntas médicas sobre su situación personal.",
        "crisis": "quiero quitarme la vida",
        "not_alone": "No está solo",
        "off_topic": "¿Cuál es la mejor receta de pastel de chocolate?",
        "specialist": "Hable con un especialista",
        "no_answer": "No encontramos una respuesta revisada para esta pregunta.",
        "empty": "Escriba una pregunta.",
        "live_chat": "Chat en vivo",
    },
}


@pytest.fixture
def visitor(page: Page) -> Page:
    page.set_default_timeout(TIMEOUT)
    return page


def open_ask(page: Page, site: Site, lang: str) -> None:
    page.goto(f"{site.url}/{lang}/ask/")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.get_by_role("heading", level=1)).to_have_text(WORDS[lang]["title"])


def ask(page: Page, lang: str, question: str) -> Response:
    """Type the question and press the Ask button; the response to the form's POST."""
    w = WORDS[lang]
    page.get_by_label(w["field"]).fill(question)
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.get_by_role("button", name=w["ask"], exact=True).click()
    page.wait_for_load_state()
    return posted.value


@pytest.mark.parametrize("lang", ["en", "es"])
def test_it_answers_from_a_reviewed_article_with_its_source_date_and_doctor_reminder(
    warm_site, visitor, lang
):
    site, w = warm_site, WORDS[lang]
    open_ask(visitor, site, lang)
    assert ask(visitor, lang, w["question"]).status == 200

    answer = visitor.get_by_test_id("answer")
    expect(answer).to_have_attribute("data-action", "answer")
    expect(answer).to_have_attribute("lang", lang)
    expect(answer.get_by_role("heading", level=2)).to_have_text(w["answered"])
    expect(answer.locator(".answer-text")).to_contain_text(w["extract"])
    expect(answer.get_by_role("heading", name=w["sources"])).to_be_visible()
    citations = answer.get_by_test_id("citations").get_by_role("listitem")
    expect(citations.first).to_be_visible()
    first = citations.first
    link = first.get_by_role("link").first
    expect(link).to_have_text(f"{w['article']} — {w['section']}")
    expect(first).to_contain_text(f"{w['revised']}: ")
    revised_on = first.locator("time")
    revised_iso = revised_on.get_attribute("datetime") or ""
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", revised_iso), revised_iso
    revised_text = revised_on.inner_text()
    expect(answer.locator(".doctor-note")).to_contain_text(w["reminder"])
    expect(answer.locator(".specialist-offer").get_by_role("link", name=PHONE)).to_be_visible()
    # The question stays in the box, and out of the address (it was POSTed).
    expect(visitor.get_by_label(w["field"])).to_have_value(w["question"])
    assert visitor.url == f"{site.url}/{lang}/ask/"
    assert_accessible(visitor)

    # The source is the reviewed article, opened at the cited section, with the same date.
    link.click()
    visitor.wait_for_url(re.compile(re.escape(site.url + w["path"]) + "#"))
    expect(visitor.get_by_role("heading", level=1)).to_contain_text(w["article"])
    anchor = visitor.url.split("#", 1)[1]
    section = visitor.locator(f"[id='{anchor}']")
    expect(section.get_by_role("heading", name=w["section"])).to_be_in_viewport()
    # ... written the same way as on the article, not as an ISO date.
    article_date = visitor.get_by_test_id("last-revised").locator("time")
    expect(article_date).to_have_attribute("datetime", revised_iso)
    expect(article_date).to_have_text(revised_text)
    assert revised_text != revised_iso


@pytest.mark.parametrize("lang", ["en", "es"])
def test_crisis_words_get_the_crisis_line_and_no_article(warm_site, visitor, lang):
    w = WORDS[lang]
    open_ask(visitor, warm_site, lang)
    assert ask(visitor, lang, w["crisis"]).status == 200

    answer = visitor.get_by_test_id("answer")
    expect(answer).to_have_attribute("data-action", "crisis")
    expect(answer.get_by_role("heading", level=2)).to_have_text(w["not_alone"])
    text = answer.locator(".answer-text")
    expect(text).to_contain_text("988")  # HELPLINE_CRISIS_LINE's default
    expect(text).to_contain_text("911")  # HELPLINE_EMERGENCY_NUMBER's default
    if lang == "es":
        expect(text).to_contain_text("Para recibir ayuda en español en el 988, oprima 2.")
    expect(answer.get_by_test_id("citations")).to_have_count(0)
    expect(answer.locator(".doctor-note")).to_have_count(0)
    expect(answer.locator(".specialist-offer").get_by_role("link", name=PHONE)).to_be_visible()
    assert_accessible(visitor)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_an_off_topic_question_is_handed_to_a_specialist_with_the_phone_line(
    warm_site, visitor, lang
):
    w = WORDS[lang]
    open_ask(visitor, warm_site, lang)
    assert ask(visitor, lang, w["off_topic"]).status == 200

    answer = visitor.get_by_test_id("answer")
    expect(answer).to_have_attribute("data-action", "handoff")
    expect(answer.get_by_role("heading", level=2)).to_have_text(w["specialist"])
    expect(answer.locator(".answer-text")).to_contain_text(w["no_answer"])
    expect(answer.locator(".answer-text")).to_contain_text(PHONE)
    offer = answer.locator(".specialist-offer")
    expect(offer.get_by_role("link", name=PHONE)).to_have_attribute(
        "href", "tel:" + PHONE.replace("-", "")
    )
    # warm_site keeps chat open around the clock, so the chat is offered too.
    expect(offer.get_by_role("link", name=w["live_chat"])).to_have_attribute(
        "href", f"/{lang}/chat/"
    )
    expect(answer.get_by_test_id("citations")).to_have_count(0)


def test_an_empty_question_is_stopped_and_explained_and_nothing_breaks(warm_site, visitor):
    w = WORDS["en"]
    open_ask(visitor, warm_site, "en")
    field = visitor.get_by_label(w["field"])

    # Nothing typed: the browser itself refuses to send the form (the field is required).
    posts: list[str] = []
    visitor.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    visitor.get_by_role("button", name=w["ask"], exact=True).click()
    expect(field).to_be_focused()
    assert field.evaluate("el => el.validity.valueMissing")
    assert field.evaluate("el => el.validationMessage")
    visitor.wait_for_timeout(300)
    assert posts == []
    expect(visitor.get_by_test_id("answer")).to_have_count(0)

    # Only spaces get past the browser: the server says what is wrong, next to the field.
    assert ask(visitor, "en", "   ").status == 400
    expect(visitor.get_by_role("heading", level=1)).to_have_text(w["title"])
    expect(visitor.get_by_role("alert")).to_have_text(w["empty"])
    expect(visitor.get_by_label(w["field"])).to_have_attribute("aria-invalid", "true")
    expect(visitor.get_by_test_id("answer")).to_have_count(0)
    assert_accessible(visitor)

    # The visitor can correct it and ask again.
    assert ask(visitor, "en", w["question"]).status == 200
    expect(visitor.get_by_test_id("answer")).to_have_attribute("data-action", "answer")
    expect(visitor.get_by_role("alert")).to_have_count(0)


def test_a_too_long_question_is_refused_with_a_spanish_message(warm_site, visitor):
    w = WORDS["es"]
    open_ask(visitor, warm_site, "es")
    field = visitor.get_by_label(w["field"])
    expect(field).to_have_attribute("maxlength", "2000")
    # The browser stops typing at 2,000 characters; a page without that limit gets one more.
    field.evaluate("el => el.removeAttribute('maxlength')")
    assert ask(visitor, "es", "x" * 2001).status == 400
    expect(visitor.get_by_role("alert")).to_contain_text("2000")
    expect(visitor.get_by_role("alert")).to_contain_text("(tiene 2001)")
    expect(visitor.get_by_test_id("answer")).to_have_count(0)
