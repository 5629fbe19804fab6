"""Every table and key the config may hold, with the rule its value must follow.

A key the schema does not know is an error naming the nearest known key: a
typo (`timuot`, `[crawll]`, `[sources.mohrs]`) would otherwise be ignored
silently. Types are strict: `enabled = "false"` is a string, not false.
"""

from __future__ import annotations

import difflib
import re
import zoneinfo
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from cssselect import GenericTranslator, SelectorError

# The sources with a spider of their own (scrapers/spiders/); a test keeps this
# in step with Scrapy's spider loader, so the config is checked without Scrapy.
BUILTIN_SOURCES = ("changning", "govcn", "mohrss")
GENERIC_KIND = "generic"

# A rule returns None for a good value, else what the value must be.
Rule = Callable[[Any], str | None]


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def string(value: Any) -> str | None:
    return None if isinstance(value, str) else 'a string in quotes, e.g. "text"'


def boolean(value: Any) -> str | None:
    return None if isinstance(value, bool) else "true or false (a TOML boolean, without quotes)"


def positive_number(value: Any) -> str | None:
    return None if _is_number(value) and value > 0 else "a positive number"


def positive_whole(value: Any) -> str | None:
    return None if _is_whole(value) and value > 0 else "a positive whole number"


def whole_or_zero(value: Any) -> str | None:
    return None if _is_whole(value) and value >= 0 else "a whole number ≥ 0"


def seconds(value: Any) -> str | None:
    return None if _is_number(value) and value > 0 else "a positive number (seconds)"


def seconds_or_zero(value: Any) -> str | None:
    return None if _is_number(value) and value >= 0 else "a number ≥ 0 (seconds)"


def http_urls(value: Any) -> str | None:
    if not isinstance(value, list) or not value:
        return 'a non-empty list of URLs, e.g. ["https://example.org/news/index.html"]'
    for url in value:
        if not isinstance(url, str) or urlsplit(url).scheme not in {"http", "https"} or not urlsplit(url).netloc:
            return f"a list of http(s) URLs; {url!r} is not an http(s) URL"
    return None


def http_url_or_empty(value: Any) -> str | None:
    if isinstance(value, str) and (value == "" or (urlsplit(value).scheme in {"http", "https"}
                                                   and urlsplit(value).netloc)):
        return None
    return 'an http(s) URL, or "" for none'


def string_list(value: Any) -> str | None:
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return None
    return 'a list of strings, e.g. ["json://127.0.0.1:9000/hook"]'


def regex(value: Any) -> str | None:
    if not isinstance(value, str) or not value:
        return "a regular expression in a TOML literal string, e.g. '/news/\\d+\\.html$'"
    try:
        re.compile(value)
    except re.error as exc:
        return f"a valid regular expression ({exc})"
    return None


def css(value: Any) -> str | None:
    if not isinstance(value, str):
        return 'a CSS selector in quotes, e.g. "div.article-body"'
    if value:
        try:
            GenericTranslator().css_to_xpath(value)
        except SelectorError as exc:
            return f"a valid CSS selector ({exc})"
    return None


def css_or_template(value: Any) -> str | None:
    """`next_page`: a CSS selector of the next-page link, or a URL template with {n}."""
    if isinstance(value, str) and "{n}" in value:
        return None
    return css(value)


def language(value: Any) -> str | None:
    return None if value in {"en", "zh"} else '"en" or "zh" (or leave the key out: detected per page)'


def kind(value: Any) -> str | None:
    return None if value == GENERIC_KIND else f'"{GENERIC_KIND}" (or leave the key out for a built-in source)'


def cron(value: Any) -> str | None:
    if isinstance(value, str) and (value == "" or len(value.split()) == 5):
        return None
    return '"" or five fields "minute hour day month weekday", e.g. "0 8 * * *"'


def timezone(value: Any) -> str | None:
    if not isinstance(value, str):
        return 'a zone name such as "Asia/Shanghai", or "" for this machine\'s'
    if value:
        try:
            zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return 'a known zone name such as "Asia/Shanghai", or "" for this machine\'s'
    return None


DATABASE = {"path": string}
CRAWL = {
    "user_agent": string,
    "requests_per_second": positive_number,
    "concurrent_requests": positive_whole,
    "timeout": seconds,
    "retries": whole_or_zero,
    "max_download_size": positive_whole,
    "obey_robots_txt": boolean,
    "max_list_pages": positive_whole,
    "parse_workers": whole_or_zero,
}
SOURCE = {
    "enabled": boolean,
    "start_urls": http_urls,
    "kind": kind,
    "link_pattern": regex,
    "content_selector": css,
    "next_page": css_or_template,
    "language": language,
}
GENERIC_ONLY = ("link_pattern", "content_selector", "next_page", "language")
NOTIFY = {"urls": string_list, "broken_after": positive_whole}
FEED = {"url": http_url_or_empty, "link": http_url_or_empty}
SCHEDULE = {
    "cron": cron,
    "interval": seconds,
    "timezone": timezone,
    "jitter": seconds_or_zero,
    "crawl_timeout": seconds,
    "stop_grace": seconds_or_zero,
    "misfire_grace": seconds,
    "sources": None,  # a table of [schedule.sources.NAME] tables, checked on its own
}
SOURCE_SCHEDULE = {"cron": cron, "interval": seconds, "jitter": seconds_or_zero}
TABLES = {"database": DATABASE, "crawl": CRAWL, "sources": None, "notify": NOTIFY, "feed": FEED,
          "schedule": SCHEDULE}


def nearest(word: str, known: list[str] | tuple[str, ...] | set[str]) -> str | None:
    """The known word a typo most likely meant, if any is close."""
    close = difflib.get_close_matches(word, sorted(known), n=1, cutoff=0.6)
    return close[0] if close else None


def unknown_key_hint(word: str, known: Any) -> str:
    """'did you mean X?' or the list of known keys."""
    guess = nearest(word, known)
    if guess:
        return f'did you mean "{guess}"?'
    return "known keys: " + ", ".join(sorted(known))
