"""Read-only queries behind the CLI, the feed and the notifications."""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

# How users name a batch: its ordinal ("3"); a batch without one (a draft, a
# local report) by its release date, else by its row id ("id-7").
BATCH_LABEL = "coalesce(cast(b.ordinal as text), b.released, 'id-' || b.id)"

BATCH_COLUMNS = f"""
    {BATCH_LABEL} as batch, b.ordinal, b.released, b.stage, b.announced_count,
    (select count(*) from entities e where e.batch_id = b.id and e.kind = 'occupation' and not e.upgraded
        and not e.draft_only) as occupations,
    (select count(*) from entities e where e.batch_id = b.id and e.kind = 'work_type' and not e.draft_only)
        as work_types,
    (select count(*) from entities e where e.batch_id = b.id and e.upgraded and not e.draft_only) as upgraded,
    (select count(*) from entities e where e.batch_id = b.id and e.draft_only) as draft_only,
    (select count(*) from reports r where r.batch_id = b.id) as articles,
    b.first_run_id, b.created, b.id
"""
# The Chinese list's order (the page's, as first stored), then English-only names as first stored.
ENTITY_ORDER = ("coalesce((select min(p.id) from professions p where p.entity_id = e.id and p.language = 'zh'), "
                "1000000000 + (select min(p.id) from professions p where p.entity_id = e.id))")
ENTITY_KIND = "case when e.kind = 'work_type' then 'work type' when e.upgraded then 'upgraded' else 'occupation' end"


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


# A name of a final batch that only drafts mention was dropped before the release.
DRAFT_ONLY = """
    (b.stage = 'final' and not exists (
        select 1 from mentions m join reports r on r.article_url = m.article_url and r.batch_id = p.batch_id
        where m.profession_id = p.id and r.stage = 'final'))
"""


def find_batches(db: Database, label: str) -> list[int]:
    """The ids of the batches a user's label names: an ordinal, a release date, or id-N."""
    return [row[0] for row in db.execute(
        f"select b.id from batches b where {BATCH_LABEL} = ? order by b.id", [label.strip()])]


def list_professions(db: Database, batch_id: int | list[int] | None = None) -> list[dict[str, Any]]:
    """Occupations and work types, by batch, in the order they were first stored."""
    ids = [batch_id] if isinstance(batch_id, int) else batch_id
    where, params = "", []
    if ids is not None:
        where, params = f"where p.batch_id in ({', '.join('?' for _ in ids)})", list(ids)
    return list(db.query(
        f"select {BATCH_LABEL} as batch, "
        "case when p.kind = 'work_type' then 'work type' when p.upgraded then 'upgraded' "
        "else 'occupation' end as kind, "
        f"p.name, p.parent, p.code, p.language, {DRAFT_ONLY} as draft_only, "
        "(select count(*) from mentions m where m.profession_id = p.id) as articles, p.batch_id "
        f"from professions p join batches b on b.id = p.batch_id {where} "
        "order by b.ordinal is null, b.ordinal, b.released, p.batch_id, "
        "p.kind = 'work_type', p.upgraded, p.language, p.id",
        params,
    ))


def list_entities(db: Database, batch_ids: list[int] | None = None) -> list[dict[str, Any]]:
    """One row per occupation and work type (however many renderings it has), by batch: its Chinese name,
    its English renderings, code, parent, the stages it was seen in and whether only a draft had it."""
    where, params = "", []
    if batch_ids is not None:
        where, params = f"where e.batch_id in ({', '.join('?' for _ in batch_ids)})", list(batch_ids)
    rows = list(db.query(
        f"select {BATCH_LABEL} as batch, {ENTITY_KIND} as kind, coalesce(e.zh, e.en) as name, e.zh, "
        "e.english, e.code, e.parent, e.stages, e.draft_only, "
        "(select count(distinct m.article_url) from mentions m join professions p on p.id = m.profession_id "
        "where p.entity_id = e.id) as articles, e.batch_id, e.id "
        f"from entities e join batches b on b.id = e.batch_id {where} "
        "order by b.ordinal is null, b.ordinal, b.released, e.batch_id, e.draft_only, e.kind = 'work_type', "
        f"e.upgraded, {ENTITY_ORDER}",
        params))
    for row in rows:
        row["en"] = " / ".join(r["name"] for r in json.loads(row.pop("english") or "[]"))
    return [{key: row[key] for key in ("batch", "kind", "name", "zh", "en", "code", "parent", "stages",
                                       "draft_only", "articles", "batch_id", "id")} for row in rows]


def batch_entities(db: Database, batch_id: int) -> dict[str, list[dict[str, Any]]]:
    """A batch's occupations, work types, upgraded work types and draft-only names, as objects."""
    grouped: dict[str, list[dict[str, Any]]] = {"occupations": [], "work_types": [], "upgraded": [],
                                                "draft_only": []}
    for row in db.query(
            f"select {ENTITY_KIND} as kind, e.* from entities e where e.batch_id = ? order by {ENTITY_ORDER}",
            [batch_id]):
        entity = {"zh": row["zh"], "en": [r["name"] for r in json.loads(row["english"] or "[]")],
                  "english": json.loads(row["english"] or "[]"), "code": row["code"],
                  "stages": [s for s in (row["stages"] or "").split(",") if s], "draft_only": bool(row["draft_only"])}
        if row["kind"] == "work type":
            entity["parent"] = row["parent"]
        elif row["kind"] == "upgraded":
            entity["upgraded_from"] = row["parent"]
        group = "draft_only" if row["draft_only"] else {"work type": "work_types", "upgraded": "upgraded"}.get(
            row["kind"], "occupations")
        grouped[group].append({"kind": row["kind"], **entity})
    return grouped


