"""Item pipeline: read each fetched article page and run the parser on it, in a worker process when
[crawl] parse_workers > 0, so that the crawl process only fetches and stores."""

from __future__ import annotations

import logging
from typing import Any

from occuwatch.scrapers.items import Article, ArticlePage, PageError
from occuwatch.scrapers.pages import read_article_page
from occuwatch.scrapers.workers import offload

logger = logging.getLogger(__name__)


def read_and_announce(page: ArticlePage) -> Article | PageError:
    """An article page → its Article, with its language (detected when the source gives none) and what it
    announces; or a PageError when it has no body."""
    # Imported here: with parse workers the crawl process never parses, and the parsers' tables
    # (zhconv's included) take about 0.2 s to import.
    from occuwatch.pipelines.parse import detect_language, extract

    item = read_article_page(page)
    if isinstance(item, Article):
        item.language = item.language or detect_language(f"{item.title}\n{item.text}")
        item.announcement = extract(item.text, title=item.title, published=item.published, language=item.language)
    return item


class ExtractPipeline:
    """ArticlePage → Article with its `announcement` (and language), or PageError."""

    def __init__(self, workers: int = 0) -> None:
        self.workers = workers

    @classmethod
    def from_crawler(cls, crawler: Any) -> ExtractPipeline:
        return cls(crawler.settings.getint("OCCUWATCH_PARSE_WORKERS", 0))

    async def process_item(self, item: Any) -> Any:
        if isinstance(item, ArticlePage):
            page = item
            try:
                item = await offload(self.workers, read_and_announce, page)
            except Exception as exc:  # recorded against the run, so the next run tries the page again
                item = PageError(page.url, page.source, "parser", f"reading the page failed: {exc!r}")
            if isinstance(item, PageError):
                logger.warning("%s: %s in %s", item.source, item.message, item.url)
        return item
