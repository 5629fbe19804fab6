"""Incremental crawls decided from the database: stored articles are skipped, list pages re-validated.

When a spider opens, `IncrementalMiddleware` gives it the URLs of its source's
stored articles (`NewsSpider.known_articles`) and loads the saved validators
of its list pages. It asks for a saved list page conditionally, and turns a
`304 Not Modified` back into the page saved last time (flagged "unchanged"),
so the spider reads its links as usual: one that failed last run is not
stored and is followed again. After a run of the source that did not finish
(killed, crashed), every list page is read once, since that run may have
stored newer articles without older ones. The store pipeline saves list pages
(`save_list_page`). With OCCUWATCH_FULL (`occuwatch crawl --full`) it does
nothing: every page is fetched and every article re-stored.

`RetryFailedMiddleware` asks again, after the start requests, for every
article page of the source that failed in an earlier run and is not stored,
wherever it sat: on a list page this run may not read (a later page of a
list that holds nothing new), or on none any more.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.http import Headers, Request, Response, TextResponse
from scrapy.responsetypes import responsetypes

from occuwatch.db.list_pages import (
    SavedListPage,
    known_articles,
    last_run_finished,
    list_page_validators,
    pending_failures,
    read_only,
    saved_list_page,
)

UNCHANGED_STAT = "occuwatch/list_unchanged"
UNCHANGED_FLAG = "unchanged"
CONDITIONAL_META = "occuwatch_conditional"
CONDITIONAL_HEADERS = (b"If-None-Match", b"If-Modified-Since")
RETRIED_STAT = "occuwatch/failed_pages_retried"


def is_list_page(request: Request) -> bool:
    """Whether a request asks for a list page that can be re-validated (a GET)."""
    return bool(request.meta.get("list_page")) and request.method == "GET"


def list_page_row(request: Request, response: Response, source: str) -> dict[str, Any] | None:
    """What to save of a list page answered 200 with a validator, or None (nothing to save)."""
    etag = response.headers.get("ETag")
    modified = response.headers.get("Last-Modified")
    if not (etag or modified) or UNCHANGED_FLAG in response.flags:
        return None
    content_type = response.headers.get("Content-Type")
    return {
        "url": request.url, "source": source,
        "etag": etag.decode("latin-1") if etag else None,
        "last_modified": modified.decode("latin-1") if modified else None,
        "content_type": content_type.decode("latin-1") if content_type else None,
        "encoding": response.encoding if isinstance(response, TextResponse) else None,
        "body": response.body,
    }


class IncrementalMiddleware:
    """Downloader middleware: conditional list requests, 304s answered from the saved page."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.path = crawler.settings.get("OCCUWATCH_DATABASE")
        self.enabled = bool(self.path) and not crawler.settings.getbool("OCCUWATCH_FULL")
        self.validators: dict[str, tuple[str | None, str | None]] = {}

    @classmethod
    def from_crawler(cls, crawler: Any) -> IncrementalMiddleware:
        middleware = cls(crawler)
        crawler.signals.connect(middleware.spider_opened, signal=signals.spider_opened)
        return middleware

    def spider_opened(self, spider: Any) -> None:
        """Load what the database knows of this source."""
        connection = read_only(self.path) if self.enabled else None
        if connection is None:
            return
        try:
            spider.known_articles = known_articles(connection, spider.name)
            self.validators = list_page_validators(connection, spider.name)
            # After an unfinished run, older list pages are read even behind a page of known links.
            spider.every_list_page = not last_run_finished(connection, spider.name)
        finally:
            connection.close()

    def process_request(self, request: Request) -> None:
        if not self.enabled or not is_list_page(request) or request.url not in self.validators:
            return
        etag, modified = self.validators[request.url]
        if etag:
            request.headers.setdefault("If-None-Match", etag)
        if modified:
            request.headers.setdefault("If-Modified-Since", modified)
        request.meta[CONDITIONAL_META] = True

    def process_response(self, request: Request, response: Response) -> Request | Response:
        if response.status != 304 or not request.meta.get(CONDITIONAL_META):
            return response
        saved = self.saved_page(request.url)
        if saved is None:  # deleted meanwhile: ask again, unconditionally
            self.validators.pop(request.url, None)
            retry = request.replace(dont_filter=True)
            for header in CONDITIONAL_HEADERS:
                retry.headers.pop(header, None)
            retry.meta.pop(CONDITIONAL_META, None)
            return retry
        self.crawler.stats.inc_value(UNCHANGED_STAT)
        headers = Headers({"Content-Type": saved.content_type} if saved.content_type else {})
        cls = responsetypes.from_args(headers=headers, url=request.url, body=saved.body)
        kwargs = {"encoding": saved.encoding} if issubclass(cls, TextResponse) and saved.encoding else {}
        return cls(url=request.url, status=200, headers=headers, body=saved.body, request=request,
                   flags=[*response.flags, UNCHANGED_FLAG], **kwargs)

    def saved_page(self, url: str) -> SavedListPage | None:
        """The saved list page, read when needed (bodies are not kept in memory)."""
        connection = read_only(self.path)
        if connection is None:
            return None
        try:
            return saved_list_page(connection, url)
        finally:
            connection.close()


class RetryFailedMiddleware:
    """Spider middleware: after the start requests, the source's failed article pages not stored since."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.path = crawler.settings.get("OCCUWATCH_DATABASE")

    @classmethod
    def from_crawler(cls, crawler: Any) -> RetryFailedMiddleware:
        return cls(crawler)

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        async for request in start:
            yield request
        spider = self.crawler.spider
        connection = read_only(self.path) if self.path else None
        if connection is None or not hasattr(spider, "article_request"):
            return
        try:
            urls = pending_failures(connection, spider.name)
        finally:
            connection.close()
        for url in urls:
            # A page of a host the source no longer reads (its start URLs moved) is not asked for.
            host = urlsplit(url).hostname or ""
            if any(host == domain or host.endswith(f".{domain}") for domain in spider.allowed_domains):
                self.crawler.stats.inc_value(RETRIED_STAT)
                yield spider.article_request(url)
