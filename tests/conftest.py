"""Shared test helpers: sample sites served on 127.0.0.1, config files, the CLI as a process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from scrapy.settings import Settings
from scrapy.spiderloader import get_spider_loader
from sqlite_utils import Database

from occuwatch.localsites import RunningSite, start_site
from tests import cli_process

REPO = Path(__file__).resolve().parent.parent
SITES = REPO / "tests" / "fixtures" / "sites"


SPIDERS = get_spider_loader(Settings({"SPIDER_MODULES": ["occuwatch.scrapers.spiders"]}))


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


def write_config(directory: Path, sites: dict[str, RunningSite], db: Path | None = None,
                 notify: list[str] | None = None, start_urls: dict[str, list[str]] | None = None,
                 **crawl: Any) -> Path:
    """Write directory/occuwatch.toml pointing sources at running sample sites (others disabled).

    `start_urls` (real-site URLs by source) replaces a spider's own, e.g. to crawl a site's older lists.
    """
    crawl = {"requests_per_second": 100.0, "retries": 1, "timeout": 5, **crawl}
    lines = ["[database]", f"path = {to_toml(str(db or directory / 'occuwatch.db'))}", "", "[crawl]"]
    lines += [f"{key} = {to_toml(value)}" for key, value in crawl.items()]
    if notify is not None:
        lines += ["", "[notify]", f"urls = {to_toml(notify)}"]
    for name, site in sites.items():
        urls = [site.mirror(url) for url in (start_urls or {}).get(name) or spider_start_urls(name)]
        lines += ["", f"[sources.{name}]", f"start_urls = {to_toml(urls)}"]
    for name in sorted(set(SPIDERS.list()) - set(sites)):
        lines += ["", f"[sources.{name}]", "enabled = false"]
    path = directory / "occuwatch.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def make_config(tmp_path: Path) -> Callable[..., Path]:
    """Write a config pointing sources at running sample sites (others disabled); fast crawl settings."""

    def write(sites: dict[str, RunningSite], db: Path | None = None, notify: list[str] | None = None,
              **crawl: Any) -> Path:
        return write_config(tmp_path, sites, db, notify, **crawl)

    return write


def run_cli(*args: str, cwd: Path, input_text: str | None = None, timeout: float = 120,
            env: dict[str, str] | None = None, prefix: list[str] | None = None) -> subprocess.CompletedProcess:
    """Run `occuwatch ARGS` as a process of its own (a crawl needs a fresh reactor), forked from a server that
    has imported it already (tests/cli_process.py); `env` adds variables, `prefix` is a command to run
    it under (e.g. unshare), which takes a new interpreter."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONIOENCODING": "utf-8", **(env or {})}
    env.pop("OCCUWATCH_CONFIG", None)
    if not prefix:
        return cli_process.run(list(args), cwd=cwd, env=env, input_text=input_text, timeout=timeout)
    return subprocess.run(
        [*(prefix or []), sys.executable, "-m", "occuwatch", *args], cwd=cwd, env=env, input=input_text,
        capture_output=True, text=True, timeout=timeout, check=False,
    )


@dataclass
class SampleCrawl:
    """One crawl of a sample site: the site (stopped by now), its database and the CLI's answer."""

    site: RunningSite
    db: Database
    result: subprocess.CompletedProcess
    expected: dict[str, Any]

    @property
    def summary(self) -> dict[str, Any]:
        """The run summary the CLI printed with --json."""
        return json.loads(self.result.stdout)

    def local(self, url: str) -> str:
        """The sample site's URL for a real-site URL."""
        return self.site.mirror(url)


def crawl_sample_site(name: str, directory: Path, root: Path | None = None,
                      start_urls: list[str] | None = None) -> SampleCrawl:
    """Serve a sample site, run `occuwatch crawl --source NAME --json` on it (from other start URLs when
    given), stop the site."""
    site = start_site(name, root or SITES / name)
    try:
        config = write_config(directory, {name: site}, start_urls={name: start_urls} if start_urls else None)
        result = run_cli("--config", str(config), "crawl", "--source", name, "--json", cwd=directory)
    finally:
        site.server.shutdown()
        site.server.server_close()
    expected = json.loads(((root or SITES / name) / "EXPECTED.json").read_text("utf-8"))
    return SampleCrawl(site, Database(directory / "occuwatch.db"), result, expected)


def announced_names(db: Database, article_url: str) -> dict[str, set[tuple[str, str | None]]]:
    """What an article was stored as announcing: (name as written, parent) by kind."""
    found: dict[str, set[tuple[str, str | None]]] = {"occupations": set(), "work_types": set(), "upgraded": set()}
    rows = db.query(
        "select m.name_as_written as name, p.parent, p.kind, p.upgraded from mentions m "
        "join professions p on p.id = m.profession_id where m.article_url = ?", [article_url])
    for row in rows:
        kind = "work_types" if row["kind"] == "work_type" else "upgraded" if row["upgraded"] else "occupations"
        found[kind].add((row["name"], row["parent"]))
    return found


def found_batches(crawl: SampleCrawl) -> dict[str, tuple[int | None, int | None, list[str]]]:
    """For each announcing page of EXPECTED.json: (batch ordinal, stated count, occupations as written)."""
    found = {}
    for url in crawl.expected["announcements"]:
        article = crawl.db["articles"].get(crawl.local(url))
        names = sorted(name for name, _ in announced_names(crawl.db, article["url"])["occupations"])
        found[url] = (article["batch_ordinal"], article["announced_count"], names)
    return found


def expected_work_types(expected: dict[str, Any]) -> dict[str, dict[str, list[tuple[str, str | None]]]]:
    """Work types and upgraded occupations of EXPECTED.json's announcing pages: (name, parent or None)."""
    return {url: {kind: sorted((e["name"], e.get("parent")) for e in announced.get(kind, []))
                  for kind in ("work_types", "upgraded")}
            for url, announced in expected["announcements"].items()}


