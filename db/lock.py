"""One crawl per database at a time: an exclusive lock on a file next to the database, with its owner.

The lock is `flock` on `DB.lock`: the kernel drops it when the process that
holds it exits, however it dies (SIGKILL, a crash), so a lock left by a dead
crawl never blocks the next one. The file holds the owner (pid, host, start)
only to say who holds the lock; the flock, not the text, decides.
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from occuwatch.db.errors import as_storage_error
from occuwatch.db.runs import now
from occuwatch.scrapers.errors import OccuwatchError

CRAWL_LOCKED_EXIT = 3  # `occuwatch crawl`'s exit code when another crawl holds the database


class CrawlLockedError(OccuwatchError):
    """Raised when another crawl holds the database's lock (the crawl exits CRAWL_LOCKED_EXIT)."""

    exit_code = CRAWL_LOCKED_EXIT

    def __init__(self, path: Path, owner: dict[str, Any] | None) -> None:
        self.owner = owner
        super().__init__(f"another crawl is running on {path} ({describe_owner(owner)}); "
                         "wait for it to finish, or pass --wait to start when it is done")


def lock_path(db_path: str | Path) -> Path:
    """The lock file of a database: beside it, named after it."""
    path = Path(db_path)
    return path.with_name(path.name + ".lock")


def describe_owner(owner: dict[str, Any] | None) -> str:
    """The lock's owner in words."""
    if not owner:
        return "owner unknown"
    return f"process {owner.get('pid')} on {owner.get('host')}, started {owner.get('started')}"


def read_owner(handle: IO[str]) -> dict[str, Any] | None:
    """The owner written in an open lock file, or None (empty or half-written)."""
    handle.seek(0)
    try:
        return json.loads(handle.read() or "null")
    except ValueError:
        return None


@contextmanager
def crawl_lock(db_path: str | Path, *, wait: bool = False,
               on_wait: Any = None) -> Iterator[dict[str, Any]]:
    """Hold the database's crawl lock for the block; yield the owner record written.

    Raises CrawlLockedError if another process holds it, unless `wait`: then
    `on_wait(owner)` is called once and the lock is awaited.
    """
    path = lock_path(db_path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # "a+": never truncates a holder's record before we own the lock.
        handle = open(path, "a+", encoding="utf-8")  # noqa: SIM115 (closed below, after the lock)
    except OSError as exc:
        raise as_storage_error(exc, db_path) from exc
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            owner = read_owner(handle)
            if not wait:
                raise CrawlLockedError(Path(db_path), owner) from None
            if on_wait is not None:
                on_wait(owner)
            fcntl.flock(handle, fcntl.LOCK_EX)
        owner = {"pid": os.getpid(), "host": socket.gethostname(), "started": now()}
        handle.seek(0)
        handle.truncate()
        handle.write(json.dumps(owner))
        handle.flush()
        try:
            yield owner
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def lock_holder(db_path: str | Path) -> dict[str, Any] | None:
    """Who holds the database's crawl lock now ({} when unknown), or None when it is free."""
    path = lock_path(db_path)
    if not path.exists():
        return None
    with open(path, encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return read_owner(handle) or {}
        fcntl.flock(handle, fcntl.LOCK_UN)
        return None
