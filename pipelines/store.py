"""Item pipeline: Articles and PageErrors → SQLite rows (db.articles), and the run's record.

Each item is written whole or not at all, in short batches through the
process's single writer (db.writer), so a crawl killed at any moment leaves
whole articles or none.

A page that cannot be stored (the database is full, read-only, damaged…) is a
page error of the run (kind `store`), so the run is never `ok` and the next
run fetches the page again; the log says so in one line, never with the page.
When the database can take nothing more, the source's crawl stops there.
"""

from __future__ import annotations

import logging
import sqlite3
from contextlib import ExitStack
from typing import Any

from scrapy import signals
from scrapy.utils.defer import deferred_from_coro
from sqlite_utils import Database

from occuwatch.db.articles import ArticleWriter
from occuwatch.db.attention import record_fallback_reads
from occuwatch.db.entities import link_run_names
from occuwatch.db.errors import storage_problem, takes_no_more_writes
from occuwatch.db.list_pages import (
    forget_list_page,
    mark_list_page_checked,
    record_skipped,
    remember_url,
    save_list_page,
)
from occuwatch.db.lock import crawl_lock
from occuwatch.db.runs import finish_run, finish_source, now, start_run, start_source
from occuwatch.db.writer import SharedWriter, close_writer, open_writer
from occuwatch.scrapers.failures import describe_redirect_loop
from occuwatch.scrapers.incremental import UNCHANGED_FLAG, UNCHANGED_STAT, is_list_page, list_page_row
from occuwatch.scrapers.items import Article, PageError
from occuwatch.scrapers.pages import READ_BY_FALLBACK
from occuwatch.scrapers.spiders.base import KNOWN_ARTICLES_STAT, LIST_LINKS_STAT

logger = logging.getLogger(__name__)

STORE_FAILED = "store"  # page_errors.kind of a page fetched but not stored
STORAGE_REASON = "storage failed"  # the spider's finish reason when the database takes no more writes


class StorePipeline:
    """Upsert articles by URL, their batch and names; record errors and the run."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.path = crawler.settings.get("OCCUWATCH_DATABASE")
        self.run_id: int | None = crawler.settings.getint("OCCUWATCH_RUN_ID") or None
        self.owns_run = self.run_id is None  # `scrapy crawl`: this pipeline opens and closes the run
        self.articles = self.new_articles = self.fallback_articles = 0
        self.unrecorded: list[dict[str, Any]] = []  # page errors the database could not take (yet)
        self.storage_failure: str | None = None  # why the database takes no more writes
        self.db: Database | None = None
        self.lock = ExitStack()
        self.shared: SharedWriter | None = None
        self.writer: ArticleWriter | None = None
        self.new_urls: set[str] = set()  # the new articles of this run
        self.reached_by: dict[str, str] = {}  # article URL → the URL asked for, where a redirect led there

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
        if self.owns_run:  # `scrapy crawl` takes the database's crawl lock as `occuwatch crawl` does
            self.lock.enter_context(crawl_lock(self.path))
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
            try:
                with self.shared.write(on_lost=lambda exc, url=item.url: self.article_lost(url, exc)):
                    is_new = self.writer.store_article(item)
                    if item.url in self.reached_by:  # so the list's link counts as known next run
                        remember_url(self.db, self.reached_by.pop(item.url), item.url, self.source)
            except Exception as exc:  # a store failure is the page's error, whatever raised it
                self.store_failed(item.url, exc)
            else:
                self.articles += 1
                self.fallback_articles += item.read_by == READ_BY_FALLBACK
                self.new_articles += is_new
                if is_new:
                    self.new_urls.add(item.url)
        return item

    def store_error(self, url: str, kind: str, message: str, list_page: bool = False) -> None:
        """Record a failed page against the run and the source (kept in memory if the database refuses it)."""
        row = {"run_id": self.run_id, "source": self.source, "url": url, "kind": kind,
               "message": message, "list_page": int(list_page), "at": now()}
        try:
            with self.shared.write():
                self.db["page_errors"].insert(row)
        except sqlite3.Error:
            self.unrecorded.append(row)

    def store_failed(self, url: str, exc: BaseException) -> None:
        """A page fetched but not stored: a page error of the run; stop the source if the database is done."""
        problem = storage_problem(exc) if isinstance(exc, sqlite3.Error | OSError) else None
        what = f"the database {self.path} {problem}" if problem else f"{type(exc).__name__}: {exc}"
        message = f"not stored: {what}"
        # One line, never the page itself (a page is often 20 kB); a bug gets its traceback.
        logger.error("%s: %s %s", self.source, url, message, exc_info=problem is None)
        self.store_error(url, STORE_FAILED, f"{message}; retried next run")
        if takes_no_more_writes(exc) and self.storage_failure is None:  # no later page would be stored either
            self.storage_failure = message
            deferred_from_coro(self.crawler.engine.close_spider_async(reason=STORAGE_REASON))

    def article_lost(self, url: str, exc: BaseException) -> None:
        """An article counted as stored was lost with its batch (failed commit): count and record it so."""
        self.articles -= 1
        if url in self.new_urls:
            self.new_urls.discard(url)
            self.new_articles -= 1
        self.store_failed(url, exc)

    def response_received(self, response: Any, request: Any, spider: Any) -> None:
        """Keep each list page's validators and body, so the next run can ask for it conditionally; note
        where a redirect led an article request."""
        if response.status == 200 and request.meta.get("redirect_urls") and not request.meta.get("list_page"):
            self.reached_by[response.url] = request.meta["redirect_urls"][0]
        if response.status != 200 or not is_list_page(request):
            return
        row = list_page_row(request, response, self.source)
        try:
            with self.shared.write():
                if row is not None:
                    save_list_page(self.db, row)
                elif UNCHANGED_FLAG in response.flags:
                    mark_list_page_checked(self.db, request.url)
                else:
                    forget_list_page(self.db, request.url)
        except sqlite3.Error as exc:  # the list is still read; only the next run's conditional request is lost
            logger.warning("%s: list page %s not saved: the database %s", self.source, request.url,
                           storage_problem(exc))

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
        try:
            self.close_source(reason)
        except sqlite3.Error as exc:  # the run cannot be closed here: the crawl's finish_run closes it as failed
            logger.error("%s: the run's record could not be closed: the database %s", self.source,
                         storage_problem(exc))
        finally:
            close_writer(self.path)
            self.lock.close()

    def close_source(self, reason: str) -> None:
        """Judge and record the source's part of the run (and the run, for `scrapy crawl`)."""
        stats = self.crawler.stats
        self.shared.commit()  # first, so what it could not keep is counted below
        unrecorded, self.unrecorded = self.unrecorded, []
        for row in unrecorded:  # the database may take them now (e.g. a lock has passed)
            self.store_error(row["url"], row["kind"], row["message"], bool(row["list_page"]))
        status = finish_source(
            self.db, self.run_id, self.source, finish_reason=reason,
            pages=stats.get_value("downloader/response_count", 0),
            list_links=stats.get_value(LIST_LINKS_STAT, 0),
            articles=self.articles, new_articles=self.new_articles,
            unrecorded_errors=len(self.unrecorded), storage_failure=self.storage_failure,
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
            link_run_names(self.db, self.run_id)  # `occuwatch crawl` links when it tells of the run
