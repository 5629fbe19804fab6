"""What the benchmarks share: a served synthetic site, occuwatch and bare-Scrapy crawls in child processes.

A Twisted reactor runs once per process, so each measured crawl runs in a
child (`python -m bench.harness occuwatch|bare ARGS`) that prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
# Politeness off: no delay, no AutoThrottle, no robots.txt; the same concurrency for both crawlers.
UNTHROTTLED = {"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False, "ROBOTSTXT_OBEY": False,
               "TELNETCONSOLE_ENABLED": False, "LOG_LEVEL": "WARNING"}


@contextmanager
def served(root: Path, sites: int = 0, delay: float = 0.0) -> Iterator[int]:
    """Serve `root` (bench.sitegen) in a child process; yield its port."""
    command = [sys.executable, "-m", "bench.sitegen", "serve", str(root), "--sites", str(sites),
               "--delay", str(delay)]
    server = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, text=True)
    try:
        line = server.stdout.readline()
        if not line.startswith("ready "):
            raise RuntimeError(f"the site server did not start: {line!r}")
        yield int(line.split()[1])
    finally:
        server.terminate()
        server.wait(10)


def server_counters(port: int, address: str = "127.0.0.1", reset: bool = False) -> dict[str, int]:
    """The server's request, byte and status counters (zeroed after reading when `reset`)."""
    with urllib.request.urlopen(f"http://{address}:{port}/__stats", timeout=10) as answer:
        counters = json.load(answer)
    if reset:
        urllib.request.urlopen(f"http://{address}:{port}/__reset", timeout=10).close()
    return counters


def generic_source(list_url: str) -> dict[str, Any]:
    """A `kind = "generic"` source table for a bench.sitegen site."""
    from bench.sitegen import ARTICLE_PATTERN, CONTENT_SELECTOR, NEXT_PAGE

    return {"kind": "generic", "start_urls": [list_url], "link_pattern": ARTICLE_PATTERN,
            "content_selector": CONTENT_SELECTOR, "next_page": NEXT_PAGE}