def found_work_types(crawl: SampleCrawl) -> dict[str, dict[str, list[tuple[str, str | None]]]]:
    """The same as stored; a parent counts only where EXPECTED.json names one."""
    wanted = expected_work_types(crawl.expected)
    found: dict[str, dict[str, list[tuple[str, str | None]]]] = {}
    for url, kinds in wanted.items():
        stored = announced_names(crawl.db, crawl.local(url))
        found[url] = {}
        for kind, entries in kinds.items():
            with_parent = any(parent for _, parent in entries)
            found[url][kind] = sorted((name, parent if with_parent else None) for name, parent in stored[kind])
    return found


class WebhookReceiver:
    """A JSON webhook on 127.0.0.1 recording what it accepts; `status` sets its next answers."""

    def __init__(self) -> None:
        self.messages: list[dict[str, Any]] = []
        self.refused = 0
        self.status = 200
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                """Quiet."""

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if receiver.status == 200:
                    receiver.messages.append(json.loads(body))
                else:
                    receiver.refused += 1
                self.send_response(receiver.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"json://127.0.0.1:{self.server.server_address[1]}/hook"

    def titles(self, word: str = "") -> list[str]:
        """Titles of the messages received so far that contain `word`."""
        return [m.get("title", "") for m in list(self.messages) if word in m.get("title", "")]

    def take(self) -> list[dict[str, Any]]:
        """The messages received since the last call."""
        taken, self.messages = self.messages, []
        return taken


@pytest.fixture
def webhook() -> Iterator[WebhookReceiver]:
    """A JSON webhook receiver for Apprise's json:// URLs."""
    receiver = WebhookReceiver()
    yield receiver
    receiver.server.shutdown()
    receiver.server.server_close()


# A small Changning-like site whose pages misbehave on demand (site.toml [faults], see localsites).
LIST = "/col/col1140/index.html"  # the column page the changning spider starts from
GOOD = ["/art/2021/1/1/art_1140_1.html", "/art/2021/1/2/art_1140_2.html"]
BAD = "/art/2021/1/3/art_1140_3.html"


def article_html(title: str, body: str) -> str:
    """An article page as the Hanweb jcms CMS writes it: the body in #zoom."""
    return (f'<html><head><meta charset="utf-8"><meta name="ArticleTitle" content="{title}">'
            f'<meta name="PubDate" content="2021-01-01 09:00"><title>{title}</title></head>'
            f'<body><h1>{title}</h1><div id="zoom"><p>{body}</p></div></body></html>')


def column_html(hrefs: list[str]) -> str:
    """A jcms column page listing `hrefs` in its embedded datastore (no further list pages)."""
    records = "".join(f'<record><![CDATA[<li><a href="{href}" title="Story {i}">Story {i}</a>'
                      f"<span>2021-01-0{i % 9 + 1}</span></li>]]></record>\n" for i, href in enumerate(hrefs))
    return (f'<html><head><meta charset="utf-8"><title>Local News</title></head><body><div class="list">'
            f'<script type="text/xml"><datastore><recordset>\n{records}</recordset></datastore></script>'
            "</div></body></html>")


@dataclass
class FaultSite:
    """A small site served on 127.0.0.1, its config and database; `crawl` runs `occuwatch crawl --json`."""

    root: Path
    site: RunningSite
    config: Path
    directory: Path

    @property
    def db(self) -> Database:
        return Database(self.directory / "occuwatch.db")

    def url(self, path: str) -> str:
        return self.site.base_url + path

    def set_faults(self, toml: str) -> None:
        """Rewrite site.toml; the running server re-reads it."""
        (self.root / "site.toml").write_text(toml, encoding="utf-8")

    def crawl(self) -> tuple[subprocess.CompletedProcess, dict[str, Any]]:
        """One crawl; the run summary from --json."""
        result = run_cli("--config", str(self.config), "crawl", "--json", cwd=self.directory)
        assert result.stdout, result.stderr
        return result, json.loads(result.stdout)

    def errors(self, run_id: int) -> list[dict[str, Any]]:
        return list(self.db.query("select url, kind, message, list_page from page_errors where run_id = ?", [run_id]))

    def stored(self) -> set[str]:
        return {row["url"] for row in self.db.query("select url from articles")}

    def source(self, run_id: int) -> dict[str, Any]:
        return next(self.db.query("select * from run_sources where run_id = ?", [run_id]))


@pytest.fixture
def build(serve, make_config, tmp_path: Path) -> Callable[..., FaultSite]:
    """Write and serve a site: GOOD and BAD articles listed on LIST, `toml` as its site.toml."""

    def make(toml: str = "", pages: dict[str, str | bytes] | None = None, links: list[str] | None = None,
             **crawl: Any) -> FaultSite:
        root = tmp_path / "site"
        files: dict[str, str | bytes] = {path: article_html(f"Story {path[-6]}", f"Text of story {path[-6]}.")
                                         for path in [*GOOD, BAD]}
        files[LIST] = column_html(links if links is not None else [*GOOD, BAD])
        for path, content in {**files, **(pages or {})}.items():
            file = root / path.lstrip("/")
            file.parent.mkdir(parents=True, exist_ok=True)
            file.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        (root / "site.toml").write_text(toml, encoding="utf-8")
        site = serve("changning", root=root)
        # Only the older column page: this site has none of the current layout's.
        only_column = {"changning": [f"http://english.shcn.gov.cn{LIST}"]}
        return FaultSite(root, site, make_config({"changning": site}, start_urls=only_column, **crawl), tmp_path)

    return make
