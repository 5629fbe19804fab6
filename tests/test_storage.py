"""Storage that fails: every case is one `Error:` line saying what to do, exit 1, no traceback.

Real SQLite files, real crawls of a site on 127.0.0.1. A full disk is SQLite's
own: `PRAGMA max_page_count` (OCCUWATCH_DB_MAX_PAGES) stops the file growing,
and SQLite answers SQLITE_FULL ("database or disk is full") as on a full disk.
A read-only file system is a read-only bind mount in a mount namespace of the
command's own (as root), or a folder this user may not write (otherwise).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from sqlite_utils import Database

from occuwatch.db.schema import MAX_PAGES_ENV, migrations, open_database
from tests.conftest import article_html, run_cli

ARTICLES = [f"/art/2021/2/{day}/art_1140_{day}.html" for day in range(1, 13)]
MARKER = "PAGE-BODY-MARKER"  # in every article's text: it must never reach a log


def one_error_line(result: subprocess.CompletedProcess) -> str:
    """The command failed with exactly one `Error:` line and no traceback; return the line."""
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1, result.stderr
    return errors[0]


@pytest.fixture
def crawled(build):
    """A site of twelve articles crawled once into a real database."""
    pages = {path: article_html(f"Story {i}", f"Story {i}. {MARKER} " + "Long text. " * 2000)
             for i, path in enumerate(ARTICLES)}
    site = build(pages=pages, links=ARTICLES)
    return site


def test_a_full_disk_stops_the_crawl_closes_the_run_with_what_it_stored_and_says_so(crawled) -> None:
    site = crawled
    path = site.directory / "occuwatch.db"
    open_database(path).close()
    base = sqlite3.connect(path).execute("pragma page_count").fetchone()[0]
    # Room for the run's records, the list page and a few articles, not for twelve.
    result = run_cli("--config", str(site.config), "crawl", "--json", cwd=site.directory,
                     env={MAX_PAGES_ENV: str(base + 30)})
    line = one_error_line(result)
    assert "cannot grow: the disk is full" in line and "free some space" in line
    assert MARKER not in result.stderr
    assert len(result.stderr) < 5000  # a line per lost page, never the page

    db = site.db
    stored = db.execute("select count(*) from articles").fetchone()[0]
    assert 0 < stored < len(ARTICLES)
    run = db["runs"].get(1)
    source = site.source(1)
    assert (run["status"], source["status"], source["finish_reason"]) == ("failed", "failed", "storage failed")
    assert (run["new_articles"], source["articles"], source["new_articles"]) == (stored, stored, stored)
    assert source["errors"] >= 1 and run["errors"] >= 1
    assert f"{stored} article(s) were stored" in source["message"]
    assert all(error["kind"] == "store" for error in site.errors(1))

    result, summary = site.crawl()  # room again: the next run fetches what was lost
    assert result.returncode == 0, result.stderr
    assert site.stored() == {site.url(path) for path in ARTICLES}
    assert summary["new_articles"] == len(ARTICLES) - stored


def test_a_store_failure_is_a_page_error_and_the_run_is_not_ok(build) -> None:
    """A page whose row SQLite refuses (here: a trigger raising, as a constraint would) is the page's error."""
    site = build()
    path = site.directory / "occuwatch.db"
    db = open_database(path)
    db.execute(f"create trigger refuse before insert on articles when new.url like '%{site.url('/art/2021/1/3/')}%' "
               "begin select raise(abort, 'refused by a constraint'); end")
    db.close()
    result, summary = site.crawl()
    assert result.returncode == 0, result.stderr
    assert summary["status"] == "partial"
    [error] = site.errors(summary["id"])
    assert error["kind"] == "store"
    assert "refused by a constraint" in error["message"]
    assert summary["new_articles"] == len(site.stored()) == 2
    assert "Text of story" not in result.stderr  # the page itself is never logged


def write_garbage(path: Path) -> None:
    path.write_bytes(b"this is a spreadsheet, not a database\n" * 200)


def damage(path: Path) -> None:
    """Overwrite the schema page of a real database with garbage (after SQLite's 100-byte header)."""
    with path.open("r+b") as handle:
        handle.seek(100)
        handle.write(b"\xff" * 3000)


CASES = {
    "not-a-database": (write_garbage, "is not an SQLite database"),
    "damaged": (damage, "is damaged"),
}


@pytest.mark.parametrize(("spoil", "words"), CASES.values(), ids=CASES.keys())
def test_a_database_that_is_not_one_or_is_damaged_is_one_error_line(build, spoil, words) -> None:
    site = build()
    site.crawl()
    path = site.directory / "occuwatch.db"
    sqlite3.connect(path).execute("pragma wal_checkpoint(truncate)").fetchall()
    spoil(path)
    for command in (["crawl"], ["batches", "--json"], ["runs"], ["status"]):
        line = one_error_line(run_cli("--config", str(site.config), *command, cwd=site.directory))
        assert words in line and str(path) in line, command


