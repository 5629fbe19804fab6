"""Worker processes for the crawl's pure CPU work (reading article pages, parsing them), fed in batches.

One Python process uses one core: while the crawl process fetches, workers
read and parse on another. Calls travel in batches, since a round trip per
article would cost the crawl process about as much as the work itself.
`[crawl] parse_workers` says how many workers a crawl process starts (0: the
work is done in the crawl process).
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

BATCH_SIZE = 32  # calls per round trip to a worker
BATCH_WAIT = 0.02  # seconds a partial batch waits for more calls

_POOLS: dict[int, ProcessPoolExecutor] = {}
_BATCHERS: dict[tuple[int, Callable], Batcher] = {}


def run_batch(function: Callable, batch: list[tuple]) -> list[tuple[bool, Any]]:
    """In a worker: `function(*args)` for each call, as (True, result) or (False, the exception raised)."""
    results: list[tuple[bool, Any]] = []
    for args in batch:
        try:
            results.append((True, function(*args)))
        except Exception as exc:  # one bad page must not fail its batch
            results.append((False, exc))
    return results


def _exit_with_parent(parent: int) -> None:
    """Worker initializer: end this worker when the crawl process is gone (e.g. killed by the scheduler)."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def worker_pool(workers: int) -> ProcessPoolExecutor:
    """The process's pool of workers, shared by all its crawlers; processes start on first use."""
    if workers not in _POOLS:
        # spawn: forking a process that runs a reactor and threads is unsafe.
        _POOLS[workers] = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                                              initializer=_exit_with_parent, initargs=(os.getpid(),))
    return _POOLS[workers]


class Batcher:
    """Collects calls of one function into batches for the workers; each call gets its own future."""

    def __init__(self, workers: int, function: Callable) -> None:
        self.workers = workers
        self.function = function
        self.pending: list[tuple[tuple, asyncio.Future]] = []
        self.timer: asyncio.TimerHandle | None = None

    def submit(self, args: tuple) -> asyncio.Future:
        """Queue one call; the future gets its result or its exception."""
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        self.pending.append((args, future))
        if len(self.pending) >= BATCH_SIZE:
            self.flush()
        elif self.timer is None:
            self.timer = loop.call_later(BATCH_WAIT, self.flush)
        return future

    def flush(self) -> None:
        """Send the pending calls to a worker as one batch."""
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
        batch, self.pending = self.pending, []
        if not batch:
            return
        calls = [args for args, _ in batch]
        pool = worker_pool(self.workers)
        try:
            sent = pool.submit(run_batch, self.function, calls)
        except BrokenProcessPool as exc:  # a worker died since the last batch came back
            self.discard(pool)
            self.settle(batch, [(False, exc)] * len(batch))
            return
        asyncio.wrap_future(sent).add_done_callback(lambda finished: self.resolve(finished, batch, pool))

    def resolve(self, finished: asyncio.Future, batch: list[tuple[tuple, asyncio.Future]],
                pool: ProcessPoolExecutor) -> None:
        """Hand each call its outcome (or the whole batch's failure, e.g. a worker that died)."""
        if finished.cancelled() or finished.exception() is not None:
            error = asyncio.CancelledError() if finished.cancelled() else finished.exception()
            if isinstance(error, BrokenProcessPool):
                self.discard(pool)
            outcomes = [(False, error)] * len(batch)
        else:
            outcomes = finished.result()
        self.settle(batch, outcomes)

    def discard(self, pool: ProcessPoolExecutor) -> None:
        """A worker of `pool` died (killed, out of memory): the pool takes no more work, so the next batch
        starts a new one (unless an earlier failure has already)."""
        if _POOLS.get(self.workers) is pool:
            del _POOLS[self.workers]
        pool.shutdown(wait=False, cancel_futures=True)

    @staticmethod
    def settle(batch: list[tuple[tuple, asyncio.Future]], outcomes: list[tuple[bool, Any]]) -> None:
        """Give each call of the batch its outcome: a result or an exception."""
        for (_, future), (ok, value) in zip(batch, outcomes, strict=True):
            if future.done():
                continue
            if ok:
                future.set_result(value)
            else:
                future.set_exception(value)


async def offload(workers: int, function: Callable, *args: Any) -> Any:
    """`function(*args)`: in a worker process, batched with other calls, when `workers` > 0; else here."""
    if not workers:
        return function(*args)
    key = (workers, function)
    if key not in _BATCHERS:
        _BATCHERS[key] = Batcher(workers, function)
    return await _BATCHERS[key].submit(args)


def shutdown_workers() -> None:
    """Stop the workers (at the end of a crawl; else they stop when the process exits)."""
    _BATCHERS.clear()
    while _POOLS:
        _POOLS.popitem()[1].shutdown(wait=True, cancel_futures=True)
