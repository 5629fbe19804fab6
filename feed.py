"""An Atom feed of batches: one entry per batch, newest first, stable IDs.

Valid per RFC 4287: the feed has an id, a title, an updated time and an
author (entries inherit it); at most one `alternate` link per type; a `self`
link where the feed's address is known, as feed readers need it to follow it.
Written with lxml: feedgen 1.0 drops the `rel` of entry links, which turns an
entry's article links into several `alternate` links of one type.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from lxml import etree
from sqlite_utils import Database

from occuwatch.db.batch_alerts import describe_batch
from occuwatch.db.queries import batch_details, list_batches

ATOM_NS = "http://www.w3.org/2005/Atom"
FEED_ID = "urn:occuwatch:batches"
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def entry_time(batch: dict[str, Any]) -> datetime:
    """When the batch was released (else first stored), as an aware datetime."""
    if batch["released"]:
        return datetime.fromisoformat(batch["released"]).replace(tzinfo=UTC)
    return datetime.fromisoformat(batch["created"])


def _add(parent: etree._Element, tag: str, text: str | None = None, **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, f"{{{ATOM_NS}}}{tag}", attributes)
    element.text = text
    return element


def batches_feed(db: Database, self_url: str = "", link: str = "") -> bytes:
    """The Atom XML of every batch; an entry's ID comes from the batch's stable key, not the row id.

    `self_url` is where the feed is published, `link` a web page about the
    batches (`[feed] url` and `link` of the config); either may be "".
    """
    details = [batch_details(db, batch["id"]) for batch in list_batches(db)]
    details.sort(key=entry_time, reverse=True)
    feed = etree.Element(f"{{{ATOM_NS}}}feed", nsmap={None: ATOM_NS})
    feed.set("{http://www.w3.org/XML/1998/namespace}lang", "zh-CN")
    _add(feed, "id", FEED_ID)
    _add(feed, "title", "occuwatch: new batches of officially recognised occupations")
    # The feed changes when a batch does: its time is the newest entry's, so an unchanged database gives the same feed.
    _add(feed, "updated", max((entry_time(batch) for batch in details), default=EPOCH).isoformat())
    _add(_add(feed, "author"), "name", "occuwatch")
    if self_url:
        _add(feed, "link", href=self_url, rel="self", type="application/atom+xml")
    if link:
        _add(feed, "link", href=link, rel="alternate", type="text/html")
    _add(feed, "generator", "occuwatch")
    for batch in details:
        title, body = describe_batch(batch)
        entry = _add(feed, "entry")
        _add(entry, "id", f"urn:occuwatch:batch:{batch['key']}")
        _add(entry, "title", title)
        _add(entry, "updated", entry_time(batch).isoformat())
        _add(entry, "published", entry_time(batch).isoformat())
        _add(entry, "content", body, type="text")
        for article in batch["article_list"]:
            _add(entry, "link", href=article["url"], rel="related", title=article["title"] or article["url"])
    return etree.tostring(feed, xml_declaration=True, encoding="UTF-8", pretty_print=True)
