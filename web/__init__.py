"""`occuwatch serve`: the collected database on Datasette, with pages of our own for batches and names.

Datasette is the engine (`pip install "occuwatch[web]"`); `web/plugin.py` adds
the pages through Datasette's plugin hooks and `web/templates/` renders them
in Datasette's own layout. The database is opened read-only, so a crawl can
write while it serves.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

# Tables a reader of batches never needs; still reachable by URL for power users.
INTERNAL_TABLES = ("_sqlite_migrations", "list_pages", "notifications", "deliveries")
TRUNCATE_CELLS = 160  # characters shown of a long cell (an article's text) in Datasette's tables


def metadata_for(db_path: Path) -> dict[str, Any]:
    """contrib/datasette-metadata.json, keyed to the database as Datasette names it (the file's stem), with
    the internal tables and the FTS shadow tables hidden."""
    packaged = json.loads(resources.files("occuwatch").joinpath("contrib", "datasette-metadata.json")
                          .read_text(encoding="utf-8"))
    database = next(iter(packaged["databases"].values()))
    tables = database.setdefault("tables", {})
    for table in INTERNAL_TABLES:
        tables.setdefault(table, {})["hidden"] = True
    # A batch_id cell shows the batch's stable key ("ordinal-3"), not its row id twice ("1 1").
    tables.setdefault("batches", {})["label_column"] = "key"
    for indexed in ("professions", "articles", "entities"):
        for suffix in ("fts", "fts_data", "fts_idx", "fts_docsize", "fts_config"):
            tables.setdefault(f"{indexed}_{suffix}", {})["hidden"] = True
    return packaged | {"databases": {db_path.stem: database}}


def make_datasette(db_path: Path, *, broken_after: int = 3) -> Any:
    """A Datasette over the database (read-only connections), with occuwatch's pages."""
    from datasette.app import Datasette
    from datasette.plugins import pm

    from occuwatch.web import plugin

    if not pm.is_registered(plugin):
        pm.register(plugin, name="occuwatch")
    metadata = metadata_for(db_path)
    metadata["plugins"] = {"occuwatch": {"broken_after": broken_after}}
    templates = resources.files("occuwatch").joinpath("web", "templates")
    return Datasette(files=[str(db_path)], metadata=metadata, template_dir=str(templates),
                     settings={"truncate_cells_html": TRUNCATE_CELLS})
