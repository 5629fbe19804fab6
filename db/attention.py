"""Sources read in a degraded way: articles stored through the fallback extractor, so the source needs attention.

When no content selector of a source matches an article page, the page's main
text is taken by a generic extractor and stored (`articles.read_by =
'fallback'`); the run counts them (`run_sources.fallback_articles`). A source
needs attention while its latest run that stored articles read any of them so.
Such a streak of runs is named by its first run, so it is notified once.
"""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from occuwatch.db.notifications import queue

ATTENTION_STATE = "needs attention"


def record_fallback_reads(db: Database, run_id: int, source: str, count: int) -> None:
    """Keep how many of the run's articles of this source were read by the fallback."""
    with db.atomic():
        db.execute("update run_sources set fallback_articles = ? where run_id = ? and source = ?",
                   [count, run_id, source])


def fallback_streak(db: Database, source: str, up_to_run: int | None = None) -> list[dict[str, Any]]:
    """The source's latest runs that stored articles (up to `up_to_run`), while they read some by the fallback,
    newest first. Runs that stored nothing (all known) neither end nor extend a streak."""
    where, params = "", [source]
    if up_to_run is not None:
        where, params = "and run_id <= ?", [source, up_to_run]
    streak = []
    for row in db.query(
        "select run_id, started, articles, coalesce(fallback_articles, 0) as fallback_articles from run_sources "
        f"where source = ? and status != 'running' and articles > 0 {where} order by run_id desc", params,
    ):
        if not row["fallback_articles"]:
            break
        streak.append(row)
    return streak


def queue_attention_alerts(db: Database, run_id: int) -> None:
    """Queue one "needs attention" alert per streak of runs that read articles by the fallback."""
    for row in list(db.query("select source from run_sources where run_id = ? and fallback_articles > 0", [run_id])):
        source = row["source"]
        streak = fallback_streak(db, source, run_id)
        if not streak:
            continue
        examples = [r["url"] for r in db.query(
            "select url from articles where source = ? and read_by = 'fallback' order by updated desc limit 3",
            [source])]
        queue(db, key=f"source-attention:{source}:{streak[-1]['run_id']}", kind="source_attention",
              title=f"occuwatch: source {source} needs attention",
              body=(f"{source}: {streak[0]['fallback_articles']} article(s) of run {run_id} matched none of the "
                    "source's content selectors and were stored as read by the generic fallback extractor "
                    f"(articles.read_by = 'fallback'), e.g. {', '.join(examples)}. The site may have changed "
                    "its article layout: check the stored text, and the source's content selector "
                    f"([sources.{source}] content_selector, or its spider). Not repeated while it lasts."),
              run_id=run_id, source=source)
