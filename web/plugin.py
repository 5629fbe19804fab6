"""Datasette plugin hooks: occuwatch's own pages, each a read of the queries in db/ rendered by a template.

`/` the batches, newest first; `/batch/LABEL` one batch (LABEL as `occuwatch
batches` names it: its ordinal, else its date or id-N); `/health` sources and
recent runs; `/search?q=` names in both scripts and titles. Everything else
is Datasette's own (`/DATABASE`, `/DATABASE/TABLE`, JSON and CSV links).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from datasette import hookimpl
from datasette.utils.asgi import NotFound, Response
from sqlite_utils import Database

from occuwatch.db import health, queries


async def _read(datasette: Any, read: Callable[[Database], Any]) -> Any:
    """Run a query function of db/ on one of Datasette's read-only connections."""
    database = datasette.get_database()
    return await database.execute_fn(lambda conn: read(Database(conn)))


async def _page(datasette: Any, request: Any, template: str, **context: Any) -> Response:
    database = datasette.get_database()
    context |= {"database": database.name, "database_route": database.route}
    return Response.html(await datasette.render_template(template, context, request=request))


def _batch_rows(db: Database) -> list[dict[str, Any]]:
    rows = queries.list_batches(db)
    for row in rows:
        articles = queries.batch_articles(db, row["id"])
        row["sources"] = sorted({a["source"] for a in articles})
    return sorted(rows, key=lambda b: (b["released"] or b["created"] or ""), reverse=True)


async def home(datasette: Any, request: Any) -> Response:
    return await _page(datasette, request, "occuwatch_home.html", batches=await _read(datasette, _batch_rows))


async def batch(datasette: Any, request: Any) -> Response:
    label = request.url_vars["label"]

    def read(db: Database) -> dict[str, Any] | None:
        ids = queries.find_batches(db, label)
        if not ids:
            return None
        row = queries.list_batches(db, ids[:1])[0]
        return row | queries.batch_entities(db, ids[0]) | {"articles": queries.batch_articles(db, ids[0])}

    found = await _read(datasette, read)
    if found is None:
        raise NotFound(f"No batch {label}")
    return await _page(datasette, request, "occuwatch_batch.html", batch=found)


async def health_page(datasette: Any, request: Any) -> Response:
    broken_after = (datasette.plugin_config("occuwatch") or {}).get("broken_after", 3)

    def read(db: Database) -> dict[str, Any]:
        sources = [health.source_health(db, name, broken_after=broken_after) for name in health.crawled_sources(db)]
        return {"sources": sources, "runs": queries.list_runs(db, 20)}

    return await _page(datasette, request, "occuwatch_health.html", **await _read(datasette, read))


async def search_page(datasette: Any, request: Any) -> Response:
    text = (request.args.get("q") or "").strip()
    hits = await _read(datasette, lambda db: queries.search(db, text, 100)) if text else []
    return await _page(datasette, request, "occuwatch_search.html", q=text, hits=hits)


@hookimpl
def register_routes() -> list[tuple[str, Callable]]:
    return [(r"^/$", home), (r"^/batch/(?P<label>[^/]+)$", batch), (r"^/health$", health_page),
            (r"^/search$", search_page)]
