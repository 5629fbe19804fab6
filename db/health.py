"""Source health from the run history, "source broken"/"recovered" alerts, and closing failed runs.

A source's run is a failure when its `run_sources` row says `failed`: its list
page failed or yielded no article links, or its crawl did not finish. A source
that works but has failed pages not stored yet is `pending` (they are asked
for again by the next run). A failure
streak is the source's unbroken run of failures; it is named by its first run,
so each streak gets at most one "broken" and one "recovered" notification.
"""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from occuwatch.db.attention import ATTENTION_STATE, fallback_streak
from occuwatch.db.list_pages import pending_failures
from occuwatch.db.notifications import queue
from occuwatch.db.runs import finish_run, now, start_run

SUCCESS = ("ok", "partial")


def failure_streak(db: Database, source: str, before_run: int | None = None) -> list[dict[str, Any]]:
    """The source's latest finished runs (before `before_run`, if given) while they failed, newest first."""
    where, params = "", [source]
    if before_run is not None:
        where, params = "and run_id < ?", [source, before_run]
    streak = []
    for row in db.query(
        "select run_id, started, finished, status, list_links, message from run_sources "
        f"where source = ? and status != 'running' {where} order by run_id desc", params,
    ):
        if row["status"] in SUCCESS:
            break
        streak.append(row)
    return streak


def broken_key(source: str, streak: list[dict[str, Any]]) -> str:
    """The notification key of a failure streak's "source broken" alert."""
    return f"source-broken:{source}:{streak[-1]['run_id']}"


def recovered_key(source: str, streak: list[dict[str, Any]]) -> str:
    """The notification key of the "recovered" alert that ends a failure streak."""
    return f"source-recovered:{source}:{streak[-1]['run_id']}"


def last_success(db: Database, source: str) -> dict[str, Any] | None:
    """The source's latest run that worked (ok or partial), or None."""
    return next(iter(db.query(
        "select run_id, started, finished, status, list_links, articles from run_sources "
        "where source = ? and status in ('ok', 'partial') order by run_id desc limit 1", [source])), None)


def source_health(db: Database, source: str, *, broken_after: int) -> dict[str, Any]:
    """One source's health: its last run and success, failures in a row, and whether its list yields links."""
    last = next(iter(db.query(
        "select run_id, started, finished, status, list_links, articles, new_articles, message from run_sources "
        "where source = ? and status != 'running' order by run_id desc limit 1", [source])), None)
    if last is None:
        return never_crawled(source)
    streak = failure_streak(db, source)
    success = last_success(db, source)
    pending = len(pending_failures(db, source))
    state = "broken" if len(streak) >= broken_after else "failing" if streak else "pending" if pending else "ok"
    message = last["message"]
    if state == "pending":  # the source works, but pages it failed on are still missing
        message = f"{pending} failed page(s) not stored yet; asked for again next run"
    if state in ("ok", "pending") and fallback_streak(db, source):
        state = ATTENTION_STATE  # it works, but read some articles without its content selector
    return {
        "source": source, "state": state, "last_run": last["run_id"], "last_run_at": last["started"],
        "last_status": last["status"], "last_success_at": success["started"] if success else None,
        "failures_in_a_row": len(streak), "list_yields_links": bool(last["list_links"]),
        "pending_failures": pending, "message": message,
    }


def never_crawled(source: str) -> dict[str, Any]:
    """The health of a source with no finished run yet (same keys as `source_health`)."""
    return {"source": source, "state": "never crawled", "last_run": None, "last_run_at": None,
            "last_status": None, "last_success_at": None, "failures_in_a_row": 0,
            "list_yields_links": None, "pending_failures": 0, "message": None}


def crawled_sources(db: Database) -> list[str]:
    """Every source that appears in the run history, by name."""
    return [row["source"] for row in db.query("select distinct source from run_sources order by source")]


