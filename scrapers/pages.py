"""HTML pages → title, date and readable text (BeautifulSoup; no Scrapy).

Shared by the spiders and by `occuwatch extract` on a saved page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bs4 import BeautifulSoup, Tag

# Where the CMSes of the watched sites put an article's body, most specific first.
CONTENT_SELECTORS = (
    "#zoom",  # Hanweb jcms (district sites)
    "div.insMainConTxt",  # TRS WCM (MOHRSS)
    "#UCAP-CONTENT",  # gov.cn
    "div.pages_content",
    "div.TRS_Editor",
    "article",
    "div.content",
)
_BLOCK_TAGS = ("p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "section", "br")
_ISO_DATE = re.compile(r"(20\d\d|19\d\d)[-/.年](\d{1,2})[-/.月](\d{1,2})")
_SPACES = re.compile(r"[ \t\u3000\xa0]+")
_CELL_END = "\x1f"  # marks a table cell's end until spaces are folded; then it becomes a tab
_CELL_GAP = re.compile(rf" ?{_CELL_END} ?")
_BLANK_LINES = re.compile(r"\n\s*\n\s*(\n\s*)+")


@dataclass(frozen=True)
class PageContent:
    """The readable parts of an article page."""

    title: str
    published: str | None
    text: str
    has_body: bool  # False: no known content block was found (malformed or redesigned page)


def find_iso_date(text: str) -> str | None:
    """The first date written like 2020-07-17, 2020/7/17 or 2020年7月17日, as ISO."""
    match = _ISO_DATE.search(text or "")
    if not match:
        return None
    year, month, day = (int(g) for g in match.groups())
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def element_text(element: Tag) -> str:
    """Readable text of an element: one line per block, cells split by tabs."""
    for tag in element.find_all(["script", "style", "noscript"]):
        tag.decompose()
    for cell in element.find_all(["td", "th"]):
        cell.append(_CELL_END)
    for block in element.find_all(_BLOCK_TAGS):
        block.insert_before("\n")
        if block.name != "br":
            block.append("\n")
    lines = (_CELL_GAP.sub("\t", _SPACES.sub(" ", line)).strip() for line in element.get_text().split("\n"))
    text = "\n".join(lines)
    return _BLANK_LINES.sub("\n\n", text).strip()


def _meta(soup: BeautifulSoup, name: str) -> str | None:
    tag = soup.find("meta", attrs={"name": name})
    content = tag.get("content") if isinstance(tag, Tag) else None
    return content.strip() if isinstance(content, str) and content.strip() else None


def read_article(html: str, content_selectors: tuple[str, ...] = CONTENT_SELECTORS) -> PageContent:
    """Title, publication date and body text of an article page."""
    soup = BeautifulSoup(html, "html.parser")
    title = _meta(soup, "ArticleTitle")
    if not title:
        heading = soup.find("h1")
        title = heading.get_text(" ", strip=True) if heading else ""
    if not title and soup.title:
        title = soup.title.get_text(" ", strip=True)
    published = find_iso_date(_meta(soup, "PubDate") or _meta(soup, "firstpublishedtime") or "")
    body = next((found for sel in content_selectors if (found := soup.select_one(sel))), None)
    if body is None:
        return PageContent(title=title, published=published, text="", has_body=False)
    if published is None:
        # The date line sits just before the body on these CMSes.
        header_text = body.find_previous(string=_ISO_DATE)
        published = find_iso_date(str(header_text or ""))
    return PageContent(title=title, published=published, text=element_text(body), has_body=True)


def text_from_html(html: str) -> PageContent:
    """Any page: the known content block if there is one, else the whole body."""
    page = read_article(html)
    if page.has_body:
        return page
    soup = BeautifulSoup(html, "html.parser")
    return PageContent(page.title, page.published, element_text(soup.body or soup), has_body=False)
