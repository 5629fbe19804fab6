"""Item pipeline: run the parser on each Article (in a worker process when [crawl] parse_workers > 0)."""

from __future__ import annotations

from typing import Any

from pipelines.announcement import Announcement
from pipelines.parse import detect_language, extract
from scrapers.items import Article
from scrapers.workers import offload


def announce(title: str, text: str, published: str | None, language: str | None) -> tuple[str, Announcement]:
    """The article's language (detected when not given) and what it announces."""
    language = language or detect_language(f"{title}\n{text}")
    return language, extract(text, title=title, published=published, language=language)


class ExtractPipeline:
    """Fill `announcement` (and the language, when the spider did not know it)."""

    def __init__(self, workers: int = 0) -> None:
        self.workers = workers

    @classmethod
    def from_crawler(cls, crawler: Any) -> ExtractPipeline:
        return cls(crawler.settings.getint("OCCUWATCH_PARSE_WORKERS", 0))

    async def process_item(self, item: Any) -> Any:
        if isinstance(item, Article):
            item.language, item.announcement = await offload(
                self.workers, announce, item.title, item.text, item.published, item.language)
        return item
