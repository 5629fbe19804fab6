"""Ministry of Human Resources and Social Security (TRS WCM), Chinese: notices and ministry news.

List pages are `index.html`, `index_1.html`, …; their number comes from the
TRS `createPageHTML(count, current, "index", "html")` script when a page has
one, else the next page is tried until one is missing (SITES.md §2).

Notices often carry their lists in attachments (附件). Attachment links in
the body (*assumed*: inside `div.insMainConTxt`, as the body's other links)
that lead to HTML pages are fetched one after another and their text is
appended to the notice under a line `附件：NAME`; the notice is yielded once,
after its last attachment. Office files and PDFs are not read, only named.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import urljoin, urlsplit

from parsel import Selector, SelectorList
from scrapy.http import Request, Response, TextResponse
from twisted.python.failure import Failure

from occuwatch.scrapers.items import ArticlePage, PageError
from occuwatch.scrapers.pages import find_iso_date, text_from_html
from occuwatch.scrapers.spiders.base import ListRecord, NewsSpider

_PAGE_COUNT_CALL = re.compile(r"createPageHTML\(\s*(\d+)\s*,")
_PAGE_COUNT_VAR = re.compile(r"\bcountPage\s*=\s*(\d+)")
_ATTACHMENT_LABEL = re.compile(r"^\s*附\s*件\s*[\d一二三四五六七八九十]*\s*[：:．.、]?\s*")
HTML_EXTENSIONS = frozenset({"html", "htm", "shtml"})
DOCUMENT_EXTENSIONS = frozenset({"doc", "docx", "wps", "xls", "xlsx", "et", "pdf", "ofd", "zip", "rar", "ppt", "pptx"})
BODY_SELECTOR = "div.insMainConTxt"
# Where the body is found on current pages (SITES.md "now"): a class, an id, or the TRS editor's block.
BODY_SELECTORS = (BODY_SELECTOR, "#insMainConTxt", ".TRS_Editor")


@dataclass(frozen=True)
class Attachment:
    """A file a notice links to: its URL, its name as the notice gives it, its extension."""

    url: str
    name: str
    extension: str

    @property
    def is_html(self) -> bool:
        """True when it is a page we can read."""
        return self.extension in HTML_EXTENSIONS

    def heading(self) -> str:
        """The line that introduces the attachment's text in the notice's text."""
        return f"附件：{self.name}"

    def unread(self, reason: str | None = None) -> str:
        """The line that names an attachment whose text is not in the notice."""
        return f"附件：{self.name}（未读取：{reason or self.extension}）"


def trs_list_records(html: str) -> list[ListRecord]:
    """The entries of a TRS list page: href as written, full title (the `title` attribute), date."""
    records = []
    for entry in Selector(text=html).css("div.serviceMainListConType > div.serviceMainListTabCon"):
        link = entry.css("div.serviceMainListTxt span.serviceMainListTxtLink a")
        href = link.attrib.get("href")
        if not href:
            continue
        title = link.attrib.get("title") or " ".join(link.css("::text").getall()).strip()
        date = find_iso_date(" ".join(entry.css("span.organMenuTxtLink ::text").getall()))
        records.append(ListRecord(href.strip(), title.strip(), date))
    return records


def trs_page_count(html: str) -> int | None:
    """The number of list pages the TRS pager script states, or None when the page has none."""
    match = _PAGE_COUNT_CALL.search(html) or _PAGE_COUNT_VAR.search(html)
    return int(match.group(1)) if match else None


def trs_page_url(list_url: str, number: int) -> str:
    """List page `number` (0-based) of the section `list_url` belongs to."""
    return urljoin(list_url, "index.html" if number == 0 else f"index_{number}.html")


def extension(url: str) -> str:
    """The lower-case file extension of a URL's path, without the dot."""
    return PurePosixPath(urlsplit(url).path).suffix.lower().lstrip(".")


def attachment_name(link_text: str, context: str, url: str) -> str:
    """What the notice calls an attachment: the link text less `附件1：` and the extension."""
    for text in (link_text, context):
        name = _ATTACHMENT_LABEL.sub("", " ".join(text.split()))
        name = name.removesuffix(f".{extension(url)}").strip()
        if name:
            return name
    return PurePosixPath(urlsplit(url).path).name


