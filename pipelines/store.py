"""Item pipeline: Articles and PageErrors → SQLite rows, and the run's record.

One transaction per item, so a crawl killed at any moment leaves whole
articles or none.
"""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from scrapy import signals
from sqlite_utils import Database

from db.runs import finish_run, finish_source, now, start_run, start_source
from db.schema import open_database
from pipelines.announcement import Announcement, Name, name_key
from scrapers.items import Article, PageError
from scrapers.spiders.base import LIST_LINKS_STAT

logger = logging.getLogger(__name__)


def batch_key(announcement: Announcement, url: str) -> str:
    """What identifies a batch across articles: its ordinal, else its release date, else the article."""
    if announcement.batch_ordinal:
        return f"ordinal:{announcement.batch_ordinal}"
    if announcement.released:
        return f"released:{announcement.released}"
    return "article:" + hashlib.sha1(url.encode()).hexdigest()[:16]


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
        with self.db.atomic():
            self.db["page_errors"].insert({
                "run_id": self.run_id, "source": self.source, "url": url, "kind": kind,
                "message": message, "list_page": int(list_page), "at": now(),
            })

    def store_article(self, item: Article) -> bool:
        """Upsert the article and what it announces; True when the URL is new."""
        articles = self.db["articles"]
        is_new = not list(self.db.query("select 1 from articles where url = ?", [item.url]))
        found: Announcement = item.announcement
        row = {
            "url": item.url, "source": item.source, "title": item.title, "published": item.published,
            "language": item.language, "text": item.text, "announced_count": found.announced_count,
            "batch_ordinal": found.batch_ordinal, "released": found.released, "stage": found.stage,
            "batch_id": None, "updated": now(),
        }
        if is_new:
            row |= {"first_run_id": self.run_id, "fetched": row["updated"]}
        if found.announces:
            row["batch_id"] = self.store_batch(found, item.url)
        articles.upsert(row, pk="url")
        # The page may have changed since last time: its mentions are re-derived.
        self.db.execute("delete from mentions where article_url = ?", [item.url])
        if row["batch_id"] is not None:
            names = [("occupation", n, False) for n in found.occupations]
            names += [("occupation", n, True) for n in found.upgraded]
            names += [("work_type", n, False) for n in found.work_types]
            for kind, name, upgraded in names:
                self.store_name(row["batch_id"], kind, name, upgraded, item)
        return is_new

    def store_batch(self, found: Announcement, url: str) -> int:
        """The batch this announcement belongs to, created or completed."""
        batches = self.db["batches"]
        batch_id = batches.lookup(
            {"key": batch_key(found, url)},
            {"first_run_id": self.run_id, "created": now()},
        )
        batch = batches.get(batch_id)
        stage = "final" if "final" in (batch["stage"], found.stage) else found.stage
        batches.update(batch_id, {
            "ordinal": batch["ordinal"] or found.batch_ordinal,
            "released": batch["released"] or found.released,
            "announced_count": batch["announced_count"] or found.announced_count,
            "stage": stage, "updated": now(),
        })
        return batch_id

    def store_name(self, batch_id: int, kind: str, name: Name, upgraded: bool, item: Article) -> None:
        """One occupation or work type of a batch, and this article's mention of it."""
        profession_id = self.db["professions"].lookup(
            {"batch_id": batch_id, "kind": kind, "key": name_key(name.name)},
            {"name": name.name, "parent": name.parent, "upgraded": int(upgraded), "code": name.code,
             "language": item.language, "first_run_id": self.run_id, "created": now()},
        )
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