def test_a_directory_given_as_the_database_is_one_error_line(tmp_path: Path, build) -> None:
    site = build()
    folder = tmp_path / "folder.db"
    folder.mkdir()
    config = site.config.read_text("utf-8").replace(str(site.directory / "occuwatch.db"), str(folder))
    site.config.write_text(config, "utf-8")
    for command in (["crawl"], ["batches"], ["status"]):
        line = one_error_line(run_cli("--config", str(site.config), *command, cwd=site.directory))
        assert "is a directory" in line, command


def test_a_database_locked_by_another_program_is_one_error_line(build) -> None:
    site = build()
    site.crawl()
    holder = sqlite3.connect(site.directory / "occuwatch.db", isolation_level=None)
    holder.execute("pragma locking_mode = exclusive")
    holder.execute("begin exclusive")  # as a sqlite3 shell in the middle of a long write would
    try:
        line = one_error_line(run_cli("--config", str(site.config), "batches", cwd=site.directory))
        assert "is locked by another program" in line
    finally:
        holder.close()


def read_only_prefix(folder: Path) -> list[str]:
    """A command prefix under which `folder` is on a read-only file system (or, not as root, read-only)."""
    if os.geteuid() == 0:
        if not shutil.which("unshare"):
            pytest.skip("needs unshare(1) to mount a folder read-only")
        return ["unshare", "-m", "sh", "-c", f'mount --bind -o ro "{folder}" "{folder}" && exec "$@"', "sh"]
    for path in [*folder.iterdir(), folder]:
        path.chmod(0o555 if path.is_dir() else 0o444)
    return []


def test_queries_open_a_database_on_a_read_only_file_system_and_a_crawl_says_it_cannot_write(build) -> None:
    site = build()
    site.crawl()
    folder = site.directory / "data"
    folder.mkdir()
    shutil.move(site.directory / "occuwatch.db", folder / "occuwatch.db")
    for leftover in site.directory.glob("occuwatch.db*"):  # a clean close leaves no -wal or -shm
        leftover.unlink()
    db = str(folder / "occuwatch.db")
    prefix = read_only_prefix(folder)
    batches = run_cli("--config", str(site.config), "--db", db, "batches", "--json", cwd=site.directory,
                      prefix=prefix)
    assert batches.returncode == 0, batches.stderr
    runs = run_cli("--config", str(site.config), "--db", db, "runs", "--json", cwd=site.directory, prefix=prefix)
    assert '"status": "ok"' in runs.stdout, runs.stderr
    line = one_error_line(run_cli("--config", str(site.config), "--db", db, "crawl", cwd=site.directory,
                                  prefix=prefix))
    assert "is read-only" in line
    assert sorted(p.name for p in folder.iterdir()) == ["occuwatch.db"]  # nothing was written there


def test_queries_refuse_a_database_older_than_the_code_and_never_migrate_it(build) -> None:
    site = build()
    path = site.directory / "occuwatch.db"
    names = [migration.name for migration in migrations.pending(Database(memory=True))]
    older = Database(path)
    migrations.apply(older, stop_before=names[-1])  # as the release before the newest migration left it
    older.close()
    line = one_error_line(run_cli("--config", str(site.config), "batches", cwd=site.directory))
    assert "made by an older occuwatch" in line and names[-1] in line and "run `occuwatch crawl` once" in line
    assert names[-1] not in {m.name for m in migrations.applied(Database(path))}  # the query left it as it was
    result, _ = site.crawl()  # a crawl upgrades it
    assert result.returncode == 0, result.stderr
    assert run_cli("--config", str(site.config), "batches", cwd=site.directory).returncode == 0


def test_a_batch_whose_commit_fails_tells_each_of_its_writes(tmp_path: Path) -> None:
    """A real commit failure (a deferred foreign key, checked only at COMMIT): the batch is undone, and every
    write in it is told, so the store pipeline counts its articles as lost, not stored."""
    from occuwatch.db.writer import SharedWriter

    writer = SharedWriter(str(tmp_path / "occuwatch.db"))
    writer.db.execute("create table parent (id integer primary key)")
    writer.db.execute("create table child (id integer primary key, parent_id integer "
                      "references parent(id) deferrable initially deferred)")
    lost: list[tuple[str, BaseException]] = []
    with writer.write(on_lost=lambda exc: lost.append(("kept", exc))) as db:
        db.execute("insert into parent (id) values (1)")
    with writer.write(on_lost=lambda exc: lost.append(("orphan", exc))) as db:
        db.execute("insert into child (id, parent_id) values (1, 99)")  # no parent 99: COMMIT will refuse
    writer.commit()
    assert [name for name, _ in lost] == ["kept", "orphan"]
    assert all(isinstance(exc, sqlite3.IntegrityError) for _, exc in lost)
    assert writer.db.execute("select count(*) from parent").fetchone()[0] == 0  # the whole batch was undone
    with writer.write(on_lost=lambda exc: lost.append(("later", exc))) as db:
        db.execute("insert into parent (id) values (2)")
    writer.commit()  # the writer goes on; a committed write is not told anything
    assert len(lost) == 2
    assert writer.db.execute("select id from parent").fetchall() == [(2,)]
    writer.db.close()
