"""Run a crawl of some sources in this process and book-keep it as one run.

A Twisted reactor runs once per process, so call `run_crawl` once; the
scheduler starts a child process for each crawl.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Callable
from typing import Any

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings
from scrapy.spiderloader import get_spider_loader

from occuwatch.db.errors import StorageError, as_storage_error
from occuwatch.db.lock import crawl_lock
from occuwatch.db.runs import close_interrupted_runs, finish_run, start_run
from occuwatch.db.schema import open_database
from occuwatch.pipelines.store import STORAGE_REASON
from occuwatch.scrapers.config import CONFIG_ENV, database_path
from occuwatch.scrapers.errors import UnknownSourceError
from occuwatch.scrapers.workers import shutdown_workers


def crawl_settings(config: dict[str, Any], extra: dict[str, Any] | None = None) -> Settings:
    """Scrapy settings: the project module, then this config (it wins), then `extra`."""
    if config.get("_file"):
        # The settings module reads the same file, so `scrapy crawl` and we agree.
        os.environ[CONFIG_ENV] = config["_file"]
    # Imported only now: the module reads the config file named by CONFIG_ENV.
    from occuwatch.scrapers import settings as settings_module

    settings = Settings()
    settings.setmodule(settings_module, priority="project")
    settings.setdict(settings_module.settings_from_config(config), priority="cmdline")
    settings.setdict(extra or {}, priority="cmdline")
    return settings


def source_names(config: dict[str, Any]) -> list[str]:
    """Every spider, in name order (Scrapy's SPIDER_MODULES discovery is the registry)."""
    return sorted(get_spider_loader(crawl_settings(config)).list())


def choose_sources(config: dict[str, Any], requested: list[str] | None) -> list[str]:
    """The sources to crawl: those requested, else every source not disabled in the config."""
    known = source_names(config)
    if requested:
        unknown = sorted(set(requested) - set(known))
        if unknown:
            raise UnknownSourceError(f"unknown source {', '.join(unknown)}; known sources: {', '.join(known)}")
        return list(dict.fromkeys(requested))
    return [name for name in known if config.get("sources", {}).get(name, {}).get("enabled", True)]


def run_crawl(config: dict[str, Any], sources: list[str], *, log_level: str = "WARNING", full: bool = False,
              extra: dict[str, Any] | None = None, wait: bool = False,
              on_wait: Callable[[dict[str, Any] | None], None] | None = None) -> int:
    """Crawl the sources concurrently as one run; return the run id once all have stopped.

    The run holds the database's crawl lock (db.lock): another crawl of the
    same database raises CrawlLockedError, or with `wait` is awaited (`on_wait` is
    told who holds it). `full` re-fetches every list page and article (no
    conditional requests, no skipping of stored articles); `extra` settings
    win over the config's.
    """
    path = database_path(config)
    with crawl_lock(path, wait=wait, on_wait=on_wait):
        db = open_database(path)
        try:
            close_interrupted_runs(db)  # a killed crawl's run is closed as failed, never left `running`
            run_id = start_run(db, sources)
        except sqlite3.Error as exc:
            db.close()
            raise as_storage_error(exc, path) from exc
        settings = crawl_settings(config, {"OCCUWATCH_RUN_ID": run_id, "LOG_LEVEL": log_level,
                                           "OCCUWATCH_FULL": full, **(extra or {})})
        process = CrawlerProcess(settings)
        # Scrapy keeps the root logger at NOTSET (each crawler re-installs it) and filters in its handler,
        # so every page's DEBUG records ("Crawled", "Scraped from") are built and thrown away: about 2 %
        # of a crawl's CPU. Its own loggers can be told the level.
        logging.getLogger("scrapy").setLevel(settings.get("LOG_LEVEL"))
        for name in sources:
            process.crawl(name)
        process.start()
        shutdown_workers()
        # Judge the run by what was recorded, not by Scrapy's return: a spider that
        # failed to start leaves no run_sources row and so counts as failed.
        try:
            finish_run(db, run_id, sources)
            stopped = db.execute("select source, message from run_sources where run_id = ? and finish_reason = ?",
                                 [run_id, STORAGE_REASON]).fetchall()
        except sqlite3.Error as exc:
            raise as_storage_error(exc, path) from exc
        finally:
            db.close()
    if stopped:  # the run is closed with what it stored; the database is what needs fixing
        raise StorageError(f"run {run_id}: " + "; ".join(f"{source}: {message}" for source, message in stopped))
    return run_id
