"""HTML pages → title, date and readable text (lxml; no Scrapy).

Shared by the extract pipeline (often in a worker process), the spiders and
`occuwatch extract` on a saved page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

import lxml.html
from lxml.cssselect import CSSSelector
from lxml.etree import ParserError, _Element

from occuwatch.scrapers.items import Article, ArticlePage, PageError

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
_BLOCK_TAGS = frozenset({"p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "section",
                         "br"})
_CELL_TAGS = frozenset({"td", "th"})
_SKIPPED_TAGS = frozenset({"script", "style", "noscript"})
_UTF8_PARSER = lxml.html.HTMLParser(encoding="utf-8")
_ISO_DATE = re.compile(r"(20\d\d|19\d\d)[-/.年](\d{1,2})[-/.月](\d{1,2})")
_OTHER_SPACES = ("\t", "\u3000", "\xa0")  # tabs, ideographic and no-break spaces: read as spaces
_SPACE_RUN = re.compile("  +")
_CELL_END = "\x1f"  # marks a table cell's end until spaces are folded; then it becomes a tab
_CELL_GAP = re.compile(rf" ?{_CELL_END} ?")
_BLANK_LINES = re.compile(r"\n\s*\n\s*(\n\s*)+")
NO_BODY = "no article body found (malformed page or new layout)"
# Where a title's site and column names begin: `HEADLINE_栏目_中国政府网`, `Headline | Site`, `Headline - Site`.
_TITLE_SEPARATOR = re.compile(r"_|\s*[|｜]\s*| - ")
# Pages' own stable article ids (gov.cn's `manuscriptId`), first found wins.
ARTICLE_ID_METAS = ("manuscriptId",)
# What a page says its dates are, most specific first (gov.cn: `2026-09-28-21:50:00`; the last
# modification only when nothing says when it was first published).
DATE_METAS = ("PubDate", "firstpublishedtime", "lastmodifiedtime")
READ_BY_SELECTOR = "selector"
READ_BY_FALLBACK = "fallback"
# A line that reads as prose: 30 characters or more, closed by a sentence's end. A page whose fallback
# text has none (menus, a headline, a date line) holds no article: it stays `malformed`.
_PROSE_LINE = re.compile(r"^.{30,}[。！？；.!?;”\"」）)]$", re.M)


@dataclass(frozen=True)
class PageContent:
    """The readable parts of an article page."""

    title: str
    published: str | None
    text: str
    has_body: bool  # False: no known content block was found (malformed or redesigned page)
    article_id: str | None = None  # the page's own stable id, where it gives one
    read_by: str = READ_BY_SELECTOR  # READ_BY_FALLBACK: the text is the generic extractor's


def find_iso_date(text: str) -> str | None:
    """The first date written like 2020-07-17, 2020/7/17 or 2020年7月17日, as ISO."""
    match = _ISO_DATE.search(text or "")
    if not match:
        return None
    year, month, day = (int(g) for g in match.groups())
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def _walk_text(element: _Element, out: list[str]) -> None:
    """Append an element's text to `out`: a line break around each block, a mark after each cell."""
    tag = element.tag if isinstance(element.tag, str) else None
    if tag is not None and tag not in _SKIPPED_TAGS:
        block = tag in _BLOCK_TAGS
        if block:
            out.append("\n")
        if element.text:
            out.append(element.text)
        for child in element:
            _walk_text(child, out)
        if tag in _CELL_TAGS:
            out.append(_CELL_END)
        if block and tag != "br":
            out.append("\n")
    if element.tail:  # text after a comment or a skipped element still belongs to the parent
        out.append(element.tail)


def _fold_spaces(text: str) -> str:
    """Runs of spaces, tabs, ideographic and no-break spaces → one space.

    str.replace and a literal regex are several times faster than a character
    class like `[ \\t\\u3000\\xa0]+` over long Chinese texts.
    """
    for space in _OTHER_SPACES:
        if space in text:
            text = text.replace(space, " ")
    return _SPACE_RUN.sub(" ", text)


def element_text(element: _Element) -> str:
    """Readable text of an element: one line per block, cells split by tabs."""
    out: list[str] = []
    _walk_text(element, out)
    if element.tail:
        out.pop()  # the element's own tail lies outside it
    folded = _fold_spaces("".join(out))
    if _CELL_END in folded:
        folded = _CELL_GAP.sub("\t", folded)
    text = "\n".join(line.strip() for line in folded.split("\n"))
    return _BLANK_LINES.sub("\n\n", text).strip()


def parse_html(html: str) -> _Element:
    """The document tree of a page, whole: what lxml puts after a stray `</html>` is moved back into the body.

    An XML encoding declaration in a decoded page is ignored.
    """
    try:
        root = lxml.html.document_fromstring(html)
    except ValueError:  # "Unicode strings with encoding declaration are not supported"
        root = lxml.html.document_fromstring(html.encode("utf-8"), parser=_UTF8_PARSER)
    except ParserError:  # nothing but whitespace or comments
        return lxml.html.document_fromstring("<html></html>")
    return join_stray_roots(root)


