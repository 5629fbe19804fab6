"""An Atom feed of batches (feedgen): one entry per batch, newest first, stable IDs."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from feedgen.feed import FeedGenerator
from sqlite_utils import Database

from occuwatch.db.batch_alerts import describe_batch
from occuwatch.db.queries import batch_details, list_batches

FEED_ID = "urn:occuwatch:batches"


def entry_time(batch: dict[str, Any]) -> datetime:
    """When the batch was released (else first stored), as an aware datetime."""
    if batch["released"]:
        return datetime.fromisoformat(batch["released"]).replace(tzinfo=UTC)
    return datetime.fromisoformat(batch["created"])


def batches_feed(db: Database, link: str = "https://github.com/occuwatch/occuwatch") -> bytes:
    """The Atom XML of every batch; an entry's ID comes from the batch's stable key, not the row id."""
    generator = FeedGenerator()
    generator.id(FEED_ID)
    generator.title("occuwatch: new batches of officially recognised occupations")
    generator.link(href=link, rel="alternate")
    generator.language("zh-CN")
    details = [batch_details(db, batch["id"]) for batch in list_batches(db)]
    details.sort(key=entry_time)  # feedgen puts the last added entry first: newest first
    for batch in details:
        title, body = describe_batch(batch)
        entry = generator.add_entry()
        entry.id(f"urn:occuwatch:batch:{batch['key']}")
        entry.title(title)
        entry.content(body, type="text")
        entry.updated(entry_time(batch))
        entry.published(entry_time(batch))
        for article in batch["article_list"]:
            entry.link(href=article["url"], rel="related", title=article["title"] or article["url"])
    if not details:
        generator.updated(datetime.now(UTC))
    return generator.atom_str(pretty=True)
