"""The central government portal (gov.cn): the English news archive, Chinese policies and news.

English (SITES.md §3 and "now"): the archive `https://english.www.gov.cn/news/`,
then `/news/page_2.html`, `/news/page_3.html`, … (`page_1.html` is not known
to exist); articles `/news/{YYYYMM}/{DD}/content_WS{hex}.html`, older ones
under `/news/topnews/…` and `/policies/latestreleases/…`. Archive pages are
read by that URL pattern alone, not by their markup, so the date comes from
the URL. Body: `div.Artical_Content` (current), `#UCAP-CONTENT` (older pages).

Chinese: list entries are `<li><h4><a href>TITLE</a><span class="date">` in a
`div.list > ul` (current) or a `ul.list` (older pages); `li.line` items are
separators. The latest policies are listed in a JSON file
(`/zhengce/zuixin/ZUIXINZHENGCE.json`), which is read for any record whose
values hold an article URL, whatever its keys are called. Of the links, only
articles are followed: `…/content_{ID}.htm` under `/zhengce/zhengceku/`,
`/zhengce/content/`, `/zhengce/` or `/yaowen/liebiao/` with a `{YYYYMM}` folder
(from 2023 on), or under `/zhengce/…` and `/xinwen/` with `{YYYY-MM}/{DD}` (older).
A first list page where this finds nothing is reported as a broken source
(`empty_list`), never skipped.

Further HTML list pages are tried in turn until one is missing or holds no
links, up to `max_list_pages` per list. Article body: `#UCAP-CONTENT` (a
`td.b12c` in 2018, a `div.pages_content` now, after a stray `</html>` that the
page reader copes with). The language is left to the extract pipeline, which
detects it per page.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urljoin, urlsplit

from parsel import Selector
from scrapy.http import Request, Response

from occuwatch.scrapers.items import PageError
from occuwatch.scrapers.pages import find_iso_date, parse_html
from occuwatch.scrapers.spiders.base import ListRecord, NewsSpider

_ENGLISH_ARTICLE_PATH = re.compile(
    r"^/(?:news/(?:topnews/)?|policies/latestreleases/)(\d{4})(\d{2})/(\d{2})/content_WS[0-9a-f]+\.html$")
_OLD_CHINESE_ARTICLE_PATH = re.compile(
    r"^/(?:zhengce/(?:zhengceku/|content/)?|xinwen/)(\d{4})-(\d{2})/(\d{2})/content_\d+\.htm$")
_CHINESE_ARTICLE_PATH = re.compile(
    r"^/(?:zhengce/(?:zhengceku/|content/)?|yaowen/liebiao/)(\d{4})(\d{2})/content_\d+\.htm$")
ENGLISH_ARCHIVE_PREFIX = "/news/"
CHINESE_LIST_ENTRIES = "div.list > ul > li, ul.list > li"
_TITLE_KEY = re.compile(r"title|name|biaoti", re.I)
_DATE_KEY = re.compile(r"date|time|pub", re.I)


def is_english_archive(url: str) -> bool:
    """Whether a list URL is a page of the English news archive."""
    return urlsplit(url).path.startswith(ENGLISH_ARCHIVE_PREFIX)


def is_json_list(response: Response) -> bool:
    """Whether a list answer is a JSON file (by its type or its name)."""
    kind = (response.headers.get("Content-Type") or b"").decode("latin-1").lower()
    return "json" in kind or urlsplit(response.url).path.lower().endswith(".json")


def next_list_url(url: str, number: int) -> str:
    """List page `number` (1, 2, …) after the first, beside `url`: English `page_2.html` on, Chinese `home_1.htm` on."""
    name = f"page_{number + 1}.html" if is_english_archive(url) else f"home_{number}.htm"
    return urljoin(url, name)


def date_in_path(pattern: re.Pattern[str], href: str) -> str | None:
    """The ISO date an article URL carries, or None when the URL is not an article's."""
    match = pattern.match(urlsplit(href).path)
    return "-".join(match.groups()) if match else None


def chinese_article(href: str) -> tuple[bool, str | None]:
    """Whether a link is a Chinese article's, and the date its URL gives (only the older shape has a day)."""
    date = date_in_path(_OLD_CHINESE_ARTICLE_PATH, href)
    if date:
        return True, date
    return bool(_CHINESE_ARTICLE_PATH.match(urlsplit(href).path)), None


