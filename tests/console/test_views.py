"""The specialist console's pages and JSON endpoints: roles, wrap-up, knowledge search,
canned responses and callback requests."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.test import Client

from helpline.answers import index
from helpline.answers.passages import Passage, make_passage
from helpline.answers.retrieval import Hit, RetrievalResult
from helpline.chat import actions
from helpline.chat.models import (
    AccessLog,
    CallbackRequest,
    CannedResponse,
    Conversation,
    Status,
    WrapUp,
)
from helpline.console.canned import DEFAULTS
from helpline.console.views import cited_extract

PAGES = ["/console/", "/console/supervisor/", "/console/callbacks/"]


def client_for(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def active(opened, sam) -> Conversation:
    """The visitor asked for a specialist and Sam accepted."""
    conversation = opened.conversation
    actions.do_request_specialist(conversation)
    actions.do_accept(sam, conversation)
    conversation.refresh_from_db()
    return conversation


def wrap_up_url(conversation: Conversation) -> str:
    return f"/console/conversations/{conversation.public_id.hex}/wrap-up/"


# --- who may come in -----------------------------------------------------------------------------


@pytest.mark.parametrize("path", PAGES)
def test_anonymous_people_are_sent_to_sign_in(db, path):
    response = client_for().get(path)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={path}"


@pytest.mark.parametrize("path", PAGES)
def test_staff_without_a_chat_role_get_not_found(elena, path):
    assert client_for(elena).get(path).status_code == 404


def test_a_specialist_has_the_console_and_callbacks_but_not_the_supervisor_view(sam):
    client = client_for(sam)
    page = client.get("/console/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-mode="console"' in html and "helpline/console.js" in html
    assert 'id="console-pane"' in html and "csrfmiddlewaretoken" in html
    assert client.get("/console/callbacks/").status_code == 200
    assert client.get("/console/supervisor/").status_code == 404


def test_a_supervisor_has_every_page(sofia):
    client = client_for(sofia)
    for path in PAGES:
        assert client.get(path).status_code == 200, path
    html = client.get("/console/supervisor/").content.decode()
    assert 'data-mode="supervisor"' in html and 'data-role="specialists"' in html


def test_the_json_endpoints_need_the_role_too(elena, active):
    assert client_for().get("/console/kb-search/?q=blood").status_code == 302
    assert client_for(elena).get("/console/kb-search/?q=blood").status_code == 404
    response = client_for(elena).post(wrap_up_url(active), {"outcome": "information_given"})
    assert response.status_code == 404
    assert not WrapUp.objects.exists()


# --- wrap-up -------------------------------------------------------------------------------------


def test_a_specialist_wraps_up_an_ended_chat(active, sam):
    actions.do_end_conversation(active, by=sam)
    response = client_for(sam).post(
        wrap_up_url(active),
        {
            "outcome": "referred",
            "caller_type": "caregiver",
            "topics": "metastasis, lymph nodes,\nsupport groups",
            "referrals": "Local support group",
            "notes": "  Caregiver of a person with breast cancer.  ",
        },
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["outcome"] == "referred"
    wrap = WrapUp.objects.get(conversation=active)
    assert wrap.specialist == sam and wrap.caller_type == "caregiver"
    assert wrap.topics == ["metastasis", "lymph nodes", "support groups"]
    assert wrap.referrals == "Local support group"
    assert wrap.notes == "Caregiver of a person with breast cancer."
    active.refresh_from_db()
    assert active.status == Status.CLOSED
    assert AccessLog.objects.filter(user=sam, conversation=active, action="wrap_up").exists()


def test_wrapping_up_an_active_chat_ends_it_first(active, sam):
    response = client_for(sam).post(
        wrap_up_url(active), {"outcome": "information_given"}, HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 200
    active.refresh_from_db()
    assert active.status == Status.CLOSED
    assert active.messages.filter(data__event="ended").exists()


def test_a_form_post_without_javascript_goes_back_to_the_console(active, sam):
    response = client_for(sam).post(wrap_up_url(active), {"outcome": "information_given"})
    assert response.status_code == 302 and response["Location"] == "/console/"


@pytest.mark.parametrize(
    "data, words",
    [
        ({}, "Outcome"),
        ({"outcome": "magic"}, "Outcome"),
        ({"outcome": "referred", "caller_type": "alien"}, "Caller type"),
    ],
)
def test_bad_wrap_up_input_is_refused_with_a_message(active, sam, data, words):
    response = client_for(sam).post(wrap_up_url(active), data, HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    assert words in response.json()["error"]
    assert not WrapUp.objects.exists()
    active.refresh_from_db()
    assert active.status == Status.ACTIVE


def test_a_chat_is_wrapped_up_once(active, sam):
    client = client_for(sam)
    first = client.post(wrap_up_url(active), {"outcome": "other"}, HTTP_ACCEPT="application/json")
    assert first.status_code == 200
    again = client.post(wrap_up_url(active), {"outcome": "other"}, HTTP_ACCEPT="application/json")
    assert again.status_code == 400
    assert again.json()["error"] == "This conversation is not waiting for a wrap-up."
    assert WrapUp.objects.count() == 1


def test_only_the_chats_specialist_wraps_it_up(active, pat, sofia):
    # Pat cannot even see Sam's chat; Sofía can read it but it is not hers to wrap up.
    response = client_for(pat).post(wrap_up_url(active), {"outcome": "other"})
    assert response.status_code == 404
    response = client_for(sofia).post(
        wrap_up_url(active), {"outcome": "other"}, HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 403 and response.json()["error"]
    assert not WrapUp.objects.exists()


def test_an_unknown_conversation_is_not_found(sam):
    response = client_for(sam).post(
        "/console/conversations/not-a-uuid/wrap-up/", {"outcome": "other"}
    )
    assert response.status_code == 404


def test_wrap_up_takes_post_only(active, sam):
    assert client_for(sam).get(wrap_up_url(active)).status_code == 405


# --- knowledge search ----------------------------------------------------------------------------


class FakeIndex:
    """The engine's index answering with fixed passages (the real one is exercised end to end
    in tests/browser/test_chat_journey.py); it records what it was asked."""

    def __init__(self, passages: list[Passage]) -> None:
        self.passages = passages
        self.asked: list[tuple[str, str, int]] = []

    def search(self, question: str, locale: str, k: int = 10) -> RetrievalResult:
        self.asked.append((question, locale, k))
        hits = [Hit(p, 1.0, 1.0, 1.0) for p in self.passages[:k]]
        return RetrievalResult(hits, 0.9, locale, False, None, None)


LONG_BODY = (
    "Lymph nodes are small, bean-shaped organs. They filter the lymph, a clear fluid that "
    "carries white blood cells. Cancer cells that break away from a tumour can travel in the "
    "lymph and settle in the nearest nodes first. This is why doctors check the nodes near a "
    "cancer: it helps them understand how far it has gone. Swollen nodes are usually caused by "
    "an infection, not by cancer."
)


@pytest.fixture
def fake_index(monkeypatch) -> FakeIndex:
    fake = FakeIndex(
        [
            make_passage(
                id="r1-s1",
                article_key="lymph-nodes",
                locale="es",
                title="Ganglios linfáticos",
                section="Qué son",
                body="Los ganglios linfáticos son órganos pequeños.",
                url="http://testserver/es/articles/ganglios-linfaticos/#que-son",
                last_revised="2026-11-20",
            ),
            make_passage(
                id="r2-s3",
                article_key="lymph-nodes",
                locale="en",
                title="What lymph nodes are",
                section="",
                body=LONG_BODY,
                url="http://testserver/en/articles/lymph-nodes/",
                last_revised="",
            ),
        ]
    )
    monkeypatch.setattr(index, "current", lambda: SimpleNamespace(index=fake))
    return fake


def test_knowledge_search_returns_cited_extracts(fake_index, sam):
    response = client_for(sam).get("/console/kb-search/", {"q": " ganglios ", "lang": "es"})
    assert response.status_code == 200
    assert fake_index.asked == [("ganglios", "es", 5)]
    data = response.json()
    assert data["query"] == "ganglios" and data["language"] == "es"
    first, second = data["results"]
    assert first == {
        "title": "Ganglios linfáticos",
        "section": "Qué son",
        "url": "http://testserver/es/articles/ganglios-linfaticos/#que-son",
        "last_revised": "2026-11-20",
        "language": "es",
        "extract": "Los ganglios linfáticos son órganos pequeños.",
        "cited": "Los ganglios linfáticos son órganos pequeños. — Ganglios linfáticos, Qué son "
        "(http://testserver/es/articles/ganglios-linfaticos/#que-son), última revisión 2026-11-20",
    }
    # A long section is cut at a sentence end; no section and no date leave no gaps.
    assert LONG_BODY.startswith(second["extract"]) and second["extract"].endswith(".")
    assert len(second["extract"]) <= 320
    assert second["cited"] == (
        second["extract"] + " — What lymph nodes are (http://testserver/en/articles/lymph-nodes/)"
    )


def test_knowledge_search_falls_back_to_english_for_an_unknown_language(fake_index, sam):
    response = client_for(sam).get("/console/kb-search/", {"q": "nodes", "lang": "fr"})
    assert response.status_code == 200 and fake_index.asked == [("nodes", "en", 5)]


def test_knowledge_search_needs_words(sam):
    response = client_for(sam).get("/console/kb-search/", {"q": "  "})
    assert response.status_code == 400 and response.json()["error"]


def test_a_cited_extract_reads_in_the_passages_language():
    assert cited_extract("Texto.", "Título", "Sección", "https://x/", "2026-01-02", "es") == (
        "Texto. — Título, Sección (https://x/), última revisión 2026-01-02"
    )
    assert (
        cited_extract("Text.", "Title", "", "https://x/", "", "en") == "Text. — Title (https://x/)"
    )


# --- canned responses ----------------------------------------------------------------------------


def test_the_console_offers_default_canned_responses_in_both_languages(sam):
    html = client_for(sam).get("/console/").content.decode()
    assert {c["language"] for c in DEFAULTS} == {"en", "es"}
    assert "Greeting" in html and "Saludo" in html


def test_stored_canned_responses_replace_the_defaults(sam):
    CannedResponse.objects.create(title="Our own hello", language="en", body="Hi there.")
    html = client_for(sam).get("/console/").content.decode()
    assert "Our own hello" in html and "Saludo" not in html


# --- callback requests ---------------------------------------------------------------------------


@pytest.fixture
def callback(db) -> CallbackRequest:
    return actions.do_leave_callback(
        language="es",
        method="phone",
        contact="+1 555 0100",
        message="¿Me pueden llamar por la tarde?",
        name="Ana",
    )


def test_specialists_see_waiting_callback_requests(callback, sam):
    html = client_for(sam).get("/console/callbacks/").content.decode()
    assert "+1 555 0100" in html and "¿Me pueden llamar por la tarde?" in html
    assert f"/console/callbacks/{callback.pk}/handled/" in html


def test_marking_a_callback_handled_records_who_and_when(callback, sam, pat):
    response = client_for(sam).post(f"/console/callbacks/{callback.pk}/handled/")
    assert response.status_code == 302 and response["Location"] == "/console/callbacks/"
    callback.refresh_from_db()
    assert callback.handled_by == sam and callback.handled_at is not None
    handled_at = callback.handled_at

    # A second click (Pat's, or Sam's again) changes nothing.
    client_for(pat).post(f"/console/callbacks/{callback.pk}/handled/")
    callback.refresh_from_db()
    assert (callback.handled_by, callback.handled_at) == (sam, handled_at)
    html = client_for(sam).get("/console/callbacks/").content.decode()
    assert "No callback request is waiting." in html and "handled by" in html


def test_marking_handled_needs_the_role_a_post_and_a_real_request(callback, elena, sam):
    assert client_for(elena).post(f"/console/callbacks/{callback.pk}/handled/").status_code == 404
    assert client_for(sam).get(f"/console/callbacks/{callback.pk}/handled/").status_code == 405
    assert client_for(sam).post("/console/callbacks/999999/handled/").status_code == 404
    callback.refresh_from_db()
    assert callback.handled_at is None
