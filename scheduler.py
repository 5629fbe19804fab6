"""The daemon behind `occuwatch schedule`: crawl on a timetable, each crawl in a child process.

Safe by construction. One crawl at a time (one worker thread, `max_instances=1`);
missed starts coalesce into one; a crawl past `crawl_timeout` is stopped; a
crawl is judged by the run it recorded, never by its exit code, and a crawl
that could not record its end is closed as failed here. Each crawl is
`python -m occuwatch crawl` (a Twisted reactor runs once per process) in its own
process group, so stopping it stops everything it started; on Linux it also
gets SIGKILL if the daemon dies (PR_SET_PDEATHSIG), so no crawl outlives it.
SIGTERM or SIGINT: no new crawls, the running one gets `stop_grace` seconds
to finish, then it is stopped; the daemon exits 0.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path
from typing import IO, Any

from apscheduler.events import EVENT_SCHEDULER_STARTED
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from occuwatch.db import health
from occuwatch.db import runs as db_runs
from occuwatch.db.lock import CRAWL_LOCKED_EXIT, describe_owner, lock_holder
from occuwatch.db.schema import open_database, open_for_reading
from occuwatch.scrapers.config import database_path
from occuwatch.scrapers.errors import ConfigError, UnknownSourceError

logger = logging.getLogger("occuwatch.scheduler")

TERM_WAIT = 3.0  # seconds a crawl gets between SIGTERM and SIGKILL when it must stop
LOG_FORMAT = "%(asctime)s %(levelname)s %(message)s"
PARENT_ENV = "OCCUWATCH_DAEMON_PID"
CRASH_LINE = re.compile(r"^(\w+\.)*\w+(Error|Exception)\b")  # the last line of a Python traceback

# The child runs `python -m occuwatch ARGS` after asking Linux to SIGKILL it when the
# daemon dies (prctl option 1 = PR_SET_PDEATHSIG); done in the child, not in a
# preexec_fn, which is unsafe in a process with threads.
CHILD_BOOT = """\
import contextlib, ctypes, os, runpy, signal, sys
parent = int(os.environ.pop("OCCUWATCH_DAEMON_PID", "0"))
with contextlib.suppress(OSError, AttributeError):  # not Linux: no parent-death signal
    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL, 0, 0, 0)
if parent and os.getppid() != parent:
    sys.exit("occuwatch: the scheduler that started this crawl has gone")
sys.argv[0] = "occuwatch"
runpy.run_module("occuwatch", run_name="__main__", alter_sys=True)
"""


class StopRequested(BaseException):
    """Raised in the main thread by SIGTERM/SIGINT to leave the scheduler loop (like KeyboardInterrupt)."""


@dataclass(frozen=True)
class Job:
    """One timetable: the sources it crawls (None: every enabled source) and when."""

    name: str
    sources: tuple[str, ...] | None
    cron: str
    interval: float
    jitter: float

    def describe(self) -> str:
        """The timetable for people, e.g. "every 21600 s (+ up to 300 s jitter)"."""
        when = f"cron {self.cron!r}" if self.cron else f"every {self.interval:g} s"
        return when + (f" (+ up to {self.jitter:g} s jitter)" if self.jitter else "")

    def crawls(self) -> str:
        """Which sources, for people."""
        return ", ".join(self.sources) if self.sources else "every enabled source"


def plan_jobs(config: dict[str, Any]) -> list[Job]:
    """The jobs of `[schedule]`: one per source with its own timetable, one for the rest."""
    schedule = config["schedule"]
    own = schedule.get("sources", {})
    if not own:
        return [Job("main", None, schedule["cron"], schedule["interval"], schedule["jitter"])]
    from occuwatch.scrapers.crawl import choose_sources

    try:
        choose_sources(config, list(own))
    except UnknownSourceError as exc:
        raise ConfigError(f"[schedule.sources]: {exc}") from None
    enabled = choose_sources(config, None)
    rest = tuple(name for name in enabled if name not in own)
    jobs = [Job("main", rest, schedule["cron"], schedule["interval"], schedule["jitter"])] if rest else []
    for name in sorted(own):
        if name in enabled:
            table = own[name]
            jobs.append(Job(f"source {name}", (name,), table.get("cron", ""),
                            table.get("interval", schedule["interval"]), table.get("jitter", schedule["jitter"])))
    if not jobs:
        raise ConfigError("no source to schedule: every source is disabled in [sources.NAME]")
    return jobs


def schedule_zone(config: dict[str, Any]) -> tzinfo:
    """The zone cron lines are read in: [schedule] timezone, else this machine's."""
    name = config["schedule"].get("timezone")
    if name:
        from zoneinfo import ZoneInfo

        return ZoneInfo(name)
    import tzlocal

    return tzlocal.get_localzone()


