"""What spiders yield: an ArticlePage, or a PageError for a page that could not be used; the extract pipeline
turns an ArticlePage into an Article (or a PageError)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class ArticlePage:
    """A fetched article page, not read yet: the extract pipeline reads it, in a worker process when
    there are workers, so the crawl process does not spend its time in lxml."""

    url: str
    source: str
    html: str  # decoded as Scrapy (and the charset fix) decoded it
    content_selectors: tuple[str, ...]  # where the body may be, first found wins
    list_title: str | None  # from the list page: used when the page gives none
    list_date: str | None
    language: str | None
    appendix: str = ""  # text the spider adds under the page's own (a notice's attachments)


@dataclass
class Article:
    """One fetched news page, as text."""

    url: str
    source: str
    title: str
    published: str | None  # ISO date the page gives, if any
    language: str | None  # "en" / "zh"; None: the extract pipeline detects it
    text: str
    announcement: Any = field(default=None)  # set by the extract pipeline
    article_id: str | None = None  # the page's own stable id (gov.cn's manuscriptId), where it gives one
    read_by: str = "selector"  # "fallback": no content selector matched; the main text was taken generically


@dataclass
class PageError:
    """A page that failed: recorded against the run and retried next run."""

    url: str
    source: str
    kind: str  # scrapers.failures' kinds, "malformed", "spider" (a callback raised), "parser"
    message: str
    list_page: bool = False  # a list page failed: the source itself is broken
