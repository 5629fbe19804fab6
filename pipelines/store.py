"""Item pipeline: Articles and PageErrors → SQLite rows (db.articles), and the run's record.

Each item is written whole or not at all, in short batches through the
process's single writer (db.writer), so a crawl killed at any moment leaves
whole articles or none.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy import signals
from sqlite_utils import Database

from occuwatch.db.articles import ArticleWriter
from occuwatch.db.attention import record_fallback_reads
from occuwatch.db.list_pages import forget_list_page, mark_list_page_checked, record_skipped, save_list_page
from occuwatch.db.runs import finish_run, finish_source, now, start_run, start_source
from occuwatch.db.writer import SharedWriter, close_writer, open_writer
from occuwatch.scrapers.failures import describe_redirect_loop
from occuwatch.scrapers.incremental import UNCHANGED_FLAG, UNCHANGED_STAT, is_list_page, list_page_row
from occuwatch.scrapers.items import Article, PageError
from occuwatch.scrapers.pages import READ_BY_FALLBACK
from occuwatch.scrapers.spiders.base import KNOWN_ARTICLES_STAT, LIST_LINKS_STAT

logger = logging.getLogger(__name__)


class StorePipeline:
    """Upsert articles by URL, their batch and names; record errors and the run."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.path = crawler.settings.get("OCCUWATCH_DATABASE")
        self.run_id: int | None = crawler.settings.getint("OCCUWATCH_RUN_ID") or None
        self.owns_run = self.run_id is None  # `scrapy crawl`: this pipeline opens and closes the run
        self.articles = self.new_articles = self.fallback_articles = 0
        self.db: Database | None = None
        self.shared: SharedWriter | None = None
        self.writer: ArticleWriter | None = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> StorePipeline:
        pipeline = cls(crawler)
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(pipeline.spider_error, signal=signals.spider_error)
        crawler.signals.connect(pipeline.request_dropped, signal=signals.request_dropped)
        crawler.signals.connect(pipeline.response_received, signal=signals.response_received)
        return pipeline

    @property
    def source(self) -> str:
        return self.crawler.spider.name

    def open_spider(self) -> None:
        self.shared = open_writer(self.path)
        self.db = self.shared.db
        if self.owns_run:
            self.run_id = start_run(self.db, [self.source])
        start_source(self.db, self.run_id, self.source)
        self.writer = ArticleWriter(self.db, self.run_id)

    def process_item(self, item: Any) -> Any:
        if isinstance(item, PageError):
            self.store_error(item.url, item.kind, item.message, item.list_page)
        elif isinstance(item, Article):
            self.articles += 1
            self.fallback_articles += item.read_by == READ_BY_FALLBACK
            with self.shared.write():
                self.new_articles += self.writer.store_article(item)
        return item

    def store_error(self, url: str, kind: str, message: str, list_page: bool = False) -> None:
        """Record a failed page against the run and the source."""
        self.db["page_errors"].insert({
            "run_id": self.run_id, "source": self.source, "url": url, "kind": kind,
            "message": message, "list_page": int(list_page), "at": now(),
        })

    def response_received(self, response: Any, request: Any, spider: Any) -> None:
        """Keep each list page's validators and body, so the next run can ask for it conditionally."""
        if response.status != 200 or not is_list_page(request):
            return
        row = list_page_row(request, response, self.source)
        with self.shared.write():
            if row is not None:
                save_list_page(self.db, row)
            elif UNCHANGED_FLAG in response.flags:
                mark_list_page_checked(self.db, request.url)
            else:
                forget_list_page(self.db, request.url)

    def spider_error(self, failure: Any, response: Any, spider: Any) -> None:
        """A callback raised: keep the page as failed so the next run retries it."""
        self.store_error(response.url, "spider", f"{failure.type.__name__}: {failure.getErrorMessage()}")

    def request_dropped(self, request: Any, spider: Any) -> None:
        """A redirect back to a URL of its own chain, dropped by Scrapy as a duplicate: record the loop."""
        chain = request.meta.get("redirect_urls", [])
        if request.url in chain:
            self.store_error(
                chain[0], "redirect", describe_redirect_loop([*chain, request.url]), bool(request.meta.get("list_page"))
            )

    def spider_closed(self, spider: Any, reason: str) -> None:
        stats = self.crawler.stats
        status = finish_source(
            self.db, self.run_id, self.source, finish_reason=reason,
            pages=stats.get_value("downloader/response_count", 0),
            list_links=stats.get_value(LIST_LINKS_STAT, 0),
            articles=self.articles, new_articles=self.new_articles,
        )
        record_fallback_reads(self.db, self.run_id, self.source, self.fallback_articles)
        record_skipped(
            self.db,
            self.run_id,
            self.source,
            unchanged_lists=stats.get_value(UNCHANGED_STAT, 0),
            known=stats.get_value(KNOWN_ARTICLES_STAT, 0),
        )
        logger.info("%s: %s (%d articles, %d new)", self.source, status, self.articles, self.new_articles)
        if self.owns_run:
            finish_run(self.db, self.run_id, [self.source])
        close_writer(self.path)
