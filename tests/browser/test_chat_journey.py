"""Live chat in a real browser: a visitor and a specialist, in English and in Spanish.

The server is tests/browser/conftest.py's ``warm_site``: chat open around the clock, a
specialist and a supervisor made with ``helpline staff create``, and an answer engine that has
already answered once (its first answer loads the model and embeds every passage).
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, Route, WebSocketRoute, expect

from tests.browser.conftest import SPECIALIST, SUPERVISOR, Site, assert_accessible
from tests.conftest import PASSWORD, body_of

pytestmark = pytest.mark.browser
NEUTRAL_SITE = "https://www.wikipedia.org/"
TIMEOUT = 20_000  # ms for the engine's answers and live events


@pytest.fixture(scope="session")
def chat_site(warm_site: Site) -> Site:
    """conftest's ``warm_site``: chat open around the clock, a specialist, a warm engine."""
    return warm_site


def rows(site: Site, sql: str, *args) -> list[tuple]:
    path = site.env["DATABASE_URL"].removeprefix("sqlite:///")
    with sqlite3.connect(path, timeout=10) as db:
        return db.execute(sql, args).fetchall()


@pytest.fixture
def visitor(browser) -> Iterator[Page]:
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    yield page
    context.close()


def signed_in(browser, site: Site, username: str, path: str) -> Page:
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    page.goto(site.url + path)
    assert "/accounts/login/" in page.url
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(site.url + path)
    expect(page.get_by_role("status").filter(has_text="Connected.")).to_be_visible()
    return page


@pytest.fixture
def specialist(browser, chat_site) -> Iterator[Page]:
    """Sam, signed in, on the console."""
    page = signed_in(browser, chat_site, SPECIALIST, "/console/")
    yield page
    page.context.close()


@pytest.fixture
def supervisor(browser, chat_site) -> Iterator[Page]:
    """Sofía, signed in, on the supervisor's view."""
    page = signed_in(browser, chat_site, SUPERVISOR, "/console/supervisor/")
    yield page
    page.context.close()


WORDS = {
    "en": {
        "question": "How does cancer spread to the lymph nodes?",
        "patient": "Myself: I have cancer",
        "topic": "What would you like to talk about? (optional)",
        "start": "Start chat",
        "message": "Your message",
        "revised": "Last revised",
        "talk": "Talk to a specialist",
        "position": "You are number 1 in the queue",
        "with_specialist": "You are chatting with a cancer information specialist.",
        "joined": "sam joined the conversation.",
        "ended": "The conversation has ended",
        "helpful": "How helpful was it?",
        "comment": "Anything you would like to tell us? (optional)",
        "survey": "Send feedback",
        "thanks": "Thank you for your feedback.",
        "email": "E-mail address",
        "transcript": "E-mail me the transcript",
        "sent": "on its way",
        "canned": "Greeting",
        "greeting": "Hello, I'm a cancer information specialist.",
        "follow_up": "Yes, thank you. What about the liver?",
        "quick_exit": "Quick exit",
        "cited": "last revised",
        "search": "lymph nodes",
    },
    "es": {
        "question": "¿Cómo se disemina el cáncer a los ganglios linfáticos?",
        "patient": "Para mí: tengo cáncer",
        "topic": "¿De qué quiere hablar? (opcional)",
        "start": "Empezar el chat",
        "message": "Su mensaje",
        "revised": "Última revisión",
        "talk": "Hablar con un especialista",
        "position": "Usted es el número 1 en la fila",
        "with_specialist": "Está chateando con un especialista en información sobre el cáncer.",
        "joined": "sam se unió a la conversación.",
        "ended": "La conversación ha terminado",
        "helpful": "¿Qué tan útil fue?",
        "comment": "¿Algo que quiera decirnos? (opcional)",
        "survey": "Enviar opinión",
        "thanks": "Gracias por su opinión.",
        "email": "Correo electrónico",
        "transcript": "Enviarme la copia por correo",
        "sent": "va camino a",
        "canned": "Saludo",
        "greeting": "Hola, soy especialista en información sobre el cáncer.",
        "follow_up": "Sí, gracias. ¿Y el hígado?",
        "quick_exit": "Salida rápida",
        "cited": "última revisión",
        "search": "ganglios linfáticos",
    },
}


