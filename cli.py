"""occuwatch's command line: crawl, demo, extract, and queries of the collected database.

Results go to stdout, logs and errors to stderr. Exit codes: 0 success,
1 an error or a failed source (the message says which and how to fix it),
2 a usage error, 3 (crawl) another crawl is running on the database.
"""

from __future__ import annotations

import csv
import functools
import inspect
import json
import logging
import sqlite3
import sys
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import click
from tabulate import tabulate

from occuwatch.scrapers.config import database_path, load_config
from occuwatch.scrapers.errors import OccuwatchError

# Scrapy loggers whose errors repeat what the spiders report in one line of their own.
QUIETED_LOGGERS = ("scrapy.downloadermiddlewares.retry", "scrapy.downloadermiddlewares.robotstxt")
CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
# Shipped as package data of occuwatch (pyproject.toml), in a wheel as in a checkout.
SAMPLE_SITES = resources.files("occuwatch").joinpath("tests", "fixtures", "sites")


class Context:
    """What the top-level options decide, shared by every command."""

    def __init__(self, config_file: str | None, db_path: str | None, verbose: int) -> None:
        self.config_file = config_file
        self.db_override = db_path
        self.verbose = verbose

    def overrides(self, **overrides: Any) -> dict[str, Any]:
        """The command's own flags, with --db."""
        if self.db_override:
            overrides = {**overrides, "database": {"path": self.db_override}}
        return overrides

    def config(self, **overrides: Any) -> dict[str, Any]:
        """The layered config, with --db and the command's own flags on top."""
        return load_config(self.config_file, self.overrides(**overrides))

    @property
    def log_level(self) -> str:
        return ["WARNING", "INFO", "DEBUG"][min(self.verbose, 2)]

    def quiet_repeated_failures(self) -> None:
        """Without -v, a failed page is one line: the spider's own (what failed, why, what to do). Scrapy's
        retry and robots.txt middlewares log the same failure again, the latter with a traceback."""
        if not self.verbose:
            for name in QUIETED_LOGGERS:  # a filter, not a level: Scrapy's logging setup resets the levels
                logging.getLogger(name).addFilter(lambda record: record.levelno >= logging.CRITICAL)


def output_options(command: Callable) -> Callable:
    """Add --json and --csv to a command that returns rows; print them as a table otherwise."""

    @click.option("--json", "as_json", is_flag=True, help="Print JSON (a list of objects).")
    @click.option("--csv", "as_csv", is_flag=True, help="Print CSV with a header row.")
    @click.option("--bom", is_flag=True, help="Start the CSV with a UTF-8 byte-order mark, so that Excel reads "
                                              "the Chinese right.")
    @functools.wraps(command)
    def wrapper(*args: Any, as_json: bool, as_csv: bool, bom: bool, **kwargs: Any) -> None:
        form = output_form(as_json, as_csv, bom)
        if "form" in inspect.signature(command).parameters:  # a command whose JSON says more than its table
            kwargs["form"] = form
        print_rows(command(*args, **kwargs), form, bom=bom)

    return wrapper


def output_form(as_json: bool, as_csv: bool, bom: bool = False) -> str:
    """"json", "csv" or "table" from the output flags; a usage error when they contradict each other."""
    if as_json and as_csv:
        raise click.UsageError("choose one of --json and --csv")
    if bom and not as_csv:
        raise click.UsageError("--bom goes with --csv")
    return "json" if as_json else "csv" if as_csv else "table"


def print_rows(rows: list[dict[str, Any]], form: str, *, bom: bool = False) -> None:
    """Rows to stdout as a readable table (Chinese counted two columns wide, via wcwidth), JSON or CSV."""
    if form in {"json", "csv"}:
        write_rows(sys.stdout, rows, form, bom=bom)
    elif rows:
        click.echo(tabulate(rows, headers="keys"))
    else:
        click.echo("(nothing yet: run `occuwatch crawl` first)", err=True)


def open_db(ctx: Context, *, write: bool = False):
    """The configured database, which must exist for the query commands; read-only unless `write`."""
    from occuwatch.db.schema import open_database, open_for_reading

    path = database_path(ctx.config())
    if not path.exists():
        raise OccuwatchError(f"no database at {path}; run `occuwatch crawl` (or `occuwatch demo`) first, "
                             "or pass --db FILE")
    return open_database(path) if write else open_for_reading(path)


