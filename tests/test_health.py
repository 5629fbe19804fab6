"""Source health and broken/recovered alerts, from hand-made run histories in a real SQLite file."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlite_utils import Database

from occuwatch.db import health
from occuwatch.db.runs import finish_run, start_run
from occuwatch.db.schema import open_database


@pytest.fixture
def db(tmp_path: Path) -> Database:
    database = open_database(tmp_path / "health.db")
    yield database
    database.close()


def add_run(db: Database, outcomes: dict[str, str], *, list_links: int = 5, started: str | None = None) -> int:
    """A finished run in which each source ended with the given status ("ok", "partial", "failed")."""
    run_id = start_run(db, list(outcomes))
    for source, status in outcomes.items():
        links = 0 if status == "failed" else list_links
        db.execute(
            "insert into run_sources (run_id, source, started, finished, status, finish_reason, pages, list_links, "
            "articles, new_articles, errors, message) values (?, ?, ?, ?, ?, 'finished', 1, ?, ?, 0, 0, ?)",
            [run_id, source, started or f"2024-01-01T00:{run_id:02d}:00+00:00", f"2024-01-01T00:{run_id:02d}:30+00:00",
             status, links, links, "list pages failed or yielded no article links" if status == "failed" else None],
        )
    finish_run(db, run_id, list(outcomes))
    if started:
        db.execute("update runs set started = ? where id = ?", [started, run_id])
    return run_id


def alerts(db: Database) -> list[tuple[str, str]]:
    """(kind, key) of every queued source alert, oldest first."""
    return [(row["kind"], row["key"]) for row in db.query(
        "select kind, key from notifications where kind like 'source%' order by id")]


def run_and_alert(db: Database, outcomes: dict[str, str], broken_after: int = 2) -> int:
    """Add a run and queue its source alerts, as `notify.after_run` does."""
    run_id = add_run(db, outcomes)
    health.queue_source_alerts(db, run_id, broken_after=broken_after)
    return run_id


def test_one_broken_alert_per_streak_and_one_recovered(db: Database) -> None:
    run_and_alert(db, {"a": "ok"})
    first_failure = run_and_alert(db, {"a": "failed"})
    assert alerts(db) == []
    run_and_alert(db, {"a": "failed"})
    assert alerts(db) == [("source_broken", f"source-broken:a:{first_failure}")]
    run_and_alert(db, {"a": "failed"})
    run_and_alert(db, {"a": "failed"})
    assert len(alerts(db)) == 1, "nothing in between"
    run_and_alert(db, {"a": "partial"})
    assert alerts(db)[1] == ("source_recovered", f"source-recovered:a:{first_failure}")
    run_and_alert(db, {"a": "ok"})
    assert len(alerts(db)) == 2
    second_streak = run_and_alert(db, {"a": "failed"})
    run_and_alert(db, {"a": "failed"})
    assert alerts(db)[2] == ("source_broken", f"source-broken:a:{second_streak}")


def test_a_short_streak_sends_nothing_not_even_recovered(db: Database) -> None:
    run_and_alert(db, {"a": "failed"}, broken_after=3)
    run_and_alert(db, {"a": "failed"}, broken_after=3)
    run_and_alert(db, {"a": "ok"}, broken_after=3)
    assert alerts(db) == []


def test_sources_are_judged_apart_and_messages_say_what_to_do(db: Database) -> None:
    run_and_alert(db, {"a": "ok", "b": "ok"})
    run_and_alert(db, {"a": "failed", "b": "ok"})
    run_and_alert(db, {"a": "failed", "b": "partial"})
    assert [kind for kind, _ in alerts(db)] == ["source_broken"]
    note = next(db.query("select * from notifications"))
    assert note["source"] == "a" and note["status"] == "pending"
    assert "a failed 2 runs in a row" in note["body"]
    assert "last worked in run 1" in note["body"]
    assert "[sources.a]" in note["body"]


def test_a_source_that_never_worked_is_broken_too(db: Database) -> None:
    run_and_alert(db, {"a": "failed"})
    run_and_alert(db, {"a": "failed"})
    note = next(db.query("select body from notifications"))
    assert "has never worked" in note["body"]


def test_queueing_twice_for_the_same_run_queues_once(db: Database) -> None:
    run_and_alert(db, {"a": "failed"})
    run_id = run_and_alert(db, {"a": "failed"})
    health.queue_source_alerts(db, run_id, broken_after=2)
    assert len(alerts(db)) == 1


def test_source_health_states(db: Database) -> None:
    assert health.source_health(db, "a", broken_after=2)["state"] == "never crawled"
    add_run(db, {"a": "ok", "b": "ok"})
    add_run(db, {"a": "failed", "b": "partial"})
    a = health.source_health(db, "a", broken_after=2)
    assert (a["state"], a["failures_in_a_row"], a["list_yields_links"]) == ("failing", 1, False)
    assert a["last_success_at"] == "2024-01-01T00:01:00+00:00"
    add_run(db, {"a": "failed"})
    a = health.source_health(db, "a", broken_after=2)
    assert (a["state"], a["failures_in_a_row"], a["last_run"]) == ("broken", 2, 3)
    b = health.source_health(db, "b", broken_after=2)
    assert (b["state"], b["failures_in_a_row"], b["list_yields_links"], b["last_status"]) == ("ok", 0, True, "partial")
    assert health.crawled_sources(db) == ["a", "b"]


def test_a_running_source_is_not_judged_yet(db: Database) -> None:
    add_run(db, {"a": "failed"})
    run_id = start_run(db, ["a"])
    db.execute("insert into run_sources (run_id, source, started, status) values (?, 'a', '2024-01-02', 'running')",
               [run_id])
    assert health.source_health(db, "a", broken_after=5)["last_run"] == 1
    assert len(health.failure_streak(db, "a")) == 1


def test_close_failed_run_fails_the_sources_that_never_reported(db: Database) -> None:
    run_id = start_run(db, ["a", "b"])
    db.execute("insert into run_sources (run_id, source, started, finished, status, pages, list_links, articles, "
               "new_articles, errors) values (?, 'a', 'x', 'y', 'ok', 3, 2, 2, 0, 0)", [run_id])
    reason = "timed out: stopped after crawl_timeout (5 s)"
    health.close_failed_run(db, run_id, reason)
    run = next(db.query("select * from runs where id = ?", [run_id]))
    assert (run["status"], run["message"], run["pages"]) == ("failed", reason, 3)
    assert run["finished"]
    statuses = dict(db.execute("select source, status from run_sources where run_id = ?", [run_id]).fetchall())
    assert statuses == {"a": "ok", "b": "failed"}
    assert db.execute("select count(*) from runs where status = 'running'").fetchone()[0] == 0


def test_record_failed_run_when_the_crawl_recorded_nothing(db: Database) -> None:
    run_id = health.record_failed_run(db, [], "the crawl exited with code 1 before recording a run: Error: boom")
    assert health.max_run_id(db) == run_id
    assert health.last_run(db)["status"] == "failed"
    assert health.last_run(db)["message"].endswith("Error: boom")


def test_last_started_and_runs_after(db: Database) -> None:
    assert health.last_started(db) is None
    add_run(db, {"a": "ok"}, started="2024-01-01T01:00:00+00:00")
    add_run(db, {"b": "ok"}, started="2024-01-01T02:00:00+00:00")
    assert health.last_started(db) == "2024-01-01T02:00:00+00:00"
    assert health.last_started(db, ["a"]) == "2024-01-01T01:00:00+00:00"
    assert [run["id"] for run in health.runs_after(db, 1)] == [2]


def test_a_working_source_with_failed_pages_not_stored_yet_is_pending(db: Database) -> None:
    run_id = add_run(db, {"a": "partial"})
    db["page_errors"].insert({"run_id": run_id, "source": "a", "url": "http://a.example/1.html", "kind": "http",
                              "message": "HTTP 500", "list_page": 0, "at": "2024-01-01T00:01:00+00:00"})
    a = health.source_health(db, "a", broken_after=2)
    assert (a["state"], a["pending_failures"]) == ("pending", 1)
    assert "1 failed page(s) not stored yet" in a["message"]
    db["articles"].insert({"url": "http://a.example/1.html", "source": "a", "title": "Stored at last"})
    assert health.source_health(db, "a", broken_after=2)["state"] == "ok"
