"""Loading knowledge objects for staff: unpublished text is visible to editorial roles only."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.http import Http404

from helpline.accounts.roles import Role, has_role
from helpline.knowledge.models import Revision, Translation

EDITORIAL_ROLES = (Role.EDITOR, Role.MEDICAL_REVIEWER, Role.TRANSLATOR)


def is_editorial_staff(user: AbstractBaseUser | AnonymousUser) -> bool:
    return any(has_role(user, role) for role in EDITORIAL_ROLES)


def access_revision_by_id(user: AbstractBaseUser | AnonymousUser, revision_id: int) -> Revision:
    """The revision, for editorial staff; 404 for everyone else, so drafts stay unseen."""
    if not is_editorial_staff(user):
        raise Http404("No such revision")
    revision = (
        Revision.objects.select_related("translation__article", "author")
        .filter(pk=revision_id)
        .first()
    )
    if revision is None:
        raise Http404("No such revision")
    return revision


def access_translation_by_id(
    user: AbstractBaseUser | AnonymousUser, translation_id: int
) -> Translation:
    if not is_editorial_staff(user):
        raise Http404("No such article")
    translation = Translation.objects.select_related("article").filter(pk=translation_id).first()
    if translation is None:
        raise Http404("No such article")
    return translation
