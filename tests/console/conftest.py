"""The chat personas (Sam and Pat the specialists, Sofía the supervisor, an opened chat)."""

from tests.chat.conftest import opened, pat, sam, sofia  # noqa: F401