def write_config(path: Path, database: Path, sources: dict[str, dict[str, Any]], **crawl: Any) -> Path:
    """An occuwatch config with these sources only (the spiders' own ones disabled)."""
    from occuwatch.scrapers.config import load_config

    lines = ["[database]", f"path = {json.dumps(str(database))}", "", "[crawl]"]
    lines += [f"{key} = {json.dumps(value)}" for key, value in crawl.items()]
    for name in ("changning", "govcn", "mohrss"):
        if name not in sources:
            lines += ["", f"[sources.{name}]", "enabled = false"]
    for name, table in sources.items():
        lines += ["", f"[sources.{name}]"] + [f"{key} = {json.dumps(value)}" for key, value in table.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    load_config(path)  # fail here, not in the child, on a wrong config
    return path


def child(*args: str, timeout: float = 3600) -> dict[str, Any]:
    """Run `python -m bench.harness ARGS` and return the JSON it prints last."""
    result = subprocess.run([sys.executable, "-m", "bench.harness", *args], cwd=REPO, capture_output=True,
                            text=True, timeout=timeout, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"child {args} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


CLOCK: dict[str, float] = {}  # first spider opened, last spider closed (perf_counter), in this process


class CrawlClock:
    """Extension: when the first spider opened and the last one closed, i.e. the crawl without startup."""

    @classmethod
    def from_crawler(cls, crawler: Any) -> CrawlClock:
        from scrapy import signals

        crawler.signals.connect(cls.opened, signal=signals.spider_opened)
        crawler.signals.connect(cls.closed, signal=signals.spider_closed)
        return cls()

    @staticmethod
    def opened() -> None:
        CLOCK.setdefault("opened", time.perf_counter())

    @staticmethod
    def closed() -> None:
        CLOCK["closed"] = time.perf_counter()


def crawl_seconds() -> float:
    """Seconds from the first spider opened to the last closed."""
    from bench import harness  # the extension's copy: run as `-m bench.harness`, this one is __main__

    return harness.CLOCK["closed"] - harness.CLOCK["opened"]


def cpu_seconds() -> float:
    """CPU time (user + system) this process has used so far, all its threads, not its children."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def children_cpu_seconds() -> float:
    """CPU time (user + system) of this process's finished children: the parse workers, once shut down."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def peak_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    """Peak resident memory so far, in MB, of this process (or of its largest finished child)."""
    return resource.getrusage(who).ru_maxrss / 1024


def run_occuwatch(config_file: str, full: bool, extra: dict[str, Any]) -> dict[str, Any]:
    """One occuwatch run over the config's enabled sources; its figures."""
    from occuwatch.db.schema import open_database
    from occuwatch.scrapers.config import database_path, load_config
    from occuwatch.scrapers.crawl import choose_sources, run_crawl

    config = load_config(config_file)
    sources = choose_sources(config, None)
    started, cpu, workers_cpu = time.perf_counter(), cpu_seconds(), children_cpu_seconds()
    run_id = run_crawl(config, sources, full=full, extra=extra | {"EXTENSIONS": {"bench.harness.CrawlClock": 0}})
    seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    workers_cpu = children_cpu_seconds() - workers_cpu  # run_crawl has shut its workers down
    db = open_database(database_path(config))
    run = db["runs"].get(run_id)
    failed = db.execute("select count(*) from run_sources where run_id = ? and status = 'failed'", [run_id])
    return {"seconds": seconds, "crawl_seconds": crawl_seconds(), "cpu_seconds": cpu,
            "workers_cpu_seconds": workers_cpu, "pages": run["pages"],
            "new_articles": run["new_articles"],
            "status": run["status"], "failed_sources": failed.fetchone()[0], "sources": len(sources),
            "peak_rss_mb": peak_rss_mb(), "worker_peak_rss_mb": peak_rss_mb(resource.RUSAGE_CHILDREN)}


def run_bare(list_url: str, concurrency: int, items: int | None = None) -> dict[str, Any]:
    """A bare Scrapy spider over the same links (list pages, next links, articles) that yields nothing."""
    import scrapy
    from scrapy.crawler import CrawlerProcess

    from bench.sitegen import ARTICLE_PATTERN, NEXT_PAGE

    article = re.compile(ARTICLE_PATTERN)

    class BareSpider(scrapy.Spider):
        name = "bare"
        start_urls = [list_url]

        def parse(self, response: Any) -> Iterator[scrapy.Request]:
            for href in response.css("a::attr(href)").getall():
                url = response.urljoin(href)
                if article.search(url):
                    yield scrapy.Request(url, callback=self.parse_article)
            following = response.css(NEXT_PAGE).attrib.get("href")
            if following:
                yield response.follow(following, callback=self.parse)

        def parse_article(self, response: Any) -> None:
            return None

    settings = {**UNTHROTTLED, "CONCURRENT_REQUESTS": concurrency, "CONCURRENT_REQUESTS_PER_DOMAIN": concurrency,
                "EXTENSIONS": {"bench.harness.CrawlClock": 0}}
    process = CrawlerProcess(settings | ({"CONCURRENT_ITEMS": items} if items else {}))
    crawler = process.create_crawler(BareSpider)
    started, cpu = time.perf_counter(), cpu_seconds()
    process.crawl(crawler)
    process.start()
    seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    return {"seconds": seconds, "crawl_seconds": crawl_seconds(), "cpu_seconds": cpu,
            "pages": crawler.stats.get_value("downloader/response_count", 0),
            "peak_rss_mb": peak_rss_mb()}


def unthrottled(concurrency: int) -> dict[str, Any]:
    """Scrapy settings for an occuwatch crawl with politeness off at this concurrency."""
    return {**UNTHROTTLED, "CONCURRENT_REQUESTS": concurrency, "CONCURRENT_REQUESTS_PER_DOMAIN": concurrency}


def median(values: list[float]) -> float:
    """The median (statistics.median, named for the tables)."""
    return statistics.median(values)


def main() -> None:
    parser = argparse.ArgumentParser(description="one measured crawl (used by the bench scripts)")
    kinds = parser.add_subparsers(dest="kind", required=True)
    ours = kinds.add_parser("occuwatch")
    ours.add_argument("config")
    ours.add_argument("--full", action="store_true")
    ours.add_argument("--settings", default="{}", help="extra Scrapy settings as JSON")
    bare = kinds.add_parser("bare")
    bare.add_argument("list_url")
    bare.add_argument("--concurrency", type=int, default=32)
    bare.add_argument("--items", type=int, help="CONCURRENT_ITEMS (default: Scrapy's)")
    args = parser.parse_args()
    if args.kind == "occuwatch":
        result = run_occuwatch(args.config, args.full, json.loads(args.settings))
    else:
        result = run_bare(args.list_url, args.concurrency, args.items)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
