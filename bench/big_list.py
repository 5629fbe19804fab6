"""One list page whose links all share one container: reading it, and an unchanged re-run of it.

    python -m bench.big_list --links 1000 4000 50000 --rerun-links 50000 --rounds 3

First table: `link_records` (the generic spider's list reader) on a page of
N links in one `<div>`, each followed by its date and a `<br>`, timed in this
process (the page parse included). Second table: real crawls of a generic
source whose one list page holds `--rerun-links` such links, all of them
already stored (the database is filled beforehand, so no article is fetched):
the first crawl gets the list with 200, the second, unchanged, with 304 and
reads the saved page again. "crawl s" runs from spider opened to closed.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path

from tabulate import tabulate

from bench.harness import child, median, served, server_counters, unthrottled, write_config

COMMAND = "python -m bench.big_list " + " ".join(sys.argv[1:])
LIST_PATH = "/news/index.html"
ARTICLE_PATTERN = r"/news/art/\d+\.html$"


def one_container_list(links: int) -> str:
    """A list page of `links` entries in one <div>: `<a>title</a> date<br>` each."""
    entries = "".join(f'<a href="/news/art/{n:06d}.html">第{n}号 新闻标题 News item {n}</a> '
                      f"2024-{n % 12 + 1:02d}-{n % 28 + 1:02d}<br>\n" for n in range(links))
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>新闻 News</title></head><body>'
            f'<div class="nav"><a href="/">首页</a></div><div class="list">{entries}</div></body></html>')


def time_reading(links: int) -> dict[str, object]:
    """Seconds `link_records` takes on a one-container page of `links` links."""
    from scrapy.http import HtmlResponse

    from occuwatch.scrapers.spiders.generic import link_records

    html = one_container_list(links).encode("utf-8")
    response = HtmlResponse(f"http://127.0.0.1{LIST_PATH}", body=html, encoding="utf-8")
    started = time.perf_counter()
    records = link_records(response, re.compile(ARTICLE_PATTERN))
    seconds = time.perf_counter() - started
    assert len(records) == links and records[-1].date is not None
    return {"links": links, "page KB": len(html) // 1024, "read s": round(seconds, 3)}


def store_known(database: Path, port: int, links: int) -> None:
    """Fill a fresh database with every article of the list, as an earlier crawl would have stored it."""
    from occuwatch.db.schema import open_database
    from occuwatch.scrapers.spiders.base import canonical_url

    db = open_database(database)
    with db.atomic():
        db.conn.executemany(
            "insert into articles (url, source, title, text) values (?, 'biglist', ?, '')",
            [(canonical_url(f"http://127.0.0.1:{port}/news/art/{n:06d}.html"), f"item {n}") for n in range(links)])
    db.close()


def time_reruns(links: int, rounds: int) -> list[dict[str, object]]:
    """Crawl the list twice per round over a database that knows every article: 200, then 304."""
    measured: dict[str, list[dict]] = {"list answered 200, all links known": [], "unchanged re-run (304)": []}
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        (scratch / "site" / "news").mkdir(parents=True)
        (scratch / "site" / "news" / "index.html").write_text(one_container_list(links), "utf-8")
        with served(scratch / "site") as port:
            source = {"kind": "generic", "start_urls": [f"http://127.0.0.1:{port}{LIST_PATH}"],
                      "link_pattern": ARTICLE_PATTERN}
            for round_number in range(rounds):
                work = scratch / f"round{round_number}"
                work.mkdir()
                store_known(work / "occuwatch.db", port, links)
                config = write_config(work / "occuwatch.toml", work / "occuwatch.db", {"biglist": source})
                for runs in measured.values():
                    server_counters(port, reset=True)
                    run = child("occuwatch", str(config), "--settings", json_settings())
                    runs.append(run | server_counters(port))
    return [{"crawl": name, "links": links, "requests": runs[0]["requests"], "200": runs[0].get("status_200", 0),
             "304": runs[0].get("status_304", 0), "crawl s": round(median([r["crawl_seconds"] for r in runs]), 2),
             "with startup s": round(median([r["seconds"] for r in runs]), 2), "status": runs[0]["status"]}
            for name, runs in measured.items()]


def json_settings() -> str:
    """Politeness off, as in the other benches."""
    import json

    return json.dumps(unthrottled(8))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--links", type=int, nargs="+", default=[1000, 4000, 50000])
    parser.add_argument("--rerun-links", type=int, default=50000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    reading = [min((time_reading(n) for _ in range(args.rounds)), key=lambda row: row["read s"])
               for n in args.links]
    print(f"$ {COMMAND}\n\nReading one list page (best of {args.rounds}):\n")
    print(tabulate(reading, headers="keys", tablefmt="github"))
    if args.rerun_links:
        print(f"\nCrawls of a {args.rerun_links}-link list whose articles are all stored "
              f"(medians of {args.rounds} rounds):\n")
        print(tabulate(time_reruns(args.rerun_links, args.rounds), headers="keys", tablefmt="github"))


if __name__ == "__main__":
    main()
