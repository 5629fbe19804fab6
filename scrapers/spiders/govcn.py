"""The central government portal (gov.cn): the English news archive, Chinese policies and news.

English (SITES.md §3): the archive `https://english.www.gov.cn/news/`, then
`/news/page_1.html`, `/news/page_2.html`, …; articles
`/news/{YYYYMM}/{DD}/content_WS{hex}.html`. Archive pages are read by that URL
pattern alone, not by their markup, so the date comes from the URL.

Chinese: the list pages are not described in SITES.md. Their markup is
*assumed* to be `<ul class="list"><li><h4><a href>TITLE</a><span class="date">
YYYY-MM-DD</span></h4></li>…</ul>`, on `/zhengce/zuixin/home.htm` (then
`home_1.htm`, …) and `/xinwen/yaowen/home.htm`; of its links only articles of
the policy library `/zhengce/zhengceku/{YYYY-MM}/{DD}/content_{ID}.htm` (and
`/zhengce/content/…`) and of the news `/xinwen/{YYYY-MM}/{DD}/content_{ID}.htm`
are followed. A first list page where this finds nothing is reported as a
broken source (`empty_list`), never skipped.

Further list pages are tried in turn until one is missing or holds no links,
up to `max_list_pages` per list. Article body: `#UCAP-CONTENT` on both hosts,
the portal's UCAP CMS (*assumed* for the English pages, where `div.content`
is a wider block that also holds the headline and the date line). The
language is left to the extract pipeline, which detects it per page.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urljoin, urlsplit

from parsel import Selector
from scrapy.http import Request, Response

from occuwatch.scrapers.items import PageError
from occuwatch.scrapers.pages import find_iso_date
from occuwatch.scrapers.spiders.base import ListRecord, NewsSpider

_ENGLISH_ARTICLE_PATH = re.compile(r"^/news/(\d{4})(\d{2})/(\d{2})/content_WS[0-9a-f]+\.html$")
_CHINESE_ARTICLE_PATH = re.compile(
    r"^/(?:zhengce/(?:zhengceku/|content/)?|xinwen/)(\d{4})-(\d{2})/(\d{2})/content_\d+\.htm$")
ENGLISH_ARCHIVE_PREFIX = "/news/"


def is_english_archive(url: str) -> bool:
    """Whether a list URL is a page of the English news archive."""
    return urlsplit(url).path.startswith(ENGLISH_ARCHIVE_PREFIX)


def next_list_url(url: str, number: int) -> str:
    """List page `number` (1, 2, …) after the first, beside `url`."""
    name = f"page_{number}.html" if is_english_archive(url) else f"home_{number}.htm"
    return urljoin(url, name)


def date_in_path(pattern: re.Pattern[str], href: str) -> str | None:
    """The ISO date an article URL carries, or None when the URL is not an article's."""
    match = pattern.match(urlsplit(href).path)
    return "-".join(match.groups()) if match else None


def english_archive_records(html: str) -> list[ListRecord]:
    """Article links of an English archive page, found by URL pattern; one record per URL."""
    records: dict[str, ListRecord] = {}
    for link in Selector(text=html).css("a[href]"):
        href = link.attrib["href"].strip()
        date = date_in_path(_ENGLISH_ARTICLE_PATH, href)
        if date is None:
            continue
        title = link.attrib.get("title") or " ".join(" ".join(link.css("::text").getall()).split())
        if href not in records or not records[href].title:  # a picture link first, the headline later
            records[href] = ListRecord(href, title, date)
    return list(records.values())


def chinese_list_records(html: str) -> list[ListRecord]:
    """Policy and news article links of a Chinese list page (the assumed `ul.list` markup)."""
    records = []
    for item in Selector(text=html).css("ul.list > li"):
        link = item.css("h4 a[href]")
        href = (link.attrib.get("href") or "").strip()
        url_date = date_in_path(_CHINESE_ARTICLE_PATH, href)
        if url_date is None:
            continue
        title = link.attrib.get("title") or " ".join(" ".join(link.css("::text").getall()).split())
        date = find_iso_date(" ".join(item.css("span.date ::text").getall())) or url_date
        records.append(ListRecord(href, title, date))
    return records


class GovcnSpider(NewsSpider):
    """English news, the policy library's latest documents and top news of the gov.cn portal."""

    name = "govcn"
    language = None  # English and Chinese pages: detected per page
    start_urls = [
        "https://english.www.gov.cn/news/",
        "https://www.gov.cn/zhengce/zuixin/home.htm",
        "https://www.gov.cn/xinwen/yaowen/home.htm",
    ]
    content_selectors = ("#UCAP-CONTENT",)  # its absence means a broken page or a redesign

    def parse(self, response: Response) -> Iterator[Request | PageError]:
        """A list page: its article links, then the next list page."""
        if is_english_archive(response.url):
            records = english_archive_records(response.text)
        else:
            records = chinese_list_records(response.text)
        if not records:
            yield from self.no_records(response, "article links")
            return
        yield from self.follow_records(response, records)
        number = response.meta.get("page_number", 0) + 1
        if number < self.max_list_pages and not self.only_known(response, records):
            yield self.probe_request(next_list_url(response.url, number), meta={"page_number": number})
