"""Writes of what an article announces: the article row, its batch, its names.

Callers wrap each article in one transaction (`with db.atomic()`).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from sqlite_utils import Database

from occuwatch.db.batches import find_batch, stable_key
from occuwatch.db.runs import now
from occuwatch.pipelines.announcement import Announcement, BatchReport, Name, name_key

# Whose spelling of a name wins: the ministry's notice, then gov.cn, then anyone else.
SOURCE_RANK = {"mohrss": 0, "govcn": 1}
OTHER_SOURCE_RANK = 2
RECALLED_RANK = 20  # a batch recalled beside a page's own news never sets its facts over a report of it


@lru_cache(maxsize=32)
def upsert_sql(table: str, columns: tuple[str, ...], pk: tuple[str, ...]) -> str:
    """INSERT … ON CONFLICT(pk) DO UPDATE of the given columns (what sqlite-utils' upsert does, minus its
    per-call look-ups of the schema, which cost about a millisecond per article)."""
    updates = ", ".join(f"[{c}] = excluded.[{c}]" for c in columns if c not in pk)
    return (f"insert into [{table}] ({', '.join(f'[{c}]' for c in columns)}) "
            f"values ({', '.join('?' * len(columns))}) "
            f"on conflict ({', '.join(f'[{c}]' for c in pk)}) do update set {updates}")


def upsert(db: Database, table: str, row: dict[str, Any], pk: tuple[str, ...]) -> None:
    """Insert the row, or update its columns where the primary key exists already."""
    db.execute(upsert_sql(table, tuple(row), pk), list(row.values()))


def insert(db: Database, table: str, row: dict[str, Any]) -> int:
    """Insert a row; return its rowid."""
    columns = ", ".join(f"[{c}]" for c in row)
    sql = f"insert into [{table}] ({columns}) values ({', '.join('?' * len(row))})"
    return db.execute(sql, list(row.values())).lastrowid


class ArticleWriter:
    """Upsert articles by URL, with the batch they report and its names, for one run."""

    def __init__(self, db: Database, run_id: int) -> None:
        self.db = db
        self.run_id = run_id

    def store_article(self, item: Any) -> bool:
        """Upsert the article and what it announces; True when the URL is new.

        Each batch the page reports gets its own names: the page's own batch and, on a page that
        lists several or recalls an earlier one, each of those.
        """
        is_new = self.db.execute("select 1 from articles where url = ?", [item.url]).fetchone() is None
        found: Announcement = item.announcement
        reports = [r for r in page_reports(found) if r is not None]
        row = {
            "url": item.url, "source": item.source, "title": item.title, "published": item.published,
            "language": item.language, "text": item.text, "announced_count": found.announced_count,
            "batch_ordinal": found.batch_ordinal, "released": found.released, "stage": found.stage,
            "batch_id": None, "updated": now(),
            # Optional on the item (older callers give neither): the page's stable id, how its text was read.
            "article_id": getattr(item, "article_id", None), "read_by": getattr(item, "read_by", "selector"),
        }
        if is_new:
            row |= {"first_run_id": self.run_id, "fetched": row["updated"]}
        upsert(self.db, "articles", row, ("url",))
        if not is_new:  # the page may have changed since last time: its reports and mentions are re-derived
            self.db.execute("delete from mentions where article_url = ?", [item.url])
            self.db.execute("delete from reports where article_url = ?", [item.url])
        for index, report in enumerate(reports):
            batch_id = self.store_batch(report, found.language, item, recalled=report.earlier)
            if index == 0:
                self.db.execute("update articles set batch_id = ? where url = ?", [batch_id, item.url])
            upsert(self.db, "reports", {
                "article_url": item.url, "batch_id": batch_id, "main": int(index == 0), "earlier": int(report.earlier),
                "announced_count": report.announced_count, "batch_ordinal": report.batch_ordinal,
                "released": report.released, "stage": report.stage}, ("article_url", "batch_id"))
            names = [("occupation", n, False) for n in report.occupations]
            names += [("occupation", n, True) for n in report.upgraded]
            names += [("work_type", n, False) for n in report.work_types]
            for position, (kind, name, upgraded) in enumerate(names):
                self.store_name(batch_id, kind, name, upgraded, item, position=position)
        return is_new

    def store_batch(self, report: BatchReport, language: str, item: Any, *, recalled: bool = False) -> int:
        """The batch a report speaks of (found or created), completed with what it adds."""
        found = Announcement(language=language, announced_count=report.announced_count,
                             batch_ordinal=report.batch_ordinal, released=report.released, stage=report.stage,
                             occupations=report.occupations, work_types=report.work_types, upgraded=report.upgraded)
        batch_id = find_batch(self.db, found, item.published)
        if batch_id is None:
            key = stable_key(found, item.url)
            if self.db.execute("select 1 from batches where key = ?", [key]).fetchone():
                key = stable_key(Announcement(language=found.language), item.url)
            batch_id = self.db["batches"].insert(
                {"key": key, "first_run_id": self.run_id, "created": now()}).last_pk
        batch = self.db["batches"].get(batch_id)
        final = found.stage == "final"
        # A final notice outranks a draft; then the ministry, gov.cn, anyone else.
        rank = (0 if final else 10) + SOURCE_RANK.get(item.source, OTHER_SOURCE_RANK)
        rank += RECALLED_RANK if recalled else 0
        better = batch["facts_rank"] is None or rank < batch["facts_rank"] or (
            # Between equals, the earlier date: later reports tend to give their own day.
            rank == batch["facts_rank"] and bool(found.released and batch["released"])
            and found.released < batch["released"])
        changes = {
            "ordinal": batch["ordinal"] or found.batch_ordinal,
            "released": (found.released if better else None) or batch["released"] or found.released,
            "announced_count": (found.announced_count if better else None) or batch["announced_count"]
            or found.announced_count,
            "facts_rank": rank if better else batch["facts_rank"],
            "stage": "final" if final or batch["stage"] == "final" else "draft",
            "updated": now(),
        }
        stage_run = "final_run_id" if final else "draft_run_id"
        if batch[stage_run] is None:
            changes[stage_run] = self.run_id
        self.db["batches"].update(batch_id, changes)
        return batch_id

    def store_name(self, batch_id: int, kind: str, name: Name, upgraded: bool, item: Any, *, position: int) -> None:
        """One name of a batch and this article's mention of it (at `position` in the page's list, which
        linking by list order reads); the best-ranked source's spelling wins."""
        rank = SOURCE_RANK.get(item.source, OTHER_SOURCE_RANK)
        key = {"batch_id": batch_id, "kind": kind, "key": name_key(name.name)}
        current = next(self.db.query(
            "select id, name_rank, code, parent from professions where batch_id = ? and kind = ? and key = ?",
            list(key.values())), None)
        if current is None:
            profession_id = insert(self.db, "professions", key | {
                "name": name.name, "parent": name.parent, "upgraded": int(upgraded), "code": name.code,
                "language": item.language, "first_run_id": self.run_id, "created": now(),
                "name_rank": rank, "name_source": item.source})
        else:
            profession_id = current["id"]
            updates = {}
            if rank < (current["name_rank"] if current["name_rank"] is not None else OTHER_SOURCE_RANK + 1):
                updates |= {"name": name.name, "name_rank": rank, "name_source": item.source}
            for field in ("code", "parent"):
                if current[field] is None and getattr(name, field):
                    updates[field] = getattr(name, field)
            if updates:
                self.db["professions"].update(profession_id, updates)
        upsert(self.db, "mentions", {"profession_id": profession_id, "article_url": item.url,
                                     "name_as_written": name.name_original or name.name, "position": position},
               ("profession_id", "article_url"))


def page_reports(found: Announcement) -> list[BatchReport]:
    """The batches an announcement reports, its own first; a recalled batch only when it names names."""
    if not found.announces:
        return []
    if not found.batches:  # an Announcement built by hand (tests, older callers): one batch
        return [BatchReport(batch_ordinal=found.batch_ordinal, announced_count=found.announced_count,
                            released=found.released, stage=found.stage or "final", occupations=found.occupations,
                            work_types=found.work_types, upgraded=found.upgraded)]
    main, *others = found.batches
    return [main, *(r for r in others if r.occupations or r.work_types or r.upgraded)]
