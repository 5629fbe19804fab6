"""The daemon as users run it: `occuwatch schedule` as a real process, sample sites and a webhook on 127.0.0.1.

Each scenario runs the daemon with an interval of a second or two against a
copy of the changning sample site that the test edits while it runs (the
sample-site server re-reads site.toml and records.xml when they change).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import tomllib
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from occuwatch import scheduler
from occuwatch.db import health
from occuwatch.db.schema import open_database
from occuwatch.scrapers.config import CONFIG_ENV, load_config
from occuwatch.scrapers.errors import ConfigError
from tests.conftest import REPO, SITES, WebhookReceiver, run_cli, to_toml

LIST_PAGE = "/col/col1140/index.html"
# The daemon's own tests read /proc to find its crawl processes (and rely on Linux's parent-death signal).
linux_only = pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")
HANG_GUARD = 4
SEED_RECORD = re.compile(r'<record><!\[CDATA\[<li><a href="/art/2020/7/17/art_1140_561819\.html".*?</record>\n?')


# --- helpers ---------------------------------------------------------------------------------------------


class Daemon:
    """`occuwatch schedule` as a real process; remembers every crawl process it starts."""

    def __init__(self, config: Path, cwd: Path, *args: str) -> None:
        self.config = config
        self.log_path = cwd / "daemon.log"
        env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONIOENCODING": "utf-8"}
        env.pop("OCCUWATCH_CONFIG", None)
        self.log = self.log_path.open("w")
        self.proc = subprocess.Popen([sys.executable, "-m", "occuwatch", "--config", str(config), "schedule", *args],
                                     cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=self.log, stderr=self.log)
        self.children: set[int] = set()
        self._watching = True
        threading.Thread(target=self._watch_children, daemon=True).start()

    def _watch_children(self) -> None:
        while self._watching and self.proc.poll() is None:
            for children in Path(f"/proc/{self.proc.pid}/task").glob("*/children"):
                with contextlib.suppress(OSError):
                    self.children.update(int(pid) for pid in children.read_text().split())
            time.sleep(0.05)

    def output(self) -> str:
        return self.log_path.read_text(errors="replace")

    def terminate(self, timeout: float) -> tuple[int, float]:
        """SIGTERM; return the exit code and how long the daemon took to exit."""
        begun = time.monotonic()
        self.proc.send_signal(signal.SIGTERM)
        code = self.proc.wait(timeout=timeout)
        return code, time.monotonic() - begun

    def kill(self) -> None:
        """Last resort in `finally`: kill the daemon and anything it left."""
        self._watching = False
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)
        for pid in self.children:
            with contextlib.suppress(OSError):
                os.killpg(pid, signal.SIGKILL)
        self.log.close()

    def leftovers(self) -> list[int]:
        """Processes still alive whose command line names this daemon's config file (crawls it left behind)."""
        alive = []
        for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
            try:
                text = cmdline.read_bytes().replace(b"\0", b" ").decode(errors="replace")
                state = (cmdline.parent / "stat").read_text().rsplit(")", 1)[1].split()[0]
            except OSError:
                continue
            if str(self.config) in text and state != "Z":
                alive.append(int(cmdline.parent.name))
        return alive


def wait_for(condition: Callable[[], Any], timeout: float, what: str, daemon: Daemon) -> Any:
    """Poll until `condition()` is truthy; fail with the daemon's log after `timeout` seconds.

    The limit only stops a hung test: a loaded machine gets HANG_GUARD times as long, which costs a test
    that passes nothing (it returns as soon as the condition holds).
    """
    timeout *= HANG_GUARD
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    pytest.fail(f"timed out after {timeout} s waiting for {what}; daemon log:\n{daemon.output()[-4000:]}")


def query(db_path: Path, sql: str, params: tuple = ()) -> list[sqlite3.Row]:
    """Rows from the crawl database, read-only ([] before it exists)."""
    if not db_path.exists():
        return []
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=10)
    conn.row_factory = sqlite3.Row
    try:
        return conn.execute(sql, params).fetchall()
    except sqlite3.OperationalError:
        return []  # tables not created yet
    finally:
        conn.close()


def finished_runs(db_path: Path) -> list[sqlite3.Row]:
    """Runs the daemon is done with, oldest first."""
    return query(db_path, "select * from runs where status != 'running' order by id")


