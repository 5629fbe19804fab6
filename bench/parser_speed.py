"""Parser speed: articles per second of pipelines.parse.extract over the text fixtures, on one core.

    python -m bench.parser_speed --rounds 20

Every tests/fixtures/texts/*.txt case (with its title and date from the
.json beside it) is parsed `--rounds` times in this one process; the table
gives the median of the rounds, overall and per language. A second table
does the same for the synthetic site's articles (bench/sitegen: long news,
most of it announcing nothing), the text of each as the page reader gives it.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

from tabulate import tabulate

from occuwatch.pipelines.parse import detect_language, extract

TEXTS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "texts"
COMMAND = "python -m bench.parser_speed " + " ".join(sys.argv[1:])


def load_cases() -> list[tuple[str, str | None, str | None]]:
    """(text, title, published) of every text fixture."""
    cases = []
    for path in sorted(TEXTS.glob("*.txt")):
        meta_path = path.with_suffix(".json")
        meta = json.loads(meta_path.read_text("utf-8")) if meta_path.exists() else {}
        cases.append((path.read_text("utf-8"), meta.get("title"), meta.get("published")))
    return cases


def synthetic_cases(count: int = 400) -> dict[str, list[tuple[str, str | None, str | None]]]:
    """(text, title, published) of the synthetic site's articles, by what they are and their language."""
    from bench.sitegen import article_page
    from occuwatch.scrapers.pages import read_article

    rng = random.Random(6)
    groups: dict[str, list[tuple[str, str | None, str | None]]] = {}
    for number in range(count):
        title, published, html = article_page(rng, number, count)
        text = read_article(html, ("div.article-body",)).text
        kind = "announcing" if number % 20 == 7 else "quiet"
        language = "zh" if 'lang="zh"' in html else "en"
        groups.setdefault(f"synthetic {kind} {language}", []).append((text, title, published))
    return groups


def articles_per_second(cases: list[tuple[str, str | None, str | None]], rounds: int) -> float:
    """Median over `rounds` of articles parsed per second (language detected, as the pipeline does)."""
    rates = []
    for _ in range(rounds):
        started = time.perf_counter()
        for text, title, published in cases:
            extract(text, title=title, published=published, language=detect_language(f"{title or ''}\n{text}"))
        rates.append(len(cases) / (time.perf_counter() - started))
    return statistics.median(rates)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    cases = load_cases()
    groups = {"all": cases,
              "en": [c for c in cases if detect_language(f"{c[1] or ''}\n{c[0]}") == "en"],
              "zh": [c for c in cases if detect_language(f"{c[1] or ''}\n{c[0]}") == "zh"]}
    print(f"$ {COMMAND}\n")
    # The synthetic articles are made only after the first table: a heap of 400 pages standing by slows it.
    for make_table in (lambda: groups, lambda: dict(sorted(synthetic_cases().items()))):
        table = make_table()
        rows = []
        for name, group in table.items():
            chars = sum(len(text) for text, _, _ in group)
            rate = articles_per_second(group, args.rounds)
            rows.append({"texts": name, "articles": len(group), "mean chars": chars // max(len(group), 1),
                         "articles/s": round(rate), "ms/article": round(1000 / rate, 3)})
        print(tabulate(rows, headers="keys", tablefmt="github") + "\n")


if __name__ == "__main__":
    main()