def start_chat(page: Page, site: Site, lang: str, topic: str = "metastasis") -> str:
    """The pre-chat step on the chat page; returns the conversation id the widget keeps."""
    w = WORDS[lang]
    page.goto(f"{site.url}/{lang}/chat/")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    page.get_by_label(w["patient"]).check()
    page.get_by_label(w["topic"]).fill(topic)
    page.get_by_role("button", name=w["start"]).click()
    expect(page.get_by_label(w["message"])).to_be_focused()
    stored = page.evaluate("JSON.parse(sessionStorage.getItem('helpline-chat'))")
    assert stored["lang"] == lang and stored["token"]
    return str(stored["conversation"])


def pane(page: Page, conversation: str):
    return page.locator(f'[data-role="pane"][data-conversation="{conversation}"]')


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_visitor_gets_an_answer_then_a_specialist_who_wraps_up(
    chat_site, visitor, specialist, lang
):
    site, w = chat_site, WORDS[lang]

    # The visitor: pre-chat step, a question, the engine's cited answer.
    visitor.goto(f"{site.url}/{lang}/chat/")
    assert_accessible(visitor)
    conversation = start_chat(visitor, site, lang)
    composer = visitor.get_by_label(w["message"])
    composer.fill(w["question"])
    composer.press("Enter")
    log = visitor.get_by_role("log")
    expect(log.locator(".hl-from-visitor")).to_contain_text(w["question"])
    answer = log.locator(".hl-from-bot").first
    expect(answer.locator(".hl-citations a").first).to_be_visible()
    expect(answer.locator(".hl-citations")).to_contain_text(w["revised"])
    # The date in the visitor's language ("Nov 20, 2026", "20 nov 2026"), ISO for machines.
    revised_on = answer.locator(".hl-citations time").first
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", revised_on.get_attribute("datetime") or "")
    assert not re.fullmatch(r"\d{4}-\d{2}-\d{2}", revised_on.inner_text())
    expect(answer.locator(".hl-reminder")).to_be_visible()
    href = answer.locator(".hl-citations a").first.get_attribute("href")
    assert href and href.startswith(f"{site.url}/{lang}/")

    # Talk to a specialist: first in the queue.
    visitor.get_by_role("button", name=w["talk"]).click()
    expect(visitor.locator(".hl-status")).to_contain_text(w["position"])
    assert_accessible(visitor)

    # The specialist: available, reads the waiting chat (what the engine said), accepts it.
    specialist.get_by_label("Available for new chats").check()
    row = specialist.locator(f'tr[data-conversation="{conversation}"]')
    expect(row).to_be_visible()
    row.get_by_role("button", name=re.compile("^Read")).click()
    reading = pane(specialist, conversation)
    expect(reading.get_by_role("log")).to_contain_text(w["question"])
    expect(reading.locator(".hl-from-bot")).to_be_visible()
    assert_accessible(specialist)
    reading.get_by_role("button", name="Accept this chat").click()
    chat = specialist.locator('[data-role="panes"]').locator(
        f'[data-conversation="{conversation}"]'
    )
    expect(chat.get_by_label("Reply")).to_be_visible()
    expect(chat.get_by_role("log")).to_contain_text("joined the conversation")
    expect(visitor.locator(".hl-status")).to_have_text(w["with_specialist"])
    expect(visitor.get_by_role("log")).to_contain_text(w["joined"])

    # A canned greeting in the visitor's language, then a cited extract from the knowledge base.
    chat.get_by_label("Canned response").select_option(label=w["canned"])
    chat.get_by_role("button", name="Insert", exact=True).click()
    expect(chat.get_by_label("Reply")).to_have_value(re.compile(re.escape(w["greeting"])))
    chat.get_by_role("button", name="Send", exact=True).click()
    expect(visitor.get_by_role("log").locator(".hl-from-specialist")).to_contain_text(w["greeting"])
    chat.get_by_label("Search the knowledge base").fill(w["search"])
    chat.get_by_role("button", name="Search", exact=True).click()
    chat.locator(".console-kb-results li").first.get_by_role("button").click()
    reply = chat.get_by_label("Reply").input_value()
    assert " — " in reply and f"({site.url}/{lang}/" in reply and w["cited"] in reply
    chat.get_by_role("button", name="Send", exact=True).click()
    expect(visitor.get_by_role("log").locator(".hl-from-specialist")).to_have_count(2)

    # A private note stays in the console.
    chat.get_by_label("Reply").fill("Private: visitor sounds worried.")
    chat.get_by_label("Private note (the visitor does not see it)").check()
    chat.get_by_role("button", name="Send", exact=True).click()
    expect(chat.locator(".hl-internal")).to_contain_text("visitor sounds worried")
    assert_accessible(specialist)

    # The visitor reloads mid-chat: everything is still there, and the chat goes on live.
    visitor.reload()
    log = visitor.get_by_role("log")
    expect(log).to_contain_text(w["question"])
    expect(log.locator(".hl-from-bot .hl-citations a").first).to_be_visible()
    expect(log.locator(".hl-from-specialist")).to_have_count(2)
    visitor.get_by_label(w["message"]).fill(w["follow_up"])
    visitor.get_by_label(w["message"]).press("Enter")
    expect(chat.get_by_role("log")).to_contain_text(w["follow_up"])
    expect(log.locator(".hl-pending")).to_have_count(0)
    assert "worried" not in log.inner_text()
    seqs = log.locator(".hl-msg[data-seq]").evaluate_all("ns => ns.map(n => n.dataset.seq)")
    assert len(seqs) == len(set(seqs)), "a message was shown twice"

    # The specialist ends the chat and wraps it up.
    chat.get_by_role("button", name="End chat").click()
    wrap_up = chat.locator('[data-role="wrap-up-form"]')
    expect(wrap_up).to_be_visible()
    wrap_up.get_by_label("Outcome").select_option("information_given")
    wrap_up.get_by_label("Caller type").select_option("patient")
    wrap_up.get_by_label("Topics (separate with commas)").fill("metastasis, lymph nodes")
    wrap_up.get_by_label("Notes").fill("Explained lymphatic spread.")
    wrap_up.get_by_role("button", name="Save wrap-up").click()
    expect(chat).to_have_count(0)
    expect(specialist.get_by_text("Wrap-up saved.")).to_be_visible()

    # The visitor sees the end, answers the survey and asks for the transcript.
    ended = visitor.get_by_role("heading", name=w["ended"])
    expect(ended).to_be_visible()
    expect(visitor.get_by_label(w["message"])).to_be_hidden()
    survey = visitor.locator(".hl-survey-form")
    survey.get_by_role("group", name=re.compile(re.escape(w["helpful"]))).get_by_label(
        "5", exact=True
    ).check()
    survey.get_by_label(w["comment"]).fill("Muy útil" if lang == "es" else "Very helpful")
    survey.get_by_role("button", name=w["survey"]).click()
    expect(visitor.get_by_text(w["thanks"])).to_be_visible()
    address = f"visitor-{lang}@example.org"
    visitor.get_by_label(w["email"]).fill(address)
    visitor.get_by_role("button", name=w["transcript"]).click()
    expect(visitor.locator(".hl-transcript .hl-result")).to_contain_text(w["sent"])
    assert_accessible(visitor)

    # What the server stored.
    [(status, language, caller_type, topic)] = rows(
        site,
        "SELECT status, language, caller_type, topic FROM chat_conversation WHERE public_id = ?",
        conversation,
    )
    assert (status, language, caller_type, topic) == ("closed", lang, "patient", "metastasis")
    [(outcome, topics, wrap_caller, notes, specialist_name)] = rows(
        site,
        "SELECT w.outcome, w.topics, w.caller_type, w.notes, u.username FROM chat_wrapup w "
        "JOIN chat_conversation c ON c.id = w.conversation_id "
        "JOIN auth_user u ON u.id = w.specialist_id WHERE c.public_id = ?",
        conversation,
    )
    assert (outcome, json.loads(topics), wrap_caller, specialist_name) == (
        "information_given",
        ["metastasis", "lymph nodes"],
        "patient",
        SPECIALIST,
    )
    assert notes == "Explained lymphatic spread."
    [(rating, comment)] = rows(
        site,
        "SELECT s.rating, s.comment FROM chat_surveyresponse s "
        "JOIN chat_conversation c ON c.id = s.conversation_id WHERE c.public_id = ?",
        conversation,
    )
    assert rating == 5 and comment
    senders = rows(
        site,
        "SELECT m.sender_type, m.internal FROM chat_message m "
        "JOIN chat_conversation c ON c.id = m.conversation_id WHERE c.public_id = ? "
        "ORDER BY m.seq",
        conversation,
    )
    kinds = [s for s, _internal in senders]
    assert kinds.count("visitor") == 2 and kinds.count("bot") >= 1
    assert kinds.count("specialist") == 3 and sum(i for _s, i in senders) == 1
    [mail] = [m for m in site.mailbox.wait_for(1) if m["To"] == address]
    assert w["question"] in body_of(mail)