def make_trigger(job: Job, zone: tzinfo, anchor: datetime | None, *, jitter: bool = True) -> BaseTrigger:
    """The job's APScheduler trigger; an interval counts on from the job's last run (`anchor`)."""
    spread = (job.jitter or None) if jitter else None
    if job.cron:
        minute, hour, day, month, day_of_week = job.cron.split()
        try:
            return CronTrigger(minute=minute, hour=hour, day=day, month=month,
                               day_of_week=crontab_days(day_of_week), timezone=zone, jitter=spread)
        except ValueError as exc:
            raise ConfigError(f"[schedule] cron {job.cron!r} ({job.name}): {exc}") from None
    return IntervalTrigger(seconds=job.interval, start_date=anchor, timezone=zone, jitter=spread)


CRONTAB_DAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")  # crontab's numbering: 0 (and 7) is Sunday


def crontab_days(field: str) -> str:
    """A crontab day-of-week field as APScheduler reads it, by day names: APScheduler counts 0 as Monday, so
    "0", "1-5", "*/2" would otherwise run a day late. Names, lists, ranges and steps are spelt out day by day."""
    if field == "*":
        return field
    days: set[int] = set()
    for item in field.lower().split(","):
        span, _, step = item.partition("/")
        if span == "*":
            first, last = 0, 6
        else:
            low, _, high = span.partition("-")
            first, last = crontab_day(low), crontab_day(high or low)
        if first > last or (step and not step.isdigit()) or step == "0":
            raise ValueError(f"day of week {item!r} is not a crontab day, range or step")
        days.update(day % 7 for day in range(first, last + 1, int(step or 1)))
    return ",".join(CRONTAB_DAYS[day] for day in sorted(days))


def crontab_day(text: str) -> int:
    """0-7 (0 and 7 Sunday) or a day's name."""
    if text.isdigit() and int(text) <= 7:
        return int(text)
    if text[:3] in CRONTAB_DAYS:
        return CRONTAB_DAYS.index(text[:3])
    raise ValueError(f"day of week {text!r} is not 0-7 or a day's name")


def parse_time(text: str | None) -> datetime | None:
    """A timestamp column (ISO text, UTC) as an aware datetime."""
    if not text:
        return None
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def job_anchor(db: Any, job: Job) -> datetime | None:
    """When the job's sources were last crawled (any run when it crawls every source)."""
    return parse_time(health.last_started(db, list(job.sources) if job.sources else None))


def first_due(job: Job, zone: tzinfo, anchor: datetime | None) -> datetime | None:
    """When the job was next due after its last run (`anchor`), before jitter; None before any run."""
    if anchor is None:
        return None
    if not job.cron:
        return anchor + timedelta(seconds=job.interval)
    return make_trigger(job, zone, anchor, jitter=False).get_next_fire_time(None, anchor + timedelta(seconds=1))


# A run is overdue this long after its latest start (due time + jitter): enough for a busy machine, short
# enough that a monitoring check sees a stopped daemon within one interval, not an hour later.
OVERDUE_SLACK = 300


