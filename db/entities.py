"""One row per occupation and per work type of a batch (table `entities`), built from the stored renderings.

Each row of `professions` is one rendering as some page wrote it; the linker
(pipelines/linking.py) says which renderings are one occupation, and each
rendering records the entity it belongs to, how it was linked and on what
evidence (`entity_id`, `link_method`, `link_evidence`). Rebuilt for the batches
a run touched; an entity keeps its id while its Chinese name (or, unlinked,
its English one) stays.
"""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

from occuwatch.pipelines.linking import Link, Name, Report, link_names


def _group(row: dict[str, Any]) -> str:
    return "work_type" if row["kind"] == "work_type" else "upgraded" if row["upgraded"] else "occupation"


def _reports(db: Database, batch_id: int) -> list[Report]:
    """Each article's names of this batch, in the page's order (first-stored order for older rows)."""
    reports = []
    for article in db.query(
            "select a.url, coalesce(a.text, '') as text from reports r join articles a on a.url = r.article_url "
            "where r.batch_id = ? order by a.first_run_id, a.url", [batch_id]):
        ids = tuple(row[0] for row in db.execute(
            "select m.profession_id from mentions m join professions p on p.id = m.profession_id "
            "where m.article_url = ? and p.batch_id = ? order by m.position is null, m.position, p.id",
            [article["url"], batch_id]))
        if ids:
            reports.append(Report(article["url"], ids, article["text"]))
    return reports


def _root(links: dict[int, Link], name_id: int) -> int:
    seen = set()
    while name_id in links and name_id not in seen:
        seen.add(name_id)
        name_id = links[name_id].target
    return name_id


def rebuild_entities(db: Database, batch_ids: list[int] | None = None) -> None:
    """Link the renderings of these batches (all when None) and write one entity per occupation."""
    if batch_ids is None:
        batch_ids = [row[0] for row in db.execute("select id from batches order by id")]
    for batch_id in batch_ids:
        rows = {row["id"]: row for row in db.query(
            "select id, name, key, kind, upgraded, code, parent, language from professions where batch_id = ? "
            "order by id", [batch_id])}
        names = [Name(r["id"], r["name"], r["language"] or "en", _group(r), r["code"]) for r in rows.values()]
        links = link_names(names, _reports(db, batch_id))
        final = db.execute("select stage from batches where id = ?", [batch_id]).fetchone()[0] == "final"
        members: dict[int, list[int]] = {}
        for name_id in rows:
            members.setdefault(_root(links, name_id), []).append(name_id)
        with db.atomic():
            keep = [_write_entity(db, batch_id, rows, root, ids=ids, links=links, final=final)
                    for root, ids in members.items()]
            db.execute(f"update professions set entity_id = null where batch_id = ? and entity_id not in "
                       f"({', '.join('?' for _ in keep)})", [batch_id, *keep])
            db.execute(f"delete from entities where batch_id = ? and id not in ({', '.join('?' for _ in keep)})",
                       [batch_id, *keep])


def _write_entity(db: Database, batch_id: int, rows: dict[int, dict[str, Any]], root: int, *, ids: list[int],
                  links: dict[int, Link], final: bool) -> int:
    """Upsert one entity from its renderings; return its id."""
    head = rows[root]
    chinese = [rows[i] for i in ids if rows[i]["language"] == "zh"]
    english = [rows[i] for i in ids if rows[i]["language"] != "zh"]
    placeholders = ", ".join("?" for _ in ids)
    stages = sorted({row[0] for row in db.execute(
        f"select distinct r.stage from mentions m join reports r on r.article_url = m.article_url "
        f"and r.batch_id = ? where m.profession_id in ({placeholders}) and r.stage is not null", [batch_id, *ids])})
    renderings = []
    for row in english:
        sources = [r[0] for r in db.execute(
            "select distinct a.source from mentions m join articles a on a.url = m.article_url "
            "where m.profession_id = ? order by a.source", [row["id"]])]
        renderings.append({"name": row["name"], "sources": sources})
    zh = chinese[0]["name"] if chinese else None
    entity = {
        "batch_id": batch_id,
        "key": f"{_group(head)}:{head['key']}",
        "kind": head["kind"],
        "upgraded": head["upgraded"],
        "zh": zh,
        "en": renderings[0]["name"] if renderings else None,
        "english": json.dumps(renderings, ensure_ascii=False),
        "code": next((r["code"] for r in (*chinese, *english) if r["code"]), None),
        "parent": next((r["parent"] for r in (*chinese, *english) if r["parent"]), None),
        "stages": ",".join(stages),
        "draft_only": int(final and stages == ["draft"]),
        "renderings": len(ids),
    }
    existing = db.execute("select id from entities where batch_id = ? and key = ?",
                          [batch_id, entity["key"]]).fetchone()
    if existing:
        entity_id = existing[0]
        db["entities"].update(entity_id, entity)
    else:
        entity_id = db["entities"].insert(entity).last_pk
    for name_id in ids:
        link = links.get(name_id)
        db.execute("update professions set entity_id = ?, link_method = ?, link_evidence = ? where id = ?",
                   [entity_id, link.method if link else None, link.evidence if link else None, name_id])
    return entity_id


def link_run_names(db: Database, run_id: int) -> None:
    """After a run: the entities of every batch its articles reported (before anyone is told of them)."""
    rebuild_entities(db, batches_touched(db, run_id))


def batches_touched(db: Database, run_id: int) -> list[int]:
    """The batches reported by the articles a run stored or updated."""
    return [row[0] for row in db.execute(
        "select distinct r.batch_id from reports r join articles a on a.url = r.article_url "
        "where a.updated >= (select started from runs where id = ?) order by r.batch_id", [run_id])]