def test_the_live_chat_button_opens_the_chat_in_place_and_quick_exit_clears_it(chat_site, visitor):
    # On any page, the header's Live Chat button opens the chat in a panel, not a new page.
    visitor.goto(f"{chat_site.url}/en/articles/")
    visitor.get_by_role("link", name="Live Chat").click()
    panel = visitor.get_by_role("complementary", name="Live chat")
    expect(panel).to_be_visible()
    assert visitor.url == f"{chat_site.url}/en/articles/"
    assert_accessible(visitor)
    panel.get_by_label("Myself: I have cancer").check()
    panel.get_by_role("button", name="Start chat").click()
    panel.get_by_label("Your message").fill("Is this private?")
    panel.get_by_label("Your message").press("Enter")
    expect(panel.locator(".hl-from-bot").first).to_be_visible()
    conversation = visitor.evaluate("JSON.parse(sessionStorage.getItem('helpline-chat'))")[
        "conversation"
    ]

    # The chat follows the visitor to the next page.
    visitor.get_by_role("link", name="Get involved").first.click()
    panel = visitor.get_by_role("complementary", name="Live chat")
    expect(panel.locator(".hl-from-bot").first).to_be_visible()
    expect(panel.locator(".hl-from-visitor")).to_have_text(re.compile("Is this private?"))

    visitor.route(
        NEUTRAL_SITE + "**",
        lambda route: route.fulfill(status=200, content_type="text/html", body="<p>Neutral</p>"),
    )
    panel.get_by_role("button", name="Quick exit").click()
    visitor.wait_for_url(NEUTRAL_SITE)
    assert visitor.content().count("Neutral") == 1

    # Back on the helpline in the same tab, nothing of the chat is left.
    visitor.goto(f"{chat_site.url}/en/chat/")
    expect(visitor.get_by_role("button", name="Start chat")).to_be_visible()
    kept = visitor.evaluate(
        "() => [...Object.keys(sessionStorage), ...Object.keys(localStorage)]"
        ".filter(k => k.startsWith('helpline'))"
    )
    assert kept == []
    assert conversation not in visitor.content()