def next_run(job: Job, zone: tzinfo, anchor: datetime | None) -> dict[str, Any]:
    """When the job runs next (before jitter), and whether a run is overdue (daemon not running?)."""
    now = datetime.now(zone)
    due = first_due(job, zone, anchor)
    if due is None and not job.cron:
        return {"next_run": None, "overdue": False,
                "note": "one interval after the daemon starts (or at once with --run-now)"}
    if due is None or (job.cron and due > now):
        due = make_trigger(job, zone, anchor, jitter=False).get_next_fire_time(None, now)
    overdue = due + timedelta(seconds=job.jitter + OVERDUE_SLACK) < now
    note = ("overdue: no run since it was due; is `occuwatch schedule` running?" if overdue
            else "due now" if due <= now else None)
    return {"next_run": due.astimezone(zone).isoformat(timespec="seconds"), "overdue": overdue, "note": note}


@dataclass(frozen=True)
class Ending:
    """How a crawl process ended: exit code, why the daemon stopped it (if it did), its stderr tail, duration."""

    code: int
    reason: str | None
    errors: str
    seconds: float


class CrawlRunner:
    """Runs crawls one at a time in child processes and records how each ended."""

    def __init__(self, config: dict[str, Any], *, db_override: str | None, verbose: int) -> None:
        self.config = config
        self.db_path = database_path(config)
        self.config_file = str(Path(config["_file"]).resolve()) if config.get("_file") else None
        self.db_override = str(Path(db_override).resolve()) if db_override else None
        self.verbose = verbose
        self.timeout = float(config["schedule"]["crawl_timeout"])
        self.stopping = threading.Event()
        self.idle = threading.Event()
        self.idle.set()
        self._lock = threading.RLock()
        self._child: subprocess.Popen | None = None
        self._stop_reason: str | None = None

    def crawl(self, job: Job) -> None:
        """The APScheduler job: one crawl of the job's sources; never raises, so the daemon carries on."""
        with self._lock:
            if self.stopping.is_set():
                return
            self.idle.clear()
        try:
            self._crawl(job)
        except Exception:
            logger.exception("crawl of %s: the daemon failed to run or record it; carrying on", job.crawls())
        finally:
            with self._lock:
                self._child, self._stop_reason = None, None
            self.idle.set()

    def child_command(self, job: Job) -> list[str]:
        """`python -m occuwatch [--config F] [--db F] [-v] crawl [--source S ...]`, with the death-signal guard."""
        # -P: the working directory (kept, for relative database paths) is not put on sys.path, so an
        # occuwatch.py or scrapy.py lying there never shadows the installed packages.
        args = [sys.executable, "-P", "-c", CHILD_BOOT]
        if self.config_file:
            args += ["--config", self.config_file]
        if self.db_override:
            args += ["--db", self.db_override]
        args += ["-v"] * min(self.verbose, 2)
        args.append("crawl")
        for source in job.sources or ():
            args += ["--source", source]
        return args

    def skip(self, job: Job, why: str) -> None:
        """Record and log a start skipped because another crawl (a hand-run one?) holds the database."""
        db = open_database(self.db_path)
        try:
            run_id = health.record_skipped_run(db, list(job.sources or ()), why)
        finally:
            db.close()
        logger.warning("run %d skipped (%s): %s", run_id, job.crawls(), why)

    def _crawl(self, job: Job) -> None:
        """Start the child, wait for it (stopping it after the timeout), then judge and log the run."""
        begun = time.monotonic()
        holder = lock_holder(self.db_path)
        if holder is not None:
            self.skip(job, f"another crawl is running on the database ({describe_owner(holder)})")
            return
        db = open_database(self.db_path)
        try:
            before = health.max_run_id(db)
        finally:
            db.close()
        with tempfile.TemporaryFile() as log:
            with self._lock:
                if self.stopping.is_set():
                    return
                env = {**os.environ, PARENT_ENV: str(os.getpid())}
                self._child = proc = subprocess.Popen(
                    self.child_command(job), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=log,
                    env=env, start_new_session=True)
            logger.debug("crawl of %s started as process %d", job.crawls(), proc.pid)
            try:
                proc.wait(timeout=self.timeout)
            except subprocess.TimeoutExpired:
                logger.warning("crawl of %s: still running after crawl_timeout (%g s); stopping it",
                               job.crawls(), self.timeout)
                self.stop_child(f"timed out: stopped after crawl_timeout ({self.timeout:g} s)")
            proc.wait()
            with self._lock:
                reason = self._stop_reason
            if reason is None and proc.returncode < 0:
                reason = f"the crawl process was killed ({signal.Signals(-proc.returncode).name})"
            errors = read_tail(log)
        if proc.returncode == CRAWL_LOCKED_EXIT:  # another crawl took the database first
            self.skip(job, errors.splitlines()[-1].removeprefix("Error: ") if errors else "the database was locked")
            return
        if self.verbose and errors:
            for line in errors.splitlines():
                logger.info("[crawl] %s", line)
        elif errors and CRASH_LINE.match(errors.splitlines()[-1]):  # a crash: say what, even without -v
            logger.warning("crawl of %s crashed (exit code %d): %s", job.crawls(), proc.returncode,
                           errors.splitlines()[-1])
        self.judge(job, before, Ending(proc.returncode, reason, errors, time.monotonic() - begun))

    def judge(self, job: Job, before: int, ending: Ending) -> None:
        """Close what the child left open as failed, queue alerts if it could not, and log one line per run."""
        db = open_database(self.db_path)
        try:
            runs = health.runs_after(db, before)
            closed_here = False
            if not runs:
                last_line = next((ln for ln in reversed(ending.errors.splitlines()) if ln.strip()), "")
                message = ending.reason or f"the crawl exited with code {ending.code} before recording a run"
                health.record_failed_run(db, list(job.sources or ()), f"{message}: {last_line}" if last_line
                                         else message)
                closed_here = True
            for run in runs:
                if run["status"] == "running" or ending.reason:
                    health.close_failed_run(db, run["id"], ending.reason or
                                            f"the crawl process ended (exit code {ending.code}) "
                                            "before closing its run")
                    closed_here = True
            runs = health.runs_after(db, before)
            if closed_here and not self.stopping.is_set():
                self.tell_about(db, runs)
            for run in runs:
                log_run(db, run, ending.seconds)
        finally:
            db.close()

    def tell_about(self, db: Any, runs: list[dict[str, Any]]) -> None:
        """Queue and deliver the notifications the child could not (a killed crawl counts as a failure)."""
        from occuwatch import notify

        for run in runs:
            try:
                notify.after_run(db, self.config, run["id"])
            except Exception:
                logger.exception("run %d: notifications not queued or sent; they are retried next run", run["id"])

    def stop_child(self, reason: str) -> None:
        """Stop the running crawl, if any: SIGTERM to its process group, SIGKILL after TERM_WAIT."""
        with self._lock:
            proc = self._child
            if proc is None or proc.poll() is not None:
                return
            self._stop_reason = self._stop_reason or reason
        stop_group(proc, signal.SIGTERM)
        try:
            proc.wait(timeout=TERM_WAIT)
        except subprocess.TimeoutExpired:
            logger.warning("crawl process %d ignored SIGTERM for %g s; killing it", proc.pid, TERM_WAIT)
        stop_group(proc, signal.SIGKILL)

    def begin_stop(self) -> None:
        """Start no more crawls (jobs queued behind the running one return at once)."""
        with self._lock:
            self.stopping.set()

    def finish(self, grace: float) -> None:
        """Let the running crawl finish within `grace` seconds, then stop it and wait for its record."""
        self.begin_stop()
        if not self.idle.is_set():
            logger.info("waiting up to %g s (stop_grace) for the running crawl to finish", grace)
        if not self.idle.wait(grace):
            logger.warning("the running crawl did not finish within stop_grace (%g s); stopping it", grace)
            self.stop_child(f"stopped: the daemon was shutting down and stop_grace ({grace:g} s) was over")
            if not self.idle.wait(TERM_WAIT + 30):
                logger.error("the stopped crawl was not recorded in time; `occuwatch runs` may show it running")
        with self._lock:
            proc = self._child
        if proc is not None:  # never leave a crawl behind
            stop_group(proc, signal.SIGKILL)


