"""The spread atlas data: coverage, sources, both languages, model numbers, passages."""

from __future__ import annotations

import copy
import datetime
import re
from urllib.parse import urlsplit

import pytest
import yaml

from helpline.spread import atlas, diagram
from helpline.spread import model as spread_model
from helpline.spread.passages import atlas_passages

ATLAS = atlas.load_atlas()
ENTRIES = list(ATLAS.entries)


def _texts(entry: atlas.Entry) -> list[tuple[str, dict[str, str]]]:
    """Every localized text of an entry, with a name saying where it is."""
    out = [("name", entry.name), ("phrase", entry.phrase), ("reason", entry.reason.text)]
    out += [(f"route {r.kind}", r.text) for r in entry.routes]
    out += [(f"site note {s.site}", s.note) for s in entry.sites if s.note]
    if entry.note:
        out.append(("note", entry.note.text))
    return out


def test_it_has_an_entry_for_every_nci_primary():
    nci = atlas.nci_sites()
    assert len(nci) == 13
    covered = {e.nci for e in ENTRIES if e.nci}
    assert covered == set(nci)


def test_it_has_an_entry_for_every_disibio_primary_with_at_least_40_autopsies():
    big = atlas.disibio_primaries(40)
    assert len(big) == 21
    assert "breast" in big and "unknown primary" in big and "tonsil" not in big
    covered = {e.disibio for e in ENTRIES if e.disibio}
    assert set(big) <= covered
    assert 20 <= len(ENTRIES) <= 25


def test_it_names_only_primaries_the_model_and_the_data_know():
    known = set(spread_model.primaries())
    series = atlas.disibio_series()
    for entry in ENTRIES:
        if entry.disibio is not None:
            assert entry.disibio in known, entry.slug
            assert entry.disibio in series, entry.slug


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.slug)
def test_it_gives_every_entry_sites_routes_reason_and_references_in_both_languages(entry):
    assert entry.sites and entry.routes and entry.reason.refs
    assert {"blood", "lymph"} <= {r.kind for r in entry.routes}
    for where, text in _texts(entry):
        for lang in ("en", "es"):
            assert text[lang].strip(), f"{entry.slug}: {where} has no {lang} text"
        if where not in ("name", "phrase"):
            assert text["en"] != text["es"], f"{entry.slug}: {where} is not translated"
    refs = [*entry.reason.refs, *(k for s in entry.sites for k in s.refs)]
    refs += [k for r in entry.routes for k in r.refs]
    assert refs and set(refs) <= set(ATLAS.references)
    for site in entry.sites:
        assert site.refs, f"{entry.slug}: {site.site} has no reference"
        assert {"en", "es"} <= set(ATLAS.site_names[site.site].label)


@pytest.mark.parametrize("primary", sorted(atlas.nci_sites()))
def test_it_includes_the_nci_sites_among_the_common_sites(primary):
    [entry] = [e for e in ENTRIES if e.nci == primary]
    assert set(atlas.nci_sites()[primary]) <= set(entry.site_keys())


def test_it_cites_nci_exactly_for_the_sites_on_the_nci_list():
    for entry in ENTRIES:
        listed = set(atlas.nci_sites().get(entry.nci or "", ()))
        for site in entry.sites:
            assert ("nci" in site.refs) == (site.site in listed), (entry.slug, site.site)


def test_it_cites_the_autopsy_counts_only_for_sites_seen_in_them():
    series = atlas.disibio_series()
    for entry in ENTRIES:
        for site in entry.sites:
            if "disibio2008" in site.refs:
                assert entry.disibio is not None, entry.slug
                share = series[entry.disibio].fraction_of_autopsies(site.site)
                assert share >= 0.05, (entry.slug, site.site, share)


def test_it_sends_blood_to_the_right_first_filter():
    bed = {e.slug: e.blood_route().first_bed for e in ENTRIES}  # type: ignore[union-attr]
    assert bed["lung"] == "arteries"
    assert bed["colon"] == bed["stomach"] == bed["pancreas"] == "liver"
    assert bed["rectum"] == bed["esophagus"] == "mixed"
    for slug in ("breast", "prostate", "kidney", "bladder", "thyroid", "melanoma", "liver"):
        assert bed[slug] == "lungs", slug


def test_it_describes_the_routes_beyond_blood_and_lymph():
    kinds = {e.slug: {r.kind for r in e.routes} for e in ENTRIES}
    for slug in ("pancreas", "prostate", "tongue", "pharynx", "larynx"):
        assert "perineural" in kinds[slug], slug
    for slug in ("ovary", "stomach", "colon"):
        assert "peritoneal" in kinds[slug], slug
    assert "vertebral_plexus" in kinds["prostate"]
    assert "pleural" in kinds["lung"]


def test_it_says_when_it_was_revised_and_by_whom_it_was_reviewed():
    raw = yaml.safe_load(atlas.ATLAS_FILE.read_text(encoding="utf-8"))
    assert "reviewed_by" in raw and "last_revised" in raw
    assert isinstance(ATLAS.last_revised, datetime.date)
    assert isinstance(ATLAS.reviewed_by, str)


