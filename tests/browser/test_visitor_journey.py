"""A visitor in a real browser: languages, an article, its PDF, the newsletter, accessibility."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import assert_accessible
from tests.conftest import body_of

pytestmark = pytest.mark.browser


def test_a_visitor_switches_language_reads_an_article_and_downloads_its_pdf(site, page, tmp_path):
    page.goto(site.url + "/")
    assert page.url == site.url + "/en/"
    assert page.get_attribute("html", "lang") == "en"
    assert page.get_by_text("Available 24/7").first.is_visible()
    assert_accessible(page)

    page.get_by_test_id("switch-language").click()
    page.wait_for_url(site.url + "/es/")
    assert page.get_attribute("html", "lang") == "es"
    assert_accessible(page)

    page.get_by_role("navigation", name="Principal").get_by_role(
        "link", name="Información sobre el cáncer"
    ).click()
    page.get_by_role("link", name=re.compile("Cómo se disemina el cáncer")).first.click()
    page.wait_for_url(re.compile(r"/es/articles/como-se-disemina-el-cancer/$"))
    assert "Última revisión" in page.get_by_test_id("last-revised").inner_text()
    assert page.locator("table").count() >= 1
    assert_accessible(page)

    with page.expect_download() as info:
        page.get_by_test_id("pdf-link").click()
    download = info.value
    assert download.suggested_filename == "como-se-disemina-el-cancer-es.pdf"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF")
    assert saved.stat().st_size > 10_000

    page.get_by_test_id("switch-language").click()
    page.wait_for_url(re.compile(r"/en/articles/how-cancer-spreads/$"))
    assert page.get_attribute("html", "lang") == "en"
    assert "Last revised" in page.get_by_test_id("last-revised").inner_text()


def test_the_pdfs_page_lists_both_languages_and_is_accessible(site, page):
    page.goto(site.url + "/en/pdfs/")
    links = page.locator("a[href$='.pdf']")
    hrefs = {links.nth(i).get_attribute("href") for i in range(links.count())}
    assert any(h.startswith("/en/") for h in hrefs) and any(h.startswith("/es/") for h in hrefs)
    assert_accessible(page)


def test_a_visitor_signs_up_for_the_newsletter_and_confirms_from_the_e_mail(site, page):
    page.goto(site.url + "/en/get-involved/")
    assert_accessible(page)
    page.get_by_label("Your e-mail address").fill("maria@example.org")
    page.get_by_role("button", name="Sign up").click()
    assert "maria@example.org" in page.get_by_test_id("check-inbox").inner_text()

    [message] = [m for m in site.mailbox.wait_for(1) if m["To"] == "maria@example.org"]
    confirm = re.search(r"http://\S+/newsletter/confirm/\S+/", body_of(message))
    assert confirm and confirm.group(0).startswith(site.url)
    assert "/newsletter/unsubscribe/" in body_of(message)

    page.goto(confirm.group(0))
    assert_accessible(page)
    page.get_by_role("button", name="Confirm my subscription").click()
    assert page.get_by_test_id("confirmed").is_visible()
    assert_accessible(page)


def test_every_public_page_has_no_axe_violations(site, page):
    for path in [
        "/en/",
        "/es/",
        "/en/articles/",
        "/en/ask/",
        "/es/get-involved/",
        "/en/articles/lymph-nodes/",
        "/accounts/login/",
    ]:
        page.goto(site.url + path)
        assert_accessible(page)
