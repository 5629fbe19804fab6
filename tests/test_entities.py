"""One occupation, one row: entities built from the stored renderings, in a database a real crawl wrote."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from sqlite_utils import Database

from occuwatch.db.schema import open_database
from tests.conftest import REPO, run_cli

OLD_DATABASE = REPO / "tests" / "fixtures" / "databases" / "written-by-m008.db"


def test_the_migration_keeps_a_database_written_before_entities_and_links_its_names(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    shutil.copy(OLD_DATABASE, path)
    before = Database(path)
    counts = {table: before[table].count for table in ("articles", "batches", "professions", "mentions", "reports")}
    assert "entities" not in before.table_names()
    before.close()

    db = open_database(path)
    assert {table: db[table].count for table in counts} == counts  # nothing lost
    assert db.execute("select count(*) from professions where entity_id is null").fetchone()[0] == 0
    result = run_cli("batches", "--db", str(path), "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    by_ordinal = {b["ordinal"]: b for b in json.loads(result.stdout)}
    assert {o: len(b["occupations"]) for o, b in by_ordinal.items()} == {1: 13, 2: 16, 3: 9}
    third = by_ordinal[3]
    assert (len(third["work_types"]), len(third["upgraded"])) == (5, 3)
    for entity in third["occupations"]:
        assert entity["zh"] and entity["code"] and entity["en"], entity
    # Each rendering records how it was linked.
    methods = {row[0] for row in db.execute("select distinct link_method from professions where language = 'en'")}
    assert methods <= {"code", "bilingual", "list-order", "dictionary", "elimination", "similar-english"}


def test_professions_gives_one_row_per_occupation_and_search_still_finds_every_rendering(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    shutil.copy(OLD_DATABASE, path)
    refused = run_cli("professions", "--db", str(path), cwd=tmp_path)  # queries never migrate (issue 16)
    assert refused.returncode == 1 and "made by an older occuwatch" in refused.stderr
    open_database(path).close()  # as the next crawl does
    rows = json.loads(run_cli("professions", "--batch", "3", "--db", str(path), "--json", cwd=tmp_path).stdout)
    assert len(rows) == 17  # 9 occupations, 3 upgraded, 5 work types
    marketer = next(row for row in rows if row["zh"] == "互联网营销师")
    assert marketer["code"] == "4-01-02-07" and " / " in marketer["en"]  # two English renderings, one row
    for rendering in marketer["en"].split(" / "):
        found = json.loads(run_cli("search", rendering, "--db", str(path), "--json", cwd=tmp_path).stdout)
        assert any(hit["found"] == "name" and hit["text"] == rendering for hit in found), rendering
