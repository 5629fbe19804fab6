"""Notifications: queued in the database, then delivered through Apprise.

A notification has a unique key, so queueing the same news twice is a no-op.
Delivery is at-least-once per target: a message is recorded as delivered to
a target only after Apprise reports success, so a failure is retried on the
next run, and a crash between the send and the record may repeat that one
message — it is never lost.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass

import apprise
from sqlite_utils import Database

from occuwatch.db.attention import queue_attention_alerts
from occuwatch.db.batch_alerts import queue_batch_alerts
from occuwatch.db.health import queue_source_alerts
from occuwatch.db.runs import now

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Target:
    """One Apprise URL: its redacted form for logs and a hash that identifies it in the database."""

    url: str
    shown: str
    key: str


def targets(urls: list[str]) -> list[Target]:
    """Parse Apprise URLs; a URL Apprise cannot use is an error naming it (redacted)."""
    parsed = []
    for url in urls:
        plugin = apprise.Apprise.instantiate(url)
        if plugin is None:
            raise ValueError(f"[notify] urls: Apprise cannot use {redact(url)}")
        parsed.append(Target(url, plugin.url(privacy=True), hashlib.sha256(url.encode()).hexdigest()[:16]))
    return parsed


def usable(url: str) -> bool:
    """Whether Apprise can send to this URL (checked when the config is loaded)."""
    return apprise.Apprise.instantiate(url) is not None


def redact(url: str) -> str:
    """A URL with its credentials and tokens masked, as Apprise shows it; never the secret."""
    plugin = apprise.Apprise.instantiate(url)
    if plugin is not None:
        return plugin.url(privacy=True)
    scheme = url.split("://", 1)[0] if "://" in url else "?"
    return f"{scheme}://****"


def send_one(target: Target, title: str, body: str) -> bool:
    """Send through one Apprise URL; Apprise logs why when it fails."""
    sender = apprise.Apprise()
    sender.add(target.url)
    return bool(sender.notify(title=title, body=body))


def deliver_pending(db: Database, urls: list[str]) -> tuple[int, int]:
    """Send every pending notification to each target that lacks it; return (sent, failed)."""
    pending = list(db.query("select * from notifications where status = 'pending' order by id"))
    if not pending:
        return 0, 0
    if not urls:
        logger.warning("%d notification(s) not sent: no [notify] urls in the config", len(pending))
        return 0, 0
    sent = failed = 0
    undelivered: set[int] = set()  # notifications some target still lacks after this run
    for target in targets(urls):
        done = {row["notification_id"] for row in db.query(
            "select notification_id from deliveries where target = ?", [target.key])}
        for note in pending:
            if note["id"] in done:
                continue
            if send_one(target, note["title"], note["body"]):
                db.execute("insert or ignore into deliveries (notification_id, target, delivered) values (?, ?, ?)",
                           [note["id"], target.key, now()])
                sent += 1
            else:
                failed += 1
                undelivered.add(note["id"])
                logger.error("notification %r not delivered to %s; it is retried next run", note["title"], target.shown)
                db.execute("update notifications set attempts = attempts + 1, last_error = ? where id = ?",
                           [f"delivery to {target.shown} failed", note["id"]])
    for note in pending:
        if note["id"] not in undelivered:
            db.execute("update notifications set status = 'delivered', delivered = ? where id = ?", [now(), note["id"]])
    return sent, failed


def after_run(db: Database, config: dict, run_id: int, *, notify_existing: bool = False) -> tuple[int, int]:
    """Queue what a finished run has to tell (batches, source health) and deliver all pending."""
    queue_batch_alerts(db, run_id, notify_existing=notify_existing)
    queue_source_alerts(db, run_id, broken_after=config["notify"]["broken_after"])
    queue_attention_alerts(db, run_id)
    return deliver_pending(db, config["notify"]["urls"])
