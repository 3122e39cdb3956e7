from __future__ import annotations

import pytest

from helpline.accounts.roles import Role
from helpline.chat import actions
from tests.conftest import make_person


@pytest.fixture
def sam(db):
    """Sam is a specialist."""
    return make_person("sam", Role.SPECIALIST)


@pytest.fixture
def pat(db):
    """Pat is another specialist."""
    return make_person("pat", Role.SPECIALIST)


@pytest.fixture
def sofia(db):
    """Sofía supervises the specialists."""
    return make_person("sofia", Role.SUPERVISOR)


@pytest.fixture
def opened(db):
    """A visitor (a caregiver, in English) has opened a chat."""
    return actions.do_open_conversation("en", "caregiver", "metastasis")
