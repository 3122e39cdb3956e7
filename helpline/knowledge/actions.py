"""Every write to the knowledge base: the review workflow, translations, file import/export.

``check_*`` functions validate and raise; ``do_*`` functions write inside a transaction and
send their event after commit. The rules live here, so the staff pages, the admin commands and
the tests all meet the same ones:

- draft -> submitted for medical review -> approved -> published;
- only a medical reviewer approves, and never their own edit;
- an approval holds for the exact content hash reviewed: a changed text needs a new review;
- only published revisions are ever shown to the public.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from helpline.accounts.roles import Role, has_role
from helpline.knowledge import content_files
from helpline.knowledge.content_files import ArticleFile, ReferenceData
from helpline.knowledge.events import RevisionPublished, RevisionReviewed, RevisionSubmitted
from helpline.knowledge.markdown import split_sections
from helpline.knowledge.models import (
    Article,
    Reference,
    Review,
    ReviewDecision,
    ReviewKind,
    Revision,
    RevisionStatus,
    Section,
    Translation,
)
from helpline.lib.events import send_event_on_commit


class WorkflowError(Exception):
    """A step the workflow does not allow from the revision's current state."""


@dataclass
class RevisionContent:
    title: str
    body: str
    summary: str = ""
    audience: list[str] = field(default_factory=list)
    review_by: datetime.date | None = None
    references: list[ReferenceData] = field(default_factory=list)


# --- checks -------------------------------------------------------------------------------


def check_can_write(user: User, translation: Translation) -> None:
    """Editors write any language; translators write the languages other than the source."""
    if has_role(user, Role.EDITOR):
        return
    is_translation = translation.locale != translation.article.source_locale
    if is_translation and has_role(user, Role.TRANSLATOR):
        return
    raise PermissionDenied("Only an editor (or a translator, for a translation) can write this.")


def check_content(content: RevisionContent) -> None:
    if not content.title.strip():
        raise WorkflowError("The title cannot be empty.")
    if not content.body.strip():
        raise WorkflowError("The article has no text.")


# --- writing revisions --------------------------------------------------------------------


def _apply(revision: Revision, content: RevisionContent) -> None:
    """Set the content fields, normalised as stored, and the content hash."""
    revision.title = content.title.strip()
    revision.summary = content.summary.strip()
    revision.body = content.body.strip() + "\n"
    revision.audience = list(content.audience)
    revision.review_by = content.review_by
    revision.content_hash = revision.compute_hash([ref.as_dict() for ref in content.references])


def content_hash(content: RevisionContent) -> str:
    """The hash a revision with this content would get (nothing is written)."""
    probe = Revision()
    _apply(probe, content)
    return probe.content_hash


def _store_content(revision: Revision, content: RevisionContent) -> None:
    """Write content, references and sections of a revision that is still editable."""
    _apply(revision, content)
    revision.save()
    revision.references.all().delete()
    Reference.objects.bulk_create(
        Reference(revision=revision, position=i, **{**ref.__dict__})
        for i, ref in enumerate(content.references, start=1)
    )
    revision.sections.all().delete()
    Section.objects.bulk_create(
        Section(revision=revision, position=i, heading=s.heading, anchor=s.anchor, body=s.body)
        for i, s in enumerate(split_sections(revision.body), start=1)
    )


def _source_revision(translation: Translation) -> Revision | None:
    """For a translation: the published revision of the source-language article."""
    article = translation.article
    if translation.locale == article.source_locale:
        return None
    source = article.translations.filter(locale=article.source_locale).first()
    return source.published_revision if source else None


@transaction.atomic
def do_create_revision(
    user: User | None, translation: Translation, content: RevisionContent
) -> Revision:
    """A new draft revision. ``user`` None means a system import, which skips the role check."""
    if user is not None:
        check_can_write(user, translation)
    check_content(content)
    number = (translation.revisions.aggregate(n=Max("number"))["n"] or 0) + 1
    revision = Revision(
        translation=translation,
        number=number,
        author=user,
        source_revision=_source_revision(translation),
    )
    _store_content(revision, content)
    return revision


@transaction.atomic
def do_edit_revision(user: User, revision: Revision, content: RevisionContent) -> Revision:
    """Change a draft in place. A revision already submitted is frozen: edit a new one instead."""
    revision = Revision.objects.select_for_update().get(pk=revision.pk)
    check_can_write(user, revision.translation)
    if not revision.is_editable:
        raise WorkflowError(
            "This revision is frozen because it was submitted for review; start a new revision."
        )
    check_content(content)
    revision.status = RevisionStatus.DRAFT
    revision.source_revision = _source_revision(revision.translation)
    _store_content(revision, content)
    return revision


