"""What spiders yield: an Article, or a PageError for a page that could not be used."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


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


@dataclass
class PageError:
    """A page that failed: recorded against the run and retried next run."""

    url: str
    source: str
    kind: str  # "http", "network", "malformed", "list-empty", "spider"
    message: str
    list_page: bool = False  # a list page failed: the source itself is broken
