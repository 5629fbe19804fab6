"""Read-only queries behind the CLI, the feed and the notifications."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

BATCH_COLUMNS = """
    b.id, b.ordinal, b.released, b.stage, b.announced_count,
    (select count(*) from professions p where p.batch_id = b.id and p.kind = 'occupation' and not p.upgraded)
        as occupations,
    (select count(*) from professions p where p.batch_id = b.id and p.kind = 'work_type') as work_types,
    (select count(*) from professions p where p.batch_id = b.id and p.upgraded) as upgraded,
    (select count(*) from articles a where a.batch_id = b.id) as articles,
    b.first_run_id, b.created
"""


def list_batches(db: Database, batch_ids: list[int] | None = None) -> list[dict[str, Any]]:
    """Batches, oldest first (by ordinal, then release date), with their name counts."""
    where, params = "", []
    if batch_ids is not None:
        where = f"where b.id in ({', '.join('?' for _ in batch_ids)})"
        params = list(batch_ids)
    return list(db.query(
        f"select {BATCH_COLUMNS} from batches b {where} "
        "order by b.ordinal is null, b.ordinal, b.released, b.id",
        params,
    ))


def list_professions(db: Database, batch_id: int | None = None) -> list[dict[str, Any]]:
    """Occupations and work types, by batch, in the order they were first stored."""
    where, params = ("where p.batch_id = ?", [batch_id]) if batch_id is not None else ("", [])
    return list(db.query(
        "select p.batch_id as batch, b.ordinal, "
        "case when p.kind = 'work_type' then 'work type' when p.upgraded then 'upgraded' "
        "else 'occupation' end as kind, "
        "p.name, p.parent, p.code, p.language, "
        "(select count(*) from mentions m where m.profession_id = p.id) as articles "
        f"from professions p join batches b on b.id = p.batch_id {where} "
        "order by b.ordinal is null, b.ordinal, b.released, p.batch_id, "
        "p.kind = 'work_type', p.upgraded, p.id",
        params,
    ))


def batch_exists(db: Database, batch_id: int) -> bool:
    """Whether a batch id is in the database."""
    return bool(list(db.query("select 1 from batches where id = ?", [batch_id])))


def run_summary(db: Database, run_id: int) -> dict[str, Any]:
    """A run with its sources, errors and the batches it found first."""
    run = next(db.query("select * from runs where id = ?", [run_id]))
    run["sources"] = list(db.query(
        "select source, status, finish_reason, pages, list_links, articles, new_articles, errors, message "
        "from run_sources where run_id = ? order by source", [run_id]))
    run["page_errors"] = list(db.query(
        "select source, url, kind, message from page_errors where run_id = ? order by id", [run_id]))
    new_batch_ids = [row["id"] for row in db.query("select id from batches where first_run_id = ?", [run_id])]
    run["new_batch_list"] = [
        batch | {"names": list_professions(db, batch["id"])} for batch in list_batches(db, new_batch_ids)
    ]
    return run


def list_runs(db: Database, limit: int = 20) -> list[dict[str, Any]]:
    """The latest runs, newest first."""
    return list(db.query(
        "select id, started, finished, status, sources, pages, new_articles, new_batches, errors "
        "from runs order by id desc limit ?", [limit]))
