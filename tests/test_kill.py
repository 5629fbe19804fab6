"""Crash recovery and concurrent readers: a crawl SIGKILLed at random moments loses nothing.

A slowed copy of the Changning sample site is crawled once cleanly; then a
second database is crawled and killed again and again (seeded random delays
within the clean crawl's duration, every other crawl with --full so that it
rewrites every article), checked after each kill, and finally crawled to
completion. It must hold exactly what the clean run holds.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from occuwatch.localsites import RunningSite
from tests.conftest import REPO, SITES, run_cli, write_config

KILLS = 20
SEED = 20260701
CRAWL = {"requests_per_second": 8.0, "retries": 1}
SITE_DELAY = 0.05  # seconds before each answer of the sample site

# Table contents without surrogate ids, timestamps or run ids: what a clean run and a resumed one must share.
CONTENTS = {
    "articles": "select a.url, a.source, a.title, a.published, a.language, a.text, a.announced_count, "
                "a.batch_ordinal, a.released, a.stage, b.key from articles a left join batches b on b.id = a.batch_id "
                "order by a.url",
    "batches": "select key, ordinal, released, announced_count, stage from batches order by key",
    "professions": "select b.key, p.kind, p.key, p.name, p.parent, p.upgraded, p.code, p.language, p.name_rank, "
                   "p.name_source from professions p join batches b on b.id = p.batch_id order by 1, 2, 3",
    "mentions": "select b.key, p.kind, p.key, m.article_url, m.name_as_written from mentions m "
                "join professions p on p.id = m.profession_id join batches b on b.id = p.batch_id "
                "order by 1, 2, 3, 4",
}
DUPLICATES = {
    "articles": "select url from articles group by url having count(*) > 1",
    "batches": "select key from batches group by key having count(*) > 1",
    "professions": "select batch_id from professions group by batch_id, kind, key having count(*) > 1",
    "mentions": "select article_url from mentions group by profession_id, article_url having count(*) > 1",
}


def slow_site(serve, tmp_path: Path) -> RunningSite:
    """A copy of the Changning sample site that waits SITE_DELAY before each answer."""
    root = tmp_path / "site"
    shutil.copytree(SITES / "changning", root)
    toml = root / "site.toml"
    toml.write_text(f"delay = {SITE_DELAY}\n" + toml.read_text("utf-8"), encoding="utf-8")
    return serve("changning", root=root)


def config_in(directory: Path, site: RunningSite) -> Path:
    directory.mkdir()
    return write_config(directory, {"changning": site}, **CRAWL)


def start_crawl(config: Path, *args: str) -> subprocess.Popen:
    """`occuwatch crawl` as a child process we can kill."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("OCCUWATCH_CONFIG", None)
    return subprocess.Popen([sys.executable, "-m", "occuwatch", "--config", str(config), "crawl", *args],
                            cwd=config.parent, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def read(path: Path, sql: str) -> list[tuple]:
    connection = sqlite3.connect(path, timeout=10)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def assert_sound(path: Path) -> None:
    """integrity_check ok, foreign keys hold, no duplicate rows."""
    assert read(path, "PRAGMA integrity_check") == [("ok",)]
    assert read(path, "PRAGMA foreign_key_check") == []
    tables = {name for (name,) in read(path, "select name from sqlite_master where type = 'table'")}
    for table, sql in DUPLICATES.items():
        if table in tables:
            assert read(path, sql) == [], f"duplicate {table}"


def contents(path: Path) -> dict[str, list[tuple]]:
    return {table: read(path, sql) for table, sql in CONTENTS.items()}


def test_a_crawl_killed_at_random_moments_is_completed_by_the_next(serve, tmp_path: Path) -> None:
    site = slow_site(serve, tmp_path)
    clean_config = config_in(tmp_path / "clean", site)
    started = time.monotonic()
    assert run_cli("--config", str(clean_config), "crawl", cwd=clean_config.parent).returncode == 0
    duration = time.monotonic() - started
    expected = contents(clean_config.parent / "occuwatch.db")
    assert expected["articles"] and expected["mentions"]

    config = config_in(tmp_path / "killed", site)
    db = config.parent / "occuwatch.db"
    rng = random.Random(SEED)
    kills = crawls = checks = 0
    while kills < KILLS:
        crawls += 1
        assert crawls <= 3 * KILLS, "the crawl kept finishing before it could be killed"
        process = start_crawl(config, *(["--full"] if crawls % 2 else []))
        time.sleep(rng.uniform(0, duration))
        if process.poll() is None:
            process.kill()  # SIGKILL
            kills += 1
        process.wait()
        if db.exists():
            assert_sound(db)
            checks += 1

    final = run_cli("--config", str(config), "crawl", "--json", cwd=config.parent)
    assert final.returncode == 0, final.stderr
    assert_sound(db)
    resumed = contents(db)
    for table, rows in expected.items():  # on failure, the rows that differ (and the runs that led there)
        assert resumed[table] == rows, (table, sorted(set(resumed[table]) ^ set(rows))[:8],
                                        read(db, "select id, status, message from runs"))
    runs = read(db, "select status, message from runs order by id")
    assert all(status != "running" for status, _ in runs)
    interrupted = [message for status, message in runs if status == "failed"]
    assert all(message.startswith("interrupted:") for message in interrupted)
    print(f"\nkill test: {crawls} crawls started, {kills} SIGKILLed, {len(interrupted)} runs closed as "
          f"interrupted, integrity_check ok {checks + 1}/{checks + 1}, rows compared: "
          + ", ".join(f"{table} {len(rows)}" for table, rows in expected.items()))


def test_cli_queries_succeed_while_a_crawl_writes(serve, tmp_path: Path) -> None:
    site = slow_site(serve, tmp_path)
    config = config_in(tmp_path / "readers", site)
    db = config.parent / "occuwatch.db"
    process = start_crawl(config)
    while process.poll() is None and not (db.exists() and _has_a_run(db)):
        time.sleep(0.05)
    answers = []
    while process.poll() is None:
        answers.append(run_cli("--config", str(config), "batches", "--json", cwd=config.parent))
        answers.append(run_cli("--config", str(config), "professions", "--csv", cwd=config.parent))
    assert process.wait() == 0
    assert len(answers) >= 4
    assert [(a.returncode, a.stderr) for a in answers if a.returncode] == []
    assert all(isinstance(json.loads(a.stdout), list) for a in answers[::2])
    print(f"\nreaders: {len(answers)} CLI queries during the crawl, all answered")


def _has_a_run(path: Path) -> bool:
    """Whether the crawl has recorded its run (its schema is in place)."""
    try:
        return bool(read(path, "select count(*) from runs")[0][0])
    except sqlite3.OperationalError:
        return False
