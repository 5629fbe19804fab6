"""Source health: consecutive failures, and "broken"/"recovered" alerts. (Being written.)"""

from sqlite_utils import Database


def queue_source_alerts(db: Database, run_id: int, *, broken_after: int) -> None:
    """Queue one "source broken" alert after N failed runs in a row, one "recovered" after."""
