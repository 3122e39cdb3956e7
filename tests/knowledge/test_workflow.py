"""The review workflow: draft -> submitted -> approved -> published, enforced on the server."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from helpline.knowledge import actions
from helpline.knowledge.events import RevisionPublished, RevisionSubmitted
from helpline.knowledge.models import (
    ReviewDecision,
    ReviewKind,
    Revision,
    RevisionStatus,
    Translation,
)
from helpline.lib.events import capture_events
from tests.conftest import BODY_ES, content, publish


def test_it_walks_a_revision_from_draft_to_published(
    elena, marco, english, django_capture_on_commit_callbacks
):
    revision = actions.do_create_revision(elena, english, content())
    assert revision.status == RevisionStatus.DRAFT
    with capture_events() as events, django_capture_on_commit_callbacks(execute=True):
        actions.do_submit_revision(elena, revision)
        review = actions.do_review_revision(marco, revision, ReviewDecision.APPROVED)
        actions.do_publish_revision(elena, revision)

    revision.refresh_from_db()
    english.refresh_from_db()
    assert revision.status == RevisionStatus.PUBLISHED
    assert english.published_revision == revision
    assert revision.last_revised is not None
    assert review.content_hash == revision.content_hash
    kinds = sorted(revision.reviews.values_list("kind", flat=True))
    assert kinds == [ReviewKind.EDITORIAL, ReviewKind.MEDICAL]
    assert [type(e) for e in events if not hasattr(e, "decision")] == [
        RevisionSubmitted,
        RevisionPublished,
    ]


def test_it_stores_sections_and_references_of_each_revision(elena, english):
    revision = actions.do_create_revision(elena, english, content())
    assert list(revision.sections.values_list("heading", flat=True)) == [
        "",
        "How cells travel",
        "Where they settle",
    ]
    assert revision.references.get().doi == "10.5858/2008-132-931-MPOCRF"


def test_it_does_not_let_anyone_approve_their_own_edit(rosa, english):
    revision = actions.do_create_revision(rosa, english, content())
    actions.do_submit_revision(rosa, revision)
    with pytest.raises(PermissionDenied, match="own edit"):
        actions.do_review_revision(rosa, revision, ReviewDecision.APPROVED)
    revision.refresh_from_db()
    assert revision.status == RevisionStatus.IN_REVIEW
    assert not revision.reviews.exists()


def test_it_lets_only_medical_reviewers_approve(elena, english, make_user_editor2):
    revision = actions.do_create_revision(elena, english, content())
    actions.do_submit_revision(elena, revision)
    with pytest.raises(PermissionDenied):
        actions.do_review_revision(make_user_editor2, revision, ReviewDecision.APPROVED)
    assert Revision.objects.get(pk=revision.pk).status == RevisionStatus.IN_REVIEW


@pytest.fixture
def make_user_editor2(db):
    from helpline.accounts.roles import Role
    from tests.conftest import make_person

    return make_person("eddie", Role.EDITOR)


def test_it_refuses_to_publish_a_revision_that_was_not_approved(elena, english):
    revision = actions.do_create_revision(elena, english, content())
    actions.do_submit_revision(elena, revision)
    with pytest.raises(actions.WorkflowError):
        actions.do_publish_revision(elena, revision)
    english.refresh_from_db()
    assert english.published_revision is None


def test_it_freezes_a_revision_once_submitted(elena, marco, english):
    revision = actions.do_create_revision(elena, english, content())
    actions.do_submit_revision(elena, revision)
    actions.do_review_revision(marco, revision, ReviewDecision.APPROVED)
    with pytest.raises(actions.WorkflowError, match="frozen"):
        actions.do_edit_revision(elena, revision, content(title="Changed after approval"))
    assert Revision.objects.get(pk=revision.pk).title == "How cancer travels"


def test_it_needs_a_new_review_when_approved_text_is_changed_behind_its_back(elena, marco, english):
    revision = actions.do_create_revision(elena, english, content())
    actions.do_submit_revision(elena, revision)
    actions.do_review_revision(marco, revision, ReviewDecision.APPROVED)
    # Someone changes the text directly in the database after approval.
    Revision.objects.filter(pk=revision.pk).update(body="Unreviewed claims.")
    with pytest.raises(actions.WorkflowError, match="new one"):
        actions.do_publish_revision(elena, revision)
    english.refresh_from_db()
    assert english.published_revision is None


def test_it_sends_a_revision_back_when_changes_are_requested(elena, marco, english):
    revision = actions.do_create_revision(elena, english, content())
    actions.do_submit_revision(elena, revision)
    with pytest.raises(actions.WorkflowError, match="change"):
        actions.do_review_revision(marco, revision, ReviewDecision.CHANGES_REQUESTED)
    actions.do_review_revision(marco, revision, ReviewDecision.CHANGES_REQUESTED, "Cite [2].")
    revision.refresh_from_db()
    assert revision.status == RevisionStatus.CHANGES_REQUESTED
    edited = actions.do_edit_revision(elena, revision, content(title="How cancer travels, fixed"))
    assert edited.status == RevisionStatus.DRAFT
    assert edited.valid_medical_approval() is None


def test_it_keeps_the_old_text_public_until_the_new_one_is_published(elena, marco, published_en):
    first = published_en.published_revision
    second = actions.do_create_revision(elena, published_en, content(title="Second version"))
    actions.do_submit_revision(elena, second)
    published_en.refresh_from_db()
    assert published_en.published_revision == first
    actions.do_review_revision(marco, second, ReviewDecision.APPROVED)
    actions.do_publish_revision(elena, second)
    published_en.refresh_from_db()
    first.refresh_from_db()
    assert published_en.published_revision == second
    assert first.status == RevisionStatus.SUPERSEDED


def test_it_lets_a_translator_write_spanish_but_not_the_english_source(
    tomas, elena, marco, published_en
):
    with pytest.raises(PermissionDenied):
        actions.do_create_revision(tomas, published_en, content())
    spanish = actions.do_create_translation(
        tomas,
        published_en.article,
        "es",
        "como-viaja-el-cancer",
        content(title="Cómo viaja el cáncer", body=BODY_ES),
    )
    draft = spanish.latest_revision()
    assert draft is not None
    assert draft.source_revision == published_en.published_revision


def test_it_flags_a_translation_that_is_behind_its_source(elena, marco, published_en):
    spanish = Translation.objects.create(
        article=published_en.article, locale="es", slug="como-viaja-el-cancer"
    )
    publish(elena, marco, spanish, content(title="Cómo viaja el cáncer", body=BODY_ES))
    spanish.refresh_from_db()
    assert not actions.translation_is_behind(spanish)

    publish(elena, marco, published_en, content(title="How cancer travels, updated"))
    spanish.refresh_from_db()
    assert actions.translation_is_behind(spanish)


def test_it_flags_an_article_past_its_review_date(elena, marco, english):
    import datetime

    revision = publish(elena, marco, english)
    assert not revision.is_stale(today=datetime.date(2029, 12, 31))
    assert revision.is_stale(today=datetime.date(2030, 1, 2))
