"""Which batches a run makes news of, and the message that tells it.

A batch is news once when first stored (as a draft or as final) and once more
when a known draft becomes final; further articles about it are silent. The
first crawl of a source is its baseline: batches it first reveals are
recorded, not announced (unless asked), as urlwatch does with a new job.
"""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from occuwatch.db.entities import link_run_names
from occuwatch.db.notifications import queue
from occuwatch.db.queries import batch_details

MAX_LINKS = 10


def is_baseline(db: Database, run_id: int, batch_id: int) -> bool:
    """True when the batch is not news: every source that first reported it in this run had never completed
    a run, or this run's articles only recalled it beside their own batch (an old batch, not a new one)."""
    sources = [row["source"] for row in db.query(
        "select distinct a.source from reports r join articles a on a.url = r.article_url "
        "where r.batch_id = ? and a.first_run_id = ? and not r.earlier", [batch_id, run_id])]
    return not any(db.execute(
        "select 1 from run_sources where source = ? and run_id < ? and status in ('ok', 'partial')",
        [source, run_id]).fetchone() for source in sources)


def queue_batch_alerts(db: Database, run_id: int, *, notify_existing: bool = False) -> int:
    """Queue a notification per batch first stored, or made final, by this run; return how many. The run's
    names are linked into occupations first, so that a message lists each occupation once."""
    link_run_names(db, run_id)
    queued = 0
    for batch in db.query(
        "select id, stage, first_run_id, final_run_id from batches "
        "where first_run_id = ? or final_run_id = ? order by id", [run_id, run_id]):
        new = batch["first_run_id"] == run_id
        send = notify_existing or not (new and is_baseline(db, run_id, batch["id"]))
        title, body = describe_batch(batch_details(db, batch["id"]), became_final=not new)
        queued += queue(db, key=f"batch:{batch['id']}:{batch['stage']}", kind=f"batch-{batch['stage']}",
                        title=title, body=body, run_id=run_id, batch_id=batch["id"], send=send)
    return queued


def describe_batch(batch: dict[str, Any], *, became_final: bool = False) -> tuple[str, str]:
    """A notification's title and plain-text body for a batch."""
    ordinal = f"batch {batch['ordinal']}" if batch["ordinal"] else "a new batch"
    stage = "draft list (public comment)" if batch["stage"] == "draft" else "final release"
    if became_final:
        stage = "final release (was a draft)"
    released = f", released {batch['released']}" if batch["released"] else ""
    count = f" — {batch['announced_count']} new occupations" if batch["announced_count"] else ""
    title = f"New occupations: {ordinal}, {stage}{released}{count}"
    lines = [title, ""]
    lines += [f"  - {describe_name(n)}" for n in batch["names"]]
    links = batch["article_list"][:MAX_LINKS]
    if links:
        lines += ["", "Reported by:"]
        lines += [f"  {a['title'] or a['url']} ({a['source']}, {a['published'] or 'undated'}): {a['url']}"
                  for a in links]
    return title, "\n".join(lines)


def describe_name(name: dict[str, Any]) -> str:
    """One line per occupation (an `entities` row): code, Chinese name, English renderings, kind, parent,
    and whether the final list dropped it."""
    text = " — ".join(part for part in (name["zh"], name["en"]) if part)
    if name["code"]:
        text = f"{name['code']} {text}"
    if name["kind"] == "work type":
        text += f" (work type under {name['parent']})" if name["parent"] else " (work type)"
    elif name["kind"] == "upgraded":
        text += " (work type upgraded to occupation)"
    if name["draft_only"]:
        text += " [in the draft only]"
    return text
