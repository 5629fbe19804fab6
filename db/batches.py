"""Batch identity: which stored batch an article's announcement belongs to.

Articles about one release — the ministry's Chinese notice, an English report,
a local rewrite days later, the draft list before it — are one batch. They
are matched on what the texts carry, strongest evidence first: the ordinal
(第三批 / "third batch"), the release date, shared occupation codes, shared
names, then the stated count within the same year. Never on the source or the
page date alone.
"""

from __future__ import annotations

from datetime import date

from sqlite_utils import Database

from occuwatch.pipelines.announcement import Announcement, name_key

RELEASE_DATE_SLACK_DAYS = 3  # reports round "on Thursday" and time zones differ by a day
NAME_OVERLAP = 0.5  # share of the smaller name list that must match


def _days_apart(first: str, second: str) -> int | None:
    try:
        return abs((date.fromisoformat(first) - date.fromisoformat(second)).days)
    except ValueError:
        return None


def _names_of(found: Announcement) -> set[str]:
    return {name_key(n.name) for n in (*found.occupations, *found.upgraded)}


def _by_name_overlap(db: Database, found: Announcement) -> int | None:
    """The batch sharing the most names (at least half of the smaller list), if any."""
    keys = _names_of(found)
    if not keys:
        return None
    best, best_share = None, 0.0
    rows = db.query(
        f"select batch_id, count(*) as shared, "
        f"(select count(*) from professions q where q.batch_id = p.batch_id and q.kind = 'occupation') as total "
        f"from professions p where p.kind = 'occupation' and p.key in ({', '.join('?' for _ in keys)}) "
        "group by batch_id",
        sorted(keys),
    )
    for row in rows:
        share = row["shared"] / max(1, min(len(keys), row["total"]))
        if share >= NAME_OVERLAP and share > best_share:
            best, best_share = row["batch_id"], share
    return best


def _by_codes(db: Database, found: Announcement) -> int | None:
    codes = sorted({n.code for n in found.occupations if n.code})
    if not codes:
        return None
    row = next(db.query(
        f"select batch_id, count(*) as shared from professions where code in ({', '.join('?' for _ in codes)}) "
        "group by batch_id order by shared desc limit 1", codes), None)
    return row["batch_id"] if row else None


def _by_release_date(db: Database, released: str) -> int | None:
    for row in db.query("select id, released from batches where released is not null order by id"):
        apart = _days_apart(row["released"], released)
        if apart is not None and apart <= RELEASE_DATE_SLACK_DAYS:
            return row["id"]
    return None


def _by_count_and_year(db: Database, found: Announcement, year: str | None) -> int | None:
    """The only batch of that year with the same stated count (a weak match, used last)."""
    if not (found.announced_count and year):
        return None
    rows = list(db.query(
        "select id from batches where announced_count = ? and substr(coalesce(released, created), 1, 4) = ?",
        [found.announced_count, year]))
    return rows[0]["id"] if len(rows) == 1 else None


def find_batch(db: Database, found: Announcement, published: str | None) -> int | None:
    """The stored batch this announcement reports, or None when it is a new one."""
    if found.batch_ordinal:
        row = next(db.query("select id from batches where ordinal = ?", [found.batch_ordinal]), None)
        if row:
            return row["id"]
    year = (found.released or published or "")[:4] or None
    candidates = (
        _by_release_date(db, found.released) if found.released else None,
        _by_codes(db, found),
        _by_name_overlap(db, found),
        _by_count_and_year(db, found, year),
    )
    return next((c for c in candidates if c is not None and _compatible(db, c, found)), None)


def _compatible(db: Database, batch_id: int, found: Announcement) -> bool:
    """A batch known by another ordinal is another batch, however alike."""
    ordinal = db.execute("select ordinal from batches where id = ?", [batch_id]).fetchone()[0]
    return not (ordinal and found.batch_ordinal and ordinal != found.batch_ordinal)


def stable_key(found: Announcement, url: str) -> str:
    """An identity that survives rebuilding the database (for feed entry IDs)."""
    if found.batch_ordinal:
        return f"ordinal-{found.batch_ordinal}"
    if found.released:
        return f"released-{found.released}"
    return "first-reported-" + url
