"""Item pipeline: Articles and PageErrors → SQLite rows, and the run's record.

One transaction per item, so a crawl killed at any moment leaves whole
articles or none.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy import signals
from sqlite_utils import Database

from db.batches import find_batch, stable_key
from db.runs import finish_run, finish_source, now, start_run, start_source
from db.schema import open_database
from pipelines.announcement import Announcement, Name, name_key
from scrapers.items import Article, PageError
from scrapers.spiders.base import LIST_LINKS_STAT

logger = logging.getLogger(__name__)

# Whose spelling of a name wins: the ministry's notice, then gov.cn, then anyone else.
SOURCE_RANK = {"mohrss": 0, "govcn": 1}
OTHER_SOURCE_RANK = 2


class StorePipeline:
    """Upsert articles by URL, their batch and names; record errors and the run."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.path = crawler.settings.get("OCCUWATCH_DATABASE")
        self.run_id: int | None = crawler.settings.getint("OCCUWATCH_RUN_ID") or None
        self.owns_run = self.run_id is None  # `scrapy crawl`: this pipeline opens and closes the run
        self.articles = self.new_articles = 0
        self.db: Database | None = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> StorePipeline:
        pipeline = cls(crawler)
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(pipeline.spider_error, signal=signals.spider_error)
        return pipeline

    @property
    def source(self) -> str:
        return self.crawler.spider.name

    def open_spider(self) -> None:
        self.db = open_database(self.path)
        if self.owns_run:
            self.run_id = start_run(self.db, [self.source])
        start_source(self.db, self.run_id, self.source)

    def process_item(self, item: Any) -> Any:
        if isinstance(item, PageError):
            self.store_error(item.url, item.kind, item.message, item.list_page)
        elif isinstance(item, Article):
            self.articles += 1
            with self.db.atomic():
                self.new_articles += self.store_article(item)
        return item

    def store_error(self, url: str, kind: str, message: str, list_page: bool = False) -> None:
        """Record a failed page against the run and the source."""
        self.db["page_errors"].insert({
            "run_id": self.run_id, "source": self.source, "url": url, "kind": kind,
            "message": message, "list_page": int(list_page), "at": now(),
        })

    def store_article(self, item: Article) -> bool:
        """Upsert the article and what it announces; True when the URL is new."""
        is_new = self.db.execute("select 1 from articles where url = ?", [item.url]).fetchone() is None
        found: Announcement = item.announcement
        row = {
            "url": item.url, "source": item.source, "title": item.title, "published": item.published,
            "language": item.language, "text": item.text, "announced_count": found.announced_count,
            "batch_ordinal": found.batch_ordinal, "released": found.released, "stage": found.stage,
            "batch_id": self.store_batch(found, item) if found.announces else None, "updated": now(),
        }
        if is_new:
            row |= {"first_run_id": self.run_id, "fetched": row["updated"]}
        self.db["articles"].upsert(row, pk="url")
        # The page may have changed since last time: its mentions are re-derived.
        self.db.execute("delete from mentions where article_url = ?", [item.url])
        if row["batch_id"] is not None:
            names = [("occupation", n, False) for n in found.occupations]
            names += [("occupation", n, True) for n in found.upgraded]
            names += [("work_type", n, False) for n in found.work_types]
            for kind, name, upgraded in names:
                self.store_name(row["batch_id"], kind, name, upgraded, item)
        return is_new

    def store_batch(self, found: Announcement, item: Article) -> int:
        """The batch this announcement reports (found or created), completed with what it adds."""
        batch_id = find_batch(self.db, found, item.published)
        if batch_id is None:
            key = stable_key(found, item.url)
            if self.db.execute("select 1 from batches where key = ?", [key]).fetchone():
                key = stable_key(Announcement(language=found.language), item.url)
            batch_id = self.db["batches"].insert(
                {"key": key, "first_run_id": self.run_id, "created": now()}).last_pk
        batch = self.db["batches"].get(batch_id)
        final = found.stage == "final"
        changes = {
            "ordinal": batch["ordinal"] or found.batch_ordinal,
            # A final notice's release date and count outrank a draft's.
            "released": (found.released if final and found.released else None) or batch["released"]
            or found.released,
            "announced_count": (found.announced_count if final and found.announced_count else None)
            or batch["announced_count"] or found.announced_count,
            "stage": "final" if final or batch["stage"] == "final" else "draft",
            "updated": now(),
        }
        stage_run = "final_run_id" if final else "draft_run_id"
        if batch[stage_run] is None:
            changes[stage_run] = self.run_id
        self.db["batches"].update(batch_id, changes)
        return batch_id

    def store_name(self, batch_id: int, kind: str, name: Name, upgraded: bool, item: Article) -> None:
        """One name of a batch and this article's mention of it; the best-ranked source's spelling wins."""
        rank = SOURCE_RANK.get(item.source, OTHER_SOURCE_RANK)
        professions = self.db["professions"]
        profession_id = professions.lookup(
            {"batch_id": batch_id, "kind": kind, "key": name_key(name.name)},
            {"name": name.name, "parent": name.parent, "upgraded": int(upgraded), "code": name.code,
             "language": item.language, "first_run_id": self.run_id, "created": now(),
             "name_rank": rank, "name_source": item.source},
        )
        current = professions.get(profession_id)
        updates = {}
        if rank < (current["name_rank"] if current["name_rank"] is not None else OTHER_SOURCE_RANK + 1):
            updates |= {"name": name.name, "name_rank": rank, "name_source": item.source}
        for field in ("code", "parent"):
            if current[field] is None and getattr(name, field):
                updates[field] = getattr(name, field)
        if updates:
            professions.update(profession_id, updates)
        self.db["mentions"].upsert(
            {"profession_id": profession_id, "article_url": item.url,
             "name_as_written": name.name_original or name.name},
            pk=("profession_id", "article_url"),
        )

    def spider_error(self, failure: Any, response: Any, spider: Any) -> None:
        """A callback raised: keep the page as failed so the next run retries it."""
        self.store_error(response.url, "spider", f"{failure.type.__name__}: {failure.getErrorMessage()}")

    def spider_closed(self, spider: Any, reason: str) -> None:
        stats = self.crawler.stats
        status = finish_source(
            self.db, self.run_id, self.source, finish_reason=reason,
            pages=stats.get_value("downloader/response_count", 0),
            list_links=stats.get_value(LIST_LINKS_STAT, 0),
            articles=self.articles, new_articles=self.new_articles,
        )
        logger.info("%s: %s (%d articles, %d new)", self.source, status, self.articles, self.new_articles)
        if self.owns_run:
            finish_run(self.db, self.run_id, [self.source])
        self.db.close()