def test_outside_chat_hours_a_visitor_leaves_a_callback_that_a_specialist_handles(
    chat_site, visitor, specialist
):
    def closed(route: Route) -> None:
        response = route.fetch()
        data = response.json()
        route.fulfill(response=response, json={**data, "chat_open": False})

    visitor.route("**/api/chat/start", closed)
    start_chat(visitor, chat_site, "es")
    expect(visitor.get_by_text("El chat con un especialista está cerrado ahora.")).to_be_visible()
    assert visitor.locator(".hl-closed a.hl-phone").get_attribute("href", timeout=1000)
    visitor.get_by_role("button", name="Hablar con un especialista").click()
    form = visitor.locator(".hl-callback")
    expect(form.get_by_label("Su nombre (opcional)")).to_be_focused()
    form.get_by_label("Por correo electrónico").check()
    form.get_by_label("Correo electrónico", exact=True).fill("ana@example.org")
    form.get_by_label("¿Qué quiere preguntar?").fill("¿Pueden llamarme mañana?")
    form.get_by_role("button", name="Enviar mensaje").click()
    expect(form.get_by_role("status")).to_contain_text("le escribirá")
    assert_accessible(visitor)
    [(pk, method, language, handled)] = rows(
        chat_site,
        "SELECT id, method, language, handled_at FROM chat_callbackrequest WHERE contact = ?",
        "ana@example.org",
    )
    assert (method, language, handled) == ("email", "es", None)

    specialist.get_by_role("link", name="Callback requests").first.click()
    row = specialist.locator(f'tr[data-callback="{pk}"]')
    expect(row).to_contain_text("¿Pueden llamarme mañana?")
    assert_accessible(specialist)
    row.get_by_role("button", name=re.compile("^Mark handled")).click()
    expect(specialist.get_by_text("Marked as handled.")).to_be_visible()
    [(handled_by,)] = rows(
        chat_site,
        "SELECT u.username FROM chat_callbackrequest r JOIN auth_user u ON u.id = r.handled_by_id "
        "WHERE r.id = ? AND r.handled_at IS NOT NULL",
        pk,
    )
    assert handled_by == SPECIALIST


