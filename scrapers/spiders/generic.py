"""Sources that need no code of their own: list pages, a link pattern, a content selector.

A `[sources.NAME]` table with `kind = "generic"` becomes a spider named NAME
(scrapers.loader makes one subclass of `GenericSpider` per such table):

    [sources.xuhui]
    kind = "generic"
    start_urls = ["https://www.xuhui.gov.cn/xxgk/list.html"]   # the list pages
    link_pattern = '/xxgk/\\d{4}/\\d+\\.html$'   # regex searched in each absolute link URL
    content_selector = "div.article-body"        # CSS of the article text (default: the usual CMS blocks)
    language = "zh"                              # optional: "en" or "zh" (default: detected per page)
    next_page = "a.next"                         # optional: CSS of the next-page link, or a
                                                 #   template such as "index_{n}.html" (n = 1, 2, …)
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from typing import Any
from urllib.parse import urljoin

from lxml.etree import _Element
from scrapy.http import Request, Response

from occuwatch.scrapers.items import PageError
from occuwatch.scrapers.pages import CONTENT_SELECTORS, find_iso_date
from occuwatch.scrapers.spiders.base import ListRecord, NewsSpider, link_url

PAGE_NUMBER = "{n}"  # marks a next_page template rather than a CSS selector


def link_records(response: Response, pattern: re.Pattern[str]) -> list[ListRecord]:
    """Links of a list page whose absolute URL matches `pattern`, one record per URL, in page order.

    Read from the lxml tree Scrapy has parsed already (a parsel Selector per link cost about twice as
    much), in time linear in the page: each link's date is read from its own entry (`entry_text`).
    """
    records: dict[str, ListRecord] = {}
    # `//a`, not .iter(): also the links lxml put in a second root after a stray </html>.
    links = response.selector.root.xpath("//a[@href]")
    shared = Counter(link.getparent() for link in links)
    for link in links:
        url = link_url(response, link.get("href").strip())
        if url in records or not pattern.search(url):
            continue
        text = " ".join(" ".join(link.itertext()).split())
        records[url] = ListRecord(url, link.get("title") or text, find_iso_date(entry_text(link, text, shared)))
    return list(records.values())


def entry_text(link: _Element, link_text: str, links_per_parent: Counter) -> str:
    """The text of a link's list entry, where its date stands.

    The link's parent when the parent holds no other link (`<li><a/><span>date</span></li>`); when
    links share one container (`<div><a/> date<br><a/> date…</div>`), the link and what follows it up
    to the next link. Reading the whole container for each link took time quadratic in the list.
    """
    around = link.getparent()
    if around is not None and links_per_parent[around] == 1:
        return " ".join(around.itertext())
    pieces = [link_text, link.tail or ""]
    for sibling in link.itersiblings():
        if sibling.tag == "a":
            break
        if len(sibling):  # an element with children: the next entry if a link is among them
            if sibling.find(".//a") is not None:
                break
            pieces.extend(sibling.itertext())
        elif isinstance(sibling.tag, str) and sibling.text:  # not a comment
            pieces.append(sibling.text)
        pieces.append(sibling.tail or "")
    return " ".join(pieces)


class GenericSpider(NewsSpider):
    """A news site read by configuration alone (no `name`: scrapers.loader names each subclass)."""

    def apply_source_config(self, settings: Any) -> None:
        """Take list pages, link pattern, content selector, language and pager from `[sources.NAME]`."""
        super().apply_source_config(settings)
        source = settings.getdict("OCCUWATCH_SOURCES").get(self.name, {})
        self.link_pattern = re.compile(source["link_pattern"])
        selector = source.get("content_selector")
        self.content_selectors = (selector,) if selector else CONTENT_SELECTORS
        self.language = source.get("language")
        self.next_page: str | None = source.get("next_page")

    def parse(self, response: Response) -> Iterator[Request | PageError]:
        """A list page: its matching links, then the next list page while it may hold new ones."""
        records = link_records(response, self.link_pattern)
        if not records:
            yield from self.no_records(response, f"links matching {self.link_pattern.pattern!r}")
            return
        yield from self.follow_records(response, records)
        number = response.meta.get("page_number", 0) + 1
        if self.next_page and number < self.max_list_pages and not self.only_known(response, records):
            yield from self.next_list_page(response, number)

    def next_list_page(self, response: Response, number: int) -> Iterator[Request]:
        """List page `number`: from the template (guessed, so it may be missing) or the page's link."""
        first = response.meta.get("first_list_url", response.url)
        meta = {"page_number": number, "first_list_url": first}
        if PAGE_NUMBER in self.next_page:
            yield self.probe_request(urljoin(first, self.next_page.replace(PAGE_NUMBER, str(number))), meta=meta)
            return
        href = response.css(self.next_page).attrib.get("href")
        if href:
            yield self.list_request(response.urljoin(href.strip()), meta=meta)
