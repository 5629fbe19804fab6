"""The crawl process's single writer: one connection per database, shared by its crawlers, committing in batches.

Each write (an article with its batch and names, a list page, an error) is a
savepoint inside the batch's transaction, so a crawl killed at any moment
leaves whole articles or none. The batch is committed every COMMIT_EVERY
seconds and whenever a source finishes: SQLite's write lock is never held for
long, and a killed crawl loses at most that much work, which the next run
fetches again. A commit per article cost about 0.3 ms each (bench/README.md);
a connection per source, with a thousand sources, a thousand connections.

A write the batch could not keep (its commit failed, or SQLite rolled the
whole transaction back, as it may on a full disk) is handed back to whoever
made it (`on_lost`), so no article is counted as stored that is not.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlite_utils import Database
from twisted.internet.task import LoopingCall

from occuwatch.db.schema import open_database

COMMIT_EVERY = 0.5  # seconds

logger = logging.getLogger(__name__)
LostWrite = Callable[[BaseException], None]  # told that a write it made was not kept, and why

_WRITERS: dict[str, SharedWriter] = {}


class SharedWriter:
    """A connection, how many crawlers use it, and the clock that commits its batches."""

    def __init__(self, path: str) -> None:
        self.db: Database = open_database(path)
        self.users = 0
        self.clock = LoopingCall(self.commit)
        self.uncommitted: list[LostWrite] = []  # the open batch's writes, told if it is lost

    @contextmanager
    def write(self, on_lost: LostWrite | None = None) -> Iterator[Database]:
        """One whole write: a savepoint in the open batch (begun if need be); undone alone if it fails.

        `on_lost` is called if the write is lost later, with its batch.
        """
        if not self.db.conn.in_transaction:
            self.db.begin()
        try:
            with self.db.atomic():
                yield self.db
        except sqlite3.Error as exc:
            if not self.db.conn.in_transaction:  # SQLite undid the whole batch, not just this write
                self.lose_batch(exc)
            raise
        if on_lost is not None:
            self.uncommitted.append(on_lost)

    def commit(self) -> None:
        """Commit the batch, if one is open; if the commit fails, its writes are lost and told so."""
        try:
            self.db.commit()
        except sqlite3.Error as exc:  # the clock calls this: log, never raise (it would stop the clock)
            logger.warning("a batch of writes could not be committed: %s", exc)
            self.db.rollback()
            self.lose_batch(exc)
        else:
            self.uncommitted.clear()

    def lose_batch(self, exc: BaseException) -> None:
        """Tell each write of the open batch that it was not kept."""
        lost, self.uncommitted = self.uncommitted, []
        for on_lost in lost:
            on_lost(exc)


def open_writer(path: str) -> SharedWriter:
    """The process's writer for the database at `path`; the first user opens it and starts its clock."""
    writer = _WRITERS.get(path) or _WRITERS.setdefault(path, SharedWriter(path))
    writer.users += 1
    if writer.users == 1:
        writer.clock.start(COMMIT_EVERY, now=False)
    return writer


def close_writer(path: str) -> None:
    """A user is done: commit what it wrote; the last user closes the connection."""
    writer = _WRITERS[path]
    writer.commit()
    writer.users -= 1
    if writer.users == 0:
        writer.clock.stop()
        writer.db.close()
        del _WRITERS[path]
