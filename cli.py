"""occuwatch's command line: crawl, demo, extract, and queries of the collected database.

Results go to stdout, logs and errors to stderr. Exit codes: 0 success,
1 an error or a failed source (the message says which and how to fix it),
2 a usage error, 3 (crawl) another crawl is running on the database.
"""

from __future__ import annotations

import csv
import functools
import json
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

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
# Shipped as package data of occuwatch (pyproject.toml), in a wheel as in a checkout.
SAMPLE_SITES = resources.files("occuwatch").joinpath("tests", "fixtures", "sites")


class Context:
    """What the top-level options decide, shared by every command."""

    def __init__(self, config_file: str | None, db_path: str | None, verbose: int) -> None:
        self.config_file = config_file
        self.db_override = db_path
        self.verbose = verbose

    def config(self, **overrides: Any) -> dict[str, Any]:
        """The layered config, with --db and the command's own flags on top."""
        if self.db_override:
            overrides = {**overrides, "database": {"path": self.db_override}}
        return load_config(self.config_file, overrides)

    @property
    def log_level(self) -> str:
        return ["WARNING", "INFO", "DEBUG"][min(self.verbose, 2)]


def output_options(command: Callable) -> Callable:
    """Add --json and --csv to a command that returns rows; print them as a table otherwise."""

    @click.option("--json", "as_json", is_flag=True, help="Print JSON (a list of objects).")
    @click.option("--csv", "as_csv", is_flag=True, help="Print CSV with a header row.")
    @functools.wraps(command)
    def wrapper(*args: Any, as_json: bool, as_csv: bool, **kwargs: Any) -> None:
        if as_json and as_csv:
            raise click.UsageError("choose one of --json and --csv")
        rows = command(*args, **kwargs)
        print_rows(rows, "json" if as_json else "csv" if as_csv else "table")

    return wrapper


def print_rows(rows: list[dict[str, Any]], form: str) -> None:
    """Rows to stdout as a readable table, JSON or CSV."""
    if form in {"json", "csv"}:
        write_rows(sys.stdout, rows, form)
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


class OccuwatchGroup(click.Group):
    """Turn OccuwatchError into `Error: ...` and exit 1."""

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
    def say_waiting(owner: dict[str, Any] | None) -> None:
        click.echo(f"Waiting for the crawl already running ({describe_owner(owner)})", err=True)

    run_id = run_crawl(config, chosen, log_level=ctx.log_level, full=full, wait=wait, on_wait=say_waiting)
    tell_about_run(ctx, config, run_id, notify_existing)
    report_run(ctx, run_id, as_json)


def tell_about_run(ctx: Context, config: dict[str, Any], run_id: int, notify_existing: bool) -> None:
    """Queue and deliver the run's notifications; a delivery failure is logged, retried next run."""
    from occuwatch import notify

    sent, failed = notify.after_run(open_db(ctx, write=True), config, run_id, notify_existing=notify_existing)
    if sent or failed:
        click.echo(f"Notifications: {sent} sent, {failed} failed (retried next run)", err=True)


