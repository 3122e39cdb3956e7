"""The spread atlas pages: index, one page per primary, in English and Spanish."""

from __future__ import annotations

import html
import re

import pytest

from helpline.spread import atlas

ATLAS = atlas.load_atlas()
HONEST = {
    "en": "They describe groups of people, not you",
    "es": "Describen a grupos de personas, no a usted",
}
ASK_DOCTOR = {"en": "Please ask your doctor", "es": "Pregunte a su médico"}


def _get(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def _svg_text(page: str, tag: str) -> str:
    match = re.search(rf'<{tag} id="atlas-diagram-{tag}">(.*?)</{tag}>', page, re.S)
    assert match, f"no <{tag}> in the diagram"
    return html.unescape(match.group(1))


@pytest.mark.parametrize("lang", ["en", "es"])
def test_it_lists_every_primary_on_the_index(client, db, lang):
    page = _get(client, f"/{lang}/how-cancer-spreads/")
    assert f'<html lang="{lang}">' in page
    assert page.count("<h1>") == 1
    for entry in ATLAS.entries:
        assert f'href="/{lang}/how-cancer-spreads/{entry.slug}/"' in page
        assert html.escape(entry.name[lang]) in page
    assert HONEST[lang] in page


def test_the_index_links_to_itself_in_the_other_language(client, db):
    page = _get(client, "/en/how-cancer-spreads/")
    assert '<link rel="alternate" hreflang="es" href="/es/how-cancer-spreads/">' in page
    assert 'href="/es/how-cancer-spreads/" hreflang="es"' in page


@pytest.mark.parametrize(
    ("lang", "slug"),
    [("en", "breast"), ("es", "breast"), ("en", "prostate"), ("es", "lung"), ("es", "ovary")],
)
def test_it_shows_a_primary_with_its_sites_routes_reason_diagram_and_numbers(
    client, db, lang, slug
):
    entry = ATLAS.entry(slug)
    assert entry is not None
    page = _get(client, f"/{lang}/how-cancer-spreads/{slug}/")
    assert f'<html lang="{lang}">' in page
    assert page.count("<h1>") == 1
    for section in ("sites", "routes", "why", "numbers", "references"):
        assert f'id="{section}"' in page
    for site in entry.sites:
        assert html.escape(ATLAS.site_label(site.site, lang)) in page
    for route in entry.routes:
        assert html.escape(route.text[lang]) in page
    assert html.escape(entry.reason.text[lang]) in page

    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page and 'role="img"' in page
    assert 'aria-labelledby="atlas-diagram-title atlas-diagram-desc"' in page
    title, desc = _svg_text(page, "title"), _svg_text(page, "desc")
    assert title == atlas.text_for("sites_title", entry, lang)
    for site in entry.sites:
        assert ATLAS.site_label(site.site, lang).lower() in desc, site.site

    assert HONEST[lang] in page and ASK_DOCTOR[lang] in page
    assert 'data-testid="model-table"' in page
    assert '<th scope="col">' in page and '<th scope="row">' in page
    assert "diSibio" in page


def test_it_labels_the_diagram_in_spanish(client, db):
    page = _get(client, "/es/how-cancer-spreads/breast/")
    desc = _svg_text(page, "desc")
    assert "Dónde empezó el cáncer" in desc and "mama" in desc
    assert "huesos" in desc and "pulmones" in desc and "ganglios linfáticos" in desc
    assert "Lugares frecuentes de diseminación" in page
    assert "Where it started" not in page


def test_it_marks_the_start_with_a_pattern_not_only_colour(client, db):
    page = _get(client, "/en/how-cancer-spreads/breast/")
    assert 'id="atlas-diagram-hatch"' in page
    assert 'fill="url(#atlas-diagram-hatch)"' in page
    assert "<polygon" in page  # the star on the place where it started
    assert "Where it started:" in page


def test_it_has_no_model_table_for_a_primary_outside_the_autopsy_series(client, db):
    page = _get(client, "/en/how-cancer-spreads/melanoma/")
    assert 'data-testid="model-table"' not in page
    assert "no model figures" in page
    assert HONEST["en"] in page


def test_it_marks_no_start_for_cancer_of_unknown_primary(client, db):
    page = _get(client, "/en/how-cancer-spreads/unknown-primary/")
    assert "is not known, so none is marked" in _svg_text(page, "desc")
    assert "Where it started:" not in page
    assert 'data-testid="model-table"' in page


def test_it_offers_the_same_page_in_the_other_language(client, db):
    page = _get(client, "/es/how-cancer-spreads/kidney/")
    assert '<link rel="alternate" hreflang="en" href="/en/how-cancer-spreads/kidney/">' in page
    assert 'href="/en/how-cancer-spreads/kidney/" hreflang="en"' in page


def test_it_shows_when_the_atlas_was_revised(client, db):
    page = _get(client, "/en/how-cancer-spreads/colon/")
    assert f'datetime="{ATLAS.last_revised.isoformat()}"' in page
    assert ("Medically reviewed by" in page) == bool(ATLAS.reviewed_by)


def test_it_numbers_references_and_links_to_them(client, db):
    page = _get(client, "/en/how-cancer-spreads/prostate/")
    numbers = {int(n) for n in re.findall(r'href="#ref-(\d+)"', page)}
    targets = {int(n) for n in re.findall(r'<li id="ref-(\d+)"', page)}
    assert numbers == targets and numbers == set(range(1, len(targets) + 1))
    assert "Bubendorf L" in page and "doi:10.1053/hp.2000.6698" in page


@pytest.mark.parametrize("entry", ATLAS.entries, ids=lambda e: e.slug)
def test_every_primary_page_renders_in_both_languages(client, db, entry):
    for lang in ("en", "es"):
        page = _get(client, f"/{lang}/how-cancer-spreads/{entry.slug}/")
        assert page.count("<h1>") == 1
        assert 'role="img"' in page


def test_an_unknown_primary_is_not_found(client, db):
    assert client.get("/en/how-cancer-spreads/not-a-cancer/").status_code == 404
    assert client.get("/es/how-cancer-spreads/not-a-cancer/").status_code == 404
