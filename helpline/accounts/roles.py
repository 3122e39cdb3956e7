"""Staff roles. A role is a Django group of the same name; a person may hold several.

The admin role holds every permission of the other roles, but not the right to skip a rule
about people: an admin still cannot approve their own edit.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, Group, User
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SPECIALIST = "specialist", _("Specialist")
    SUPERVISOR = "supervisor", _("Supervisor")
    EDITOR = "editor", _("Editor")
    MEDICAL_REVIEWER = "medical_reviewer", _("Medical reviewer")
    TRANSLATOR = "translator", _("Translator")
    ADMIN = "admin", _("Admin")


def has_role(user: AbstractBaseUser | AnonymousUser, role: Role) -> bool:
    """True when ``user`` is active staff holding ``role`` (or the admin role)."""
    if not user.is_authenticated or not user.is_active:
        return False
    names = set(Group.objects.filter(user=user).values_list("name", flat=True))  # type: ignore[misc]
    return role.value in names or Role.ADMIN.value in names


def grant_role(user: User, role: Role) -> None:
    group, _created = Group.objects.get_or_create(name=role.value)
    group.user_set.add(user)