def source_statuses(db_path: Path) -> list[str]:
    """The changning source's status in each finished run, oldest first."""
    return [row[0] for row in query(
        db_path, "select status from run_sources where source = 'changning' and status != 'running' order by run_id")]


def edit_site_toml(site: Path, *, status: dict[str, int] | None = None, hang: list[str] | None = None) -> None:
    """Make paths of the site copy answer a status or hang (the running server picks the change up)."""
    toml = site / "site.toml"
    text = toml.read_text("utf-8")
    for path, code in (status or {}).items():
        if "[status]\n" not in text:
            text += "\n[status]\n"
        text = text.replace("[status]\n", f"[status]\n{to_toml(path)} = {code}\n", 1)
    if hang:
        text += f"\n[hang]\npaths = {to_toml(hang)}\nseconds = 60\n"
    tomllib.loads(text)  # a broken file would be ignored by the server, and the test would wait in vain
    toml.write_text(text, "utf-8")


def restore_site_toml(site: Path) -> None:
    """Put the site copy's site.toml back as shipped."""
    shutil.copy(SITES / "changning" / "site.toml", site / "site.toml")


@pytest.fixture(autouse=True)
def keep_config_env() -> Iterator[None]:
    """Listing the spiders sets $OCCUWATCH_CONFIG in this process (scrapers.crawl.crawl_settings): undo it."""
    before = os.environ.get(CONFIG_ENV)
    yield
    if before is None:
        os.environ.pop(CONFIG_ENV, None)
    else:
        os.environ[CONFIG_ENV] = before


@pytest.fixture
def site_copy(tmp_path: Path) -> Path:
    """A copy of the changning sample site that the test may edit."""
    return Path(shutil.copytree(SITES / "changning", tmp_path / "site"))


@pytest.fixture
def daemon_config(make_config, tmp_path: Path, webhook: WebhookReceiver) -> Callable[..., Path]:
    """A config for the daemon: changning at the local copy, other sources off, a fast [schedule]."""

    def write(site: Any, *, crawl: dict[str, Any] | None = None, **schedule: Any) -> Path:
        path = make_config({"changning": site}, **(crawl or {}))  # other sources: disabled; one retry
        schedule = {"interval": 1, "jitter": 0, "crawl_timeout": 20, "stop_grace": 10, **schedule}
        lines = ["\n[schedule]", *(f"{key} = {to_toml(value)}" for key, value in schedule.items())]
        lines += ["\n[notify]", f"urls = {to_toml([webhook.url])}", "broken_after = 2"]
        with path.open("a", encoding="utf-8") as out:
            out.write("\n".join(lines) + "\n")
        return path

    return write


# --- the daemon as a process -------------------------------------------------------------------------------