def page_selector(html: str) -> Selector:
    """A selector over the whole page: what follows a stray `</html>` (gov.cn's header ends with one) too."""
    return Selector(root=parse_html(html))


def english_archive_records(html: str) -> list[ListRecord]:
    """Article links of an English archive page, found by URL pattern; one record per URL."""
    records: dict[str, ListRecord] = {}
    for link in page_selector(html).css("a[href]"):
        href = link.attrib["href"].strip()
        date = date_in_path(_ENGLISH_ARTICLE_PATH, href)
        if date is None:
            continue
        title = link.attrib.get("title") or " ".join(" ".join(link.css("::text").getall()).split())
        if href not in records or not records[href].title:  # a picture link first, the headline later
            records[href] = ListRecord(href, title, date)
    return list(records.values())


def chinese_list_records(html: str, base_url: str | None = None) -> list[ListRecord]:
    """Policy and news article links of a Chinese HTML list page (`div.list > ul` now, `ul.list` before).

    Relative links are judged by their URL against `base_url` (the list page's), when given.
    """
    records = []
    for item in page_selector(html).css(CHINESE_LIST_ENTRIES):
        link = item.css("h4 a[href]") or item.css("a[href]")
        href = (link.attrib.get("href") or "").strip()
        is_article, url_date = chinese_article(urljoin(base_url, href) if base_url else href)
        if not is_article:
            continue
        title = link.attrib.get("title") or " ".join(" ".join(link.css("::text").getall()).split())
        date = find_iso_date(" ".join(item.css("span.date ::text").getall())) or url_date
        records.append(ListRecord(href, title, date))
    return records


def json_list_records(text: str) -> list[ListRecord]:
    """Article records of a JSON list file: each object with an article URL among its values.

    The title is the value of a key like `title`, the date that of a key like `date`/`time`, so the
    reader does not depend on the file's key names (not documented anywhere we could see).
    """
    try:
        data = json.loads(text)
    except ValueError:
        return []
    records: dict[str, ListRecord] = {}
    for entry in json_objects(data):
        strings = {key: value.strip() for key, value in entry.items() if isinstance(value, str)}
        href = next((v for v in strings.values() if chinese_article(v)[0]), None)
        if href is None or href in records:
            continue
        title = next((v for k, v in strings.items() if _TITLE_KEY.search(k) and v != href), "")
        dates = (find_iso_date(v) for k, v in strings.items() if _DATE_KEY.search(k))
        records[href] = ListRecord(href, title, next((d for d in dates if d), None) or chinese_article(href)[1])
    return list(records.values())


def json_objects(data: Any) -> Iterator[dict[str, Any]]:
    """Every object in a JSON value, depth first (lists may sit under any key)."""
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            yield value
            stack.extend(reversed(list(value.values())))
        elif isinstance(value, list):
            stack.extend(reversed(value))


class GovcnSpider(NewsSpider):
    """English news, the policy library's latest documents and top news of the gov.cn portal."""

    name = "govcn"
    language = None  # English and Chinese pages: detected per page
    start_urls = [
        "https://english.www.gov.cn/news/",
        "https://www.gov.cn/zhengce/zuixin/ZUIXINZHENGCE.json",
        "https://www.gov.cn/yaowen/liebiao/home.htm",
    ]
    # Either missing means a broken page or a redesign.
    content_selectors = ("div.Artical_Content", "#UCAP-CONTENT")

    def parse(self, response: Response) -> Iterator[Request | PageError]:
        """A list page: its article links, then the next list page (a JSON list has none)."""
        if is_json_list(response):
            records = json_list_records(response.text)
        elif is_english_archive(response.url):
            records = english_archive_records(response.text)
        else:
            records = chinese_list_records(response.text, response.url)
        if not records:
            yield from self.no_records(response, "article links")
            return
        yield from self.follow_records(response, records)
        number = response.meta.get("page_number", 0) + 1
        if not is_json_list(response) and number < self.max_list_pages and not self.only_known(response, records):
            yield self.probe_request(next_list_url(response.url, number), meta={"page_number": number})
