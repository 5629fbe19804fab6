"""Shared test helpers: sample sites served on 127.0.0.1, config files, the CLI as a process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from scrapy.settings import Settings
from scrapy.spiderloader import get_spider_loader

from localsites import RunningSite, start_site

REPO = Path(__file__).resolve().parent.parent
SITES = REPO / "tests" / "fixtures" / "sites"


SPIDERS = get_spider_loader(Settings({"SPIDER_MODULES": ["scrapers.spiders"]}))


def spider_start_urls(name: str) -> list[str]:
    """A spider's own (real-site) start URLs."""
    return list(SPIDERS.load(name).start_urls)


def to_toml(value: Any) -> str:
    """A TOML value for strings, numbers, booleans and lists of those (JSON syntax is valid there)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(value, ensure_ascii=False)


@pytest.fixture
def serve() -> Iterator[Callable[..., RunningSite]]:
    """Start sample sites on free ports: serve("changning") or serve("x", root=path)."""
    running: list[RunningSite] = []

    def start(name: str, root: Path | None = None) -> RunningSite:
        site = start_site(name, root or SITES / name)
        running.append(site)
        return site

    yield start
    for site in running:
        site.server.shutdown()
        site.server.server_close()


@pytest.fixture
def make_config(tmp_path: Path) -> Callable[..., Path]:
    """Write a config pointing sources at running sample sites (others disabled); fast crawl settings."""

    def write(sites: dict[str, RunningSite], db: Path | None = None, **crawl: Any) -> Path:
        crawl = {"requests_per_second": 100.0, "retries": 1, "timeout": 5, **crawl}
        lines = ["[database]", f"path = {to_toml(str(db or tmp_path / 'occuwatch.db'))}", "", "[crawl]"]
        lines += [f"{key} = {to_toml(value)}" for key, value in crawl.items()]
        for name, site in sites.items():
            urls = [site.mirror(url) for url in spider_start_urls(name)]
            lines += ["", f"[sources.{name}]", f"start_urls = {to_toml(urls)}"]
        for name in sorted(set(SPIDERS.list()) - set(sites)):
            lines += ["", f"[sources.{name}]", "enabled = false"]
        path = tmp_path / "occuwatch.toml"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path

    return write


def run_cli(*args: str, cwd: Path, input_text: str | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run `occuwatch ARGS` as a real process (a crawl needs a fresh reactor)."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONIOENCODING": "utf-8"}
    env.pop("OCCUWATCH_CONFIG", None)
    return subprocess.run(
        [sys.executable, "-m", "cli", *args], cwd=cwd, env=env, input=input_text,
        capture_output=True, text=True, timeout=timeout, check=False,
    )
