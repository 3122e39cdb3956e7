"""Importing and exporting content/<locale>/*.md."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from django.conf import settings

from helpline.cli import main as helpline
from helpline.knowledge import actions
from helpline.knowledge.content_files import ContentError
from helpline.knowledge.models import Article, Revision, RevisionStatus, Translation

GOOD = """---
key: test-article
locale: {locale}
slug: {slug}
title: "{title}"
summary: A test.
last_revised: 2026-11-01
review_by: 2027-11-01
references:
  - authors: "Paget S"
    title: "The distribution of secondary growths in cancer of the breast"
    source: "The Lancet"
    year: 1889
    doi: "10.1016/S0140-6736(00)49915-0"
---
Intro.

## Seed and soil

Some organs suit some cancers [1].
"""


def write(root: Path, locale: str, slug: str, title: str, text: str | None = None) -> Path:
    path = root / locale / f"{slug}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text or GOOD.format(locale=locale, slug=slug, title=title))
    return path


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    write(tmp_path, "en", "test-article", "Seed and soil")
    write(tmp_path, "es", "articulo-de-prueba", "Semilla y suelo")
    return tmp_path


def test_it_imports_files_as_published_reviewed_revisions(db, tree):
    report = actions.import_content(tree)
    assert sorted(report.created) == ["en/test-article", "es/articulo-de-prueba"]
    english = Translation.objects.get(locale="en", slug="test-article")
    spanish = Translation.objects.get(locale="es")
    assert english.article == spanish.article
    revision = english.published_revision
    assert revision.status == RevisionStatus.PUBLISHED
    assert str(revision.last_revised) == "2026-11-01"
    assert revision.valid_medical_approval() is not None
    assert revision.references.get().year == 1889
    assert spanish.published_revision.source_revision == revision


def test_it_changes_nothing_when_the_same_files_are_imported_again(db, tree):
    actions.import_content(tree)
    before = Revision.objects.count()
    report = actions.import_content(tree)
    assert report.created == [] and report.updated == []
    assert len(report.unchanged) == 2
    assert Revision.objects.count() == before


def test_it_creates_a_new_revision_when_a_file_changes(db, tree):
    actions.import_content(tree)
    write(tree, "en", "test-article", "Seed and soil, revised")
    report = actions.import_content(tree)
    assert report.updated == ["en/test-article"]
    english = Translation.objects.get(locale="en")
    assert english.published_revision.title == "Seed and soil, revised"
    assert english.revisions.count() == 2
    spanish = Translation.objects.get(locale="es")
    assert actions.translation_is_behind(spanish)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("no front matter\n", "must start with a '---' line"),
        ("---\nkey: x\n", "no closing '---'"),
        ("---\nkey: [unclosed\n---\nbody\n", "not valid YAML"),
        ("---\nkey: x\nlocale: en\nslug: x\n---\nbody\n", "missing required field(s): title"),
        ("---\nkey: x\nlocale: fr\nslug: x\ntitle: T\n---\nbody\n", "locale must be one of"),
        ("---\nkey: Bad Key\nlocale: en\nslug: x\ntitle: T\n---\nbody\n", "'key' must be"),
        ("---\nkey: x\nlocale: en\nslug: x\ntitle: T\ncolour: red\n---\nbody\n", "unknown field"),
        ("---\nkey: x\nlocale: en\nslug: x\ntitle: T\n---\n\n", "no body text"),
        (
            "---\nkey: x\nlocale: en\nslug: x\ntitle: T\nlast_revised: soon\n---\nb\n",
            "'last_revised'",
        ),
        (
            "---\nkey: x\nlocale: en\nslug: x\ntitle: T\n"
            "references:\n  - authors: A\n    title: B\n---\nb\n",
            "reference 1 needs a 'doi' or a 'url'",
        ),
        ("---\nkey: x\nlocale: en\nslug: x\ntitle: T\n---\n# Title again\n", "use '## '"),
    ],
)
def test_it_names_the_file_and_the_problem_and_imports_nothing(db, tree, text, problem):
    bad = write(tree, "en", "zz-broken", "", text)
    with pytest.raises(ContentError) as excinfo:
        actions.import_content(tree)
    assert str(bad) in str(excinfo.value)
    assert problem in str(excinfo.value)
    assert Article.objects.count() == 0
    assert Revision.objects.count() == 0


def test_it_rolls_back_everything_when_a_late_file_clashes(db, tree):
    write(
        tree,
        "es",
        "test-article-copy",
        "Otro",
        GOOD.format(locale="es", slug="articulo-de-prueba", title="X").replace(
            "key: test-article", "key: other-article"
        ),
    )
    with pytest.raises(ContentError, match="slug 'articulo-de-prueba'"):
        actions.import_content(tree)
    assert Article.objects.count() == 0


def test_it_exports_what_it_imported_so_a_round_trip_changes_nothing(db, tree, tmp_path):
    actions.import_content(tree)
    out = tmp_path / "exported"
    written = actions.export_content(out)
    assert len(written) == 2
    report = actions.import_content(out)
    assert report.created == [] and report.updated == []
    assert Revision.objects.count() == 2


def test_the_cli_reports_a_malformed_file_without_a_traceback(db, tree, capsys):
    write(tree, "en", "zz-broken", "", "no front matter\n")
    assert helpline(["content", "import", str(tree)]) == 2
    err = capsys.readouterr().err
    assert "zz-broken.md" in err and "nothing imported" in err
    assert "Traceback" not in err


def test_the_starter_content_imports_cleanly_in_both_languages(db, tmp_path):
    shutil.copytree(settings.HELPLINE_CONTENT_DIR, tmp_path / "content")
    report = actions.import_content(tmp_path / "content")
    assert report.created
    locales = set(Translation.objects.values_list("locale", flat=True))
    assert locales == {"en", "es"}
    spread = Article.objects.get(key="how-cancer-spreads")
    assert spread.translations.count() == 2
    assert actions.import_content(tmp_path / "content").created == []