def stop_group(proc: subprocess.Popen, sig: signal.Signals) -> None:
    """Send `sig` to the child's process group (the child leads it) while the child is unreaped.

    Until we reap it, even a dead child holds its pid, so the group id cannot name anyone else's processes.
    """
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, sig)


def read_tail(log: IO[bytes], size: int = 8192) -> str:
    """The last `size` bytes of the child's stderr, as text."""
    log.seek(0, os.SEEK_END)
    log.seek(max(0, log.tell() - size))
    return log.read().decode("utf-8", "replace").strip()


def log_run(db: Any, run: dict[str, Any], seconds: float) -> None:
    """One log line per run with its figures; a failed run says what failed."""
    line = (f"run {run['id']} {run['status']} ({run['sources'] or 'no source'}): {run['pages']} pages, "
            f"{run['new_articles']} new articles, {run['new_batches']} new batches, {run['errors']} errors, "
            f"{seconds:.1f} s")
    if run["status"] != "failed":
        logger.info(line)
        return
    notes = [run["message"]] if run["message"] else []
    notes += [f"{row['source']}: {row['message']}" for row in db.query(
        "select source, message from run_sources where run_id = ? and status = 'failed' order by source",
        [run["id"]]) if row["message"] and row["message"] != run["message"]]
    logger.warning("%s — %s", line, "; ".join(notes) or "failed")


