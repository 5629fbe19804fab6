"""What every occuwatch spider shares: configurable start URLs, errors as items."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

import scrapy
from scrapy.http import Request, Response
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.response import get_base_url
from twisted.python.failure import Failure
from w3lib.url import canonicalize_url, url_query_cleaner

from occuwatch.scrapers.failures import EmptyPage, describe_failure
from occuwatch.scrapers.items import ArticlePage, PageError
from occuwatch.scrapers.pages import CONTENT_SELECTORS

LIST_LINKS_STAT = "occuwatch/list_links"
KNOWN_ARTICLES_STAT = "occuwatch/known_articles"  # article links not followed: already stored
END_OF_LIST_STATUSES = (404, 410)  # a guessed next list page that is not there: the list has ended
# Query parameters that only say where a reader came from: the same article without them.
TRACKING_PARAMETERS = ("utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content", "spm")
_INDEX_PAGE = re.compile(r"/index\.(?:html?|shtml)$")
# A URL w3lib would leave as it is: lower-case host, a path of unreserved characters (no dot segments),
# no query or fragment.
_PLAIN_URL = re.compile(r"https?://[a-z0-9.-]+(?::\d+)?/[A-Za-z0-9_.~/-]*")


def canonical_url(url: str) -> str:
    """One URL per article: tracking parameters and fragment dropped, query sorted, `/index.html` → `/`."""
    if _PLAIN_URL.fullmatch(url) and "/." not in url and not _INDEX_PAGE.search(url):  # `/./`, `/../`: w3lib
        return url  # most article links; w3lib takes ~10 µs a URL, a list of 50,000 links half a second
    url = canonicalize_url(url_query_cleaner(url, TRACKING_PARAMETERS, remove=True, keep_fragments=True))
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=_INDEX_PAGE.sub("/", parts.path)))


@lru_cache(maxsize=64)
def _origin(base: str) -> str:
    parts = urlsplit(base)
    return f"{parts.scheme}://{parts.netloc}"


def absolute_url(base: str, href: str) -> str:
    """urljoin(base, href), with absolute links and root-relative paths (most list links) joined without
    parsing: urljoin costs ~8 µs a link, half the reading of a list of 50,000."""
    if "/." not in href and "\\" not in href:  # dot segments and backslashes: urljoin resolves them
        if href.startswith(("http://", "https://")):
            return href
        if href.startswith("/") and not href.startswith("//"):
            return _origin(base) + href
    return urljoin(base, href)


def link_url(response: Response, href: str) -> str:
    """The absolute URL of a link on a page (its `<base href>` respected, as `response.urljoin` does)."""
    return absolute_url(get_base_url(response), href)


@dataclass(frozen=True)
class ListRecord:
    """One entry of a list page: link (as written), full title and date."""

    url: str
    title: str
    date: str | None


class NewsSpider(scrapy.Spider):
    """A news site: list pages lead to article pages.

    Subclasses set `name`, `language` and `start_urls`, and parse their list
    pages into article requests made with `article_request`.
    """

    language: str | None = None
    content_selectors: tuple[str, ...] = CONTENT_SELECTORS
    every_list_page = False  # set by scrapers.incremental after a run that did not finish: no early stop

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> NewsSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.apply_source_config(crawler.settings)
        return spider

    def apply_source_config(self, settings: Any) -> None:
        """Take start URLs from `[sources.NAME]` when given; allowed domains follow from them."""
        source = settings.getdict("OCCUWATCH_SOURCES").get(self.name, {})
        if source.get("start_urls"):
            self.start_urls = list(source["start_urls"])
        # Never leave the hosts of the start URLs (a mirror's, when configured).
        self.allowed_domains = sorted({urlsplit(u).hostname for u in self.start_urls if urlsplit(u).hostname})
        self.max_list_pages = settings.getint("OCCUWATCH_MAX_LIST_PAGES", 20)
        # Filled from the database by scrapers.incremental; empty: every article is fetched.
        self.known_articles: set[str] = set()
        self.full = settings.getbool("OCCUWATCH_FULL")

    async def start(self) -> AsyncIterator[Request]:
        for url in self.start_urls:
            yield self.list_request(url, callback=self.parse)

    def list_request(self, url: str, **kwargs: Any) -> Request:
        """A request for a list page: its failure means the source is broken."""
        kwargs.setdefault("meta", {})["list_page"] = True
        kwargs.setdefault("errback", self.record_failure)
        return Request(url, dont_filter=True, **kwargs)

    def probe_request(self, url: str, **kwargs: Any) -> Request:
        """A list page guessed to exist (next page of a list): 404 or no links there ends the list."""
        kwargs.setdefault("meta", {})["probe"] = True
        return self.list_request(url, errback=self.probe_failed, **kwargs)

    def probe_failed(self, failure: Failure) -> Iterator[PageError]:
        """Errback of `probe_request`: a missing page is the end of the list, anything else a failure."""
        missing = failure.check(HttpError) and failure.value.response.status in END_OF_LIST_STATUSES
        if missing or failure.check(EmptyPage):
            self.logger.debug("%s: %s is not there: end of the list", self.name, failure.request.url)
            return
        yield from self.record_failure(failure)

    def article_request(self, url: str, **kwargs: Any) -> Request:
        """A request for an article page (its canonical URL), parsed by `parse_article`."""
        kwargs.setdefault("callback", self.parse_article)
        return Request(canonical_url(url), errback=self.record_failure, **kwargs)

    def count_list_links(self, count: int) -> None:
        """Keep the number of article links the list pages yielded (0 = source broken)."""
        self.crawler.stats.inc_value(LIST_LINKS_STAT, count)

    def is_known(self, url: str) -> bool:
        """Whether an article is stored already, so this run need not fetch it (never under --full)."""
        return not self.full and url in self.known_articles

    def only_known(self, response: Response, records: Iterable[ListRecord]) -> bool:
        """Whether a list page holds only stored articles: older pages need not be read."""
        return not (self.full or self.every_list_page) and all(
            self.is_known(canonical_url(link_url(response, r.url))) for r in records)

    def follow_records(self, response: Response, records: Iterable[ListRecord]) -> Iterator[Request]:
        """Article requests for list records not stored yet, with list title and date as fallbacks."""
        records = list(records)
        self.count_list_links(len(records))
        known = 0
        for record in records:
            url = canonical_url(link_url(response, record.url))
            if not url.startswith(("http://", "https://")):  # javascript:, mailto:, file:, ftp: …
                self.logger.warning("%s: %s links to %s, which is not a web page; not followed", self.name,
                                    response.url, url)
                continue
            if self.is_known(url):
                known += 1
                continue
            yield self.article_request(url, meta={"list_title": record.title, "list_date": record.date})
        self.crawler.stats.inc_value(KNOWN_ARTICLES_STAT, known)

    def no_records(self, response: Response, what: str) -> Iterator[PageError]:
        """A list page without links: the end of a guessed continuation, else a broken source."""
        if response.meta.get("probe"):
            self.logger.debug("%s: %s holds no %s: end of the list", self.name, response.url, what)
            return
        yield self.empty_list(response, what)

    def empty_list(self, response: Response, what: str) -> PageError:
        """The list page answered but held no article links: layout changed or page broken."""
        self.logger.error("%s: list page %s yielded no %s; has the site been redesigned?",
                          self.name, response.url, what)
        return PageError(response.url, self.name, "list-empty",
                         f"list page yielded no {what}: the site may have been redesigned", list_page=True)

    def article_page(self, response: Response) -> ArticlePage:
        """A fetched article page, with the list page's title and date as fallbacks."""
        return ArticlePage(url=response.url, source=self.name, html=response.text,
                           content_selectors=self.content_selectors, list_title=response.meta.get("list_title"),
                           list_date=response.meta.get("list_date"), language=self.language)

    def parse_article(self, response: Response) -> Iterator[ArticlePage | PageError | Request]:
        """An article page, read and parsed by the extract pipeline (pipelines.extract), off this process."""
        yield self.article_page(response)

    def record_failure(self, failure: Failure) -> Iterator[PageError]:
        """Errback: a request failed after retries → PageError item, under the URL first asked for."""
        request = failure.request
        url = (request.meta.get("redirect_urls") or [request.url])[0]
        kind, message = describe_failure(failure, self.crawler.settings.getint("DOWNLOAD_MAXSIZE"))
        list_page = bool(request.meta.get("list_page"))
        self.logger.error("%s: %s failed: %s", self.name, url, message)
        yield PageError(url, self.name, kind, message, list_page=list_page)
