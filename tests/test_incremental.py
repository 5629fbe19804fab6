"""Incremental re-runs over 127.0.0.1: what a second crawl asks the server for, counted on the server."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from urllib.parse import urlsplit

from sqlite_utils import Database

from occuwatch.localsites import RunningSite
from tests.conftest import SITES, spider_start_urls
from tests.test_generic_source import ARTICLES, DISTRICT, LIST_PAGE, crawl, district_config

ROBOTS = "/robots.txt"


def answers(site: RunningSite, since: int) -> set[tuple[str, int]]:
    """(path, status) of what the site answered after its first `since` requests, robots.txt left out."""
    return {(path, status) for _, path, status in site.requests[since:] if path != ROBOTS}


def copy_of_district(tmp_path: Path) -> Path:
    """A copy of the sample district site that a test may change."""
    return Path(shutil.copytree(DISTRICT, tmp_path / "site"))


def test_rerun_of_an_unchanged_site_asks_for_the_first_list_page_only(serve, tmp_path: Path) -> None:
    site = serve("district", DISTRICT)
    config = district_config(tmp_path, site.base_url)
    first = crawl(config)
    before = len(site.requests)
    second = crawl(config)
    assert answers(site, before) == {(LIST_PAGE, 304)}  # no article, no second list page
    source = second["sources"][0]
    assert (second["status"], second["new_articles"]) == ("ok", 0)
    assert (source["unchanged_lists"], source["known_articles"], source["list_links"]) == (1, 3, 3)
    assert first["sources"][0]["unchanged_lists"] == 0
    assert Database(tmp_path / "occuwatch.db")["articles"].count == len(ARTICLES)


def test_a_new_article_is_fetched_on_the_next_run(serve, tmp_path: Path) -> None:
    root = copy_of_district(tmp_path)
    site = serve("district", root)
    config = district_config(tmp_path, site.base_url)
    crawl(config)
    new = "/xwzx/2024/0705/1005.html"
    (root / new.lstrip("/")).parent.mkdir(parents=True)
    shutil.copy(root / ARTICLES[1].lstrip("/"), root / new.lstrip("/"))
    listing = root / LIST_PAGE.lstrip("/")
    listing.write_text(listing.read_text("utf-8").replace(
        '<ul class="news-list">\n', f'<ul class="news-list">\n<li><a href="{new}">新文章</a></li>\n'), "utf-8")
    before = len(site.requests)
    summary = crawl(config)
    # The changed first page is fetched whole; it holds a new article, so the next page is checked (304).
    assert answers(site, before) == {(LIST_PAGE, 200), (new, 200), ("/xwzx/index_1.html", 304)}
    assert summary["new_articles"] == 1
    assert Database(tmp_path / "occuwatch.db")["articles"].get(site.base_url + new)


def test_a_failed_article_is_retried_next_run_though_its_list_page_is_unchanged(serve, tmp_path: Path) -> None:
    root = copy_of_district(tmp_path)
    (root / "site.toml").write_text(f'[status]\n"{ARTICLES[0]}" = 500\n', "utf-8")
    site = serve("district", root)
    config = district_config(tmp_path, site.base_url)
    assert crawl(config)["status"] == "partial"
    (root / "site.toml").write_text("", "utf-8")
    before = len(site.requests)
    summary = crawl(config)
    assert answers(site, before) == {(LIST_PAGE, 304), (ARTICLES[0], 200), ("/xwzx/index_1.html", 304)}
    assert (summary["status"], summary["new_articles"]) == ("ok", 1)


def test_full_refetches_every_page(serve, tmp_path: Path) -> None:
    site = serve("district", DISTRICT)
    config = district_config(tmp_path, site.base_url)
    crawl(config)
    db = Database(tmp_path / "occuwatch.db")
    fetched_first = {row["url"]: row["fetched"] for row in db.query("select url, fetched from articles")}
    before = len(site.requests)
    summary = crawl(config, "--full")
    assert answers(site, before) == {(path, 200) for path in [LIST_PAGE, "/xwzx/index_1.html", *ARTICLES]}
    assert (summary["status"], summary["new_articles"], summary["sources"][0]["known_articles"]) == ("ok", 0, 0)
    # Re-stored, not duplicated: each article keeps its first fetch time.
    assert {row["url"]: row["fetched"] for row in db.query("select url, fetched from articles")} == fetched_first


def test_rerun_of_a_jcms_site_retries_only_its_failed_articles(serve, make_config) -> None:
    site = serve("changning")
    config = make_config({"changning": site})
    crawl(config)
    before = len(site.requests)
    summary = crawl(config)
    columns = {urlsplit(url).path for url in spider_start_urls("changning")}  # the older and the current layout's
    expected = json.loads((SITES / "changning" / "EXPECTED.json").read_text("utf-8"))
    articles_asked = {path for method, path, _ in site.requests[before:]
                      if method == "GET" and path not in {*columns, ROBOTS}}
    assert {(column, 304) for column in columns} <= answers(site, before)
    assert articles_asked == {urlsplit(url).path for url in expected["errors"]}
    assert summary["sources"][0]["unchanged_lists"] == len(columns)
    assert summary["sources"][0]["known_articles"] > 0


def test_after_a_run_that_failed_deep_in_a_list_every_list_page_is_read_again(serve, tmp_path: Path) -> None:
    """The second list page fails in run 1; run 2 finds only known links on the first page, yet reads the
    second, since run 1 did not finish its list (so a killed crawl's gaps are filled too); run 3 stops early."""
    from tests.conftest import run_cli

    root = copy_of_district(tmp_path)
    site = serve("district", root)
    config = district_config(tmp_path, site.base_url)
    (root / "site.toml").write_text('[status]\n"/xwzx/index_1.html" = 500\n', encoding="utf-8")
    first = run_cli("--config", str(config), "crawl", "--json", cwd=tmp_path)
    assert first.returncode == 1  # a list page failed: the source failed
    db = Database(tmp_path / "occuwatch.db")
    assert {row["url"] for row in db.query("select url from articles")} == {site.base_url + a for a in ARTICLES[:3]}

    (root / "site.toml").write_text("", encoding="utf-8")
    before = len(site.requests)
    second = crawl(config)
    assert ("/xwzx/index_1.html", 200) in answers(site, before)
    assert (second["status"], second["new_articles"]) == ("ok", 1)
    assert {row["url"] for row in db.query("select url from articles")} == {site.base_url + a for a in ARTICLES}

    before = len(site.requests)
    crawl(config)
    assert answers(site, before) == {(LIST_PAGE, 304)}  # a finished run again: the early stop holds