def close_interrupted_runs(db: Any) -> None:
    """Close runs left `running` by a crawl process that is gone (e.g. killed with an earlier daemon)."""
    for run_id in db_runs.close_interrupted_runs(db):
        logger.warning("run %d was left running by a crawl that is gone; recorded as failed", run_id)


def setup_logging(verbose: int) -> None:
    """Timestamped lines on stderr; APScheduler's own chatter only with -vv."""
    logging.basicConfig(level=logging.DEBUG if verbose >= 2 else logging.INFO, format=LOG_FORMAT,
                        stream=sys.stderr, force=True)
    logging.getLogger("apscheduler").setLevel(logging.DEBUG if verbose >= 2 else logging.WARNING)


def run_daemon(config: dict[str, Any], *, db_override: str | None = None, verbose: int = 0,
               run_now: bool = False) -> None:
    """Crawl on the `[schedule]` timetable until SIGTERM or SIGINT; return once stopped cleanly."""
    setup_logging(verbose)
    schedule = config["schedule"]
    jobs = plan_jobs(config)
    zone = schedule_zone(config)
    runner = CrawlRunner(config, db_override=db_override, verbose=verbose)
    db = open_database(database_path(config))
    try:
        close_interrupted_runs(db)
        anchors = {job.name: job_anchor(db, job) for job in jobs}
    finally:
        db.close()
    scheduler = BlockingScheduler(
        executors={"default": ThreadPoolExecutor(max_workers=1)},  # one crawl at a time, whatever the job
        job_defaults={"max_instances": 1, "coalesce": True, "misfire_grace_time": int(schedule["misfire_grace"])},
        timezone=zone,
    )
    for job in jobs:
        due = first_due(job, zone, anchors[job.name])
        # Runs missed while no daemon ran coalesce into one, now.
        catch_up = run_now or (due is not None and due <= datetime.now(zone))
        extra = {"next_run_time": datetime.now(zone)} if catch_up else {}
        scheduler.add_job(runner.crawl, make_trigger(job, zone, anchors[job.name]), args=[job], id=job.name,
                          name=f"crawl {job.crawls()}", **extra)

    def on_signal(signum: int, _frame: Any) -> None:
        name = signal.Signals(signum).name
        if runner.stopping.is_set():
            logger.warning("%s again: stopping the running crawl now", name)
            threading.Thread(target=runner.stop_child, args=(f"stopped: {name} received twice",),
                             daemon=True).start()
            return
        logger.info("%s received: no more crawls; stopping", name)
        runner.begin_stop()
        raise StopRequested(name)

    def on_start(_event: Any) -> None:
        for job in scheduler.get_jobs():
            logger.info("first run: crawl %s at %s", job.args[0].crawls(),
                        job.next_run_time.isoformat(timespec="seconds"))

    scheduler.add_listener(on_start, EVENT_SCHEDULER_STARTED)
    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        for job in jobs:
            logger.info("scheduled: crawl %s %s; crawl_timeout %g s", job.crawls(), job.describe(),
                        runner.timeout)
        logger.info("occuwatch scheduler started (pid %d, database %s)", os.getpid(), runner.db_path)
        scheduler.start()
    except StopRequested:
        pass
    finally:
        if scheduler.running:
            scheduler.shutdown(wait=False)
        runner.finish(float(schedule["stop_grace"]))
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    logger.info("occuwatch scheduler stopped")