@linux_only
def test_broken_source_alerts_once_recovers_once_and_sigterm_exits_cleanly(
        serve, site_copy: Path, daemon_config, webhook: WebhookReceiver, tmp_path: Path) -> None:
    config = daemon_config(serve("changning", root=site_copy))
    db_path = tmp_path / "occuwatch.db"
    daemon = Daemon(config, tmp_path, "--run-now")
    try:
        wait_for(lambda: source_statuses(db_path), 15, "the baseline run", daemon)
        assert source_statuses(db_path)[0] == "partial"  # the sample site has a 500 and a malformed page

        edit_site_toml(site_copy, status={LIST_PAGE: 500})
        # Two failed runs make the alert; a third shows that nothing follows it.
        wait_for(lambda: source_statuses(db_path)[-3:] == ["failed"] * 3, 20, "three failed runs", daemon)
        runs_so_far = len(query(db_path, "select id from runs"))
        wait_for(lambda: len(query(db_path, "select id from runs")) > runs_so_far, 10, "one more run", daemon)
        assert len(webhook.titles("is broken")) == 1, (webhook.messages, daemon.output())

        restore_site_toml(site_copy)
        wait_for(lambda: source_statuses(db_path)[-2:] == ["partial"] * 2, 20, "two good runs", daemon)
        wait_for(lambda: webhook.titles("works again"), 5, "the recovered message", daemon)
        assert len(webhook.titles("is broken")) == 1
        assert len(webhook.titles("works again")) == 1
        assert len(webhook.messages) == 2, "the baseline run notifies nobody"

        code, _ = daemon.terminate(timeout=25)  # a hang guard; how soon it exits is judged by the hung-crawl test
        assert code == 0, daemon.output()
        assert daemon.children, "the daemon ran its crawls as child processes"
        assert daemon.leftovers() == []
    finally:
        daemon.kill()

    log = daemon.output()
    assert re.search(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\S* INFO run 1 partial \(changning\): \d+ pages, \d+ new "
                     r"articles, \d+ new batches, \d+ errors", log, re.M), log
    assert "SIGTERM received" in log
    assert query(db_path, "pragma integrity_check")[0][0] == "ok"
    assert query(db_path, "select count(*) from runs where status = 'running'")[0][0] == 0
    listed = run_cli("--config", str(config), "runs", "--limit", "1000", "--json", cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    every_run = {row["id"] for row in query(db_path, "select id from runs")}
    assert {run["id"] for run in json.loads(listed.stdout)} == every_run

    status = run_cli("--config", str(config), "status", "--json", cwd=tmp_path)
    assert status.returncode == 0, status.stderr
    report = json.loads(status.stdout)
    changning = next(s for s in report["sources"] if s["source"] == "changning")
    # It works again; the sample site's own failing pages (a 500, a malformed page) are still to be stored.
    failing_pages = query(db_path, "select count(distinct url) from page_errors where not list_page and run_id = "
                                   "(select max(run_id) from run_sources where source = 'changning')")[0][0]
    assert failing_pages == 2
    assert (changning["state"], changning["failures_in_a_row"], changning["list_yields_links"],
            changning["pending_failures"]) == ("pending", 0, True, failing_pages)
    assert report["last_run"]["id"] == max(row["id"] for row in query(db_path, "select id from runs"))
    assert report["schedule"][0]["next_run"] is not None
    assert "Next run:" in run_cli("--config", str(config), "status", cwd=tmp_path).stdout


@linux_only
def test_a_hung_crawl_is_killed_recorded_as_failed_and_the_next_run_is_on_time(
        serve, site_copy: Path, daemon_config, tmp_path: Path) -> None:
    edit_site_toml(site_copy, hang=[LIST_PAGE])
    interval = 2
    config = daemon_config(serve("changning", root=site_copy), crawl={"timeout": 60},
                           interval=interval, crawl_timeout=2, stop_grace=1)
    db_path = tmp_path / "occuwatch.db"
    daemon = Daemon(config, tmp_path, "--run-now")
    try:
        first = wait_for(lambda: finished_runs(db_path), 20, "the hung run to be stopped", daemon)[0]
        assert first["status"] == "failed", daemon.output()
        assert "timed out" in (first["message"] or ""), daemon.output()
        second = wait_for(lambda: query(db_path, "select * from runs where id > ?", (first["id"],)), 10,
                          "the next run", daemon)[0]
        # The next run came on its own schedule after the kill (the wait above is a hang guard, not a timer).
        assert second["started"] > first["started"]
        # SIGTERM while the second crawl hangs: stop_grace (1 s), then it is stopped; the daemon exits 0.
        wait_for(lambda: query(db_path, "select 1 from run_sources where run_id = ? and status = 'running'",
                               (second["id"],)), 10, "the second crawl to start", daemon)
        code, _ = daemon.terminate(timeout=20)
        assert code == 0, daemon.output()
        assert daemon.leftovers() == []
        # The daemon gave the hung crawl stop_grace, then stopped it (or crawl_timeout, running meanwhile, did).
        log = daemon.output()
        assert "SIGTERM received" in log and "waiting up to 1 s (stop_grace) for the running crawl" in log, log
        stopped = query(db_path, "select message from runs where id = ?", (second["id"],))[0]["message"]
        assert stopped in ("stopped: the daemon was shutting down and stop_grace (1 s) was over",
                           "timed out: stopped after crawl_timeout (2 s)"), log
    finally:
        daemon.kill()
    runs = query(db_path, "select status, message from runs order by id")
    assert all(run["status"] == "failed" for run in runs), [dict(r) for r in runs]
    assert query(db_path, "pragma integrity_check")[0][0] == "ok"
    assert "timed out" in daemon.output()


@linux_only
def test_the_crawl_dies_with_the_daemon_even_when_the_daemon_is_killed(
        serve, site_copy: Path, daemon_config, tmp_path: Path) -> None:
    edit_site_toml(site_copy, hang=[LIST_PAGE])
    config = daemon_config(serve("changning", root=site_copy), crawl={"timeout": 60}, interval=60, crawl_timeout=60)
    daemon = Daemon(config, tmp_path, "--run-now")
    try:
        wait_for(lambda: query(tmp_path / "occuwatch.db", "select 1 from runs where status = 'running'"), 15,
                 "a crawl under way", daemon)
        assert daemon.leftovers(), "the crawl is running"
        daemon.proc.kill()  # no chance to clean up: the kernel's parent-death signal must end the crawl
        daemon.proc.wait(timeout=5)
        wait_for(lambda: daemon.leftovers() == [], 5, "the orphaned crawl to die", daemon)
    finally:
        daemon.kill()


@linux_only
def test_a_run_missed_while_no_daemon_ran_happens_at_start(serve, site_copy: Path, daemon_config,
                                                           tmp_path: Path) -> None:
    db_path = tmp_path / "occuwatch.db"
    db = open_database(db_path)
    try:
        old = health.record_failed_run(db, ["changning"], "a run from long ago")
        db.execute("update runs set started = '2020-01-01T00:00:00+00:00' where id = ?", [old])
        db.execute("update run_sources set started = '2020-01-01T00:00:00+00:00' where run_id = ?", [old])
    finally:
        db.close()
    config = daemon_config(serve("changning", root=site_copy), interval=3600)
    daemon = Daemon(config, tmp_path)  # no --run-now: a run has been due since 2020
    try:
        wait_for(lambda: len(finished_runs(db_path)) == 2, 15, "the missed run, made up at start", daemon)
        assert daemon.terminate(timeout=25)[0] == 0
    finally:
        daemon.kill()
    assert "first run: crawl every enabled source at" in daemon.output()


@linux_only
def test_a_new_batch_is_notified_exactly_once(serve, site_copy: Path, daemon_config, webhook: WebhookReceiver,
                                              tmp_path: Path) -> None:
    """Needs the batch alerts (db/batch_alerts.py) and the English parser."""
    for relative in ("records.xml", "col/col1140/index.html"):
        page = site_copy / relative
        page.write_text(SEED_RECORD.sub("", page.read_text("utf-8"), count=1), "utf-8")
    interval = 2
    config = daemon_config(serve("changning", root=site_copy), interval=interval)
    db_path = tmp_path / "occuwatch.db"
    daemon = Daemon(config, tmp_path, "--run-now")
    try:
        wait_for(lambda: finished_runs(db_path), 60, "the baseline run", daemon)
        assert source_statuses(db_path)[0] == "partial", "the baseline run must work for this test"
        for relative in ("records.xml", "col/col1140/index.html"):
            shutil.copy(SITES / "changning" / relative, site_copy / relative)
        changed = len(finished_runs(db_path))
        # The run under way may have read the old list; every later one reads the new. Counted in runs,
        # not seconds (the time limits only stop a hung test): the next-but-one has announced the batch
        # and sent its message before the third began (one crawl process at a time), which could repeat it.
        wait_for(lambda: len(finished_runs(db_path)) >= changed + 3, 120, "three more runs", daemon)
        # A baseline alert would be here too: the baseline notifies nobody, and the new batch once.
        assert len(webhook.messages) == 1, (webhook.titles(), daemon.output())
        assert "batch 3" in webhook.messages[0]["title"]
        assert "blockchain" in webhook.messages[0]["message"]
        code, _ = daemon.terminate(timeout=25)
        assert code == 0
    finally:
        daemon.kill()


# --- the pieces, without processes -------------------------------------------------------------------------


def write_toml(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "schedule.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_plan_jobs_gives_sources_with_their_own_timetable_their_own_job(tmp_path: Path) -> None:
    config = load_config(write_toml(tmp_path, "[schedule]\ninterval = 60\n"))
    assert scheduler.plan_jobs(config) == [scheduler.Job("main", None, "", 60, 300)]
    config = load_config(write_toml(tmp_path, """
[sources.mohrss]
enabled = false
[schedule]
interval = 60
[schedule.sources.changning]
cron = "0 8 * * *"
jitter = 5
"""))
    jobs = scheduler.plan_jobs(config)
    assert jobs[-1] == scheduler.Job("source changning", ("changning",), "0 8 * * *", 60, 5)
    assert "changning" not in (jobs[0].sources or ()) and "mohrss" not in (jobs[0].sources or ())
    runner = scheduler.CrawlRunner(config, db_override=None, verbose=0)
    command = runner.child_command(jobs[-1])
    assert command[:3] == [sys.executable, "-P", "-c"]  # -P: the working directory never shadows a module
    assert command[4:] == ["--config", str(tmp_path / "schedule.toml"), "crawl", "--source", "changning"]


def test_schedule_config_errors_name_the_key(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"\[schedule.sources\]: unknown source nosuch"):
        scheduler.plan_jobs(load_config(write_toml(tmp_path, "[schedule.sources.nosuch]\ninterval = 5\n")))
    for text, message in [
        ("[schedule]\ncron = \"61 * * * *\"\n", r"\[schedule\] cron '61 \* \* \* \*'"),
        ("[schedule]\ninterval = -1\n", r"\[schedule\] interval must be a positive number"),
        ("[schedule]\njiter = 5\n", r'\[schedule\] jiter is not a known key; did you mean "jitter"\?'),
        ("[schedule]\ntimezone = \"Nowhere/Town\"\n", r"\[schedule\] timezone must be a known zone name"),
        ("[schedule.sources.changning]\njitter = 5\n", r"needs cron or interval"),
    ]:
        with pytest.raises(ConfigError, match=message):
            config = load_config(write_toml(tmp_path, text))
            scheduler.make_trigger(scheduler.plan_jobs(config)[0], scheduler.schedule_zone(config), None)


def test_next_run_counts_on_from_the_last_run_and_flags_a_missed_one() -> None:
    job = scheduler.Job("main", None, "", 3600, 300)
    now = datetime.now(UTC)
    soon = scheduler.next_run(job, UTC, now - timedelta(seconds=600))
    assert abs(datetime.fromisoformat(soon["next_run"]) - (now + timedelta(seconds=3000))) < timedelta(seconds=2)
    assert (soon["overdue"], soon["note"]) == (False, None)
    due = scheduler.next_run(job, UTC, now - timedelta(seconds=3700))
    assert (due["overdue"], due["note"]) == (False, "due now")
    # Overdue once the due time, the jitter and a few minutes have passed: not an hour later.
    just = scheduler.next_run(job, UTC, now - timedelta(seconds=3600 + 300 + scheduler.OVERDUE_SLACK - 30))
    assert not just["overdue"]
    late = scheduler.next_run(job, UTC, now - timedelta(seconds=3600 + 300 + scheduler.OVERDUE_SLACK + 30))
    assert late["overdue"] and "is `occuwatch schedule` running?" in late["note"]
    late = scheduler.next_run(job, UTC, now - timedelta(hours=5))
    assert late["overdue"] and "is `occuwatch schedule` running?" in late["note"]
    assert scheduler.next_run(job, UTC, None)["next_run"] is None
    cron = scheduler.Job("main", None, "30 4 * * *", 0, 0)
    assert datetime.fromisoformat(scheduler.next_run(cron, UTC, None)["next_run"]).strftime(
        "%H:%M") == "04:30"
    missed = scheduler.next_run(cron, UTC, now - timedelta(days=3))
    assert missed["overdue"]
    assert scheduler.first_due(cron, UTC, None) is None


def test_a_crawl_that_recorded_nothing_or_left_its_run_open_is_recorded_as_failed(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    config = load_config(None, {"database": {"path": str(tmp_path / "unit.db")}})
    runner = scheduler.CrawlRunner(config, db_override=None, verbose=0)
    job = scheduler.Job("main", ("changning",), "", 60, 0)
    runner.judge(job, 0, scheduler.Ending(1, None, "Traceback ...\nValueError: boom\n", 0.5))
    db = open_database(tmp_path / "unit.db")
    try:
        run = health.last_run(db)
        assert run["status"] == "failed"
        assert "exited with code 1 before recording a run: ValueError: boom" in run["message"]
        from occuwatch.db.runs import start_run

        open_run = start_run(db, ["changning"])
        runner.judge(job, run["id"], scheduler.Ending(-9, "the crawl process was killed (SIGKILL)", "", 0.5))
        closed = health.last_run(db)
        assert (closed["id"], closed["status"]) == (open_run, "failed")
        assert "killed (SIGKILL)" in closed["message"]
        assert db.execute("select status from run_sources where run_id = ?", [open_run]).fetchone()[0] == "failed"
    finally:
        db.close()


@pytest.mark.parametrize(
    ("line", "weekdays"),
    [
        ("0 8 * * 0", {"Sun"}),
        ("0 8 * * 7", {"Sun"}),
        ("0 8 * * 1", {"Mon"}),
        ("0 8 * * 6", {"Sat"}),
        ("0 8 * * 1-5", {"Mon", "Tue", "Wed", "Thu", "Fri"}),
        ("0 8 * * 0-2", {"Sun", "Mon", "Tue"}),
        ("0 8 * * 5-7", {"Fri", "Sat", "Sun"}),
        ("0 8 * * */2", {"Sun", "Tue", "Thu", "Sat"}),
        ("0 8 * * 1-5/2", {"Mon", "Wed", "Fri"}),
        ("0 8 * * 0,3", {"Sun", "Wed"}),
        ("0 8 * * sun", {"Sun"}),
        ("0 8 * * mon-fri", {"Mon", "Tue", "Wed", "Thu", "Fri"}),
        ("0 8 * * *", {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}),
    ],
)
def test_cron_days_of_week_mean_what_crontab_means(line: str, weekdays: set[str]) -> None:
    trigger = scheduler.make_trigger(scheduler.Job("main", None, line, 0, 0), UTC, None, jitter=False)
    fire = datetime(2026, 1, 1, tzinfo=UTC)  # a Thursday
    seen = set()
    for _ in range(14):
        fire = trigger.get_next_fire_time(None, fire + timedelta(minutes=1))
        seen.add(fire.strftime("%a"))
    assert seen == weekdays


@pytest.mark.parametrize("field", ["8", "1-9", "5-2", "*/0", "funday"])
def test_a_day_of_week_crontab_cannot_read_is_a_config_error(field: str) -> None:
    with pytest.raises(ConfigError, match=r"\[schedule\] cron"):
        scheduler.make_trigger(scheduler.Job("main", None, f"0 8 * * {field}", 0, 0), UTC, None)


def test_a_start_while_another_crawl_holds_the_database_is_skipped_and_recorded(tmp_path: Path, monkeypatch) -> None:
    from occuwatch.db.lock import crawl_lock

    monkeypatch.chdir(tmp_path)
    db_path = tmp_path / "unit.db"
    config = load_config(None, {"database": {"path": str(db_path)}})
    runner = scheduler.CrawlRunner(config, db_override=None, verbose=0)
    job = scheduler.Job("main", ("changning",), "", 60, 0)
    with crawl_lock(db_path):  # a hand-run crawl, as far as the daemon can tell
        runner.crawl(job)
    db = open_database(db_path)
    try:
        run = health.last_run(db)
        assert run["status"] == "skipped"
        assert f"another crawl is running on the database (process {os.getpid()} on " in run["message"]
        assert db.execute("select count(*) from run_sources").fetchone()[0] == 0  # no source is judged by it
        assert health.never_crawled("changning") == health.source_health(db, "changning", broken_after=1)
    finally:
        db.close()


def test_the_daemons_crawls_are_isolated_from_the_working_directory(tmp_path: Path) -> None:
    # Modules named like ours and Scrapy's in the directory the daemon runs in must not be imported.
    for name in ("occuwatch.py", "scrapy.py", "cli.py", "feed.py"):
        (tmp_path / name).write_text("raise SystemExit('shadowed by the working directory')\n")
    runner = scheduler.CrawlRunner(load_config(None), db_override=str(tmp_path / "x.db"), verbose=0)
    args = runner.child_command(scheduler.Job("main", None, "", 60, 0))
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "OCCUWATCH_CONFIG")}
    result = subprocess.run([*args, "--help"], cwd=tmp_path, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "Crawl the sources once" in result.stdout
