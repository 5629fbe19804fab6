"""Storage failures as one actionable message (the CLI prints `Error: …` and exits 1, no traceback)."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

from occuwatch.scrapers.errors import OccuwatchError


class StorageError(OccuwatchError):
    """The database cannot be opened, read or written: not SQLite, damaged, read-only, locked, full, a folder."""


# What a sqlite3 or OS error's text says of the database, and what to do: the first match wins.
PROBLEMS = (
    (("is a directory",), "is a directory, not a database file; give the path of a file (--db or [database] path)"),
    (("readonly", "read-only", "permission denied"),
     "is read-only (its file, its folder or the file system): let this user write there, "
     "or point --db / [database] path somewhere writable"),
    (("disk is full", "no space left"),
     "cannot grow: the disk is full (or the database reached its size limit); free some space, "
     "then crawl again: what was stored is kept, the rest is fetched again"),
    (("not a database",),
     "is not an SQLite database; point --db / [database] path at occuwatch's database or a new file"),
    (("malformed", "corrupt"),
     "is damaged (`sqlite3 FILE 'pragma integrity_check'` shows where); restore a backup, "
     "or move it aside and crawl again to start afresh"),
    (("locked", "busy"),
     "is locked by another program that holds a long write (another crawl, a sqlite3 shell?); "
     "close it and try again"),
    (("unable to open",), "cannot be opened: check that its folder exists and that this user may read and write there"),
)


def storage_problem(exc: BaseException) -> str:
    """What a sqlite3 or OS error means for the database, in words with what to do."""
    text = str(exc).lower()
    if isinstance(exc, IsADirectoryError):
        text = "is a directory"
    elif isinstance(exc, PermissionError):
        text = "permission denied"
    elif isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
        text = "no space left"
    return next((what for words, what in PROBLEMS if any(word in text for word in words)), f"failed: {exc}")


def takes_no_more_writes(exc: BaseException) -> bool:
    """Whether the database will refuse every later write too (full, read-only, damaged), unlike a lock."""
    text = str(exc).lower()
    fatal = ("disk is full", "readonly", "read-only", "not a database", "malformed", "unable to open", "disk i/o")
    return (isinstance(exc, OSError) and not isinstance(exc, TimeoutError)) or any(word in text for word in fatal)


def as_storage_error(exc: sqlite3.Error | OSError, path: str | Path) -> StorageError:
    """A StorageError naming the database, for a sqlite3 or OS error."""
    return StorageError(f"the database {path} {storage_problem(exc)}")
