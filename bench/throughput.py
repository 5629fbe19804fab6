"""Throughput: occuwatch's full crawl vs a bare Scrapy spider over the same synthetic site.

    python -m bench.throughput --articles 2000 --list-pages 100 --concurrency 32 --rounds 5

Both crawl the same pages (list pages, `a.next` links, articles) at the same
concurrency with politeness off (no delay, no AutoThrottle, no robots.txt).
The bare spider yields nothing; occuwatch reads each article, parses it and
stores it (`crawl --full` into a fresh database). Runs alternate, one crawl
per process; the table gives medians. Pages/s are counted from the first
spider opened to the last closed (startup, the same for both, left out; the
"with startup" column has it). "CPU ms/page" is the crawl process's CPU,
startup included; "worker CPU ms/page" its parse workers' (a bare spider has
none). "bare, same CONCURRENT_ITEMS" is the bare spider with occuwatch's
CONCURRENT_ITEMS (Scrapy's default of 100 costs about 1 ms of CPU per
response), so the last ratio compares like with like.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from tabulate import tabulate

from bench.harness import child, generic_source, median, served, unthrottled, write_config
from bench.sitegen import FIRST_LIST_PAGE, generate

COMMAND = "python -m bench.throughput " + " ".join(sys.argv[1:])


def ours(scratch: Path, list_url: str, concurrency: int, round_number: int, workers: int) -> dict:
    """One full occuwatch crawl into a fresh database."""
    work = scratch / f"ours{round_number}-{workers}"
    work.mkdir()
    config = write_config(work / "occuwatch.toml", work / "occuwatch.db", {"synthetic": generic_source(list_url)},
                          max_list_pages=100_000, concurrent_requests=concurrency, parse_workers=workers)
    return child("occuwatch", str(config), "--full", "--settings", json.dumps(unthrottled(concurrency)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--list-pages", type=int, default=100)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 0], help="[crawl] parse_workers to try")
    args = parser.parse_args()
    from occuwatch.scrapers import settings as occuwatch_settings

    items = str(occuwatch_settings.CONCURRENT_ITEMS)
    runs: dict[str, list[dict]] = {}
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        pages = generate(scratch / "site", args.articles, args.list_pages)
        with served(scratch / "site") as port:
            list_url = f"http://127.0.0.1:{port}{FIRST_LIST_PAGE}"
            for round_number in range(args.rounds):
                bare = ["bare", list_url, "--concurrency", str(args.concurrency)]
                runs.setdefault("bare Scrapy (defaults)", []).append(child(*bare))
                runs.setdefault("bare, same CONCURRENT_ITEMS", []).append(child(*bare, "--items", items))
                for workers in args.workers:
                    name = f"occuwatch, parse_workers = {workers}"
                    runs.setdefault(name, []).append(ours(scratch, list_url, args.concurrency, round_number, workers))
                print(f"round {round_number + 1}/{args.rounds} done", file=sys.stderr, flush=True)
    rate = {name: median([r["pages"] / r["crawl_seconds"] for r in results]) for name, results in runs.items()}
    rows = [{"crawler": name, "pages": results[0]["pages"],
             "crawl s": round(median([r["crawl_seconds"] for r in results]), 2),
             "with startup s": round(median([r["seconds"] for r in results]), 2), "pages/s": round(rate[name]),
             "CPU ms/page": round(1000 * median([r["cpu_seconds"] / r["pages"] for r in results]), 2),
             "worker CPU ms/page": round(1000 * median([r.get("workers_cpu_seconds", 0) / r["pages"]
                                                        for r in results]), 2),
             "× bare (defaults)": round(rate[name] / rate["bare Scrapy (defaults)"], 2),
             "× bare (same items)": round(rate[name] / rate["bare, same CONCURRENT_ITEMS"], 2)}
            for name, results in runs.items()]
    print(f"$ {COMMAND}\n\n{pages} pages, concurrency {args.concurrency}, {args.rounds} rounds (medians)\n")
    print(tabulate(rows, headers="keys", tablefmt="github"))


if __name__ == "__main__":
    main()
