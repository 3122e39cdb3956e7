"""What a visitor sees: languages, the helpline block, articles, PDFs."""

from __future__ import annotations

import pytest
from django.test import Client

from helpline.knowledge import actions
from helpline.knowledge.models import Translation
from tests.conftest import BODY_ES, content, publish


@pytest.fixture
def visitor() -> Client:
    return Client()


@pytest.fixture
def published_both(elena, marco, published_en) -> tuple[Translation, Translation]:
    spanish = Translation.objects.create(
        article=published_en.article, locale="es", slug="como-viaja-el-cancer"
    )
    publish(elena, marco, spanish, content(title="Cómo viaja el cáncer", body=BODY_ES))
    spanish.refresh_from_db()
    return published_en, spanish


def test_it_sends_the_root_to_a_language(visitor, db):
    response = visitor.get("/", HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 302
    assert response["Location"] == "/es/"


@pytest.mark.parametrize(
    ("path", "lang", "switch"), [("/en/", "en", "Español"), ("/es/", "es", "English")]
)
def test_it_declares_the_language_and_offers_the_other_one(visitor, db, path, lang, switch):
    html = visitor.get(path).content.decode()
    assert f'<html lang="{lang}">' in html
    assert f">{switch}</a>" in html


def test_the_home_page_shows_the_helpline_block(visitor, db, settings):
    settings.HELPLINE_PHONE = "1-800-422-0000"
    html = visitor.get("/en/").content.decode()
    assert "1-800-422-0000" in html
    assert "Available 24/7" in html
    assert "Monday to Friday, 09:00 to 21:00" in html
    assert "Live Chat" in html and 'href="/en/ask/"' in html
    assert "caregivers" in html and "family" in html
    assert "review your medical questions with your doctor" in html


def test_the_home_page_speaks_spanish(visitor, db):
    html = visitor.get("/es/").content.decode()
    assert "Chat en vivo" in html
    assert "lunes" in html


def test_it_shows_a_published_article_with_its_date_references_and_credits(visitor, published_en):
    response = visitor.get("/en/articles/how-cancer-travels/")
    html = response.content.decode()
    revision = published_en.published_revision
    assert response.status_code == 200
    assert "How cancer travels" in html
    assert "Last revised" in html and revision.last_revised.isoformat() in html
    assert 'id="how-cells-travel"' in html
    assert "doi:10.5858/2008-132-931-MPOCRF" in html
    assert "Medically reviewed by marco" in html and "Edited by elena" in html
    assert "review medical questions about your own situation with your doctor" in html


def test_it_labels_the_spanish_page_in_spanish_and_links_the_translations(visitor, published_both):
    html = visitor.get("/es/articles/como-viaja-el-cancer/").content.decode()
    assert "Última revisión" in html
    assert 'href="/en/articles/how-cancer-travels/"' in html
    html_en = visitor.get("/en/articles/how-cancer-travels/").content.decode()
    assert 'href="/es/articles/como-viaja-el-cancer/"' in html_en


def test_it_redirects_an_english_slug_to_the_spanish_translation(visitor, published_both):
    response = visitor.get("/es/articles/how-cancer-travels/")
    assert response.status_code == 302
    assert response["Location"] == "/es/articles/como-viaja-el-cancer/"


def test_it_says_when_an_article_has_no_translation(visitor, published_en):
    response = visitor.get("/es/articles/how-cancer-travels/")
    assert response.status_code == 404
    assert "/en/articles/how-cancer-travels/" in response.content.decode()


def test_it_never_shows_unpublished_text(visitor, elena, marco, english, published_en):
    draft = actions.do_create_revision(elena, published_en, content(title="SECRET DRAFT"))
    actions.do_submit_revision(elena, draft)
    actions.do_review_revision(marco, draft, actions.ReviewDecision.APPROVED)
    for path in ["/en/", "/en/articles/", "/en/articles/how-cancer-travels/", "/en/pdfs/"]:
        assert "SECRET DRAFT" not in visitor.get(path).content.decode()


def test_an_article_with_no_published_revision_is_not_found(visitor, elena, english):
    actions.do_create_revision(elena, english, content())
    assert visitor.get("/en/articles/how-cancer-travels/").status_code == 404
    assert visitor.get("/en/articles/how-cancer-travels.pdf").status_code == 404


def test_it_notes_when_a_translation_is_behind(visitor, elena, marco, published_both):
    english, _spanish = published_both
    publish(elena, marco, english, content(title="How cancer travels, updated"))
    html = visitor.get("/es/articles/como-viaja-el-cancer/").content.decode()
    assert 'data-testid="translation-behind"' in html
    html_current = visitor.get("/en/articles/how-cancer-travels/").content.decode()
    assert 'data-testid="translation-behind"' not in html_current


def test_it_serves_the_pdf_of_each_language(visitor, published_both):
    for path, name in [
        ("/en/articles/how-cancer-travels.pdf", "how-cancer-travels-en.pdf"),
        ("/es/articles/como-viaja-el-cancer.pdf", "como-viaja-el-cancer-es.pdf"),
    ]:
        response = visitor.get(path)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert name in response["Content-Disposition"]
        assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_the_pdf_holds_the_title_language_date_and_references(published_both):
    from tests.pdftext import pdf_text

    english, spanish = published_both
    text = pdf_text(english)
    assert "How cancer travels" in text
    assert "English" in text
    assert english.published_revision.last_revised.strftime("%Y") in text
    assert "Metastatic patterns of cancers" in text
    text_es = pdf_text(spanish)
    assert "Español" in text_es and "Última revisión" in text_es


def test_the_pdfs_page_lists_every_article_per_language(visitor, published_both):
    html = visitor.get("/en/pdfs/").content.decode()
    assert "/en/articles/how-cancer-travels.pdf" in html
    assert "/es/articles/como-viaja-el-cancer.pdf" in html


def test_the_get_involved_page_has_the_newsletter_and_the_donate_link(visitor, db, settings):
    settings.HELPLINE_DONATE_URL = "https://donate.example.org/helpline"
    html = visitor.get("/en/get-involved/").content.decode()
    assert 'name="email"' in html
    assert 'href="https://donate.example.org/helpline"' in html


def test_the_phone_hours_are_configurable_and_shown_instead_of_24_7(visitor, db, settings):
    settings.HELPLINE_PHONE_HOURS = "mon-fri 08:00-20:00"
    html = visitor.get("/en/").content.decode()
    assert "Available 24/7" not in html and "available 24/7" not in html
    assert "Monday to Friday, 08:00 to 20:00" in html
    assert 'data-phone-hours="Monday to Friday, 08:00 to 20:00"' in html
