"""Scrapy settings: polite defaults, the pipelines, and the TOML config turned into settings.

`scrapy crawl NAME` and `occuwatch crawl` both start here; the config comes
from $OCCUWATCH_CONFIG or ./occuwatch.toml over the packaged defaults.
"""

from __future__ import annotations

from typing import Any

from occuwatch.scrapers.config import database_path, load_config

BOT_NAME = "occuwatch"
SPIDER_MODULES = ["occuwatch.scrapers.spiders"]
NEWSPIDER_MODULE = "occuwatch.scrapers.spiders"
# The spider modules plus one spider per `kind = "generic"` source of the config.
SPIDER_LOADER_CLASS = "occuwatch.scrapers.loader.SourceLoader"

ITEM_PIPELINES = {
    "occuwatch.pipelines.extract.ExtractPipeline": 300,
    "occuwatch.pipelines.store.StorePipeline": 800,
}

# Failed article pages of earlier runs are asked for again (scrapers.incremental).
SPIDER_MIDDLEWARES = {"occuwatch.scrapers.incremental.RetryFailedMiddleware": 50}

# After decompression (590) and before meta-refresh (580) reads the text.
DOWNLOADER_MIDDLEWARES = {
    "occuwatch.scrapers.middlewares.CharsetFixMiddleware": 585,
    # A bot wall's challenge answered (its cookie kept for the host), before the page is used as a page.
    "occuwatch.scrapers.middlewares.BotCheckMiddleware": 580,
    # Conditional list requests; a 304 becomes the saved page (scrapers.incremental).
    "occuwatch.scrapers.incremental.IncrementalMiddleware": 575,
    # Empty and non-text 200 answers fail the request, so they are recorded (scrapers.failures).
    "occuwatch.scrapers.middlewares.ContentGuardMiddleware": 570,
    # Scrapy's offsite filter, made to refuse (and record) redirects off the allowed domains.
    "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
    "occuwatch.scrapers.middlewares.OffsiteMiddleware": 50,
}

# The live progress line of `occuwatch crawl` on a terminal (off unless OCCUWATCH_PROGRESS).
EXTENSIONS = {"occuwatch.scrapers.progress.ProgressLine": 500}

COOKIES_ENABLED = False
# A callback yields one article or a list page's links; Scrapy (2.13+, asyncio) starts this many
# tasks per response, and its default of 100 cost about 1 ms of CPU per page (bench/README.md).
CONCURRENT_ITEMS = 8
# A development lint (a generator callback that returns a value) that parses the callback's source
# with `ast` again and again: a tenth of the CPU of a crawl of many small sites. Ours return none.
WARN_ON_GENERATOR_RETURN_VALUE = False
TELNETCONSOLE_ENABLED = False
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
AUTOTHROTTLE_MAX_DELAY = 60
RETRY_ENABLED = True
# Retry server errors and network failures; 4xx are answers, not accidents.
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
DEFAULT_REQUEST_HEADERS = {
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "Accept-Language": "zh-CN,zh;q=0.9,en;q=0.8",
}
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"


class SharedTable(dict):
    """A read-only table of the config kept in the settings once, not deep-copied into each crawler's.

    Scrapy deep-copies the settings for every crawler; with one crawler per
    source, copies of `[sources]` would grow with the square of the sources.
    """

    def __deepcopy__(self, memo: dict) -> SharedTable:
        return self


def settings_from_config(config: dict[str, Any]) -> dict[str, Any]:
    """Scrapy settings for the `[crawl]`, `[database]` and `[sources]` tables."""
    crawl = config["crawl"]
    delay = 1.0 / crawl["requests_per_second"]
    return {
        "USER_AGENT": crawl["user_agent"],
        "ROBOTSTXT_OBEY": crawl["obey_robots_txt"],
        "CONCURRENT_REQUESTS": crawl["concurrent_requests"],
        "CONCURRENT_REQUESTS_PER_DOMAIN": max(1, round(crawl["requests_per_second"])),
        "DOWNLOAD_DELAY": delay,
        "AUTOTHROTTLE_START_DELAY": delay,
        "DOWNLOAD_TIMEOUT": crawl["timeout"],
        "RETRY_TIMES": crawl["retries"],
        "DOWNLOAD_MAXSIZE": crawl["max_download_size"],
        "DOWNLOAD_WARNSIZE": crawl["max_download_size"] // 2,
        "OCCUWATCH_DATABASE": str(database_path(config)),
        "OCCUWATCH_SOURCES": SharedTable(config.get("sources", {})),
        "OCCUWATCH_MAX_LIST_PAGES": crawl["max_list_pages"],
        "OCCUWATCH_PARSE_WORKERS": crawl.get("parse_workers", 0),
    }


globals().update(settings_from_config(load_config()))