def join_stray_roots(root: _Element) -> _Element:
    """Move the elements lxml put in second roots (after a stray `</html>`, as on gov.cn) into the first.

    A search under the first root (CSS, `find`, `preceding::`) would otherwise miss the article body.
    """
    strays = [node for node in root.itersiblings() if isinstance(node.tag, str)]
    if not strays:
        return root
    body = root.find("body")
    if body is None:
        body = lxml.html.Element("body")
        root.append(body)
    head = root.find("head")
    for stray in strays:
        parts = list(stray) if stray.tag == "html" else [stray]
        for part in parts:
            if part.tag == "head" and head is not None:
                head.extend(list(part))
            elif part.tag == "body":
                body.extend(list(part))
            else:
                body.append(part)
    return root


@lru_cache(maxsize=256)
def _css(selector: str) -> CSSSelector:
    """A compiled CSS selector (spiders use a handful, page after page)."""
    return CSSSelector(selector)


def _meta(root: _Element, name: str) -> str | None:
    for content in root.xpath("//meta[@name=$name]/@content", name=name)[:1]:
        if content.strip():
            return content.strip()
    return None


def _joined_text(element: _Element) -> str:
    """An element's text pieces, stripped and joined by single spaces."""
    return " ".join(piece.strip() for piece in element.itertext() if piece.strip())


def strip_site_suffix(title: str) -> str:
    """A `<title>` without the site and column names after the headline (`HEADLINE_栏目_中国政府网` → HEADLINE).

    The headline is the first part; a trailing part is dropped only while it is shorter than that
    headline, so a title whose first part is the short one (`News | A long headline`) is kept whole.
    """
    parts = [part.strip() for part in _TITLE_SEPARATOR.split(title)]
    if len(parts) < 2 or not parts[0] or any(len(part) >= len(parts[0]) for part in parts[1:]):
        return title.strip()
    return parts[0]


def page_title(root: _Element) -> str:
    """The article's title: its `ArticleTitle` meta, else its `<h1>`, else `<title>` less the site's name."""
    title = _meta(root, "ArticleTitle")
    if not title:
        heading = root.find(".//h1")
        title = _joined_text(heading) if heading is not None else ""
    if not title:
        head_title = root.find(".//title")
        title = strip_site_suffix(_joined_text(head_title)) if head_title is not None else ""
    return title


def page_date(root: _Element) -> str | None:
    """The publication date a page's meta tags give, as ISO."""
    return next((date for name in DATE_METAS if (date := find_iso_date(_meta(root, name) or ""))), None)


def page_article_id(root: _Element) -> str | None:
    """The page's own stable id of the article (gov.cn's `manuscriptId`), or None."""
    return next((found for name in ARTICLE_ID_METAS if (found := _meta(root, name))), None)


def find_body(root: _Element, content_selectors: tuple[str, ...]) -> _Element | None:
    """The first content block a selector finds, in the order given."""
    return next((found[0] for sel in content_selectors if (found := _css(sel)(root))), None)


def read_article(html: str, content_selectors: tuple[str, ...] = CONTENT_SELECTORS) -> PageContent:
    """Title, publication date, stable id and body text of an article page."""
    root = parse_html(html)
    title, published, article_id = page_title(root), page_date(root), page_article_id(root)
    body = find_body(root, content_selectors)
    if body is None:
        return PageContent(title=title, published=published, text="", has_body=False, article_id=article_id)
    if published is None:
        # The date line sits just before the body on these CMSes.
        header_text = next((t for t in reversed(body.xpath("preceding::text()")) if _ISO_DATE.search(t)), None)
        published = find_iso_date(str(header_text or ""))
    return PageContent(title=title, published=published, text=element_text(body), has_body=True,
                       article_id=article_id)


def main_text_fallback(html: str) -> str:
    """The page's main text by a generic extractor (trafilatura), for a page where no content selector
    matches; empty when it finds none. Read from our own tree, so a stray `</html>` hides nothing."""
    import trafilatura  # here: it takes ~0.3 s to import, and only a page of a changed layout needs it

    text = trafilatura.extract(parse_html(html), include_comments=False, include_tables=True,
                               deduplicate=False, output_format="txt")
    return _BLANK_LINES.sub("\n\n", _fold_spaces(text)).strip() if text else ""


def fallback_text(html: str) -> str:
    """The fallback's text of a page when it reads as an article (some prose), else empty."""
    text = main_text_fallback(html)
    return text if _PROSE_LINE.search(text) else ""


def read_article_page(page: ArticlePage) -> Article | PageError:
    """A fetched article page → Article (list title and date as fallbacks), or PageError when it has no
    readable body.

    When no content selector matches, the generic extractor's text is stored instead, marked
    `read_by = "fallback"` (the source then needs attention): a redesign loses no article.
    """
    content = read_article(page.html, page.content_selectors)
    text, read_by = content.text, READ_BY_SELECTOR
    if not content.has_body or not text:
        text, read_by = fallback_text(page.html), READ_BY_FALLBACK
    if not text:
        return PageError(page.url, page.source, "malformed", NO_BODY)
    return Article(url=page.url, source=page.source, title=content.title or page.list_title or "",
                   published=content.published or page.list_date, language=page.language,
                   text=text + page.appendix, article_id=content.article_id, read_by=read_by)


def text_from_html(html: str) -> PageContent:
    """Any page: the known content block if there is one, else the fallback's main text, else the whole body."""
    page = read_article(html)
    if page.has_body:
        return page
    text = fallback_text(html)
    if text:
        return replace(page, text=text, read_by=READ_BY_FALLBACK)
    root = parse_html(html)
    body = root.find("body")
    return replace(page, text=element_text(body if body is not None else root))
