"""Writes that book-keep a crawl run: start it, record each source, close it."""

from __future__ import annotations

import os
import socket
from datetime import UTC, datetime

from sqlite_utils import Database


def now() -> str:
    """The current UTC time as ISO text (what every timestamp column holds)."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def start_run(db: Database, sources: list[str]) -> int:
    """Insert a `running` run for these sources, owned by this process; return its id."""
    with db.atomic():
        cursor = db.execute(
            "insert into runs (started, status, sources, pages, new_articles, new_batches, errors, pid, host) "
            "values (?, 'running', ?, 0, 0, 0, 0, ?, ?)",
            [now(), ",".join(sources), os.getpid(), socket.gethostname()],
        )
    return cursor.lastrowid


def start_source(db: Database, run_id: int, source: str) -> None:
    """Record that a source's crawl began within a run."""
    with db.atomic():
        db.execute(
            "insert or replace into run_sources (run_id, source, started, status, pages, list_links, "
            "articles, new_articles, errors) values (?, ?, ?, 'running', 0, 0, 0, 0, 0)",
            [run_id, source, now()],
        )


def finish_source(db: Database, run_id: int, source: str, *, finish_reason: str, pages: int,
                  list_links: int, articles: int, new_articles: int, unrecorded_errors: int = 0,
                  storage_failure: str | None = None) -> str:
    """Close a source's part of a run and judge it from what was recorded; return its status.

    `unrecorded_errors`: failed pages the database could not take; `storage_failure`: why the
    database took no more writes (the source's crawl stopped there).
    """
    errors = db.execute(
        "select count(*), coalesce(max(list_page), 0) from page_errors where run_id = ? and source = ?",
        [run_id, source],
    ).fetchone()
    error_count, list_failed = errors
    error_count += unrecorded_errors
    if storage_failure:
        status, message = "failed", f"crawl stopped: a page was {storage_failure}; {articles} article(s) were stored"
    elif finish_reason != "finished":
        status, message = "failed", f"crawl ended early: {finish_reason}"
    elif list_failed:
        # Say why, e.g. "robots.txt forbids…" or "yielded no links: redesigned?"; never "nothing new".
        first = db.execute("select url, message from page_errors where run_id = ? and source = ? and list_page "
                           "order by id limit 1", [run_id, source]).fetchone()
        status, message = "failed", f"source broken: list page {first[0]}: {first[1]}"
    elif list_links == 0:
        status, message = "failed", "list pages failed or yielded no article links (source broken?)"
    elif error_count:
        status, message = "partial", f"{error_count} page(s) failed; they are retried next run"
    else:
        status, message = "ok", None
    with db.atomic():
        db.execute(
            "update run_sources set finished = ?, status = ?, finish_reason = ?, pages = ?, list_links = ?, "
            "articles = ?, new_articles = ?, errors = ?, message = ? where run_id = ? and source = ?",
            [now(), status, finish_reason, pages, list_links, articles, new_articles, error_count, message,
             run_id, source],
        )
    return status


def finish_run(db: Database, run_id: int, expected_sources: list[str]) -> str:
    """Close a run: totals from its sources; a source that never reported counts as failed."""
    recorded = {row["source"]: row for row in db.query("select * from run_sources where run_id = ?", [run_id])}
    with db.atomic():
        for source in expected_sources:
            if source not in recorded or recorded[source]["status"] == "running":
                db.execute(
                    "insert or replace into run_sources (run_id, source, started, finished, status, message, "
                    "pages, list_links, articles, new_articles, errors) "
                    "values (?, ?, ?, ?, 'failed', ?, 0, 0, 0, 0, 0)",
                    [run_id, source, now(), now(), "the crawl did not start or was stopped before it finished"],
                )
        totals = db.execute(
            "select coalesce(sum(pages), 0), coalesce(sum(new_articles), 0), "
            "sum(status = 'failed'), sum(status = 'partial') from run_sources where run_id = ?",
            [run_id],
        ).fetchone()
        # Page errors the database could not take are counted by their sources only.
        errors = db.execute("select max((select count(*) from page_errors where run_id = ?), "
                            "(select coalesce(sum(errors), 0) from run_sources where run_id = ?))",
                            [run_id, run_id]).fetchone()[0]
        new_batches = db.execute("select count(*) from batches where first_run_id = ?", [run_id]).fetchone()[0]
        pages, new_articles, failed, partial = totals
        status = "failed" if failed else "partial" if partial else "ok"
        db.execute(
            "update runs set finished = ?, status = ?, pages = ?, new_articles = ?, new_batches = ?, errors = ? "
            "where id = ?",
            [now(), status, pages, new_articles, new_batches, errors, run_id],
        )
    return status


def process_alive(pid: int) -> bool:
    """Whether a process with this id exists on this machine."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def close_interrupted_runs(db: Database) -> list[int]:
    """Fail the runs left `running` by a crawl process of this machine that is gone (killed); return their ids."""
    rows = list(db.query("select id, sources, pid from runs where status = 'running' and host = ? and pid is not null",
                         [socket.gethostname()]))
    closed = []
    for row in rows:
        if process_alive(row["pid"]):
            continue
        finish_run(db, row["id"], [s for s in (row["sources"] or "").split(",") if s])
        with db.atomic():
            db.execute("update runs set status = 'failed', message = ? where id = ?",
                       [f"interrupted: its crawl (process {row['pid']}) stopped before it finished (killed?); "
                        "what it stored is kept, the rest is fetched again", row["id"]])
        closed.append(row["id"])
    return closed
