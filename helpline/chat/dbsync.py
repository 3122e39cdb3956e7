"""Running the consumers' database work: one kept connection instead of one per event.

Channels' ``database_sync_to_async`` closes the database connection after every call when
``CONN_MAX_AGE`` is 0 (which ASGI needs for HTTP requests). For the websocket consumers that
means a connect and a close on every message and event: measured at about 30% of the database
thread's time under load (docs/subsystems/chat-load.md). This variant keeps the thread's
connection open and closes it only when it is broken or in a failed transaction.
"""

from __future__ import annotations

from typing import Any

from asgiref.sync import SyncToAsync
from django.db import connections


class DatabaseSyncToAsync(SyncToAsync):
    def thread_handler(self, loop: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().thread_handler(loop, *args, **kwargs)
        finally:
            for conn in connections.all(initialized_only=True):
                conn.close_at = None  # not obsolete by age: this thread keeps it
                conn.close_if_unusable_or_obsolete()


database_sync_to_async = DatabaseSyncToAsync
