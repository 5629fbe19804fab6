"""Downloader middlewares: fix what the watched sites get wrong on the wire."""

from __future__ import annotations

import codecs
import logging
import re

from charset_normalizer import from_bytes
from charset_normalizer.utils import is_multi_byte_encoding
from scrapy.downloadermiddlewares import offsite
from scrapy.http import Request, Response, TextResponse
from scrapy.http.request import NO_CALLBACK
from scrapy.utils.httpobj import urlparse_cached

from occuwatch.scrapers.failures import RETRIED_NEXT_RUN, BotCheckBlocked, EmptyPage, NotText, OffsiteRedirect

logger = logging.getLogger(__name__)

# Encodings in which any byte sequence decodes: a strict decode cannot show they are wrong.
_ANY_BYTES_ENCODINGS = frozenset({"latin_1", "iso8859_1", "cp1252", "iso8859_15"})


def codec_name(encoding: str) -> str | None:
    """Python's canonical name of an encoding (`GBK` → `gbk`, `latin-1` → `iso8859_1`), or None."""
    try:
        return codecs.lookup(encoding).name.replace("-", "_")
    except LookupError:
        return None


def decodes_as_declared(body: bytes, encoding: str) -> bool:
    """Whether the body strictly decodes with the encoding (an unknown encoding never does)."""
    name = codec_name(encoding)
    if name is None:
        return False
    try:
        body.decode(name)
    except UnicodeDecodeError:
        return False
    return True


def detected_encoding(body: bytes) -> str | None:
    """The encoding charset_normalizer finds for the body, if any."""
    match = from_bytes(body).best()
    return match.encoding if match else None


def better_encoding(body: bytes, declared: str) -> str | None:
    """The encoding to read the body with instead of the declared one, or None to keep that."""
    if decodes_as_declared(body, declared):
        if codec_name(declared) not in _ANY_BYTES_ENCODINGS or body.isascii():
            return None
        # Declared Latin-1 or kin, which fits any bytes: believe detection only when it finds a
        # multi-byte encoding (GBK, UTF-8, …), which Western text never looks like.
        found = detected_encoding(body)
        return found if found and is_multi_byte_encoding(found) else None
    found = detected_encoding(body)
    return found if found and codec_name(found) != codec_name(declared) else None


class CharsetFixMiddleware:
    """Re-decode pages whose declared charset does not fit their bytes (e.g. GBK sent as UTF-8)."""

    def process_response(self, request: Request, response: Response) -> Response:
        if not isinstance(response, TextResponse) or not response.body:
            return response
        declared = response.encoding
        found = better_encoding(response.body, declared)
        if found is None:
            return response
        logger.info("%s: declared charset %s does not fit the body; decoding as %s", response.url, declared, found)
        return response.replace(encoding=found)


class OffsiteMiddleware(offsite.OffsiteMiddleware):
    """Scrapy's offsite filter, which also refuses redirects that leave the allowed domains — loudly.

    Scrapy drops an offsite redirect silently when it is scheduled, and follows
    one whose first request had dont_filter (a list page). Here a redirect is
    checked in the downloader instead, where a refusal reaches the errback and
    so is recorded.
    """

    def request_scheduled(self, request: Request, spider: object) -> None:
        if not request.meta.get("redirect_urls"):
            super().request_scheduled(request, spider)

    def process_request(self, request: Request) -> None:
        spider = self.crawler.spider
        if request.meta.get("redirect_urls") and not self.should_follow(request, spider):
            allowed = ", ".join(spider.allowed_domains)
            raise OffsiteRedirect(f"redirected to {request.url}, outside this source's site ({allowed}); not "
                                  f"followed. If the site has moved there, set start_urls in [sources.{spider.name}]")
        super().process_request(request)


def is_text_type(mime: str) -> bool:
    """Whether a MIME type is a page occuwatch can read: text/*, XML or JSON."""
    return mime.startswith("text/") or mime.endswith(("/xml", "+xml")) or mime == "application/json"


