"""Why a request failed, as a kind and a message a user can act on (stored in page_errors)."""

from __future__ import annotations

import re
from http import HTTPStatus

from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import ConnectionLost
from twisted.python.failure import Failure

RETRIED_NEXT_RUN = "retried next run"
_OPENSSL_REASON = re.compile(r"\('[^']*', '[^']*', '([^']+)'\)")  # ('SSL routines', '', 'wrong version number')


class OffsiteRedirect(IgnoreRequest):
    """A redirect to a host outside the source's allowed domains: not followed."""


class EmptyPage(IgnoreRequest):
    """A page answered 200 with an empty body."""


class NotText(IgnoreRequest):
    """A page answered with a content type that is not text (an image, a PDF, a download)."""


class BotCheckBlocked(IgnoreRequest):
    """The site answered with a bot-check challenge occuwatch cannot answer (or that its answer did not pass)."""


def retry_after(failure: Failure) -> str:
    """What an HTTP error's Retry-After header asks, as words (empty when it has none)."""
    value = (failure.value.response.headers.get("Retry-After") or b"").decode("latin-1").strip()
    if not value:
        return ""
    return f"; the site asks to come back after {value}{' s' if value.isdigit() else ''} (Retry-After)"


def describe_http_error(failure: Failure, tries: str) -> tuple[str, str]:
    """An HTTP error status in words, with the site's Retry-After; a redirect Scrapy would not follow."""
    response = failure.value.response
    location = response.headers.get("Location")
    if location:  # a redirect RedirectMiddleware did not follow: to another scheme
        return "offsite", f"redirected to {location.decode('latin-1')}, which is not an http(s) page; not followed"
    status = response.status
    phrase = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else ""
    what = "the site's server failed" if status >= 500 else "the page is missing or refused"
    return "http", f"HTTP {status} {phrase}: {what} {tries}{retry_after(failure)}; {RETRIED_NEXT_RUN}"


def describe_data_loss(failure: Failure, tries: str) -> tuple[str, str]:
    """A body cut short: a reset connection, or a body shorter than its Content-Length."""
    reasons = getattr(failure.value.__cause__, "reasons", [])
    if any(reason.check(ConnectionLost) for reason in reasons):
        return "reset", f"the connection was reset while the page was downloading {tries}; {RETRIED_NEXT_RUN}"
    return "truncated", f"the page arrived incomplete (shorter than its Content-Length) {tries}; {RETRIED_NEXT_RUN}"


def describe_ignored(reason: str, max_size: int) -> tuple[str, str]:
    """A request one of Scrapy's own middlewares refused: robots.txt, too many redirects, a body too big."""
    if "robots.txt" in reason:
        return "robots", ("the site's robots.txt forbids this page, and occuwatch obeys it "
                          "([crawl] obey_robots_txt); check the start URL or ask the site")
    if "max redirections" in reason:
        return "redirect", f"too many redirects (a redirect loop?); not followed; {RETRIED_NEXT_RUN}"
    if "during decompression" in reason:  # HttpCompressionMiddleware stopped inflating it (a gzip bomb?)
        return "size", (f"the page, once decompressed, is larger than [crawl] max_download_size ({max_size} bytes) "
                        "and was not read (a compression bomb?); raise max_download_size if it is wanted")
    return "ignored", f"not fetched: {reason}"


def describe_failure(failure: Failure, max_size: int) -> tuple[str, str]:
    """The kind (page_errors.kind) and message of a failed request."""
    meta = failure.request.meta
    tries = f"(tried {meta.get('retry_times', 0) + 1}×)"
    if failure.check(HttpError):
        return describe_http_error(failure, tries)
    if failure.check(ResponseDataLossError):
        return describe_data_loss(failure, tries)
    message = failure.getErrorMessage()
    described = {  # most specific first: failure.check answers the first type that matches
        DownloadTimeoutError: ("timeout", f"no complete answer within {meta.get('download_timeout', 0):g} s "
                               f"{tries}: the site is slow or down (raise [crawl] timeout if it is only slow); "
                               f"{RETRIED_NEXT_RUN}"),
        DownloadCancelledError: ("size", f"the page is larger than [crawl] max_download_size ({max_size} bytes) "
                                 "and was not downloaded; raise max_download_size if it is wanted"),
        CannotResolveHostError: ("dns", f"cannot resolve the host name {tries}: check the URL, or DNS; "
                                 f"{RETRIED_NEXT_RUN}"),
        DownloadConnectionRefusedError: ("refused", f"the site refused the connection {tries}: it is down or "
                                         f"the URL's port is wrong; {RETRIED_NEXT_RUN}"),
        OffsiteRedirect: ("offsite", message),
        EmptyPage: ("empty", message),
        NotText: ("binary", message),
        BotCheckBlocked: ("blocked", message),
        IgnoreRequest: describe_ignored(message, max_size),
    }
    matched = failure.check(*described)
    if matched:
        return described[matched]
    if failure.check(DownloadFailedError) and "SSL" in message:
        reason = ", ".join(_OPENSSL_REASON.findall(message)) or message
        return "tls", f"the https (TLS) connection failed {tries}: {reason}; {RETRIED_NEXT_RUN}"
    return "network", f"{failure.type.__name__}: {message} {tries}; {RETRIED_NEXT_RUN}"


def describe_redirect_loop(chain: list[str]) -> str:
    """A redirect that came back to a URL already in its chain (Scrapy drops it as a duplicate)."""
    return f"redirects in a loop ({' → '.join(chain)}); not followed; {RETRIED_NEXT_RUN}"
