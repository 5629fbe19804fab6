"""The database: tables and views, changed only through these migrations.

Plain tables with foreign keys, so `sqlite-utils` and Datasette read it as is.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from occuwatch.db.errors import StorageError, as_storage_error

migrations = Migrations("occuwatch")
# A cap on the database's size in pages: past it SQLite answers SQLITE_FULL ("database or disk is full"),
# as on a full disk. The tests fill a database with it; it caps a crawl's database where space is tight.
MAX_PAGES_ENV = "OCCUWATCH_DB_MAX_PAGES"
READ_TIMEOUT = 2  # seconds a query waits for a database another program holds exclusively


@migrations()
def m001_initial(db: Database) -> None:
    """Runs, articles, batches, professions and which article mentions which name."""
    db["runs"].create(
        {"id": int, "started": str, "finished": str, "status": str, "sources": str,
         "pages": int, "new_articles": int, "new_batches": int, "errors": int, "message": str},
        pk="id",
    )
    db["run_sources"].create(
        {"run_id": int, "source": str, "started": str, "finished": str, "status": str,
         "finish_reason": str, "pages": int, "list_links": int, "articles": int,
         "new_articles": int, "errors": int, "message": str},
        pk=("run_id", "source"), foreign_keys=[("run_id", "runs", "id")],
    )
    db["page_errors"].create(
        {"id": int, "run_id": int, "source": str, "url": str, "kind": str, "message": str,
         "list_page": int, "at": str},
        pk="id", foreign_keys=[("run_id", "runs", "id")],
    )
    db["page_errors"].create_index(["url"])
    db["batches"].create(
        {"id": int, "key": str, "ordinal": int, "released": str, "announced_count": int,
         "stage": str, "first_run_id": int, "created": str, "updated": str},
        pk="id", not_null={"key"},
    )
    db["batches"].create_index(["key"], unique=True)
    db["articles"].create(
        {"url": str, "source": str, "title": str, "published": str, "language": str, "text": str,
         "announced_count": int, "batch_ordinal": int, "released": str, "stage": str,
         "batch_id": int, "first_run_id": int, "fetched": str, "updated": str},
        pk="url", foreign_keys=[("batch_id", "batches", "id")],
    )
    db["professions"].create(
        {"id": int, "batch_id": int, "kind": str, "name": str, "key": str, "parent": str,
         "upgraded": int, "code": str, "language": str, "first_run_id": int, "created": str},
        pk="id", not_null={"batch_id", "kind", "name", "key"},
        foreign_keys=[("batch_id", "batches", "id")],
    )
    db["professions"].create_index(["batch_id", "kind", "key"], unique=True)
    db["mentions"].create(
        {"profession_id": int, "article_url": str, "name_as_written": str},
        pk=("profession_id", "article_url"),
        foreign_keys=[("profession_id", "professions", "id"), ("article_url", "articles", "url")],
    )
    db["mentions"].create_index(["article_url"])
    db.create_view("occupations", "select * from professions where kind = 'occupation'")
    db.create_view("work_types", "select * from professions where kind = 'work_type'")


@migrations()
def m002_notifications(db: Database) -> None:
    """Messages to send (new batches, broken sources) and which target has each."""
    db["notifications"].create(
        {"id": int, "key": str, "kind": str, "title": str, "body": str, "batch_id": int, "source": str,
         "run_id": int, "status": str, "created": str, "delivered": str, "attempts": int, "last_error": str},
        pk="id", not_null={"key", "kind", "status"},
    )
    db["notifications"].create_index(["key"], unique=True)
    db["deliveries"].create(
        {"notification_id": int, "target": str, "delivered": str},
        pk=("notification_id", "target"), foreign_keys=[("notification_id", "notifications", "id")],
    )


@migrations()
def m003_batch_stages_and_canonical_names(db: Database) -> None:
    """When a batch was seen as a draft and as final; which source gave a name its canonical form."""
    db["batches"].add_column("draft_run_id", int)
    db["batches"].add_column("final_run_id", int)
    db["professions"].add_column("name_rank", int)  # 0 the ministry, 1 gov.cn, 2 any other source
    db["professions"].add_column("name_source", str)


@migrations()
def m004_full_text_search(db: Database) -> None:
    """FTS5 over names (both languages) and article titles, kept current by triggers.

    The trigram tokenizer matches inside Chinese names, which have no spaces.
    """
    db["professions"].enable_fts(["name", "parent"], create_triggers=True, tokenize="trigram")
    db["articles"].enable_fts(["title"], create_triggers=True, tokenize="trigram")


@migrations()
def m005_incremental_crawls(db: Database) -> None:
    """List pages' validators and bodies for conditional re-fetches; what each run skipped.

    A list page answered `304 Not Modified` is re-read from its saved body, so
    its links are still checked against `articles` (a failed one is retried).
    """
    db["list_pages"].create(
        {"url": str, "source": str, "etag": str, "last_modified": str, "content_type": str,
         "encoding": str, "body": bytes, "checked": str, "changed": str},
        pk="url",
    )
    db["list_pages"].create_index(["source"])
    db["articles"].create_index(["source"])
    db["run_sources"].add_column("unchanged_lists", int)  # list pages answered 304
    db["run_sources"].add_column("known_articles", int)  # article links skipped: already stored


@migrations()
def m006_run_process(db: Database) -> None:
    """Which process runs a crawl, so the next crawl can tell a killed one (left `running`) from a live one."""
    db["runs"].add_column("pid", int)
    db["runs"].add_column("host", str)



@migrations()
def m007_batch_facts_rank(db: Database) -> None:
    """Which report's release date and count a batch shows (final before draft, ministry first)."""
    db["batches"].add_column("facts_rank", int)


