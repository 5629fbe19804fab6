"""The fallback main-text extractor against the spiders' selectors: how much of the article text it takes.

    python -m bench.fallback_eval [--realpages ../shared/reference/realpages]

For each article page of the sample sites (and, when given, of the real pages
saved in realpages/: the 2026 gov.cn page and the 15 fragments of 2018 gov.cn
pages), the reference is what the source's content selector reads. Each
candidate reads the page without a selector: trafilatura (the fallback
occuwatch uses), and the whole `<body>` (what a page without a known block
gave before). Tokens are CJK characters and Latin words, counted with their
repeats; precision is the share of the candidate's tokens found in the
reference, recall the share of the reference's tokens found in the candidate.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from pathlib import Path

from tabulate import tabulate

REPO = Path(__file__).resolve().parent.parent
SITES = REPO / "tests" / "fixtures" / "sites"
COMMAND = "python -m bench.fallback_eval " + " ".join(sys.argv[1:])
_TOKEN = re.compile(r"[\u3400-\u9fff]|[A-Za-z0-9]+")
_SQL_FRAGMENT = re.compile(r"""'(<div class="wrap".*?)(?<!')'(?!')\s*[,)]""", re.S)  # a quoted SQL string


def tokens(text: str) -> Counter[str]:
    """CJK characters and Latin words of a text, with their counts."""
    return Counter(token.lower() for token in _TOKEN.findall(text))


def scores(reference: str, candidate: str) -> tuple[float, float]:
    """Precision and recall of the candidate's tokens against the reference's."""
    ref, got = tokens(reference), tokens(candidate)
    common = sum((ref & got).values())
    return (common / sum(got.values()) if got else 0.0, common / sum(ref.values()) if ref else 0.0)


def sample_pages() -> list[tuple[str, str, tuple[str, ...]]]:
    """(site, html, selectors) of each sample-site article page the site's spider reads by selector."""
    from scrapy.settings import Settings
    from scrapy.spiderloader import get_spider_loader

    loader = get_spider_loader(Settings({"SPIDER_MODULES": ["occuwatch.scrapers.spiders"]}))
    pages = []
    for name in sorted(loader.list()):
        selectors = loader.load(name).content_selectors
        for file in sorted((SITES / name).rglob("*.htm*")):
            pages.append((name, file.read_bytes().decode("utf-8", "replace"), selectors))
    return pages


def real_pages(root: Path) -> list[tuple[str, str, tuple[str, ...]]]:
    """The saved real gov.cn pages: the 2026 article and the 2018 fragments (SQL-escaped in their dump)."""
    pages = [("realpages govcn 2026", file.read_text("utf-8"), ("#UCAP-CONTENT",))
             for file in sorted((root / "govcn").glob("*.htm"))]
    dump = (root / "govcn" / "ge_policy_raw-20190217.sql")
    if dump.exists():
        for fragment in _SQL_FRAGMENT.findall(dump.read_text("utf-8")):
            html = fragment.replace("''", "'")
            pages.append(("realpages govcn 2018", f"<html><body>{html}</body></html>", ("#UCAP-CONTENT",)))
    return pages


def evaluate(pages: list[tuple[str, str, tuple[str, ...]]]) -> list[dict[str, object]]:
    """Per group of pages: mean precision and recall of each candidate, and trafilatura's time per page."""
    from occuwatch.scrapers.pages import element_text, main_text_fallback, parse_html, read_article

    groups: dict[str, list[dict[str, float]]] = {}
    for group, html, selectors in pages:
        reference = read_article(html, selectors)
        if not reference.has_body or not reference.text:
            continue  # the selector finds nothing (a deliberately broken page): no reference
        started = time.perf_counter()
        fallback = main_text_fallback(html) or ""
        seconds = time.perf_counter() - started
        root = parse_html(html)
        body = root.find("body")
        whole = element_text(body if body is not None else root)
        fp, fr = scores(reference.text, fallback)
        wp, wr = scores(reference.text, whole)
        groups.setdefault(group, []).append({"fp": fp, "fr": fr, "wp": wp, "wr": wr, "ms": seconds * 1000,
                                             "empty": not fallback})
    rows = []
    for group, found in groups.items():
        n = len(found)
        mean = {key: sum(row[key] for row in found) / n for key in ("fp", "fr", "wp", "wr", "ms")}
        f1 = 2 * mean["fp"] * mean["fr"] / (mean["fp"] + mean["fr"]) if mean["fp"] + mean["fr"] else 0.0
        rows.append({"pages": group, "n": n, "trafilatura P": round(mean["fp"], 3),
                     "trafilatura R": round(mean["fr"], 3), "trafilatura F1": round(f1, 3),
                     "found nothing": sum(row["empty"] for row in found),
                     "whole body P": round(mean["wp"], 3), "whole body R": round(mean["wr"], 3),
                     "trafilatura ms/page": round(mean["ms"], 1)})
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--realpages", type=Path, help="the realpages/ folder of shared/reference, if at hand")
    args = parser.parse_args()
    pages = sample_pages()
    if args.realpages and args.realpages.is_dir():
        pages += real_pages(args.realpages)
    print(f"$ {COMMAND}\n")
    print(tabulate(evaluate(pages), headers="keys", tablefmt="github"))


if __name__ == "__main__":
    main()
