"""Which batches a run makes news of. (Being written.)"""

from sqlite_utils import Database


def queue_batch_alerts(db: Database, run_id: int, *, notify_existing: bool = False) -> None:
    """Queue one notification per new batch and per draft that became final."""
