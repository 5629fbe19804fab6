"""Memory: peak RSS of a full crawl as the site grows.

    python -m bench.memory --pages 1000 10000

For each size a synthetic site of N pages (articles, and one list page per 50
of them) is crawled once with `crawl --full` into a fresh database, politeness
off; the crawl process's peak RSS and that of its parser worker are reported.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from tabulate import tabulate

from bench.harness import child, generic_source, served, unthrottled, write_config
from bench.sitegen import FIRST_LIST_PAGE, generate

COMMAND = "python -m bench.memory " + " ".join(sys.argv[1:])
PER_LIST_PAGE = 50


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--concurrency", type=int, default=32)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as scratch_name:
        for target in args.pages:
            work = Path(scratch_name) / str(target)
            list_pages = max(1, round(target / (PER_LIST_PAGE + 1)))
            pages = generate(work / "site", target - list_pages, list_pages)
            with served(work / "site") as port:
                config = write_config(work / "occuwatch.toml", work / "occuwatch.db",
                                      {"synthetic": generic_source(f"http://127.0.0.1:{port}{FIRST_LIST_PAGE}")},
                                      max_list_pages=100_000, concurrent_requests=args.concurrency)
                run = child("occuwatch", str(config), "--full", "--settings",
                            json.dumps(unthrottled(args.concurrency)))
            rows.append({"pages": pages, "fetched": run["pages"], "status": run["status"],
                         "seconds": round(run["seconds"], 1),
                         "crawl process peak RSS MB": round(run["peak_rss_mb"]),
                         "parser worker peak RSS MB": round(run["worker_peak_rss_mb"]),
                         "database MB": round((work / "occuwatch.db").stat().st_size / 2**20)})
            print(tabulate(rows[-1:], headers="keys"), file=sys.stderr, flush=True)
    print(f"$ {COMMAND}\n")
    print(tabulate(rows, headers="keys", tablefmt="github"))


if __name__ == "__main__":
    main()