def _set_global(ctx: click.Context, param: click.Parameter, value: Any) -> None:
    """--db, --config and -v given after the sub-command: the same as before it (the later one wins)."""
    if value in (None, 0):
        return
    shared = ctx.find_object(Context)
    if param.name == "verbose":
        shared.verbose += value
    elif param.name == "config_file":
        shared.config_file = value
    else:
        shared.db_override = value


def global_options() -> list[click.Option]:
    """The group's options, accepted again by every sub-command (as sqlite-utils takes its database anywhere)."""
    return [
        click.Option(["--config", "config_file"], type=click.Path(dir_okay=False), expose_value=False,
                     callback=_set_global, help="TOML config file (as before the command)."),
        click.Option(["--db", "db_path"], type=click.Path(dir_okay=False), expose_value=False,
                     callback=_set_global, help="SQLite database file (as before the command)."),
        click.Option(["-v", "--verbose"], count=True, expose_value=False, callback=_set_global,
                     help="Log more to stderr (as before the command)."),
    ]


class OccuwatchGroup(click.Group):
    """Sub-commands that take the global options too; OccuwatchError becomes `Error: ...` and exit 1."""

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        cmd.params.extend(global_options())
        super().add_command(cmd, name)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except OccuwatchError as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(getattr(exc, "exit_code", 1))
        except sqlite3.Error as exc:  # a storage failure outside db/'s own checks (e.g. the disk filled up)
            from occuwatch.db.errors import as_storage_error

            try:
                path = database_path(ctx.obj.config())
            except OccuwatchError:
                path = "(see [database] path)"
            click.echo(f"Error: {as_storage_error(exc, path)}", err=True)
            sys.exit(1)


@click.group(cls=OccuwatchGroup, context_settings=CONTEXT_SETTINGS)
@click.option("--config", "config_file", type=click.Path(dir_okay=False),
              help="TOML config file (default: ./occuwatch.toml if present, over the packaged defaults).")
@click.option("--db", "db_path", type=click.Path(dir_okay=False),
              help="SQLite database file (overrides [database] path).")
@click.option("-v", "--verbose", count=True, help="Log more to stderr (-v: INFO, -vv: DEBUG).")
@click.version_option(package_name="occuwatch")
@click.pass_context
def main(click_ctx: click.Context, config_file: str | None, db_path: str | None, verbose: int) -> None:
    """Watch government news sites for new batches of officially recognised professions.

    \b
    Example:
        occuwatch demo                      # offline: crawl the bundled sample sites
        occuwatch crawl                     # crawl every configured source once
        occuwatch batches                   # what has been found
        occuwatch professions --batch 3 --csv
    """
    click_ctx.obj = Context(config_file, db_path, verbose)


@main.command()
@click.option("--source", "sources", multiple=True, metavar="NAME",
              help="Crawl only this source (repeatable). Default: every enabled source.")
@click.option("--json", "as_json", is_flag=True, help="Print the run summary as JSON.")
@click.option("--notify-existing", is_flag=True,
              help="On the first crawl of an empty database, notify its batches too (default: baseline, silent).")
@click.option("--full", is_flag=True,
              help="Re-check every list page and re-fetch every article (default: only what is new or failed).")
@click.option("--wait", is_flag=True,
              help="If another crawl is running on the database, wait for it to end (default: exit 3 at once).")
@click.pass_obj
def crawl(ctx: Context, *, sources: tuple[str, ...], as_json: bool, notify_existing: bool, full: bool,
          wait: bool) -> None:
    """Crawl the sources once and store what they announce.

    Prints pages fetched, new articles and new batches with their names, and
    sends one notification per new batch to the [notify] urls. The first crawl
    of an empty database is the baseline: it records what exists and notifies
    nobody (unless --notify-existing). Exits 1 when a source failed as a whole
    (its list page failed or held no links); pages that failed on their own
    are listed and retried next run. One crawl runs on a database at a time:
    while another runs, crawl exits 3 with `Error: another crawl is running`
    (--wait waits for it instead).

    A crawl is incremental: list pages are asked for conditionally (a server's
    304 reuses the page saved last time), articles already stored are not
    fetched again, and a list's older pages are read only while they hold
    new articles. --full re-checks every page and re-stores every article.

    \b
    Example:
        occuwatch crawl --source changning
    """
    from occuwatch.db.lock import describe_owner
    from occuwatch.scrapers.crawl import choose_sources, run_crawl

    config = ctx.config()
    chosen = choose_sources(config, list(sources))
    ctx.quiet_repeated_failures()

    def say_waiting(owner: dict[str, Any] | None) -> None:
        click.echo(f"Waiting for the crawl already running ({describe_owner(owner)})", err=True)

    run_id = run_crawl(config, chosen, log_level=ctx.log_level, full=full, extra=progress_setting(), wait=wait,
                       on_wait=say_waiting)
    tell_about_run(ctx, config, run_id, notify_existing)  # links the run's names into occupations first
    report_run(ctx, run_id, as_json, notified_existing=notify_existing)


