"""What incremental crawls read and write: stored article URLs and list pages' validators and bodies."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from occuwatch.db.runs import now


@dataclass(frozen=True)
class SavedListPage:
    """A list page as last answered 200: enough to rebuild it when the server says 304."""

    url: str
    content_type: str | None
    encoding: str | None
    body: bytes


def read_only(path: str | Path) -> sqlite3.Connection | None:
    """A read-only connection to the database, or None when it does not exist yet."""
    if not Path(path).exists():
        return None
    return sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)


# Article pages of a source that failed in some run and are stored under no URL since: asked again.
PENDING_FAILURES = (
    "select distinct e.url from page_errors e where e.source = ? and not e.list_page "
    "and not exists (select 1 from articles a where a.url = e.url) "
    "and not exists (select 1 from article_urls r where r.url = e.url) order by e.url"
)


def known_articles(connection: sqlite3.Connection, source: str) -> set[str]:
    """URLs of the source's stored articles, and those that redirected to one (a failed page is never stored)."""
    rows = connection.execute("select url from articles where source = ? union "
                              "select url from article_urls where source = ?", [source, source])
    return {url for (url,) in rows}


def last_run_finished(connection: sqlite3.Connection, source: str) -> bool:
    """Whether the source's last judged run worked (ok or partial), or it has none: else (killed, crashed,
    stopped) it may have stored newer articles without older ones, and a page of known links proves nothing."""
    row = connection.execute("select status from run_sources where source = ? and status != 'running' "
                             "order by run_id desc limit 1", [source]).fetchone()
    return row is None or row[0] in ("ok", "partial")


def pending_failures(connection: sqlite3.Connection | Database, source: str) -> list[str]:
    """The source's failed article pages not stored since, wherever they sat: the next run asks again."""
    return [url for (url,) in connection.execute(PENDING_FAILURES, [source]).fetchall()]


def remember_url(db: Database, url: str, article_url: str, source: str) -> None:
    """An article reached through a redirect: the URL asked for stands for it from now on."""
    db.execute("insert or replace into article_urls (url, article_url, source) values (?, ?, ?)",
               [url, article_url, source])


def list_page_validators(connection: sqlite3.Connection, source: str) -> dict[str, tuple[str | None, str | None]]:
    """(ETag, Last-Modified) of the source's saved list pages, by URL."""
    rows = connection.execute(
        "select url, etag, last_modified from list_pages where source = ? and body is not null", [source])
    return {url: (etag, modified) for url, etag, modified in rows}


def saved_list_page(connection: sqlite3.Connection, url: str) -> SavedListPage | None:
    """The saved body of a list page, or None."""
    row = connection.execute(
        "select url, content_type, encoding, body from list_pages where url = ? and body is not null", [url]).fetchone()
    return SavedListPage(*row) if row else None


def save_list_page(db: Database, row: dict[str, Any]) -> None:
    """Keep a list page answered 200 with a validator (url, source, etag, last_modified, body, …)."""
    stamp = now()
    db["list_pages"].upsert({**row, "checked": stamp, "changed": stamp}, pk="url")


def mark_list_page_checked(db: Database, url: str) -> None:
    """A list page answered 304: only the time it was last confirmed changes."""
    db.execute("update list_pages set checked = ? where url = ?", [now(), url])


def forget_list_page(db: Database, url: str) -> None:
    """A list page now answered without a validator: ask for it unconditionally from now on."""
    db.execute("delete from list_pages where url = ?", [url])


def record_skipped(db: Database, run_id: int, source: str, *, unchanged_lists: int, known: int) -> None:
    """Note in the source's run row what it did not fetch again: 304 list pages, stored articles."""
    with db.atomic():
        db.execute("update run_sources set unchanged_lists = ?, known_articles = ? where run_id = ? and source = ?",
                   [unchanged_lists, known, run_id, source])
