"""The editorial pages: only editorial staff see drafts; refused steps are 4xx with a message."""

from __future__ import annotations

from django.test import Client

from helpline.knowledge import actions
from helpline.knowledge.models import Revision, RevisionStatus
from tests.conftest import PASSWORD, content


def signed_in(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


REFS = "- authors: NCI\n  title: Metastatic cancer\n  url: https://www.cancer.gov/types/metastatic-cancer\n"


def test_an_editor_writes_and_submits_a_revision_through_the_pages(elena, english):
    client = signed_in(elena)
    response = client.post(
        f"/staff/translations/{english.pk}/new-revision/",
        {
            "title": "Draft title",
            "summary": "",
            "body": "Intro.\n\n## Part\n\nText.",
            "references": REFS,
        },
    )
    revision = Revision.objects.get()
    assert response.status_code == 302
    assert revision.author == elena and revision.references.get().url.startswith("https://")
    response = client.post(f"/staff/revisions/{revision.pk}/submit/")
    assert response.status_code == 302
    revision.refresh_from_db()
    assert revision.status == RevisionStatus.IN_REVIEW


def test_a_reviewer_approves_and_an_editor_publishes_through_the_pages(elena, marco, english):
    revision = actions.do_create_revision(elena, english, content())
    actions.do_submit_revision(elena, revision)
    assert signed_in(marco).post(f"/staff/revisions/{revision.pk}/approve/").status_code == 302
    assert signed_in(elena).post(f"/staff/revisions/{revision.pk}/publish/").status_code == 302
    english.refresh_from_db()
    assert english.published_revision == revision


def test_approving_ones_own_edit_is_refused_with_a_message(rosa, english):
    revision = actions.do_create_revision(rosa, english, content())
    actions.do_submit_revision(rosa, revision)
    response = signed_in(rosa).post(f"/staff/revisions/{revision.pk}/approve/")
    assert response.status_code == 403
    assert "own edit" in response.content.decode()
    revision.refresh_from_db()
    assert revision.status == RevisionStatus.IN_REVIEW


def test_publishing_an_unapproved_revision_is_a_conflict(elena, english):
    revision = actions.do_create_revision(elena, english, content())
    response = signed_in(elena).post(f"/staff/revisions/{revision.pk}/publish/")
    assert response.status_code == 409
    english.refresh_from_db()
    assert english.published_revision is None


def test_bad_references_are_refused_with_a_message(elena, english):
    response = signed_in(elena).post(
        f"/staff/translations/{english.pk}/new-revision/",
        {"title": "T", "body": "Text", "references": "- authors: A\n  title: B\n"},
    )
    assert response.status_code == 200
    assert "needs a &#x27;doi&#x27; or a &#x27;url&#x27;" in response.content.decode()
    assert not Revision.objects.exists()


def test_people_without_an_editorial_role_cannot_see_drafts(nobody, elena, english):
    revision = actions.do_create_revision(elena, english, content(title="SECRET DRAFT"))
    assert signed_in(nobody).get(f"/staff/revisions/{revision.pk}/").status_code == 404
    assert signed_in(nobody).get("/staff/").status_code == 404
    anonymous = Client().get(f"/staff/revisions/{revision.pk}/")
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]


def test_the_dashboard_flags_stale_articles_and_translations_behind(elena, marco, published_en):
    from helpline.knowledge.models import Translation
    from tests.conftest import BODY_ES, publish

    spanish = Translation.objects.create(
        article=published_en.article, locale="es", slug="como-viaja"
    )
    publish(elena, marco, spanish, content(title="Cómo viaja", body=BODY_ES))
    publish(elena, marco, published_en, content(title="Updated"))
    published_en.refresh_from_db()
    Revision.objects.filter(pk=published_en.published_revision_id).update(review_by="2020-01-01")
    html = signed_in(elena).get("/staff/").content.decode()
    assert "Review date passed" in html
    assert "Translation behind the source" in html