def content_of(revision: Revision) -> RevisionContent:
    return RevisionContent(
        title=revision.title,
        body=revision.body,
        summary=revision.summary,
        audience=list(revision.audience),
        review_by=revision.review_by,
        references=[
            ReferenceData(**{k: getattr(r, k) for k in content_files.REFERENCE_FIELDS})
            for r in revision.references.all()
        ],
    )


@transaction.atomic
def do_submit_revision(user: User, revision: Revision) -> Revision:
    revision = Revision.objects.select_for_update().get(pk=revision.pk)
    check_can_write(user, revision.translation)
    if not revision.is_editable:
        raise WorkflowError("Only a draft can be submitted for medical review.")
    revision.status = RevisionStatus.IN_REVIEW
    revision.submitted_at = timezone.now()
    revision.save(update_fields=["status", "submitted_at"])
    send_event_on_commit(RevisionSubmitted(*_event_key(revision)))
    return revision


def _event_key(revision: Revision) -> tuple[str, str, int]:
    return revision.translation.article.key, revision.translation.locale, revision.pk


@transaction.atomic
def do_review_revision(
    reviewer: User, revision: Revision, decision: ReviewDecision, comment: str = ""
) -> Review:
    """A medical reviewer approves, or asks for changes to, the exact content submitted."""
    revision = Revision.objects.select_for_update().get(pk=revision.pk)
    if not has_role(reviewer, Role.MEDICAL_REVIEWER):
        raise PermissionDenied("Only a medical reviewer can review an article.")
    if revision.author_id is not None and revision.author_id == reviewer.pk:
        raise PermissionDenied("Nobody can review their own edit: ask another medical reviewer.")
    if revision.status != RevisionStatus.IN_REVIEW:
        raise WorkflowError("Only a revision submitted for medical review can be reviewed.")
    if decision == ReviewDecision.CHANGES_REQUESTED and not comment.strip():
        raise WorkflowError("Say what needs to change.")
    current_hash = revision.compute_hash()
    if current_hash != revision.content_hash:
        raise WorkflowError("The revision's content changed after it was submitted.")
    review = Review.objects.create(
        revision=revision,
        kind=ReviewKind.MEDICAL,
        decision=decision,
        reviewer=reviewer,
        reviewer_name=reviewer.get_full_name() or reviewer.get_username(),
        content_hash=current_hash,
        comment=comment.strip(),
    )
    revision.status = (
        RevisionStatus.APPROVED
        if decision == ReviewDecision.APPROVED
        else RevisionStatus.CHANGES_REQUESTED
    )
    revision.save(update_fields=["status"])
    send_event_on_commit(RevisionReviewed(*_event_key(revision), decision=decision))
    return review


def _publish(revision: Revision, last_revised: datetime.date | None) -> None:
    translation = Translation.objects.select_for_update().get(pk=revision.translation_id)
    previous = translation.published_revision
    if previous is not None and previous.pk != revision.pk:
        previous.status = RevisionStatus.SUPERSEDED
        previous.save(update_fields=["status"])
    revision.status = RevisionStatus.PUBLISHED
    revision.published_at = timezone.now()
    revision.last_revised = last_revised or timezone.localdate()
    revision.save(update_fields=["status", "published_at", "last_revised"])
    translation.published_revision = revision
    translation.save(update_fields=["published_revision"])
    send_event_on_commit(RevisionPublished(*_event_key(revision)))


@transaction.atomic
def do_publish_revision(editor: User, revision: Revision) -> Revision:
    """Publish an approved revision; the editor's sign-off is recorded as the editorial review."""
    revision = Revision.objects.select_for_update().get(pk=revision.pk)
    if not has_role(editor, Role.EDITOR):
        raise PermissionDenied("Only an editor can publish.")
    if revision.status != RevisionStatus.APPROVED:
        raise WorkflowError("Only a revision approved in medical review can be published.")
    if revision.compute_hash() != revision.content_hash or not revision.valid_medical_approval():
        raise WorkflowError("The approved text has changed since the review; it needs a new one.")
    Review.objects.create(
        revision=revision,
        kind=ReviewKind.EDITORIAL,
        decision=ReviewDecision.APPROVED,
        reviewer=editor,
        reviewer_name=editor.get_full_name() or editor.get_username(),
        content_hash=revision.content_hash,
    )
    _publish(revision, last_revised=None)
    return revision


@transaction.atomic
def do_create_translation(
    user: User, article: Article, locale: str, slug: str, content: RevisionContent
) -> Translation:
    """Start a translation of ``article`` with a first draft revision."""
    if article.translations.filter(locale=locale).exists():
        raise WorkflowError("This article already has a translation in that language.")
    if Translation.objects.filter(locale=locale, slug=slug).exists():
        raise WorkflowError("Another article already uses that address in that language.")
    translation = Translation.objects.create(article=article, locale=locale, slug=slug)
    do_create_revision(user, translation, content)
    return translation