class ContentGuardMiddleware:
    """Refuse a 200 answer that is no page: an empty body, or a content type that is not text."""

    def process_response(self, request: Request, response: Response) -> Response:
        if response.status != 200 or request.callback is NO_CALLBACK:  # NO_CALLBACK: robots.txt and kin
            return response
        if not response.body.strip():
            raise EmptyPage(f"the page answered 200 but was empty; {RETRIED_NEXT_RUN}")
        declared = (response.headers.get("Content-Type") or b"").split(b";")[0].strip().lower().decode("latin-1")
        if (declared and not is_text_type(declared)) or (not declared and not isinstance(response, TextResponse)):
            raise NotText(f"served as {declared or 'binary data'}, not as a web page; not stored")
        return response


# The EdgeOne bot wall in front of MOHRSS (SITES.md "now"): a small page of script holding three
# `NAME: NUMBER` pairs; the page itself is served once the cookie `__tst_status=<their sum>#` is sent.
BOT_CHECK_COOKIE = "__tst_status"
BOT_CHECK_KEYS = ("WTKkN", "bOYDu", "wyeCN")
BOT_CHECK_MAX_BYTES = 16_384  # the challenge is ~1 KB; a real page that names the cookie is far larger
BOT_CHECK_META = "occuwatch_bot_check"
_NAMED_NUMBER = re.compile(r"""["']?(\w+)["']?\s*:\s*(\d+)""")


def is_bot_check(body: bytes) -> bool:
    """Whether an answer is the bot wall's challenge page rather than the page asked for."""
    return len(body) <= BOT_CHECK_MAX_BYTES and BOT_CHECK_COOKIE.encode() in body


def bot_check_answer(text: str, keys: tuple[str, ...] = BOT_CHECK_KEYS) -> str | None:
    """The cookie value that answers a challenge (the sum of its numbers under `keys`, then `#`), or None
    when one of the keys is missing: the challenge has changed and adding other numbers would be a guess."""
    numbers = {name: int(number) for name, number in _NAMED_NUMBER.findall(text)}
    if not all(key in numbers for key in keys):
        return None
    return f"{sum(numbers[key] for key in keys)}#"


class BotCheckMiddleware:
    """Answer the bot wall's challenge within the crawl and send its cookie with every later request to the host.

    A challenge that cannot be answered, or that comes back after its answer, fails the request as
    `blocked` (failures.BotCheckBlocked), never as an empty or redesigned page.
    """

    def __init__(self) -> None:
        self.cookies: dict[str, str] = {}  # host → cookie value that passed (or is being tried)

    def process_request(self, request: Request) -> None:
        value = self.cookies.get(urlparse_cached(request).hostname or "")
        if value and b"Cookie" not in request.headers:
            request.headers["Cookie"] = f"{BOT_CHECK_COOKIE}={value}"

    def process_response(self, request: Request, response: Response) -> Request | Response:
        if not is_bot_check(response.body):
            return response
        host = urlparse_cached(request).hostname or ""
        if request.meta.get(BOT_CHECK_META):
            self.cookies.pop(host, None)
            raise BotCheckBlocked(f"blocked by the site's bot check: its challenge came back after it was answered "
                                  f"(cookie {BOT_CHECK_COOKIE}={request.meta[BOT_CHECK_META]}); {RETRIED_NEXT_RUN}")
        value = bot_check_answer(response.text if isinstance(response, TextResponse) else
                                 response.body.decode("latin-1"))
        if value is None:
            raise BotCheckBlocked(f"blocked by the site's bot check: its challenge page no longer holds the numbers "
                                  f"occuwatch adds up ({', '.join(BOT_CHECK_KEYS)}); the site may have changed its "
                                  f"bot wall. {RETRIED_NEXT_RUN}")
        logger.info("%s: answered the site's bot check (cookie %s=%s)", request.url, BOT_CHECK_COOKIE, value)
        self.cookies[host] = value
        retry = request.replace(dont_filter=True)
        retry.headers["Cookie"] = f"{BOT_CHECK_COOKIE}={value}"
        retry.meta[BOT_CHECK_META] = value
        return retry