def last_run(db: Database) -> dict[str, Any] | None:
    """The latest run (any status), or None before the first crawl."""
    return next(iter(db.query(
        "select id, started, finished, status, sources, pages, new_articles, new_batches, errors, message "
        "from runs order by id desc limit 1")), None)


def last_started(db: Database, sources: list[str] | None = None) -> str | None:
    """When the latest run began: of any run, or the latest that crawled one of `sources`."""
    if not sources:
        row = db.execute("select max(started) from runs").fetchone()
    else:
        marks = ", ".join("?" for _ in sources)
        row = db.execute(f"select max(started) from run_sources where source in ({marks})", sources).fetchone()
    return row[0] if row else None


def runs_after(db: Database, run_id: int) -> list[dict[str, Any]]:
    """The runs recorded after run `run_id`, oldest first."""
    return list(db.query("select * from runs where id > ? order by id", [run_id]))


def max_run_id(db: Database) -> int:
    """The latest run id, 0 before the first run."""
    return db.execute("select coalesce(max(id), 0) from runs").fetchone()[0]


def close_failed_run(db: Database, run_id: int, message: str) -> None:
    """Close a run its crawl could not finish: sources that never reported fail; the run fails with `message`."""
    sources, status = db.execute("select sources, status from runs where id = ?", [run_id]).fetchone()
    if status == "running":
        finish_run(db, run_id, [s for s in (sources or "").split(",") if s])
    with db.atomic():
        db.execute("update runs set status = 'failed', message = ?, finished = coalesce(finished, ?) where id = ?",
                   [message, now(), run_id])


def record_failed_run(db: Database, sources: list[str], message: str) -> int:
    """Record a crawl that failed before it could record itself; return the new run's id."""
    run_id = start_run(db, sources)
    close_failed_run(db, run_id, message)
    return run_id


def record_skipped_run(db: Database, sources: list[str], message: str) -> int:
    """Record a start the daemon skipped (another crawl held the database); no source is judged by it."""
    run_id = start_run(db, sources)
    with db.atomic():
        db.execute("update runs set status = 'skipped', finished = ?, message = ? where id = ?",
                   [now(), message, run_id])
    return run_id


def queue_source_alerts(db: Database, run_id: int, *, broken_after: int) -> None:
    """Queue one "source broken" alert after N failed runs in a row, one "recovered" after."""
    for row in list(db.query(
        "select source, status, message, articles from run_sources where run_id = ? and status != 'running'",
        [run_id],
    )):
        source = row["source"]
        if row["status"] not in SUCCESS:
            streak = failure_streak(db, source, run_id + 1)
            if len(streak) >= broken_after:
                queue_broken(db, source, streak, run_id)
            continue
        streak = failure_streak(db, source, run_id)
        # "Recovered" only ends a streak that was reported broken.
        if streak and db.execute("select 1 from notifications where key = ?", [broken_key(source, streak)]).fetchone():
            queue(db, key=recovered_key(source, streak), kind="source_recovered",
                  title=f"occuwatch: source {source} works again",
                  body=(f"{source} works again in run {run_id} ({row['articles']} articles) after "
                        f"{len(streak)} failed runs since {streak[-1]['started']}."),
                  run_id=run_id, source=source)


def queue_broken(db: Database, source: str, streak: list[dict[str, Any]], run_id: int) -> None:
    """Queue the "source broken" alert of a failure streak (a no-op when queued already)."""
    success = last_success(db, source)
    since = f"last worked in run {success['run_id']} at {success['started']}" if success else "has never worked"
    queue(db, key=broken_key(source, streak), kind="source_broken",
          title=f"occuwatch: source {source} is broken",
          body=(f"{source} failed {len(streak)} runs in a row (since {streak[-1]['started']}); it {since}. "
                f"Last error: {streak[0]['message'] or 'unknown'}. Check that its list page still opens and "
                f"lists articles; if the site moved, set start_urls in [sources.{source}]. "
                "`occuwatch status` shows its health."),
          run_id=run_id, source=source)
