"""Logging out closes that person's open console sockets."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_out
from django.dispatch import receiver

from helpline.chat import realtime


@receiver(user_logged_out)
def close_sockets_on_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        realtime.send(realtime.user_group(user.pk), {"type": "force.close"})