def report_run(ctx: Context, run_id: int, as_json: bool) -> None:
    """Print a run's summary; exit 1 if a source failed."""
    from occuwatch.db.queries import run_summary

    db = open_db(ctx)
    summary = run_summary(db, run_id)
    if as_json:
        click.echo(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        click.echo(format_summary(summary))
    failed = [s["source"] for s in summary["sources"] if s["status"] == "failed"]
    if failed:
        raise OccuwatchError(
            f"source {', '.join(failed)} failed: see the messages above and `occuwatch runs`; "
            "check the start URLs in [sources.NAME] of your config")


def format_summary(summary: dict[str, Any]) -> str:
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
    for batch in summary["new_batch_list"]:
        lines.append("")
        lines.extend(format_batch(batch))
    return "\n".join(lines)


def format_batch(batch: dict[str, Any]) -> list[str]:
    """A batch heading and its names, one per line."""
    ordinal = f"batch {batch['ordinal']}" if batch["ordinal"] else f"batch #{batch['id']} (ordinal unknown)"
    released = f", released {batch['released']}" if batch["released"] else ""
    stated = f", {batch['announced_count']} announced" if batch["announced_count"] else ""
    lines = [f"New {ordinal}{released} ({batch['stage'] or 'final'}{stated}):"]
    for name in batch["names"]:
        under = f" (under {name['parent']})" if name["parent"] else ""
        code = f" [{name['code']}]" if name["code"] else ""
        lines.append(f"  - {name['kind']}: {name['name']}{under}{code}")
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
        occuwatch demo && occuwatch --db occuwatch-demo.db professions
    """
    from scrapy.spiderloader import get_spider_loader

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
        run_id = run_crawl(config, names, log_level=ctx.log_level)
    ctx.db_override = str(db_path)
    click.echo(f"Demo database: {db_path} (query it with `occuwatch --db {db_path} batches`)", err=True)
    report_run(ctx, run_id, as_json=False)
    click.echo("\n" + format_latest_batch(open_db(ctx)))


def format_latest_batch(db: Any) -> str:
    """The latest batch's occupations as its most authoritative report in each language lists them."""
    from occuwatch.db.queries import latest_batch_reports

    reports = latest_batch_reports(db)
    if not reports:
        return "No batch found."
    batch = reports[0]["batch"]
    lines = [f"Latest batch: {batch['ordinal'] or '?'}, released {batch['released'] or 'date unknown'} — "
             f"{batch['announced_count'] or len(reports[0]['names'])} new occupations:"]
    for report in reports:
        lines.append(f"  as {report['source']} lists them ({report['url']}):")
        lines += [f"    {name}" for name in report["names"]]
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
    list of objects with at least "name"; and batches: one object per batch the
    page reports (its own first, then a recalled or summarised one), each with
    its ordinal, count, stage, release date and names.

    \b
    Example:
        occuwatch extract article.html --json
        curl -s https://example.org/news.html | occuwatch extract -
    """
    from occuwatch.pipelines.parse import extract as extract_announcement
    from occuwatch.scrapers.pages import text_from_html

    text = decode_page(read_page(page))
    title = page_date = None
    if looks_like_html(text):
        content = text_from_html(text)
        text, title, page_date = content.text, content.title, content.published
    published = published or page_date
    found = extract_announcement(text, title=title, published=published, language=language)
    result = {"title": title, "published": published, **found.to_dict()}
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
def batches(ctx: Context) -> list[dict[str, Any]]:
    """List the batches found: ordinal, release date, stage and counts.

    \b
    Example:
        occuwatch batches --json
    """
    from occuwatch.db.queries import list_batches

    return list_batches(open_db(ctx))


@main.command()
@click.option("--batch", "batch_id", type=int, metavar="ID", help="Only this batch (an id from `occuwatch batches`).")
@output_options
@click.pass_obj
def professions(ctx: Context, batch_id: int | None) -> list[dict[str, Any]]:
    """List the new occupations and work types, batch by batch.

    \b
    Example:
        occuwatch professions --batch 1 --csv > batch1.csv
    """
    from occuwatch.db.queries import batch_exists, list_professions

    db = open_db(ctx)
    if batch_id is not None and not batch_exists(db, batch_id):
        raise OccuwatchError(f"no batch with id {batch_id}; `occuwatch batches` lists them")
    return list_professions(db, batch_id)


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

    \b
    Example:
        occuwatch feed -o /var/www/occuwatch.atom
    """
    from occuwatch.feed import batches_feed

    xml = batches_feed(open_db(ctx))
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
@click.pass_obj
def export(ctx: Context, form: str, table: str | None, output_dir: str | None) -> None:
    """Export batches, names and articles (article text left out) as JSON or CSV.

    \b
    Example:
        occuwatch export --format json > occuwatch.json
        occuwatch export --format csv --table names > names.csv
        occuwatch export --format csv -o export/
    """
    from occuwatch.db.queries import export_tables

    tables = export_tables(open_db(ctx))
    if output_dir:
        folder = Path(output_dir)
        folder.mkdir(parents=True, exist_ok=True)
        for name, rows in tables.items():
            with (folder / f"{name}.{form}").open("w", encoding="utf-8", newline="") as handle:
                write_rows(handle, rows, form)
        click.echo(f"Wrote {', '.join(f'{n}.{form}' for n in tables)} in {folder}", err=True)
    elif form == "csv":
        write_rows(sys.stdout, tables[table or "names"], "csv")
    else:
        write_rows(sys.stdout, tables[table] if table else tables, "json")


def write_rows(handle: Any, rows: Any, form: str) -> None:
    """JSON (anything) or CSV (a list of rows with a header) to an open text file."""
    if form == "json":
        json.dump(rows, handle, ensure_ascii=False, indent=2)
        handle.write("\n")
        return
    writer = csv.DictWriter(handle, fieldnames=list(rows[0]) if rows else [], lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)


@main.command()
@click.option("--limit", default=20, show_default=True, help="How many runs, newest first.")
@output_options
@click.pass_obj
def runs(ctx: Context, limit: int) -> list[dict[str, Any]]:
    """List the latest crawl runs with their status and figures.

    \b
    Example:
        occuwatch runs --limit 5
    """
    from occuwatch.db.queries import list_runs

    return list_runs(open_db(ctx), limit)


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
    still yields article links. The next run follows from [schedule] and the
    last run; "overdue" means the daemon has missed a run.

    Exit status: 0 when all is well; 1 when there is no database yet, a
    source is failing or broken, or a run is overdue (for a monitoring check).

    \b
    Example:
        occuwatch status --json
    """
    from occuwatch.scheduler import format_status, status_report

    report = status_report(ctx.config())
    click.echo(json.dumps(report, ensure_ascii=False, indent=2) if as_json else format_status(report))
    troubled = report["last_run"] is None or any(s["state"] in ("failing", "broken") for s in report["sources"]) \
        or any(job["overdue"] for job in report["schedule"])
    if troubled:
        sys.exit(1)


if __name__ == "__main__":
    main()