@migrations()
def m008_reports(db: Database) -> None:
    """Which batches each article reports, with what it says of each: a page may report several (a summary
    of batches, an earlier batch recalled beside its own). `articles.batch_id` stays the page's own batch."""
    db["reports"].create(
        {"article_url": str, "batch_id": int, "main": int, "earlier": int, "announced_count": int,
         "batch_ordinal": int, "released": str, "stage": str},
        pk=("article_url", "batch_id"),
        foreign_keys=[("article_url", "articles", "url"), ("batch_id", "batches", "id")],
    )
    db["reports"].create_index(["batch_id"])
    db.execute(
        "insert into reports (article_url, batch_id, main, earlier, announced_count, batch_ordinal, released, stage) "
        "select url, batch_id, 1, 0, announced_count, batch_ordinal, released, stage from articles "
        "where batch_id is not null")


@migrations()
def m009_entities(db: Database) -> None:
    """One row per occupation and work type of a batch (`entities`), each stored rendering linked to its
    entity with how and on what evidence; mentions keep their place in the page's list (for linking by
    list order). Existing batches are linked now."""
    from occuwatch.db.entities import rebuild_entities

    db["mentions"].add_column("position", int)
    db["entities"].create(
        {"id": int, "batch_id": int, "key": str, "kind": str, "upgraded": int, "zh": str, "en": str,
         "english": str, "code": str, "parent": str, "stages": str, "draft_only": int, "renderings": int},
        pk="id", not_null={"key", "batch_id"}, foreign_keys=[("batch_id", "batches", "id")],
    )
    db["entities"].create_index(["batch_id", "key"], unique=True)
    db["entities"].enable_fts(["zh", "en", "english", "parent"], create_triggers=True, tokenize="trigram")
    for column in ("entity_id", "link_method", "link_evidence"):
        db["professions"].add_column(column, int if column == "entity_id" else str)
    db["professions"].create_index(["entity_id"])
    rebuild_entities(db)


@migrations()
def m010_article_identity_and_reading(db: Database) -> None:
    """The page's own stable article id (gov.cn's manuscriptId), and how its text was read: by the
    source's content selector, or by the generic fallback (`fallback`: the source needs attention);
    how many articles of each source's run were read so."""
    db["articles"].add_column("article_id", str)
    db["articles"].add_column("read_by", str)
    db["articles"].create_index(["source", "article_id"])
    db["run_sources"].add_column("fallback_articles", int)  # articles of the run read by the fallback


@migrations()
def m011_article_urls(db: Database) -> None:
    """The URLs an article was reached by when a redirect took it elsewhere: its list link stays known;
    page errors by source, for the failed pages each run asks for again."""
    db["article_urls"].create(
        {"url": str, "article_url": str, "source": str},
        pk="url", foreign_keys=[("article_url", "articles", "url")],
    )
    db["article_urls"].create_index(["source"])
    db["article_urls"].create_index(["article_url"])
    db["page_errors"].create_index(["source"])  # each run asks for a source's failed pages not stored since

def open_database(path: str | Path) -> Database:
    """Open (creating if need be) the database at `path`, migrated and in WAL mode (for the crawl)."""
    path = Path(path)
    try:
        if path.is_dir():
            raise IsADirectoryError(str(path))
        path.parent.mkdir(parents=True, exist_ok=True)
        db = Database(path)
        # Readers never block the crawl's writer, and a killed crawl leaves the file consistent.
        db.enable_wal()
        db.execute("PRAGMA busy_timeout = 10000")
        db.execute("PRAGMA synchronous = NORMAL")
        db.execute("PRAGMA foreign_keys = ON")
        migrations.apply(db)
        if os.environ.get(MAX_PAGES_ENV):
            db.execute(f"PRAGMA max_page_count = {int(os.environ[MAX_PAGES_ENV])}")
    except (sqlite3.Error, OSError) as exc:
        raise as_storage_error(exc, path) from exc
    return db


def open_for_reading(path: str | Path) -> Database:
    """Open an existing database read-only for queries: nothing is written (no WAL switch, no migration).

    On a read-only file system a WAL database without its -shm file can only
    be opened as immutable (nobody can write it there anyway). A database older
    than this code is refused with what to do, not migrated behind the reader's back.
    """
    path = Path(path)
    try:
        if path.is_dir():
            raise IsADirectoryError(str(path))
        db = _connect_read_only(path)
        pending = [migration.name for migration in migrations.pending(db)]
    except (sqlite3.Error, OSError) as exc:
        raise as_storage_error(exc, path) from exc
    if pending:
        db.close()
        raise StorageError(f"the database {path} was made by an older occuwatch (it lacks {', '.join(pending)}); "
                           "run `occuwatch crawl` once to upgrade it, then query again")
    return db


def _connect_read_only(path: Path) -> Database:
    """A read-only connection (mode=ro), or an immutable one where the folder cannot be written.

    A reader of a WAL database waits for nobody, except a program holding it exclusively: then
    `timeout` seconds at most.
    """
    uri = path.resolve().as_uri()
    if not path.exists():
        raise sqlite3.OperationalError("unable to open database file")
    try:
        connection = sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=READ_TIMEOUT)
        connection.execute("select count(*) from sqlite_master").fetchone()
    except sqlite3.OperationalError:
        if os.access(path.parent, os.W_OK):  # False on a read-only mount, even for root
            raise
        connection = sqlite3.connect(f"{uri}?immutable=1", uri=True, timeout=READ_TIMEOUT)
        connection.execute("select count(*) from sqlite_master").fetchone()
    return Database(connection)

