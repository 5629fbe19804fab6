"""Re-run cost: requests, bytes and time of a second crawl over the unchanged site vs the first.

    python -m bench.rerun --articles 2000 --list-pages 100 --rounds 3

A fresh database; a first `occuwatch crawl` (everything is new), then a
second over the unchanged site (incremental: the first list page is asked for
with If-None-Match and answers 304, so nothing else is fetched), then a third
with `--full`. Requests and bytes are counted by the server; politeness off.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from tabulate import tabulate

from bench.harness import child, generic_source, median, served, server_counters, unthrottled, write_config
from bench.sitegen import FIRST_LIST_PAGE, generate

COMMAND = "python -m bench.rerun " + " ".join(sys.argv[1:])
RUNS = (("first run", ()), ("re-run, unchanged site", ()), ("re-run with --full", ("--full",)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--list-pages", type=int, default=100)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    measured: dict[str, list[dict]] = {name: [] for name, _ in RUNS}
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        pages = generate(scratch / "site", args.articles, args.list_pages)
        with served(scratch / "site") as port:
            source = generic_source(f"http://127.0.0.1:{port}{FIRST_LIST_PAGE}")
            for round_number in range(args.rounds):
                work = scratch / f"round{round_number}"
                work.mkdir()
                config = write_config(work / "occuwatch.toml", work / "occuwatch.db", {"synthetic": source},
                                      max_list_pages=100_000, concurrent_requests=args.concurrency)
                for name, flags in RUNS:
                    server_counters(port, reset=True)
                    run = child("occuwatch", str(config), *flags, "--settings",
                                json.dumps(unthrottled(args.concurrency)))
                    measured[name].append(run | server_counters(port))
    rows = [{"run": name, "requests": runs[0]["requests"], "200": runs[0].get("status_200", 0),
             "304": runs[0].get("status_304", 0), "bytes received": runs[0]["bytes"],
             "median s": round(median([r["seconds"] for r in runs]), 2), "new articles": runs[0]["new_articles"]}
            for name, runs in measured.items()]
    print(f"$ {COMMAND}\n\n{pages} pages, {args.rounds} rounds (times are medians; counts are the same each round)\n")
    print(tabulate(rows, headers="keys", tablefmt="github"))


if __name__ == "__main__":
    main()