def batch_articles(db: Database, batch_id: int) -> list[dict[str, Any]]:
    """The articles that report a batch (as their own news first, then recalling it), the authoritative
    sources first."""
    return list(db.query(
        "select a.url, a.source, a.title, a.published, a.language, r.stage, r.earlier from reports r "
        "join articles a on a.url = r.article_url where r.batch_id = ? "
        "order by r.earlier, a.source != 'mohrss', a.source != 'govcn', a.published, a.url", [batch_id]))


def batch_details(db: Database, batch_id: int) -> dict[str, Any]:
    """A batch with its names and articles: what a notification or a feed entry tells."""
    batch = list_batches(db, [batch_id])[0]
    return batch | {"key": db["batches"].get(batch_id)["key"], "names": list_entities(db, [batch_id]),
                    "article_list": batch_articles(db, batch_id)}


def run_summary(db: Database, run_id: int) -> dict[str, Any]:
    """A run with its sources, errors and the batches it found first."""
    run = next(db.query("select * from runs where id = ?", [run_id]))
    run["sources"] = list(db.query(
        "select source, status, finish_reason, pages, list_links, articles, new_articles, errors, message, "
        "unchanged_lists, known_articles from run_sources where run_id = ? order by source", [run_id]))
    run["page_errors"] = list(db.query(
        "select source, url, kind, message from page_errors where run_id = ? order by id", [run_id]))
    new_batch_ids = [row["id"] for row in db.query("select id from batches where first_run_id = ?", [run_id])]
    from occuwatch.db.batch_alerts import is_baseline  # it builds its messages from these queries

    run["first_complete_sources"] = [row[0] for row in db.execute(
        "select s.source from run_sources s where s.run_id = ? and s.status in ('ok', 'partial') and not exists ("
        "select 1 from run_sources e where e.source = s.source and e.run_id < s.run_id "
        "and e.status in ('ok', 'partial')) order by s.source", [run_id])]

    run["new_batch_list"] = [
        batch | {"names": list_entities(db, [batch["id"]]), "baseline": is_baseline(db, run_id, batch["id"])}
        for batch in list_batches(db, new_batch_ids)
    ]
    return run


def list_runs(db: Database, limit: int = 20) -> list[dict[str, Any]]:
    """The latest runs, newest first: each source's status, and why a run was not ok."""
    runs = list(db.query(
        "select id, started, finished, status, pages, new_articles, new_batches, errors, message "
        "from runs order by id desc limit ?", [limit]))
    for run in runs:
        sources = list(db.query(
            "select source, status, message from run_sources where run_id = ? order by source", [run["id"]]))
        run["sources"] = ", ".join(f"{s['source']} {s['status']}" for s in sources)
        run["reason"] = run_reason(run, sources)
        del run["message"]
    return runs


def run_reason(run: dict[str, Any], sources: list[dict[str, Any]]) -> str:
    """Why a run is not ok, in one line: the run's own message (stopped, crashed), else its sources'."""
    if run["message"]:
        return run["message"]
    failed = [f"{s['source']}: {s['message']}" for s in sources if s["status"] == "failed" and s["message"]]
    if failed:
        return "; ".join(failed)
    if run["status"] == "partial":
        return f"{run['errors']} page(s) failed; retried next run (`occuwatch runs {run['id']}`)"
    return ""


def _fts_phrase(text: str) -> str:
    """The text as one FTS5 phrase, so operators and quotes in it are plain characters."""
    return '"' + text.replace('"', '""') + '"'


def search(db: Database, text: str, limit: int = 50) -> list[dict[str, Any]]:
    """Names (every rendering, with the occupation it renders) and article titles containing `text`, names
    first.

    FTS5 trigrams need three characters; shorter text (a two-character
    Chinese word) is matched with LIKE instead.
    """
    if len(text) >= 3:
        name_match = "p.rowid in (select rowid from professions_fts where professions_fts match :q)"
        title_match = "a.rowid in (select rowid from articles_fts where articles_fts match :q)"
        params: dict[str, Any] = {"q": _fts_phrase(text), "limit": limit}
    else:
        name_match = "(p.name like :q or p.parent like :q)"
        title_match = "a.title like :q"
        params = {"q": f"%{text}%", "limit": limit}
    return list(db.query(
        "select * from ("
        f"select 'name' as found, p.name as text, p.kind, p.parent, p.language, {BATCH_LABEL} as batch, "
        "b.ordinal, e.zh as occupation, e.code, null as url "
        "from professions p join batches b on b.id = p.batch_id left join entities e on e.id = p.entity_id "
        f"where {name_match} "
        "union all "
        f"select 'article', a.title, null, null, a.language, {BATCH_LABEL}, b.ordinal, null, null, a.url "
        f"from articles a left join batches b on b.id = a.batch_id where {title_match}"
        ") order by found = 'article', ordinal is null, ordinal, text limit :limit",
        params,
    ))


def export_tables(db: Database) -> dict[str, list[dict[str, Any]]]:
    """Batches, names and articles (without their text) for `occuwatch export`."""
    return {
        "batches": list_batches(db),
        "occupations": list_entities(db),
        "names": list_professions(db),
        "articles": list(db.query(
            "select url, source, title, published, language, batch_id as batch, stage, announced_count, "
            "batch_ordinal, released, fetched from articles order by published desc, url")),
    }
