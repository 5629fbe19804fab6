"""Many sources at once: K generic sources on K loopback addresses, politeness on, one crawl cycle each.

    python -m bench.many_sites --sites 100 500 2000 --articles 4 --delay 0.05

Each site (127.0.0.2, 127.0.0.3, …, one server process bound to all of them)
has one list page and `--articles` articles, answered after `--delay` seconds.
The crawl uses the packaged politeness: 1 request/s and 1 connection per
site, AutoThrottle, robots.txt. A first cycle fetches everything; a second
one (incremental) only robots.txt and the list page, which answers 304.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
from pathlib import Path

from tabulate import tabulate

from bench.harness import child, generic_source, served, server_counters, write_config
from bench.sitegen import FIRST_LIST_PAGE, generate, loopback_addresses

COMMAND = "python -m bench.many_sites " + " ".join(sys.argv[1:])


def cycle(config: Path, port: int, address: str) -> dict:
    """One occuwatch run over every source; its time, pages and the server's count of requests."""
    server_counters(port, address, reset=True)
    result = child("occuwatch", str(config))
    result["requests"] = server_counters(port, address)["requests"]
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sites", type=int, nargs="+", default=[100, 500, 2000])
    parser.add_argument("--articles", type=int, default=4)
    parser.add_argument("--delay", type=float, default=0.05)
    args = parser.parse_args()
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))  # a socket per site on each side
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        site = Path(scratch) / "site"
        generate(site, args.articles, 1)
        for count in args.sites:
            addresses = loopback_addresses(count)
            with served(site, sites=count, delay=args.delay) as port:
                sources = {f"site{n:04d}": generic_source(f"http://{address}:{port}{FIRST_LIST_PAGE}")
                           for n, address in enumerate(addresses)}
                work = Path(scratch) / f"k{count}"
                work.mkdir()
                config = write_config(work / "occuwatch.toml", work / "occuwatch.db", sources)
                first = cycle(config, port, addresses[0])
                second = cycle(config, port, addresses[0])
            for name, run in (("first", first), ("re-run", second)):
                rows.append({"sites": count, "cycle": name, "seconds": round(run["seconds"], 1),
                             "requests": run["requests"], "new articles": run["new_articles"],
                             "failed sources": run["failed_sources"], "peak RSS MB": round(run["peak_rss_mb"])})
            print(tabulate(rows[-2:], headers="keys"), file=sys.stderr, flush=True)
    print(f"$ {COMMAND}\n")
    print(tabulate(rows, headers="keys", tablefmt="github"))


if __name__ == "__main__":
    main()
