"""Item pipeline: run the parser on each Article."""

from __future__ import annotations

from typing import Any

from pipelines.parse import detect_language, extract
from scrapers.items import Article


class ExtractPipeline:
    """Fill `announcement` (and the language, when the spider did not know it)."""

    def process_item(self, item: Any) -> Any:
        if isinstance(item, Article):
            item.language = item.language or detect_language(f"{item.title}\n{item.text}")
            item.announcement = extract(item.text, title=item.title, published=item.published,
                                        language=item.language)
        return item