def find_attachments(html: str, base_url: str, body_selectors: tuple[str, ...] = BODY_SELECTORS) -> list[Attachment]:
    """The attachments a notice's body links: office files and PDFs, and HTML links labelled 附件."""
    page = Selector(text=html)
    body = next((found for selector in body_selectors if (found := page.css(selector))), SelectorList())
    found: dict[str, Attachment] = {}
    for link in body.css("a[href]"):
        url = urljoin(base_url, link.attrib["href"].strip())
        ext = extension(url)
        text = " ".join(link.css("::text").getall()).strip()
        context = " ".join(link.xpath("ancestor::*[self::p or self::li or self::td][1]//text()").getall()).strip()
        labelled = bool(_ATTACHMENT_LABEL.match(text) or _ATTACHMENT_LABEL.match(context))
        if url not in found and (ext in DOCUMENT_EXTENSIONS or (ext in HTML_EXTENSIONS and labelled)):
            found[url] = Attachment(url, attachment_name(text, context, url), ext)
    return list(found.values())


class MohrssSpider(NewsSpider):
    """Notices (通知公告) and ministry news (部内要闻) of www.mohrss.gov.cn."""

    name = "mohrss"
    language = "zh"
    start_urls = [
        "http://www.mohrss.gov.cn/SYrlzyhshbzb/zwgk/gggs/tg/index.html",
        "http://www.mohrss.gov.cn/SYrlzyhshbzb/dongtaixinwen/buneiyaowen/index.html",
    ]
    content_selectors = BODY_SELECTORS  # their absence means a broken page or a redesign

    def parse(self, response: Response) -> Iterator[Request | PageError]:
        """A list page: its articles, and (from the first page) the section's other pages."""
        records = trs_list_records(response.text)
        if not records:
            yield from self.no_records(response, "TRS list entries")
            return
        yield from self.follow_records(response, records)
        if not self.only_known(response, records):
            yield from self.more_list_pages(response)

    def more_list_pages(self, response: Response) -> Iterator[Request]:
        """All pages the pager states (asked from page 0), or else the next page, up to max_list_pages."""
        number = response.meta.get("page_number", 0)
        count = trs_page_count(response.text)
        if count is None:
            if number + 1 < self.max_list_pages:
                yield self.probe_request(trs_page_url(response.url, number + 1), meta={"page_number": number + 1})
            return
        if number == 0:
            for later in range(1, min(count, self.max_list_pages)):
                yield self.list_request(trs_page_url(response.url, later), meta={"page_number": later})

    def parse_article(self, response: Response) -> Iterator[ArticlePage | PageError | Request]:
        """An article page; a notice with attachments waits for them before it is yielded."""
        yield from self.read_attachments(self.article_page(response), find_attachments(response.text, response.url))

    def read_attachments(self, page: ArticlePage, pending: list[Attachment]) -> Iterator[ArticlePage | Request]:
        """Name the unreadable attachments, fetch the next HTML one; the notice's page once none is left."""
        while pending and not (pending[0].is_html and self.on_site(pending[0].url)):
            attachment, pending = pending[0], pending[1:]
            page.appendix += "\n\n" + attachment.unread("其他网站" if attachment.is_html else None)
        if not pending:
            yield page
            return
        # dont_filter: two notices may share an attachment, and each must get its text.
        yield Request(pending[0].url, callback=self.parse_attachment, errback=self.attachment_failed,
                      dont_filter=True, cb_kwargs={"page": page, "attachment": pending[0], "rest": pending[1:]})

    def on_site(self, url: str) -> bool:
        """Whether a URL is on the hosts this spider may visit."""
        host = urlsplit(url).hostname or ""
        return not self.allowed_domains or any(host == d or host.endswith(f".{d}") for d in self.allowed_domains)

    def parse_attachment(self, response: Response, page: ArticlePage, attachment: Attachment,
                         rest: list[Attachment]) -> Iterator[ArticlePage | PageError | Request]:
        """An HTML attachment: its text goes under the notice's text."""
        text = text_from_html(response.text).text if isinstance(response, TextResponse) else ""
        if text:
            page.appendix += f"\n\n{attachment.heading()}\n{text}"
        else:
            yield PageError(response.url, self.name, "malformed", "attachment holds no readable text")
            page.appendix += "\n\n" + attachment.unread("无正文")
        yield from self.read_attachments(page, rest)

    def attachment_failed(self, failure: Failure) -> Iterator[ArticlePage | PageError | Request]:
        """Errback: record the attachment's failure and go on with the notice."""
        yield from self.record_failure(failure)
        kwargs = failure.request.cb_kwargs
        kwargs["page"].appendix += "\n\n" + kwargs["attachment"].unread("下载失败")
        yield from self.read_attachments(kwargs["page"], kwargs["rest"])
