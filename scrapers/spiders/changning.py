"""Changning District, Shanghai — English site (Hanweb jcms), column "Local News".

The column page carries its first records as XML inside a script block; the
rest come from the jcms `dataproxy.jsp` POST (SITES.md §1).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from parsel import Selector
from scrapy.http import FormRequest, Request, Response

from occuwatch.scrapers.items import PageError
from occuwatch.scrapers.pages import find_iso_date
from occuwatch.scrapers.spiders.base import ListRecord, NewsSpider

_RECORD = re.compile(r"<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", re.S)
_NEXTGROUP = re.compile(r"<nextgroup>\s*<!\[CDATA\[(.*?)\]\]>\s*</nextgroup>", re.S)
_TOTAL_RECORDS = re.compile(r"<totalrecord>\s*(\d+)\s*</totalrecord>")
_PER_PAGE = re.compile(r"perPage\s*:\s*'?(\d+)")
DEFAULT_PER_PAGE = 15


def jcms_records(xml: str) -> list[ListRecord]:
    """The records of a jcms datastore (page script or dataproxy answer), hrefs as written."""
    records = []
    for fragment in _RECORD.findall(xml):
        link = Selector(text=fragment).css("a")
        href = link.attrib.get("href")
        if not href:
            continue
        title = link.attrib.get("title") or " ".join(link.css("::text").getall()).strip()
        records.append(ListRecord(href, title, find_iso_date(fragment)))
    return records


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
    """Local News of english.shcn.gov.cn."""

    name = "changning"
    language = "en"
    start_urls = ["http://english.shcn.gov.cn/col/col1140/index.html"]
    content_selectors = ("#zoom",)  # jcms article body; its absence means a broken page or a redesign

    def parse(self, response: Response) -> Iterator[Request | PageError]:
        """The column page: its embedded records, then the dataproxy pages."""
        records = jcms_records(response.text)
        if not records:
            yield self.empty_list(response, "jcms records")
            return
        yield from self.follow_records(response, records)
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
        """A dataproxy answer: more records, and the next page while any remain."""
        records = jcms_records(response.text)
        yield from self.follow_records(response, records)
        total = _TOTAL_RECORDS.search(response.text)
        end, page = response.meta["end"], response.meta["page"]
        more = records and total and end < int(total.group(1)) and page < self.max_list_pages
        if more and not self.only_known(response, records):
            yield self.proxy_request(response, response.meta["jcms_proxy"], start=end + 1,
                                     per_page=response.meta["per_page"], page=page + 1)