def progress_setting() -> dict[str, bool]:
    """A live progress line only for a person watching: stderr is a terminal (never in a pipe or the daemon)."""
    return {"OCCUWATCH_PROGRESS": sys.stderr.isatty()}


def tell_about_run(ctx: Context, config: dict[str, Any], run_id: int, notify_existing: bool) -> None:
    """Queue and deliver the run's notifications; a delivery failure is logged, retried next run."""
    from occuwatch import notify

    sent, failed = notify.after_run(open_db(ctx, write=True), config, run_id, notify_existing=notify_existing)
    if sent or failed:
        click.echo(f"Notifications: {sent} sent, {failed} failed (retried next run)", err=True)


def report_run(ctx: Context, run_id: int, as_json: bool, *, notified_existing: bool = False) -> None:
    """Print a run's summary; exit 1 if a source failed."""
    from occuwatch.db.queries import run_summary

    db = open_db(ctx)
    summary = run_summary(db, run_id)
    if as_json:
        click.echo(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        click.echo(format_summary(summary, notified_existing=notified_existing))
    failed = [s["source"] for s in summary["sources"] if s["status"] == "failed"]
    if failed:
        raise OccuwatchError(
            f"source {', '.join(failed)} failed: see the messages above and `occuwatch runs`; "
            "check the start URLs in [sources.NAME] of your config")


def format_summary(summary: dict[str, Any], *, notified_existing: bool = False) -> str:
    """A run summary for people."""
    lines = [
        f"Run {summary['id']}: {summary['status']} — {summary['pages']} pages fetched, "
        f"{summary['new_articles']} new articles, {len(summary['new_batch_list'])} new batches",
    ]
    for source in summary["sources"]:
        note = f" — {source['message']}" if source["message"] else ""
        lines.append(f"  {source['source']}: {source['status']}, {source['articles']} articles "
                     f"({source['new_articles']} new){note}")
    for error in summary["page_errors"]:
        lines.append(f"  ! {error['source']}: {error['url']}: {error['message']}")
    baseline = [batch for batch in summary["new_batch_list"] if batch["baseline"]]
    if baseline:
        sources = ", ".join(summary["first_complete_sources"]) or "its sources"
        told = ("sent as asked by --notify-existing" if notified_existing else
                "recorded without notifying anyone (--notify-existing would send them)")
        lines += ["", f"A baseline: the first complete crawl of {sources} found {len(baseline)} batch(es) already "
                      f"published: {told}. From now on only new batches are sent."]
    for batch in summary["new_batch_list"]:
        lines.append("")
        lines.extend(format_batch(batch))
    return "\n".join(lines)


def format_batch(batch: dict[str, Any]) -> list[str]:
    """A batch heading and its occupations and work types, one per line (each with all its renderings)."""
    from occuwatch.db.batch_alerts import describe_name

    ordinal = f"batch {batch['ordinal']}" if batch["ordinal"] else f"batch {batch['batch']} (ordinal unknown)"
    released = f", released {batch['released']}" if batch["released"] else ""
    stated = f", {batch['announced_count']} announced" if batch["announced_count"] else ""
    heading = "Baseline" if batch.get("baseline") else "New"
    lines = [f"{heading} {ordinal}{released} ({batch['stage'] or 'final'}{stated}):"]
    lines += [f"  - {describe_name(name)}" for name in batch["names"]]
    return lines


@main.command()
@click.option("--sites", "sites_dir", type=click.Path(file_okay=False, exists=True),
              help="Folder of sample sites (default: the bundled tests/fixtures/sites).")
@click.option("--keep", is_flag=True, help="Keep the demo database from an earlier demo instead of starting fresh.")
@click.pass_obj
def demo(ctx: Context, sites_dir: str | None, keep: bool) -> None:
    """Crawl the bundled sample sites, served on 127.0.0.1; needs no network.

    Serves each sample site on a free local port, points the sources there,
    crawls into a fresh database (./occuwatch-demo.db unless --db is given)
    and prints what it found.

    \b
    Example:
        occuwatch demo && occuwatch professions --db occuwatch-demo.db
    """
    from scrapy.spiderloader import get_spider_loader

    from occuwatch.db.entities import link_run_names
    from occuwatch.db.queries import list_batches
    from occuwatch.localsites import serve_sites
    from occuwatch.scrapers.crawl import crawl_settings, run_crawl, source_names

    sites = Path(sites_dir) if sites_dir else find_sample_sites()
    db_path = Path(ctx.db_override or "occuwatch-demo.db")
    if not keep:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    base = load_config(ctx.config_file, {"database": {"path": str(db_path)}})
    loader = get_spider_loader(crawl_settings(base))
    names = [n for n in source_names(base) if (sites / n).is_dir()]
    if not names:
        raise OccuwatchError(f"no sample site in {sites} matches a source ({', '.join(source_names(base))})")
    with serve_sites(sites, names) as running:
        sources = {
            name: {"enabled": True, "start_urls": [running[name].mirror(u) for u in loader.load(name).start_urls]}
            for name in names
        }
        # Our own server on loopback: no need to wait a second between pages.
        config = load_config(ctx.config_file, {
            "database": {"path": str(db_path)}, "sources": sources,
            "crawl": {"requests_per_second": 50.0, "retries": 1},
        })
        click.echo(f"Serving {len(names)} sample site(s) on 127.0.0.1: "
                   + ", ".join(f"{n} at {running[n].base_url}" for n in names), err=True)
        ctx.quiet_repeated_failures()
        run_id = run_crawl(config, names, log_level=ctx.log_level, extra=progress_setting())
    ctx.db_override = str(db_path)
    link_run_names(open_db(ctx, write=True), run_id)  # the demo notifies nobody, so it links the names itself
    report_run(ctx, run_id, as_json=False)
    db = open_db(ctx)
    click.echo("\n" + format_latest_batch(db))
    # The demo's database is not the one queries use by default (occuwatch.db): say how to reach it.
    latest = max((b["batch"] for b in list_batches(db) if b["ordinal"]), key=int, default="1")
    click.echo(f"\nThe demo's database is {db_path}; query it with --db, e.g.\n"
               f"  occuwatch batches --db {db_path}\n"
               f"  occuwatch professions --batch {latest} --db {db_path}", err=True)


def format_latest_batch(db: Any) -> str:
    """The latest batch's occupations, one line each: code, Chinese name, its English renderings."""
    from occuwatch.db.queries import batch_entities, list_batches

    batches = [b for b in list_batches(db) if b["occupations"]]
    if not batches:
        return "No batch found."
    batch = max(batches, key=lambda b: (b["ordinal"] or 0, b["released"] or ""))
    entities = batch_entities(db, batch["id"])
    lines = [f"Latest batch: {batch['ordinal'] or batch['batch']}, released {batch['released'] or 'date unknown'} — "
             f"{batch['occupations']} new occupations, {batch['work_types']} new work types, "
             f"{batch['upgraded']} work types upgraded:"]
    for group, heading in (("occupations", ""), ("upgraded", " (upgraded)"), ("work_types", " (work type)")):
        for entity in entities[group]:
            under = f" under {entity['parent']}" if entity.get("parent") else ""
            lines.append(f"  {entity['code'] or '':10} {entity['zh'] or '?'} — {' / '.join(entity['en']) or '?'}"
                         f"{heading}{under}")
    return "\n".join(lines)


def find_sample_sites() -> Path:
    """The sample sites shipped with the package."""
    if SAMPLE_SITES.is_dir():
        return Path(str(SAMPLE_SITES))
    raise OccuwatchError(f"the bundled sample sites are missing from {SAMPLE_SITES} (a broken install?); "
                         "reinstall occuwatch or pass --sites DIR")


@main.command()
@click.argument("page")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object (a stable shape for scripts).")
@click.option("--language", type=click.Choice(["en", "zh"]), help="Skip language detection.")
@click.option("--published", metavar="YYYY-MM-DD",
              help="The page's date, to place a release date given without a year.")
def extract(page: str, as_json: bool, language: str | None, published: str | None) -> None:
    """Run the parser on one page: a FILE, an http(s) URL, or - for stdin; HTML or plain text.

    The JSON object has: language, title, published, released, announced_count,
    batch_ordinal, stage (of the page's own batch), occupations, work_types (with
    parent) and upgraded (every name the page gives, whichever batch), each a
    list of objects with at least "name"; batches: one object per batch the
    page reports (its own first, then a recalled or summarised one), each with
    its ordinal, count, stage, release date and names; article_id, the page's
    own stable id (gov.cn's manuscriptId) or null; text, the article text as a
    crawl would store it (so you can see what was read); and read_by: how it
    was read ("selector": a known content block; "fallback": the generic
    main-text extractor; "whole page": neither found an article; null: text).

    \b
    Example:
        occuwatch extract article.html --json
        curl -s https://example.org/news.html | occuwatch extract -
    """
    from occuwatch.pipelines.parse import extract as extract_announcement
    from occuwatch.scrapers.pages import text_from_html

    text = decode_page(read_page(page))
    title = page_date = article_id = read_by = None
    if looks_like_html(text):
        content = text_from_html(text)
        text, title, page_date, article_id = content.text, content.title, content.published, content.article_id
        read_by = content.read_by if content.has_body or content.read_by != "selector" else "whole page"
    published = published or page_date
    found = extract_announcement(text, title=title, published=published, language=language)
    result = {"title": title, "published": published, "article_id": article_id, **found.to_dict(),
              "read_by": read_by, "text": text}
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    click.echo(format_extraction(result))


def read_page(page: str) -> bytes:
    """The bytes of a file, an http(s) URL, or stdin ("-")."""
    if page == "-":
        return sys.stdin.buffer.read()
    scheme = urlsplit(page).scheme.lower()
    if scheme in {"http", "https"}:
        return fetch_url(page)
    if len(scheme) > 1:  # a one-letter "scheme" is a Windows drive
        raise OccuwatchError(f"{scheme}: URLs are not read; give a file path, an http(s) URL or -")
    try:
        return Path(page).read_bytes()
    except OSError as exc:
        raise OccuwatchError(f"cannot read {page}: {exc.strerror}") from None


def fetch_url(url: str, max_bytes: int | None = None) -> bytes:
    """GET one page, refusing redirects to other schemes and anything over max_bytes ([crawl] max_download_size)."""
    import urllib.request

    class WebOnlyRedirects(urllib.request.HTTPRedirectHandler):
        """Follow redirects to http(s) URLs only (urllib's own handler also follows ftp:)."""

        def redirect_request(self, *args: Any) -> Any:
            new_url = args[-1]  # (request, fp, code, msg, headers, new_url)
            if urlsplit(new_url).scheme not in {"http", "https"}:
                raise OccuwatchError(f"{url} redirected to {new_url}, which is not an http(s) URL; not followed")
            return super().redirect_request(*args)

    config = load_config()
    max_bytes = max_bytes or config["crawl"]["max_download_size"]
    request = urllib.request.Request(url, headers={"User-Agent": config["crawl"]["user_agent"]})
    opener = urllib.request.build_opener(WebOnlyRedirects)
    try:
        with opener.open(request, timeout=config["crawl"]["timeout"]) as response:
            body = response.read(max_bytes + 1)
    except OSError as exc:
        raise OccuwatchError(f"cannot fetch {url}: {exc}") from None
    if len(body) > max_bytes:
        raise OccuwatchError(f"{url} is larger than {max_bytes} bytes ([crawl] max_download_size); not read")
    return body


def decode_page(raw: bytes) -> str:
    """Bytes → text, the charset found as Scrapy finds it (BOM, then <meta>, then detection)."""
    from w3lib.encoding import html_to_unicode

    return html_to_unicode(None, raw)[1]


def looks_like_html(text: str) -> bool:
    """True for markup (an <html>, <body>, <p> or <div> tag near the start)."""
    head = text[:2000].lower()
    return any(tag in head for tag in ("<html", "<body", "<p>", "<p ", "<div", "<!doctype html"))


def format_extraction(result: dict[str, Any]) -> str:
    """An extraction for people: the page's own batch, then each other batch it reports."""
    lines = [
        f"language: {result['language']}   title: {result['title'] or '-'}   "
        f"published: {result['published'] or '-'}",
        f"stage: {result['stage'] or '-'}   batch: {result['batch_ordinal'] or '-'}   "
        f"released: {result['released'] or '-'}   announced count: {result['announced_count'] or '-'}",
    ]
    batches = result.get("batches") or []
    for index, batch in enumerate(batches):
        if len(batches) > 1:
            role = "this page's batch" if index == 0 else ("recalled batch" if batch["earlier"] else "another batch")
            lines.append(f" {role}: batch {batch['batch_ordinal'] or '?'}, {batch['announced_count'] or '?'} "
                         f"announced, {batch['stage']}, released {batch['released'] or '-'}")
        lines += format_names(batch)
    if not batches:
        lines += format_names(result)
    if not any(result[k] for k in ("occupations", "work_types", "upgraded")):
        lines.append("  (announces no new occupations)")
    lines.extend(f"  note: {note}" for note in result.get("notes", []))
    return "\n".join(lines)


def format_names(found: dict[str, Any]) -> list[str]:
    """One line per name: kind, name, the occupation it sits under (or was raised from), code."""
    lines = []
    for key, label, relation in (("occupations", "occupation", "under"), ("work_types", "work type", "under"),
                                 ("upgraded", "upgraded", "raised from a work type of")):
        for item in found[key]:
            under = f" ({relation} {item['parent']})" if item.get("parent") else ""
            code = f" [{item['code']}]" if item.get("code") else ""
            lines.append(f"  {label}: {item['name']}{under}{code}")
    return lines


@main.command()
@output_options
@click.pass_obj
def batches(ctx: Context, form: str) -> list[dict[str, Any]]:
    """List the batches found: ordinal, release date, stage and counts.

    Counts are of occupations, not of renderings: a name reported in Chinese
    and in two English translations is one occupation. Names only a draft
    had are counted apart (draft_only). --json adds each batch's
    occupations, work types, upgraded and draft-only names (Chinese name,
    English renderings, code, stages) and every article that reported it.

    \b
    Example:
        occuwatch batches --json
    """
    from occuwatch.db.queries import batch_articles, batch_entities, list_batches

    db = open_db(ctx)
    rows = list_batches(db)
    if form != "json":
        return rows
    return [row | batch_entities(db, row["id"]) | {"reports": [
        {key: article[key] for key in ("url", "source", "language", "stage", "published", "title")}
        | {"recalled": bool(article["earlier"])} for article in batch_articles(db, row["id"])]}
        for row in rows]


@main.command()
@click.option("--batch", "batch", metavar="BATCH",
              help="Only this batch: its ordinal (3), or for a batch without one the label `batches` shows "
                   "(its release date, 2021-01-12, or id-N).")
@output_options
@click.pass_obj
def professions(ctx: Context, batch: str | None) -> list[dict[str, Any]]:
    """List the new occupations and work types, batch by batch: one row each, with its Chinese name (zh),
    its English renderings (en), code and parent. `occuwatch search` finds every rendering.

    \b
    Example:
        occuwatch professions --batch 3 --csv > batch3.csv
    """
    from occuwatch.db.queries import find_batches, list_entities

    db = open_db(ctx)
    if batch is None:
        return list_entities(db)
    ids = find_batches(db, batch)
    if not ids:
        raise OccuwatchError(f"no batch {batch}; `occuwatch batches` lists them (column batch)")
    return list_entities(db, ids)


@main.command()
@click.argument("text")
@click.option("--limit", default=50, show_default=True, help="At most this many results.")
@output_options
@click.pass_obj
def search(ctx: Context, text: str, limit: int) -> list[dict[str, Any]]:
    """Full-text search of names (Chinese and English) and article titles.

    \b
    Example:
        occuwatch search blockchain
        occuwatch search 区块链 --json
    """
    from occuwatch.db.queries import search as search_database

    return search_database(open_db(ctx), text, limit)


@main.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the feed to FILE instead of stdout.")
@click.pass_obj
def feed(ctx: Context, output: str | None) -> None:
    """Write an Atom feed of the batches, newest first, with stable entry IDs.

    The feed's own link (rel="self") is `[feed] url` of the config, else the
    file given with -o; `[feed] link` adds a web page about the batches.

    \b
    Example:
        occuwatch feed -o /var/www/occuwatch.atom
    """
    from occuwatch.feed import batches_feed

    links = ctx.config()["feed"]
    self_url = links["url"] or (Path(output).resolve().as_uri() if output else "")
    if not self_url:
        click.echo("Note: the feed has no rel=\"self\" link; set [feed] url to where you publish it", err=True)
    xml = batches_feed(open_db(ctx), self_url=self_url, link=links["link"])
    if output:
        Path(output).write_bytes(xml)
        click.echo(f"Wrote {output}", err=True)
    else:
        sys.stdout.buffer.write(xml)


@main.command()
@click.option("--format", "form", type=click.Choice(["json", "csv"]), default="json", show_default=True)
@click.option("--table", type=click.Choice(["batches", "names", "articles"]),
              help="With csv: which table to print (default: names). With json: only this table.")
@click.option("-o", "--output-dir", type=click.Path(file_okay=False),
              help="Write batches, names and articles as three files in DIR instead of stdout.")
@click.option("--bom", is_flag=True, help="Start each CSV with a UTF-8 byte-order mark (for spreadsheet programs).")
@click.pass_obj
def export(ctx: Context, form: str, table: str | None, output_dir: str | None, bom: bool) -> None:
    """Export batches, names and articles (article text left out) as JSON or CSV.

    \b
    Example:
        occuwatch export --format json > occuwatch.json
        occuwatch export --format csv --table names > names.csv
        occuwatch export --format csv --bom -o export/
    """
    from occuwatch.db.queries import export_tables

    if bom and form != "csv":
        raise click.UsageError("--bom goes with --format csv")
    tables = export_tables(open_db(ctx))
    if output_dir:
        folder = Path(output_dir)
        folder.mkdir(parents=True, exist_ok=True)
        for name, rows in tables.items():
            with (folder / f"{name}.{form}").open("w", encoding="utf-8", newline="") as handle:
                write_rows(handle, rows, form, bom=bom)
        click.echo(f"Wrote {', '.join(f'{n}.{form}' for n in tables)} in {folder}", err=True)
    elif form == "csv":
        write_rows(sys.stdout, tables[table or "names"], "csv", bom=bom)
    else:
        write_rows(sys.stdout, tables[table] if table else tables, "json")


def write_rows(handle: Any, rows: Any, form: str, *, bom: bool = False) -> None:
    """JSON (anything) or CSV (a list of rows with a header) to an open text file; `bom` starts a CSV with
    U+FEFF, which spreadsheet programs take as "this file is UTF-8"."""
    if form == "json":
        json.dump(rows, handle, ensure_ascii=False, indent=2)
        handle.write("\n")
        return
    if bom:
        handle.write("\ufeff")
    writer = csv.DictWriter(handle, fieldnames=list(rows[0]) if rows else [], lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)


@main.command()
@click.argument("run_id", required=False, type=int, metavar="[RUN]")
@click.option("--limit", default=20, show_default=True, help="How many runs, newest first.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV with a header row (the list of runs).")
@click.pass_obj
def runs(ctx: Context, run_id: int | None, limit: int, as_json: bool, as_csv: bool) -> None:
    """List the latest crawl runs: status, each source's status, figures, and why a run was not ok.

    With a RUN id: that run in full, with each source and every page that failed.

    \b
    Example:
        occuwatch runs --limit 5
        occuwatch runs 12
    """
    from occuwatch.db.queries import list_runs, run_summary

    form = output_form(as_json, as_csv)
    db = open_db(ctx)
    if run_id is None:
        print_rows(list_runs(db, limit), form)
        return
    if not db.execute("select 1 from runs where id = ?", [run_id]).fetchone():
        raise OccuwatchError(f"no run {run_id}; `occuwatch runs` lists them")
    summary = run_summary(db, run_id)
    if as_csv:
        print_rows(summary["page_errors"], "csv")
    else:
        click.echo(json.dumps(summary, ensure_ascii=False, indent=2) if as_json else format_summary(summary))


@main.command()
@click.option("--run-now", is_flag=True, help="Also crawl once at start (each scheduled job once).")
@click.pass_obj
def schedule(ctx: Context, run_now: bool) -> None:
    """Run the daemon: crawl on the config's [schedule] until SIGTERM or Ctrl-C.

    Each crawl is `occuwatch crawl` in a child process, one at a time, stopped
    after [schedule] crawl_timeout and recorded as failed if it cannot finish.
    On SIGTERM or SIGINT a running crawl gets stop_grace seconds to finish;
    then the daemon exits 0. Logs go to stderr, one line per run.

    \b
    Example:
        occuwatch --config /etc/occuwatch.toml schedule --run-now
    """
    from occuwatch.scheduler import run_daemon

    run_daemon(ctx.config(), db_override=ctx.db_override, verbose=ctx.verbose, run_now=run_now)


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.pass_obj
def status(ctx: Context, as_json: bool) -> None:
    """Show the last and next run and each source's health.

    Health: last run and last success, failed runs in a row (a source is
    "broken" after [notify] broken_after of them), and whether its list page
    still yields article links. A source "needs attention" when its latest
    run that stored articles read some of them without its content selector
    (by the generic fallback: the site may have changed its article layout).
    The next run follows from [schedule] and the last run; "overdue" means
    the daemon has missed a run.

    Exit status: 0 when all is well; 1 when there is no database yet, a
    source is failing, broken or needs attention, or a run is overdue (for a
    monitoring check).

    \b
    Example:
        occuwatch status --json
    """
    from occuwatch.scheduler import format_status, status_report

    report = status_report(ctx.config())
    click.echo(json.dumps(report, ensure_ascii=False, indent=2) if as_json else format_status(report))
    troubled = report["last_run"] is None \
        or any(s["state"] in ("failing", "broken", "needs attention") for s in report["sources"]) \
        or any(job["overdue"] for job in report["schedule"])
    if troubled:
        sys.exit(1)


@main.command()
@click.option("--port", default=8001, show_default=True, help="Port to listen on.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; 127.0.0.1 serves this machine only, 0.0.0.0 everyone who can reach it.")
@click.option("--open", "open_browser", is_flag=True, help="Open the home page in a web browser.")
@click.pass_obj
def serve(ctx: Context, port: int, host: str, open_browser: bool) -> None:
    """Browse the batches, their occupations and sources in a web browser (Datasette).

    Pages: the batches newest first; one page per batch with its
    occupations (Chinese name, English renderings, code), work types under
    their occupation, upgraded and draft-only names and every article that
    reported it; sources and recent runs; search in both scripts; and every
    table, with JSON and CSV links. The database is opened read-only, so a
    crawl can run meanwhile. Needs the web extra: pip install "occuwatch[web]".

    \b
    Example:
        occuwatch serve --db occuwatch-demo.db --open
    """
    try:
        import uvicorn

        from occuwatch.web import make_datasette
    except ImportError:
        raise OccuwatchError('occuwatch serve needs Datasette: pip install "occuwatch[web]"') from None
    config = ctx.config()
    path = database_path(config)
    open_db(ctx).close()  # a missing, damaged or older database is one Error: line here, not a broken page later
    datasette = make_datasette(path, broken_after=config["notify"]["broken_after"])
    import asyncio

    asyncio.run(datasette.invoke_startup())
    url = f"http://{host}:{port}/"
    click.echo(f"Serving {path} at {url} (Ctrl-C stops)", err=True)
    if open_browser:
        import webbrowser

        webbrowser.open(url)
    uvicorn.run(datasette.app(), host=host, port=port, log_level="warning")


@main.command()
@click.argument("path", required=False, type=click.Path(dir_okay=False))
@click.option("--force", is_flag=True, help="Overwrite the file if it exists.")
@click.pass_obj
def init(ctx: Context, path: str | None, force: bool) -> None:
    """Write a starter config: every key with its default, commented out.

    PATH defaults to --config, else ./occuwatch.toml (the file every command
    reads when it is in the working directory).

    \b
    Example:
        occuwatch init && $EDITOR occuwatch.toml && occuwatch config
    """
    from occuwatch.scrapers.config import LOCAL_CONFIG_NAME, starter_config

    target = Path(path or ctx.config_file or LOCAL_CONFIG_NAME)
    if target.exists() and not force:
        raise OccuwatchError(f"{target} exists; edit it, or pass --force to replace it with the starter config")
    target.write_text(starter_config(), encoding="utf-8")
    click.echo(f"Wrote {target}: every key with its default, commented out; `occuwatch config` shows what is in force",
               err=True)


@main.command("config")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object: each key's value and origin.")
@click.pass_obj
def show_config(ctx: Context, as_json: bool) -> None:
    """Show the configuration in force and which file set each value.

    Values come from the packaged defaults, then ./occuwatch.toml or
    --config FILE (or $OCCUWATCH_CONFIG), then flags such as --db. Secrets
    in notification URLs are masked.

    \b
    Example:
        occuwatch config
        occuwatch --config /etc/occuwatch.toml config --json
    """
    from occuwatch.scrapers.config import effective_config, load_config_with_origins, toml_value

    config, origins = load_config_with_origins(ctx.config_file, ctx.overrides())
    rows = [(path, masked(path, value), origin) for path, value, origin in effective_config(config, origins)]
    if as_json:
        shown = {".".join(path): {"value": value, "from": origin} for path, value, origin in rows}
        click.echo(json.dumps(shown, ensure_ascii=False, indent=2))
        return
    lines = [(".".join(path[:-1]), f"{path[-1]} = {toml_value(value)}", origin) for path, value, origin in rows]
    width = min(40, max(len(line) for _, line, _ in lines))  # a long value just pushes its comment along
    table_now = None
    for table, line, origin in lines:
        if table != table_now:
            click.echo(("" if table_now is None else "\n") + f"[{table}]")
            table_now = table
        click.echo(f"{line.ljust(width)}  # {origin}")


def masked(path: tuple[str, ...], value: Any) -> Any:
    """Notification URLs as Apprise shows them: never the secret."""
    if path == ("notify", "urls") and value:
        from occuwatch.notify import redact

        return [redact(url) for url in value]
    return value


if __name__ == "__main__":
    main()
