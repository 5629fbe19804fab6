"""A real Scrapy crawl of the Changning sample site over 127.0.0.1, into a real SQLite file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sqlite_utils import Database

from tests.conftest import REPO, SITES, run_cli

EXPECTED = json.loads((SITES / "changning" / "EXPECTED.json").read_text("utf-8"))
TABLES = ("articles", "batches", "professions", "mentions")


def local(url: str, base_url: str) -> str:
    """The sample site's URL for a real-site URL."""
    return base_url + urlsplit(url).path


def counts(db: Database) -> dict[str, int]:
    return {table: db[table].count for table in TABLES}


@pytest.fixture
def crawled(serve, make_config, tmp_path: Path):
    """One crawl of the sample site; yields (site, config, database, process result)."""
    site = serve("changning")
    config = make_config({"changning": site})
    result = run_cli("--config", str(config), "crawl", "--json", cwd=tmp_path)
    return site, config, Database(tmp_path / "occuwatch.db"), result


def test_crawl_stores_every_good_article_and_records_the_failures(crawled) -> None:
    site, _, db, result = crawled
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)

    stored = {row["url"] for row in db.query("select url from articles")}
    assert stored == {local(url, site.base_url) for url in EXPECTED["articles_ok"]}
    errors = {row["url"]: row for row in db.query("select * from page_errors where run_id = ?", [summary["id"]])}
    assert set(errors) == {local(url, site.base_url) for url in EXPECTED["errors"]}
    kinds = {url: row["kind"] for url, row in errors.items()}
    assert sorted(kinds.values()) == ["http", "malformed"]
    assert summary["status"] == "partial"
    assert summary["sources"][0]["list_links"] == EXPECTED["list_records"]
    assert summary["new_articles"] == len(EXPECTED["articles_ok"])


def test_crawl_stores_each_announced_batch_with_its_names(crawled) -> None:
    site, _, db, _ = crawled
    for url, announced in EXPECTED["announcements"].items():
        article = db["articles"].get(local(url, site.base_url))
        batch = db["batches"].get(article["batch_id"])
        assert batch["ordinal"] == announced["batch_ordinal"]
        assert batch["announced_count"] == announced["announced_count"]
        names = {row["name"] for row in db.query(
            "select p.name from professions p join mentions m on m.profession_id = p.id "
            "where m.article_url = ? and p.kind = 'occupation' and not p.upgraded", [article["url"]])}
        assert names == set(announced["occupations"])
    seed = db["articles"].get(local(EXPECTED["articles_ok"][2], site.base_url))
    work_types = list(db.query("select name, parent from work_types where batch_id = ?", [seed["batch_id"]]))
    assert {"name": "livestreaming salesperson", "parent": "online marketer"} in work_types
    assert len(work_types) == 5
    upgraded = db.execute("select count(*) from professions where batch_id = ? and upgraded", [seed["batch_id"]])
    assert upgraded.fetchone()[0] == 3


def test_quiet_news_creates_no_batch(crawled) -> None:
    _, _, db, _ = crawled
    announcing = {row["url"] for row in db.query("select url from articles where batch_id is not null")}
    assert len(announcing) == len(EXPECTED["announcements"])
    assert db["batches"].count == len(EXPECTED["announcements"])


def test_second_crawl_adds_no_duplicates_and_retries_the_failures(crawled, tmp_path: Path) -> None:
    _, config, db, first = crawled
    before = counts(db)
    second = run_cli("--config", str(config), "crawl", "--json", cwd=tmp_path)
    assert second.returncode == 0, second.stderr
    summary = json.loads(second.stdout)
    assert counts(db) == before
    assert summary["new_articles"] == 0
    assert summary["new_batch_list"] == []
    # The failed pages were asked for again, and failed again, in the new run.
    retried = {row["url"] for row in db.query("select url from page_errors where run_id = ?", [summary["id"]])}
    assert retried == {row["url"] for row in db.query(
        "select url from page_errors where run_id = ?", [json.loads(first.stdout)["id"]])}
    assert [row["status"] for row in db.query("select status from runs order by id")] == ["partial", "partial"]


def test_crawl_summary_names_the_new_batches(serve, make_config, tmp_path: Path) -> None:
    site = serve("changning")
    config = make_config({"changning": site})
    result = run_cli("--config", str(config), "crawl", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "3 new batches" in result.stdout
    assert "additive manufacturing equipment operators" in result.stdout
    assert "HTTP 500" in result.stdout


def test_a_source_whose_list_page_fails_exits_1(serve, make_config, tmp_path: Path) -> None:
    site = serve("changning")
    config = make_config({"changning": site})
    broken = config.read_text().replace("/col/col1140/index.html", "/col/col9999/index.html")
    config.write_text(broken)
    result = run_cli("--config", str(config), "crawl", cwd=tmp_path)
    assert result.returncode == 1
    assert "Error: source changning failed" in result.stderr
    db = Database(tmp_path / "occuwatch.db")
    assert db["runs"].get(1)["status"] == "failed"
    assert db["page_errors"].count == 1


def test_a_list_page_with_no_links_is_a_broken_source(serve, make_config, tmp_path: Path) -> None:
    site = serve("changning")
    config = make_config({"changning": site})
    # A page that answers 200 but holds no jcms records, as after a redesign.
    config.write_text(config.read_text().replace("/col/col1140/index.html", "/col/col1139/index.html"))
    result = run_cli("--config", str(config), "crawl", cwd=tmp_path)
    assert result.returncode == 1
    errors = list(Database(tmp_path / "occuwatch.db").query("select kind, list_page from page_errors"))
    assert errors == [{"kind": "list-empty", "list_page": 1}]


def test_scrapy_crawl_works_from_the_checkout(serve, make_config, tmp_path: Path) -> None:
    site = serve("changning")
    config = make_config({"changning": site})
    env = {**os.environ, "OCCUWATCH_CONFIG": str(config), "PYTHONPATH": str(REPO)}
    result = subprocess.run([sys.executable, "-m", "scrapy", "crawl", "changning"], cwd=REPO, env=env,
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    db = Database(tmp_path / "occuwatch.db")
    assert db["articles"].count == len(EXPECTED["articles_ok"])
    run = db["runs"].get(1)
    stored = len(EXPECTED["articles_ok"])
    assert (run["status"], run["sources"], run["new_articles"]) == ("partial", "changning", stored)
    # The pipeline that opened the run links its names too: one entity per occupation, as after occuwatch crawl.
    third = db.execute("select id from batches where ordinal = 3").fetchone()[0]
    kinds = dict(db.execute("select case when kind = 'work_type' then 'work type' when upgraded then 'upgraded' "
                            "else 'occupation' end, count(*) from entities where batch_id = ? group by 1", [third]))
    assert kinds == {"occupation": 9, "work type": 5, "upgraded": 3}
