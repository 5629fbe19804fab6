"""A live progress line on stderr while a crawl runs: per source, pages fetched, articles stored, pages failed.

Only when `occuwatch crawl` (or the demo) runs with stderr on a terminal: the
CLI sets OCCUWATCH_PROGRESS then. In a pipe, under the daemon or under
`scrapy crawl` the extension is not configured and nothing extra is written.
"""

from __future__ import annotations

import logging
import sys
from typing import Any, ClassVar

from scrapy import signals
from scrapy.exceptions import NotConfigured
from twisted.internet import task

from occuwatch.scrapers.items import PageError

CLEAR_LINE = "\r\x1b[K"
EVERY = 0.5  # seconds between redraws


class ProgressLine:
    """One per crawler (one source); they share a single line and a single timer."""

    running: ClassVar[list[ProgressLine]] = []
    timer: ClassVar[task.LoopingCall | None] = None

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.name = ""
        self.articles = self.errors = 0

    @classmethod
    def from_crawler(cls, crawler: Any) -> ProgressLine:
        if not crawler.settings.getbool("OCCUWATCH_PROGRESS"):
            raise NotConfigured
        extension = cls(crawler)
        crawler.signals.connect(extension.opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.closed, signal=signals.spider_closed)
        crawler.signals.connect(extension.scraped, signal=signals.item_scraped)
        return extension

    @property
    def pages(self) -> int:
        return self.crawler.stats.get_value("downloader/response_count", 0)

    def opened(self, spider: Any) -> None:
        self.name = spider.name
        ProgressLine.running.append(self)
        if ProgressLine.timer is None:
            _clear_before_log_lines()
            ProgressLine.timer = task.LoopingCall(draw)
            ProgressLine.timer.start(EVERY, now=True)  # drawn at once: even a short crawl shows it

    def scraped(self, item: Any, response: Any, spider: Any) -> None:
        if isinstance(item, PageError):
            self.errors += 1
        else:
            self.articles += 1

    def closed(self, spider: Any) -> None:
        ProgressLine.running.remove(self)
        if not ProgressLine.running and ProgressLine.timer is not None:
            ProgressLine.timer.stop()
            ProgressLine.timer = None
            sys.stderr.write(CLEAR_LINE)
            sys.stderr.flush()


def progress_line(extensions: list[ProgressLine]) -> str:
    """'Crawling changning: 12 pages, 5 articles, 0 failed · govcn: …'"""
    return "Crawling " + " · ".join(
        f"{e.name}: {e.pages} pages, {e.articles} articles, {e.errors} failed"
        for e in sorted(extensions, key=lambda e: e.name))


def draw() -> None:
    sys.stderr.write(CLEAR_LINE + progress_line(ProgressLine.running))
    sys.stderr.flush()


def _clear_before_log_lines() -> None:
    """A log line wipes the progress line first, so the two never share a line; the next tick redraws it."""

    def clear(record: logging.LogRecord) -> bool:
        sys.stderr.write(CLEAR_LINE)
        return True

    for handler in logging.getLogger().handlers:
        handler.addFilter(clear)
