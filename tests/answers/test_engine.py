"""The answer engine end to end: reviewed content only, cited, triage first, both languages."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from helpline.answers import index
from helpline.answers.compose import Action
from helpline.answers.pipeline import QuestionError, answer
from helpline.knowledge import actions
from helpline.knowledge.models import Translation
from tests.conftest import content, publish

SPREAD_EN = """Cancer that spreads keeps the name of the place where it started.

## Where breast cancer spreads

Breast cancer most often spreads to the bones, the liver, the lungs and the brain. Before that
it often reaches the lymph nodes in the armpit.

## Symptoms of cancer in the bones

Bone metastases can cause pain, fractures and high calcium levels in the blood.

## Treatment of metastatic cancer

Treatment aims to control the cancer and ease symptoms, with medicines, radiotherapy or surgery.
"""

SPREAD_ES = """El cáncer que se disemina conserva el nombre del lugar donde empezó.

## Adónde se disemina el cáncer de mama

El cáncer de mama se disemina con más frecuencia a los huesos, el hígado, los pulmones y el
cerebro. Antes suele llegar a los ganglios linfáticos de la axila.
"""


@pytest.fixture(autouse=True)
def _fresh_index(settings, answer_vectors_dir, monkeypatch, request):
    settings.VAR_DIR = answer_vectors_dir
    if "with_atlas" not in request.keywords:
        # These tests are about articles: keep the atlas's passages out of their way.
        monkeypatch.setattr(index, "_atlas", lambda info: [])
    index.reset()
    yield
    index.reset()


@pytest.fixture
def spread_article(elena, marco, english):
    publish(elena, marco, english, content(title="Where cancer spreads", body=SPREAD_EN))
    english.refresh_from_db()
    return english


@pytest.fixture
def spread_both(elena, marco, spread_article):
    spanish = Translation.objects.create(
        article=spread_article.article, locale="es", slug="adonde-se-disemina"
    )
    publish(elena, marco, spanish, content(title="Adónde se disemina el cáncer", body=SPREAD_ES))
    return spread_article, spanish


def test_it_answers_from_a_published_section_with_citations_and_the_doctor_reminder(
    spread_article,
):
    result = answer("Where does breast cancer spread to?", "en")
    assert result.action == Action.ANSWER
    assert "bones, the liver, the lungs" in result.answer
    first = result.citations[0]
    assert first.title == "Where cancer spreads"
    assert first.section == "Where breast cancer spreads"
    assert first.url.endswith("/en/articles/how-cancer-travels/#where-breast-cancer-spreads")
    assert first.last_revised == spread_article.published_revision.last_revised.isoformat()
    assert first.references[0]["doi"] == "10.5858/2008-132-931-MPOCRF"
    assert "doctor" in result.reminder


def test_its_answer_is_an_extract_of_reviewed_text_never_new_text(spread_article):
    result = answer("What are the symptoms of bone metastases?", "en")
    body = " ".join(SPREAD_EN.split())
    for paragraph in result.answer.split("\n\n"):
        assert paragraph.rstrip(" …") in body


def test_it_answers_in_spanish_from_spanish_content(spread_both):
    result = answer("¿Adónde se disemina el cáncer de mama?", "es")
    assert result.action == Action.ANSWER
    assert result.language == "es"
    assert "huesos" in result.answer
    assert result.citations[0].url.endswith(
        "/es/articles/adonde-se-disemina/#adonde-se-disemina-el-cancer-de-mama"
    )
    assert "médico" in result.reminder


def test_it_falls_back_to_english_content_with_a_note(spread_both):
    result = answer("¿Cuáles son los síntomas de las metástasis en los huesos?", "es")
    assert result.action == Action.ANSWER
    assert result.language == "es"
    assert result.citations[0].section == "Symptoms of cancer in the bones"
    assert "inglés" in result.note


def test_it_never_answers_from_an_unpublished_draft(elena, marco, spread_article):
    draft = actions.do_create_revision(
        elena,
        spread_article,
        content(title="Draft", body="## Secret\n\nUnreviewed claim about bananas curing cancer."),
    )
    actions.do_submit_revision(elena, draft)
    result = answer("Do bananas cure cancer?", "en")
    assert "bananas" not in result.answer
    assert all(c.title != "Draft" for c in result.citations)


def test_it_picks_up_a_newly_published_revision(elena, marco, spread_article):
    assert "zoledronic" not in answer("How are bone metastases treated?", "en").answer
    publish(
        elena,
        marco,
        spread_article,
        content(
            title="Where cancer spreads",
            body=SPREAD_EN
            + "\n## Bone-strengthening medicines\n\n"
            + "Bone metastases can be treated with zoledronic acid to strengthen the bones.\n",
        ),
    )
    assert (
        "zoledronic"
        in answer("Which medicines strengthen the bones with bone metastases?", "en").answer
    )


@pytest.mark.parametrize(
    ("question", "lang", "action"),
    [
        ("I want to kill myself", "en", Action.CRISIS),
        ("ya no quiero vivir, quiero morirme", "es", Action.CRISIS),
        ("I can't breathe and my chest hurts", "en", Action.EMERGENCY),
        ("tengo fiebre de 39 durante la quimioterapia", "es", Action.EMERGENCY),
        ("Should I stop my chemo?", "en", Action.SEE_DOCTOR),
        ("¿Puedo cambiar la dosis de mi medicamento?", "es", Action.SEE_DOCTOR),
    ],
)
def test_it_triages_before_it_retrieves(spread_article, question, lang, action):
    result = answer(question, lang)
    assert result.action == action
    assert result.language == lang
    if action in (Action.CRISIS, Action.EMERGENCY):
        assert result.citations == []


def test_a_crisis_reply_gives_the_crisis_line_and_a_person(spread_article, settings):
    settings.HELPLINE_CRISIS_LINE = "988"
    result = answer("I want to end my life", "en")
    assert "988" in result.answer
    assert result.offer_specialist
    spanish = answer("quiero quitarme la vida", "es")
    assert "988" in spanish.answer and "2" in spanish.answer


def test_an_emergency_reply_gives_the_emergency_number(spread_article, settings):
    settings.HELPLINE_EMERGENCY_NUMBER = "112"
    result = answer("My husband is unconscious and won't wake up", "en")
    assert "112" in result.answer
    assert "care team" in result.answer


def test_ordinary_cancer_talk_is_answered_not_sent_to_crisis(spread_article):
    result = answer("My mother is dying of cancer, where does breast cancer spread?", "en")
    assert result.action != Action.CRISIS


@pytest.mark.parametrize(
    "question", ["What is the best pizza in town?", "Who won the football match yesterday?"]
)
def test_it_hands_off_when_no_reviewed_answer_fits(spread_article, question):
    result = answer(question, "en")
    assert result.action == Action.HANDOFF
    assert result.citations == []
    assert "specialist" in result.answer
    assert result.contact["phone"]


@pytest.mark.parametrize("question", ["", "   ", "x" * 2001, None, 42])
def test_it_refuses_an_empty_or_oversized_question(db, question):
    with pytest.raises(QuestionError):
        answer(question, "en")  # type: ignore[arg-type]


def test_the_api_answers_json(spread_article):
    response = Client().post(
        "/api/answers",
        json.dumps({"question": "Where does breast cancer spread?", "lang": "en"}),
        content_type="application/json",
    )
    assert response.status_code == 200
    data = response.json()
    assert data["action"] == "answer"
    assert set(data["citations"][0]) >= {
        "title",
        "url",
        "section",
        "last_revised",
        "external_id",
        "references",
    }
    assert 0 < data["confidence"] <= 1


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        ("not json", 400, "not valid JSON"),
        ("[1, 2]", 400, "JSON object"),
        ('{"question": ""}', 400, "write a question"),
        ('{"question": "hi", "lang": "fr"}', 400, '"lang"'),
    ],
)
def test_the_api_explains_bad_input(db, body, status, message):
    response = Client().post("/api/answers", body, content_type="application/json")
    assert response.status_code == status
    assert message in response.json()["error"]


def test_the_api_only_takes_post(db):
    response = Client().get("/api/answers")
    assert response.status_code == 405
    assert "POST" in response.json()["error"]


def test_the_ask_page_shows_a_cited_answer(spread_article):
    response = Client().post("/en/ask/", {"question": "Where does breast cancer spread?"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-action="answer"' in html
    assert "Where breast cancer spreads" in html
    assert "Last revised" in html


def test_the_ask_page_shows_crisis_help_first_with_a_number_to_tap(spread_article):
    html = Client().post("/es/ask/", {"question": "quiero morirme"}).content.decode()
    assert 'data-action="crisis"' in html
    assert '<a class="button" href="tel:988" data-testid="call-crisis-line">' in html
    assert "Llame o envíe un mensaje al 988" in html


def test_the_ask_page_gives_the_emergency_number_to_tap(spread_article):
    html = Client().post("/en/ask/", {"question": "my dad can't breathe"}).content.decode()
    assert 'data-action="emergency"' in html
    assert '<a class="button" href="tel:911" data-testid="call-emergency">Call 911</a>' in html
    assert "call-crisis-line" not in html


def test_the_ask_page_ties_its_error_message_to_the_question_box(db):
    html = Client().post("/en/ask/", {"question": "  "}).content.decode()
    assert 'aria-describedby="id_question_error"' in html
    assert 'role="alert" id="id_question_error"' in html


def test_the_ask_page_refuses_an_empty_question_with_a_message(db):
    response = Client().post("/en/ask/", {"question": ""})
    assert response.status_code == 400
    assert "Please write a question." in response.content.decode()


@pytest.mark.with_atlas
def test_it_answers_where_and_why_a_cancer_spreads_from_the_atlas(db):
    result = answer("Where does prostate cancer spread?", "en")
    assert result.action == Action.ANSWER
    assert result.citations[0].title == "How cancer spreads: prostate cancer"
    assert "/en/how-cancer-spreads/prostate/#" in result.citations[0].url
    assert result.citations[0].references
    spanish = answer("¿Por qué el cáncer de colon se disemina al hígado?", "es")
    assert spanish.citations[0].title == "Cómo se disemina el cáncer: cáncer de colon"
    assert "/es/how-cancer-spreads/colon/" in spanish.citations[0].url


ROUTES_EN = """Cancer cells that leave a tumour travel in the blood or the lymph.