# --- content files ------------------------------------------------------------------------


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def _file_content(item: ArticleFile) -> RevisionContent:
    return RevisionContent(
        title=item.title,
        body=item.body,
        summary=item.summary,
        audience=item.audience,
        review_by=item.review_by,
        references=item.references,
    )


def publish_signed_off(
    revision: Revision,
    *,
    medical: str,
    editorial: str,
    note: str,
    last_revised: datetime.date | None,
) -> None:
    """Publish content reviewed outside the app, recording the sign-offs it names.

    For system imports only (content files, outside QA sets): the reviews carry the names and
    the exact content hash, so the approval still belongs to this revision and no other.
    """
    for kind, name in ((ReviewKind.MEDICAL, medical), (ReviewKind.EDITORIAL, editorial)):
        Review.objects.create(
            revision=revision,
            kind=kind,
            decision=ReviewDecision.APPROVED,
            reviewer_name=name,
            content_hash=revision.content_hash,
            comment=note,
        )
    revision.status = RevisionStatus.APPROVED
    _publish(revision, last_revised=last_revised)


def _is_unchanged(translation: Translation, item: ArticleFile) -> bool:
    published = translation.published_revision
    if published is None or translation.slug != item.slug:
        return False
    same_content = content_hash(_file_content(item)) == published.content_hash
    return (
        same_content
        and published.review_by == item.review_by
        and (item.last_revised is None or published.last_revised == item.last_revised)
    )


@transaction.atomic
def import_content(root: Path) -> ImportReport:
    """Import every file under ``root``; all or nothing. Re-importing the same files is a no-op.

    Raises ``ContentError`` before writing anything when a file is malformed.
    """
    files = content_files.parse_tree(root)
    report = ImportReport()
    # Source-language files first, so a translation records the revision it translates.
    files.sort(key=lambda f: (f.locale != "en", f.key))
    for item in files:
        article, created = Article.objects.get_or_create(
            key=item.key, defaults={"topics": item.topics}
        )
        if not created and article.topics != item.topics:
            article.topics = item.topics
            article.save(update_fields=["topics"])
        translation = article.translations.filter(locale=item.locale).first()
        clash = Translation.objects.filter(locale=item.locale, slug=item.slug)
        if translation is not None:
            clash = clash.exclude(pk=translation.pk)
        if clash.exists():
            raise content_files.ContentError(
                item.path, f"slug {item.slug!r} already belongs to another article"
            )
        label = f"{item.locale}/{item.slug}"
        if translation is None:
            translation = Translation.objects.create(
                article=article, locale=item.locale, slug=item.slug
            )
            report.created.append(label)
        elif _is_unchanged(translation, item):
            report.unchanged.append(label)
            continue
        else:
            if translation.slug != item.slug:
                translation.slug = item.slug
                translation.save(update_fields=["slug"])
            report.updated.append(label)
        revision = do_create_revision(None, translation, _file_content(item))
        publish_signed_off(
            revision,
            medical=item.medical_reviewer,
            editorial=item.editorial_reviewer,
            note=f"Imported from {item.path.name}",
            last_revised=item.last_revised,
        )
    return report


def article_file_of(translation: Translation, root: Path) -> ArticleFile | None:
    revision = translation.published_revision
    if revision is None:
        return None
    reviews = {r.kind: r.reviewer_name for r in revision.reviews.all()}
    return ArticleFile(
        path=root / translation.locale / f"{translation.slug}.md",
        key=translation.article.key,
        locale=translation.locale,
        slug=translation.slug,
        title=revision.title,
        body=revision.body,
        summary=revision.summary,
        topics=list(translation.article.topics),
        audience=list(revision.audience),
        last_revised=revision.last_revised,
        review_by=revision.review_by,
        medical_reviewer=reviews.get(ReviewKind.MEDICAL, ArticleFile.medical_reviewer),
        editorial_reviewer=reviews.get(ReviewKind.EDITORIAL, ArticleFile.editorial_reviewer),
        references=content_of(revision).references,
    )


def export_content(root: Path) -> list[Path]:
    """Write each published translation of our own articles to ``root/<locale>/<slug>.md``."""
    written: list[Path] = []
    translations = Translation.objects.filter(
        published_revision__isnull=False, article__source=""
    ).select_related("article", "published_revision")
    for translation in translations:
        item = article_file_of(translation, root)
        if item is None:
            continue
        item.path.parent.mkdir(parents=True, exist_ok=True)
        item.path.write_text(content_files.serialize(item), encoding="utf-8")
        written.append(item.path)
    return written


def translation_is_behind(translation: Translation) -> bool:
    """True when the source-language article was published again after this translation."""
    published = translation.published_revision
    if published is None or translation.locale == translation.article.source_locale:
        return False
    source = _source_revision(translation)
    return source is not None and published.source_revision_id != source.pk
