"""One crawl per database: two `occuwatch crawl` started together on one database, on a real site.

The sample site holds every answer until the test opens its gate, so the crawl
that got the lock is still running whatever the machine's load; no assertion
depends on how long anything takes.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from occuwatch.db.lock import CRAWL_LOCKED_EXIT, crawl_lock, lock_holder
from occuwatch.localsites import RunningSite
from tests.conftest import REPO, write_config
from tests.test_kill import CONTENTS


def gate(site: RunningSite) -> threading.Event:
    """Make the site hold each answer until the returned event is set (closed at first)."""
    opened = threading.Event()
    handler = site.server.RequestHandlerClass

    class Gated(handler):
        def _answer(self, *, send_body: bool) -> None:
            opened.wait()
            super()._answer(send_body=send_body)

    site.server.RequestHandlerClass = Gated
    return opened


def start_crawl(config: Path, *args: str) -> subprocess.Popen:
    """`occuwatch crawl --json` as a child process, its output piped."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONIOENCODING": "utf-8"}
    env.pop("OCCUWATCH_CONFIG", None)
    return subprocess.Popen([sys.executable, "-m", "occuwatch", "--config", str(config), "crawl", "--json", *args],
                            cwd=config.parent, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_until_locked(db: Path, crawl: subprocess.Popen) -> dict:
    """Block until `crawl` holds the database's lock (or fail if it ended first)."""
    while (holder := lock_holder(db)) is None or holder.get("pid") != crawl.pid:
        assert crawl.poll() is None, crawl.communicate()
        threading.Event().wait(0.05)
    return holder


def read_rows(path: Path, sql: str, *params: object) -> list[tuple]:
    """Rows of the database, read-only ([] while it or its tables do not exist yet)."""
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.OperationalError:
        return []
    try:
        return connection.execute(sql, params).fetchall()
    except sqlite3.OperationalError:
        return []
    finally:
        connection.close()


def contents(path: Path) -> dict[str, list[tuple]]:
    connection = sqlite3.connect(path)
    try:
        return {table: connection.execute(sql).fetchall() for table, sql in CONTENTS.items()}
    finally:
        connection.close()


@pytest.fixture
def sample(serve, tmp_path: Path):
    """The Changning sample site behind a gate, and a config for it (timeouts long: the gate holds answers)."""
    site = serve("changning")
    opened = gate(site)
    config = write_config(tmp_path, {"changning": site}, timeout=120)
    yield site, opened, config, tmp_path / "occuwatch.db"
    opened.set()


def test_two_crawls_started_together_one_runs_one_is_refused(sample, tmp_path: Path) -> None:
    site, opened, config, db = sample
    first, second = start_crawl(config), start_crawl(config)
    # While the gate is closed, no crawl can finish; so the first to end is the refused one.
    ended = None
    while ended is None:
        ended = next((crawl for crawl in (first, second) if crawl.poll() is not None), None)
        threading.Event().wait(0.05)
    running = second if ended is first else first
    out, err = ended.communicate()
    assert ended.returncode == CRAWL_LOCKED_EXIT, err
    assert out == ""
    [line] = [line for line in err.splitlines() if line.strip()]
    assert line.startswith("Error: another crawl is running on ")
    assert f"process {running.pid} on " in line
    assert "--wait" in line

    opened.set()
    out, err = running.communicate(timeout=120)
    assert running.returncode == 0, err
    status = json.loads(out)["status"]
    assert sqlite3.connect(db).execute("select id, status from runs").fetchall() == [(1, status)]  # one run only

    clean = tmp_path / "clean"
    clean.mkdir()
    clean_config = write_config(clean, {"changning": site})
    clean_crawl = start_crawl(clean_config)
    out, _ = clean_crawl.communicate(timeout=120)
    assert json.loads(out)["status"] == status
    assert contents(db) == contents(clean / "occuwatch.db")
    assert contents(db)["articles"]


def test_with_wait_the_second_crawl_starts_when_the_first_ends(sample) -> None:
    _, opened, config, db = sample
    first = start_crawl(config)
    wait_until_locked(db, first)
    second = start_crawl(config, "--wait")
    # Blocks until the second crawl says it waits (or ends).
    waiting = next((line for line in second.stderr if line.startswith("Waiting")), "")
    assert waiting.startswith(f"Waiting for the crawl already running (process {first.pid} on ")
    assert lock_holder(db)["pid"] == first.pid

    opened.set()
    assert first.wait(timeout=120) == 0
    out, err = second.communicate(timeout=120)
    assert second.returncode == 0, err
    second_run = json.loads(out)
    assert second_run["id"] == 2
    first_finished, second_started = sqlite3.connect(db).execute(
        "select (select finished from runs where id = 1), (select started from runs where id = 2)").fetchone()
    assert second_started >= first_finished
    assert second_run["new_articles"] == 0  # the first stored them all: the second found them known


def test_a_lock_left_by_a_killed_crawl_never_blocks(sample) -> None:
    _, opened, config, db = sample
    killed = start_crawl(config)
    wait_until_locked(db, killed)
    while not read_rows(db, "select 1 from runs where pid = ? and status = 'running'", killed.pid):
        assert killed.poll() is None, killed.communicate()
        threading.Event().wait(0.05)  # until its run is recorded (it then waits at the gate)
    killed.send_signal(signal.SIGKILL)
    killed.wait()
    assert json.loads(db.with_name("occuwatch.db.lock").read_text())["pid"] == killed.pid  # its record remains
    assert lock_holder(db) is None  # but the kernel released the lock

    opened.set()
    after = start_crawl(config)
    out, err = after.communicate(timeout=120)
    assert after.returncode == 0, err
    run = json.loads(out)
    assert run["id"] == 2
    assert run["new_articles"] > 0
    assert read_rows(db, "select status from runs where id = 1") == [("failed",)]  # closed as interrupted


def test_the_lock_is_exclusive_within_a_process_too(tmp_path: Path) -> None:
    db = tmp_path / "occuwatch.db"
    with crawl_lock(db) as owner:
        assert owner["pid"] == os.getpid()
        assert lock_holder(db)["pid"] == os.getpid()
        with pytest.raises(Exception, match="another crawl is running") as refused, crawl_lock(db):
            pass
        assert refused.value.exit_code == CRAWL_LOCKED_EXIT
    assert lock_holder(db) is None
    with crawl_lock(db):  # free again
        pass