## Why some places are reached first

Blood from the gut passes through the portal vein into the liver before it reaches the heart,
so the liver is the first fine filter for cells shed by bowel and stomach cancers. This is one
reason why cancers of the bowel, stomach and pancreas often spread to the liver.

## Seed and soil

Some organs suit some cancer cells better than others.
"""

ROUTES_ES = """Las células cancerosas que salen de un tumor viajan por la sangre o la linfa.

## Por qué a unos lugares se llega antes

La sangre del intestino pasa por la vena porta hasta el hígado antes de llegar al corazón, así
que el hígado es el primer filtro de las células que sueltan los cánceres de colon y estómago.
Por eso el cáncer de colon, de estómago o de páncreas llega a menudo al hígado.
"""


@pytest.mark.with_atlas
def test_it_answers_how_cancer_reaches_an_organ_from_the_general_page_not_that_organs_cancer(
    elena, marco, english
):
    publish(elena, marco, english, content(title="How cancer spreads (metastasis)", body=ROUTES_EN))
    spanish = Translation.objects.create(article=english.article, locale="es", slug="viajes")
    publish(
        elena,
        marco,
        spanish,
        content(title="Cómo se disemina el cáncer (metástasis)", body=ROUTES_ES),
    )

    result = answer("How does cancer spread to the liver?", "en")

    assert result.action == Action.ANSWER
    assert (result.citations[0].title, result.citations[0].section) == (
        "How cancer spreads (metastasis)",
        "Why some places are reached first",
    )
    assert "portal vein" in result.answer
    spanish_result = answer("¿Cómo llega el cáncer al hígado?", "es")
    assert spanish_result.citations[0].title == "Cómo se disemina el cáncer (metástasis)"
    # A question about liver cancer itself still gets the page on liver cancer.
    own = answer("Where does liver cancer spread?", "en")
    assert own.citations[0].url.split("#")[0].endswith("/en/how-cancer-spreads/liver/")