def test_a_dropped_connection_loses_and_repeats_nothing(chat_site, visitor):
    """Cut the socket after a message whose ack never came back, and after one that never
    reached the server: the widget reconnects, resumes and resends; each is stored once."""
    cut = {"up": False, "down": False}
    sockets: list = []

    def through(route: WebSocketRoute) -> None:
        server = route.connect_to_server()

        def to_server(message: str | bytes) -> None:
            if not cut["up"]:
                server.send(message)

        def to_page(message: str | bytes) -> None:
            if not cut["down"]:
                route.send(message)

        route.on_message(to_server)
        server.on_message(to_page)
        sockets.append((route, server))

    def drop() -> None:
        route, server = sockets[-1]
        count = len(sockets)
        route.close(code=4000, reason="cut")
        server.close()
        cut["up"] = cut["down"] = False
        expect(visitor.locator(".hl-pending")).to_have_count(0)
        assert len(sockets) > count, "the widget did not reconnect"

    def senders() -> list[str]:
        return [
            sender
            for (sender,) in rows(
                chat_site,
                "SELECT m.sender_type FROM chat_message m JOIN chat_conversation c "
                "ON c.id = m.conversation_id WHERE c.public_id = ? ORDER BY m.seq",
                conversation,
            )
        ]

    visitor.route_web_socket(re.compile(r"/ws/chat/"), through)
    conversation = start_chat(visitor, chat_site, "en")
    composer = visitor.get_by_label("Your message")

    # 1. Stored by the server, but neither the ack nor the engine's answer comes back.
    cut["down"] = True
    composer.fill("What are lymph nodes?")
    composer.press("Enter")
    expect(visitor.locator(".hl-pending")).to_have_count(1)
    for _ in range(100):  # until the server has stored it and the engine has answered
        if len(senders()) == 2:
            break
        visitor.wait_for_timeout(100)
    assert senders() == ["visitor", "bot"]
    drop()
    expect(visitor.locator(".hl-from-bot")).to_have_count(1)

    # 2. Lost on the way to the server.
    cut["up"] = True
    composer.fill("Where do they spread?")
    composer.press("Enter")
    expect(visitor.locator(".hl-pending")).to_have_count(1)
    visitor.wait_for_timeout(300)
    assert senders() == ["visitor", "bot"]
    drop()
    expect(visitor.locator(".hl-from-bot")).to_have_count(2)
    assert senders() == ["visitor", "bot", "visitor", "bot"]
    log = visitor.get_by_role("log")
    seqs = log.locator(".hl-msg").evaluate_all("ns => ns.map(n => Number(n.dataset.seq))")
    assert seqs == [1, 2, 3, 4]

    # A rate-limit error from the server is shown to the visitor.
    sockets[-1][0].send(
        json.dumps({"type": "error", "code": "rate_limited", "message": "Too fast."})
    )
    expect(visitor.get_by_role("alert")).to_contain_text("You are sending messages very fast")

    # A reload shows the same conversation, in the same order.
    visitor.reload()
    expect(visitor.get_by_role("log").locator(".hl-msg")).to_have_count(4)
    again = visitor.get_by_role("log").locator(".hl-msg")
    assert again.evaluate_all("ns => ns.map(n => Number(n.dataset.seq))") == [1, 2, 3, 4]


