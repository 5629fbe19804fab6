"""The crawl process's single writer: one connection per database, shared by its crawlers, committing in batches.

Each write (an article with its batch and names, a list page, an error) is a
savepoint inside the batch's transaction, so a crawl killed at any moment
leaves whole articles or none. The batch is committed every COMMIT_EVERY
seconds and whenever a source finishes: SQLite's write lock is never held for
long, and a killed crawl loses at most that much work, which the next run
fetches again. A commit per article cost about 0.3 ms each (bench/README.md);
a connection per source, with a thousand sources, a thousand connections.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlite_utils import Database
from twisted.internet.task import LoopingCall

from occuwatch.db.schema import open_database

COMMIT_EVERY = 0.5  # seconds

_WRITERS: dict[str, SharedWriter] = {}


class SharedWriter:
    """A connection, how many crawlers use it, and the clock that commits its batches."""

    def __init__(self, path: str) -> None:
        self.db: Database = open_database(path)
        self.users = 0
        self.clock = LoopingCall(self.commit)

    @contextmanager
    def write(self) -> Iterator[Database]:
        """One whole write: a savepoint in the open batch (begun if need be); undone alone if it fails."""
        if not self.db.conn.in_transaction:
            self.db.begin()
        with self.db.atomic():
            yield self.db

    def commit(self) -> None:
        """Commit the batch, if one is open."""
        self.db.commit()


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