def test_it_refuses_an_entry_without_spanish():
    raw = yaml.safe_load(atlas.ATLAS_FILE.read_text(encoding="utf-8"))
    broken = copy.deepcopy(raw)
    del broken["primaries"][0]["reason"]["es"]
    with pytest.raises(atlas.AtlasError, match="missing text in es"):
        atlas.parse_atlas(broken)


def test_it_refuses_a_fact_without_a_known_reference():
    raw = yaml.safe_load(atlas.ATLAS_FILE.read_text(encoding="utf-8"))
    broken = copy.deepcopy(raw)
    broken["primaries"][0]["sites"][0]["refs"] = ["a-blog-post"]
    with pytest.raises(atlas.AtlasError, match="unknown references"):
        atlas.parse_atlas(broken)


def test_it_can_draw_every_site_and_primary():
    for entry in ENTRIES:
        assert set(entry.primary_shapes) <= set(diagram.SHAPES), entry.slug
        assert set(entry.regional_nodes) <= set(diagram.NODE_GROUPS), entry.slug
        for site in entry.sites:
            assert diagram.shapes_for_site(site.site, entry), (entry.slug, site.site)


def test_it_puts_the_model_next_to_the_autopsy_shares():
    breast = ATLAS.entry("breast")
    assert breast is not None
    comparison = atlas.model_comparison(breast)
    assert comparison is not None
    assert comparison.autopsies == 432 and comparison.metastases == 2235
    observed = sum(r.observed for r in comparison.rows) + comparison.other_observed
    predicted = sum(r.predicted for r in comparison.rows) + comparison.other_predicted
    assert observed == pytest.approx(1.0) and predicted == pytest.approx(1.0)
    lung = next(r for r in comparison.rows if r.site == "lung")
    assert lung.n_with_site == 247 and lung.observed == pytest.approx(247 / 2235)
    assert [r.observed for r in comparison.rows] == sorted(
        (r.observed for r in comparison.rows), reverse=True
    )


def test_it_fits_the_model_once_per_process():
    for slug in ("breast", "lung", "breast"):
        entry = ATLAS.entry(slug)
        assert entry is not None and atlas.model_comparison(entry) is not None
    assert atlas._fitted_model.cache_info().misses == 1


def test_it_has_no_model_numbers_for_a_cancer_outside_the_autopsy_series():
    melanoma = ATLAS.entry("melanoma")
    assert melanoma is not None and melanoma.disibio is None
    assert atlas.model_comparison(melanoma) is None


def test_it_joins_lists_the_spanish_way():
    assert atlas.join_list(["los huesos", "el hígado"], "es") == "los huesos y el hígado"
    assert atlas.join_list(["pulmones", "hígado"], "es") == "pulmones e hígado"
    assert atlas.join_list(["a", "b", "c"], "en") == "a, b and c"


# --------------------------------------------------------------------- passages


def test_it_builds_two_passages_per_primary_and_locale():
    passages = atlas_passages("https://help.example.org/")
    assert len(passages) == 2 * 2 * len(ENTRIES)
    ids = [p.id for p in passages]
    assert len(set(ids)) == len(ids)
    assert {p.locale for p in passages} == {"en", "es"}
    for p in passages:
        assert p.body.strip() and p.title.strip() and p.section.strip()
        assert "<" not in p.body and "**" not in p.body
        assert p.last_revised == ATLAS.last_revised.isoformat()
        assert p.content_hash


def test_it_points_passages_at_the_page_and_its_section():
    passages = {p.id: p for p in atlas_passages("https://help.example.org")}
    en = passages["atlas-breast-en-sites"]
    assert en.url == "https://help.example.org/en/how-cancer-spreads/breast/#sites"
    assert en.article_key == "atlas-breast"
    assert en.title == "How cancer spreads: breast cancer"
    assert en.section == "Where breast cancer tends to spread"
    assert "bones" in en.body and "lungs" in en.body and "armpit" in en.body

    es = passages["atlas-breast-es-why"]
    assert es.url == "https://help.example.org/es/how-cancer-spreads/breast/#why"
    assert es.title == "Cómo se disemina el cáncer: cáncer de mama"
    assert es.section == "Por qué el cáncer de mama se disemina a esos lugares"
    assert "semilla" in es.body and "médico" in es.body
    for p in passages.values():
        assert urlsplit(p.url).fragment in ("sites", "why")
        assert re.fullmatch(r"atlas-[a-z-]+-(en|es)-(sites|why)", p.id)


def test_it_names_routes_and_first_filter_in_the_sites_passage():
    passages = {p.id: p for p in atlas_passages("https://help.example.org")}
    colon = passages["atlas-colon-en-sites"].body
    assert "Through the blood" in colon and "portal vein" in colon and "the liver" in colon
    prostate = passages["atlas-prostate-es-sites"].body
    assert "plexo venoso vertebral" in prostate and "nervios" in prostate