def test_crisis_goes_first_and_the_supervisor_sees_queue_specialists_and_chats(
    chat_site, browser, specialist, supervisor
):
    first = browser.new_context(locale="en-US").new_page()
    crisis = browser.new_context(locale="es-ES").new_page()
    calm = start_chat(first, chat_site, "en", topic="side effects")
    first.get_by_role("button", name="Talk to a specialist").click()
    expect(first.locator(".hl-status")).to_contain_text("You are number 1 in the queue")

    # Crisis language: the engine answers with help at once and the chat jumps the queue.
    urgent = start_chat(crisis, chat_site, "es", topic="")
    crisis.get_by_label("Su mensaje").fill("Ya no quiero vivir, quiero quitarme la vida")
    crisis.get_by_label("Su mensaje").press("Enter")
    expect(crisis.locator(".hl-status")).to_contain_text("Usted es el número 1 en la fila")
    expect(first.locator(".hl-status")).to_contain_text("You are number 2 in the queue")

    for page in (specialist, supervisor):
        queue = page.locator('[data-role="queue"] tr')
        expect(queue).to_have_count(2)
        expect(queue.nth(0)).to_have_attribute("data-conversation", urgent)
        expect(queue.nth(0)).to_have_class("console-crisis")
        expect(queue.nth(0)).to_contain_text("Crisis")
        expect(queue.nth(1)).to_have_attribute("data-conversation", calm)
    assert_accessible(specialist)

    specialist.get_by_label("Available for new chats").check()
    specialist.get_by_label("Chats at once").fill("2")
    specialist.get_by_label("Chats at once").press("Tab")
    specialist.locator(f'tr[data-conversation="{urgent}"]').get_by_role(
        "button", name=re.compile("^Accept")
    ).click()
    expect(crisis.locator(".hl-status")).to_contain_text("Está chateando con un especialista")
    expect(first.locator(".hl-status")).to_contain_text("You are number 1 in the queue")

    sam_row = supervisor.locator(f'[data-role="specialists"] tr[data-username="{SPECIALIST}"]')
    expect(sam_row).to_contain_text("Available")
    expect(sam_row.locator("td").nth(2)).to_have_text("1")
    expect(sam_row.locator("td").nth(3)).to_have_text("2")
    active = supervisor.locator(f'[data-role="active"] tr[data-conversation="{urgent}"]')
    expect(active).to_contain_text(SPECIALIST)
    active.get_by_role("button").click()
    expect(supervisor.locator('[data-role="reading"] .hl-log')).to_contain_text("quitarme la vida")
    assert_accessible(supervisor)

    # Sam hands the crisis chat to the supervisor queue: back at the head of the queue.
    mine = specialist.locator('[data-role="panes"]').locator(f'[data-conversation="{urgent}"]')
    mine.get_by_label("Note for whoever takes over").fill("Crisis: please take over.")
    mine.get_by_role("button", name="Send to the supervisor queue").click()
    expect(mine).to_have_count(0)
    expect(specialist.get_by_text("The chat was transferred.")).to_be_visible()
    row = supervisor.locator(f'[data-role="queue"] tr[data-conversation="{urgent}"]')
    expect(row).to_contain_text("Supervisor")
    expect(crisis.locator(".hl-status")).to_contain_text("Usted es el número 1 en la fila")
    expect(crisis.get_by_role("log")).to_contain_text("Lo estamos transfiriendo")
    [(queue, note)] = rows(
        chat_site,
        "SELECT c.queue, t.note FROM chat_transfer t JOIN chat_conversation c "
        "ON c.id = t.conversation_id WHERE c.public_id = ?",
        urgent,
    )
    assert (queue, note) == ("supervisor", "Crisis: please take over.")

    # Both visitors leave; the queue is empty again for the next test.
    for page, words in ((first, "End chat"), (crisis, "Terminar el chat")):
        page.get_by_role("button", name=words).click()
    expect(supervisor.locator('[data-role="queue"] tr')).to_have_count(0)
    for page in (first, crisis):
        page.context.close()