def status_report(config: dict[str, Any]) -> dict[str, Any]:
    """The last run, each job's next run and each source's health, from the database and the config."""
    from occuwatch.scrapers.crawl import source_names

    path = database_path(config)
    broken_after = config["notify"]["broken_after"]
    zone = schedule_zone(config)
    jobs = plan_jobs(config)
    configured = source_names(config)
    db = open_for_reading(path) if path.exists() else None  # a query: writes nothing, migrates nothing
    try:
        names = sorted(set(configured) | set(health.crawled_sources(db) if db else []))
        sources = []
        for name in names:
            row = health.source_health(db, name, broken_after=broken_after) if db else health.never_crawled(name)
            if not config.get("sources", {}).get(name, {}).get("enabled", True):
                row["state"] = "disabled"
            sources.append(row)
        schedule = [
            {"job": job.name, "sources": list(job.sources) if job.sources else "every enabled source",
             "when": job.describe(),
             **next_run(job, zone, job_anchor(db, job) if db else None)}
            for job in jobs
        ]
        return {"database": str(path), "last_run": health.last_run(db) if db else None,
                "schedule": schedule, "sources": sources}
    finally:
        if db is not None:
            db.close()


def format_status(report: dict[str, Any]) -> str:
    """The status report for people."""
    from tabulate import tabulate

    lines = [f"Database: {report['database']}"]
    run = report["last_run"]
    if run is None:
        lines.append("Last run: none yet")
    else:
        note = f" — {run['message']}" if run["message"] else ""
        lines.append(f"Last run: #{run['id']} {run['status']}, started {run['started']}, finished "
                     f"{run['finished'] or '-'}: {run['pages']} pages, {run['new_articles']} new articles, "
                     f"{run['new_batches']} new batches, {run['errors']} errors{note}")
    for job in report["schedule"]:
        crawls = job["sources"] if isinstance(job["sources"], str) else ", ".join(job["sources"])
        lines.append(f"Next run: {job['next_run'] or job['note']} ({crawls}: {job['when']})")
        if job["overdue"]:
            lines.append(f"  ! {job['note']}")
    rows = [{
        "source": s["source"], "state": s["state"],
        "last run": f"#{s['last_run']} {s['last_status']} {s['last_run_at']}" if s.get("last_run") else "-",
        "last success": s.get("last_success_at") or "-",
        "failed in a row": s.get("failures_in_a_row", 0),
        "list yields links": {True: "yes", False: "no", None: "-"}[s.get("list_yields_links")],
        "message": s.get("message") or "",
    } for s in report["sources"]]
    lines += ["", "Sources:", tabulate(rows, headers="keys") if rows else "(none)"]
    return "\n".join(lines)
