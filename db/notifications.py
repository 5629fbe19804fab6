"""Queueing notifications: one row per piece of news, unique by key."""

from __future__ import annotations

from sqlite_utils import Database

from occuwatch.db.runs import now


def queue(db: Database, *, key: str, kind: str, title: str, body: str, run_id: int | None = None,
          batch_id: int | None = None, source: str | None = None, send: bool = True) -> bool:
    """Queue a notification unless one with this key exists; True when queued now.

    `send=False` records it as part of the baseline: known, never sent.
    """
    cursor = db.execute(
        "insert or ignore into notifications (key, kind, title, body, batch_id, source, run_id, status, "
        "created, attempts) values (?, ?, ?, ?, ?, ?, ?, ?, ?, 0)",
        [key, kind, title, body, batch_id, source, run_id, "pending" if send else "baseline", now()],
    )
    return cursor.rowcount == 1
