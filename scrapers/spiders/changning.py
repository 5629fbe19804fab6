"""Changning District, Shanghai — English site, column "Local News": its older and its current layout.

Older layout (2019–2020, Hanweb jcms, SITES.md §1): the column page
`/col/col1140/index.html` carries its first records as XML inside a script
block; the rest come from the jcms `dataproxy.jsp` POST, whose answers may
overlap (a browser asks for three pages at once): records already seen are
not counted or followed again. Articles `/art/{Y}/{M}/{D}/art_1140_{N}.html`.

Current layout (2022 on, SITES.md "now"): the site moved onto
`www.shcn.gov.cn`, articles `/english/col1140/{YYYYMMDD}/{ID}.html`. Its list
markup is unknown, so its column page (*assumed* `/english/col1140/index.html`)
is read by that URL pattern alone, the date taken from the URL; its article
body is *assumed* to keep the jcms `#zoom`. A page where neither layout finds a
record is reported as a broken source (`empty_list`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from parsel import Selector
from scrapy.http import FormRequest, Request, Response

from occuwatch.scrapers.items import PageError
from occuwatch.scrapers.pages import find_iso_date, parse_html
from occuwatch.scrapers.spiders.base import ListRecord, NewsSpider

_RECORD = re.compile(r"<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", re.S)
_NEXTGROUP = re.compile(r"<nextgroup>\s*<!\[CDATA\[(.*?)\]\]>\s*</nextgroup>", re.S)
_TOTAL_RECORDS = re.compile(r"<totalrecord>\s*(\d+)\s*</totalrecord>")
_TOTAL_PAGES = re.compile(r"<totalpage>\s*(\d+)\s*</totalpage>")
_PER_PAGE = re.compile(r"perPage\s*:\s*'?(\d+)")
# The current site's article URLs: /english/col1140/20260415/1308356.html (any column, any folder before it).
_CURRENT_ARTICLE_PATH = re.compile(r"/col\d+/(\d{4})(\d{2})(\d{2})/\d+\.html$")
DEFAULT_PER_PAGE = 15


def jcms_records(xml: str) -> list[ListRecord]:
    """The records of a jcms datastore (page script or dataproxy answer), hrefs as written.

    The date is the record's `readlabel` (`<b readlabel="2025-10-29">`) or else the first date in it.
    """
    records = []
    for fragment in _RECORD.findall(xml):
        entry = Selector(text=fragment)
        link = entry.css("a")
        href = link.attrib.get("href")
        if not href:
            continue
        title = link.attrib.get("title") or " ".join(link.css("::text").getall()).strip()
        label = entry.css("[readlabel]::attr(readlabel)").get()
        records.append(ListRecord(href.strip(), title.strip(), find_iso_date(label or "") or find_iso_date(fragment)))
    return records


def jcms_totals(xml: str) -> tuple[int | None, int | None]:
    """The `<totalrecord>` and `<totalpage>` a dataproxy answer states (None where absent)."""
    found = [_TOTAL_RECORDS.search(xml), _TOTAL_PAGES.search(xml)]
    return tuple(int(m.group(1)) if m else None for m in found)  # type: ignore[return-value]


def unseen_records(records: list[ListRecord], seen: set[str]) -> list[ListRecord]:
    """The records whose link is not in `seen` (which learns them): overlapping answers count once."""
    fresh = []
    for record in records:
        if record.url not in seen:
            seen.add(record.url)
            fresh.append(record)
    return fresh


def current_layout_records(html: str) -> list[ListRecord]:
    """Article links of a current-layout column page, by URL pattern; the date from the URL; one per URL."""
    records: dict[str, ListRecord] = {}
    for link in Selector(root=parse_html(html)).css("a[href]"):
        href = link.attrib["href"].strip()
        match = _CURRENT_ARTICLE_PATH.search(urlsplit(href).path)
        if match is None:
            continue
        title = link.attrib.get("title") or " ".join(" ".join(link.css("::text").getall()).split())
        if href not in records or not records[href].title:
            records[href] = ListRecord(href, title, "-".join(match.groups()))
    return list(records.values())


def jcms_proxy_form(page: str) -> tuple[str, dict[str, str]] | None:
    """The dataproxy path and POST form named by the page's <nextgroup>, if any."""
    match = _NEXTGROUP.search(page)
    href = Selector(text=match.group(1)).css("a::attr(href)").get() if match else None
    if not href:
        return None
    url = urlsplit(href)
    form = {k: v for k, v in parse_qsl(url.query) if k != "page"}
    form.setdefault("col", "1")
    return url.path, form


class ChangningSpider(NewsSpider):
    """Local News of the Changning English site: english.shcn.gov.cn (older), www.shcn.gov.cn/english (current)."""

    name = "changning"
    language = "en"
    start_urls = [
        "http://english.shcn.gov.cn/col/col1140/index.html",
        "https://www.shcn.gov.cn/english/col1140/index.html",
    ]
    content_selectors = ("#zoom",)  # jcms article body; its absence means a broken page or a redesign

    def apply_source_config(self, settings: Any) -> None:
        super().apply_source_config(settings)
        self.seen_records: set[str] = set()  # jcms answers overlap: each record is counted and followed once

    def parse(self, response: Response) -> Iterator[Request | PageError]:
        """A column page: the older layout's embedded records, then the dataproxy pages; or the current
        layout's links."""
        records = jcms_records(response.text)
        if not records:
            records = current_layout_records(response.text)
            if not records:
                yield self.empty_list(response, "jcms records or article links")
                return
            yield from self.follow_records(response, records)
            return
        yield from self.follow_records(response, unseen_records(records, self.seen_records))
        proxy = jcms_proxy_form(response.text)
        if proxy and not self.only_known(response, records):
            match = _PER_PAGE.search(response.text)
            per_page = int(match.group(1)) if match else DEFAULT_PER_PAGE
            yield self.proxy_request(response, proxy, start=len(records) + 1, per_page=per_page, page=2)

    def proxy_request(self, response: Response, proxy: tuple[str, dict[str, str]],
                      *, start: int, per_page: int, page: int) -> Request:
        """POST for records start..start+per_page-1 of the column."""
        path, form = proxy
        end = start + per_page - 1
        url = response.urljoin(f"{path}?startrecord={start}&endrecord={end}&perpage={per_page}")
        meta: dict[str, Any] = {"list_page": True, "jcms_proxy": proxy, "end": end, "per_page": per_page, "page": page}
        return FormRequest(url, formdata=form, callback=self.parse_proxy, errback=self.record_failure,
                           meta=meta, dont_filter=True)

    def parse_proxy(self, response: Response) -> Iterator[Request | PageError]:
        """A dataproxy answer: more records (those not seen in an earlier, overlapping answer), and the next page
        while any remain."""
        records = jcms_records(response.text)
        yield from self.follow_records(response, unseen_records(records, self.seen_records))
        total, _ = jcms_totals(response.text)
        end, page = response.meta["end"], response.meta["page"]
        more = records and total and end < total and page < self.max_list_pages
        if more and not self.only_known(response, records):
            yield self.proxy_request(response, response.meta["jcms_proxy"], start=end + 1,
                                     per_page=response.meta["per_page"], page=page + 1)
