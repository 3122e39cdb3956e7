"""Editorial pages for staff: the dashboard, writing revisions, review and publishing.

Views parse, authorise (through ``access``), make one ``actions`` call and render; the workflow
rules themselves live in ``actions``.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from typing import TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from helpline.accounts.roles import Role, has_role
from helpline.knowledge import actions
from helpline.knowledge.access import (
    access_revision_by_id,
    access_translation_by_id,
    is_editorial_staff,
)
from helpline.knowledge.forms import ReviewForm, RevisionForm
from helpline.knowledge.markdown import render as render_markdown
from helpline.knowledge.models import Article, ReviewDecision, Revision, RevisionStatus

T = TypeVar("T")


def staff_user(request: HttpRequest) -> User:
    """The signed-in person (every view here is behind ``login_required``)."""
    user = request.user
    if not isinstance(user, User):
        raise Http404("No such page")
    return user


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    if not is_editorial_staff(request.user):
        raise Http404("No such page")
    rows = []
    for article in Article.objects.filter(source="").prefetch_related("translations"):
        for translation in article.translations.all():
            published = translation.published_revision
            rows.append(
                {
                    "translation": translation,
                    "published": published,
                    "latest": translation.latest_revision(),
                    "stale": published is not None and published.is_stale(),
                    "behind": actions.translation_is_behind(translation),
                }
            )
    in_review = Revision.objects.filter(status=RevisionStatus.IN_REVIEW).select_related(
        "translation__article", "author"
    )
    return render(
        request,
        "knowledge/staff/dashboard.html",
        {
            "rows": rows,
            "in_review": in_review,
            "is_reviewer": has_role(request.user, Role.MEDICAL_REVIEWER),
        },
    )


@login_required
def revision_detail(request: HttpRequest, revision_id: int) -> HttpResponse:
    revision = access_revision_by_id(request.user, revision_id)
    published = revision.translation.published_revision
    diff = ""
    if published is not None and published.pk != revision.pk:
        diff = "".join(
            difflib.unified_diff(
                published.body.splitlines(keepends=True),
                revision.body.splitlines(keepends=True),
                f"published r{published.number}",
                f"r{revision.number}",
            )
        )
    return render(
        request,
        "knowledge/staff/revision.html",
        {
            "revision": revision,
            "html": render_markdown(revision.body),
            "diff": diff,
            "reviews": revision.reviews.all(),
            "approval": revision.valid_medical_approval(),
            "review_form": ReviewForm(),
        },
    )


@login_required
def new_revision(request: HttpRequest, translation_id: int) -> HttpResponse:
    translation = access_translation_by_id(request.user, translation_id)
    latest = translation.latest_revision()
    if request.method == "POST":
        form = RevisionForm(request.POST)
        if form.is_valid():
            revision = _attempt(
                request,
                lambda: actions.do_create_revision(
                    staff_user(request), translation, form.content()
                ),
            )
            if revision is not None:
                return redirect("staff:revision", revision_id=revision.pk)
    else:
        initial = RevisionForm.initial_from(actions.content_of(latest)) if latest else {}
        form = RevisionForm(initial=initial)
    return render(request, "knowledge/staff/edit.html", {"form": form, "translation": translation})


@login_required
def edit_revision(request: HttpRequest, revision_id: int) -> HttpResponse:
    revision = access_revision_by_id(request.user, revision_id)
    if request.method == "POST":
        form = RevisionForm(request.POST)
        if form.is_valid():
            done = _attempt(
                request,
                lambda: actions.do_edit_revision(staff_user(request), revision, form.content()),
            )
            if done is not None:
                return redirect("staff:revision", revision_id=revision.pk)
    else:
        form = RevisionForm(initial=RevisionForm.initial_from(actions.content_of(revision)))
    return render(
        request,
        "knowledge/staff/edit.html",
        {"form": form, "translation": revision.translation, "revision": revision},
    )


def _attempt(request: HttpRequest, step: Callable[[], T]) -> T | None:
    """Run a workflow step; a refused step becomes a message and a 4xx, never a 500."""
    try:
        return step()
    except PermissionDenied as exc:
        request.refused_status = 403  # type: ignore[attr-defined]
        messages.error(request, str(exc))
    except actions.WorkflowError as exc:
        request.refused_status = 409  # type: ignore[attr-defined]
        messages.error(request, str(exc))
    return None


@login_required
@require_POST
def revision_step(request: HttpRequest, revision_id: int, step: str) -> HttpResponse:
    revision = access_revision_by_id(request.user, revision_id)
    user = staff_user(request)
    comment = request.POST.get("comment", "")
    steps: dict[str, Callable[[], object]] = {
        "submit": lambda: actions.do_submit_revision(user, revision),
        "approve": lambda: actions.do_review_revision(
            user, revision, ReviewDecision.APPROVED, comment
        ),
        "request-changes": lambda: actions.do_review_revision(
            user,
            revision,
            ReviewDecision.CHANGES_REQUESTED,
            comment,
        ),
        "publish": lambda: actions.do_publish_revision(user, revision),
    }
    if step not in steps:
        raise Http404("No such step")
    if _attempt(request, steps[step]) is None:
        response = revision_detail(request, revision_id)
        response.status_code = getattr(request, "refused_status", 400)
        return response
    messages.success(request, _("Done."))
    return redirect("staff:revision", revision_id=revision.pk)
