"""Typed in-process events, sent only after the transaction that caused them commits.

Handlers subscribe per event class. Tests use ``capture_events()`` to assert exactly which
events went out. A handler that fails is logged and does not affect the others.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from django.db import transaction

log = logging.getLogger(__name__)

E = TypeVar("E")
_handlers: dict[type, list[Callable[[Any], None]]] = defaultdict(list)
_captured: list[list[object]] = []


def subscribe(event_type: type[E], handler: Callable[[E], None]) -> None:
    if handler not in _handlers[event_type]:
        _handlers[event_type].append(handler)


def _dispatch(event: object) -> None:
    for sink in _captured:
        sink.append(event)
    for handler in list(_handlers[type(event)]):
        try:
            handler(event)
        except Exception:
            log.exception("event handler %r failed for %r", handler, event)


def send_event_on_commit(event: object) -> None:
    """Deliver ``event`` once the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: _dispatch(event))


@contextmanager
def capture_events() -> Iterator[list[object]]:
    sink: list[object] = []
    _captured.append(sink)
    try:
        yield sink
    finally:
        _captured.remove(sink)
