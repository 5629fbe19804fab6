"""The config-only source kind (`kind = "generic"`): a real crawl of a sample district site."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database

from tests.conftest import REPO, SPIDERS, run_cli, to_toml

DISTRICT = REPO / "tests" / "fixtures" / "generic" / "district"
LIST_PAGE = "/xwzx/index.html"
ARTICLES = ["/xwzx/2024/0628/1004.html", "/xwzx/2024/0612/1003.html", "/xwzx/2024/0520/1002.html",
            "/xwzx/2024/0415/1001.html"]  # newest first; the last one is on the second list page
DISTRICT_SOURCE = {
    "kind": "generic",
    "link_pattern": r"/xwzx/\d{4}/\d{4}/\d+\.html$",
    "content_selector": "div.article-body",
    "language": "zh",
    "next_page": "div.pager a.next",
}


def write_generic_config(directory: Path, sources: dict[str, dict[str, Any]], **crawl: Any) -> Path:
    """directory/occuwatch.toml with these [sources.NAME] tables; the spiders' own sources disabled."""
    crawl = {"requests_per_second": 100.0, "retries": 1, "timeout": 5, **crawl}
    lines = ["[database]", f"path = {to_toml(str(directory / 'occuwatch.db'))}", "", "[crawl]"]
    lines += [f"{key} = {to_toml(value)}" for key, value in crawl.items()]
    for name in sorted(set(SPIDERS.list()) - set(sources)):
        lines += ["", f"[sources.{name}]", "enabled = false"]
    for name, table in sources.items():
        lines += ["", f"[sources.{name}]"] + [f"{key} = {to_toml(value)}" for key, value in table.items()]
    path = directory / "occuwatch.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def district_config(directory: Path, base_url: str, **overrides: Any) -> Path:
    """A config whose only source is the sample district site as a generic source."""
    source = {**DISTRICT_SOURCE, "start_urls": [base_url + LIST_PAGE], **overrides}
    return write_generic_config(directory, {"district": source})


def crawl(config: Path, *args: str) -> dict[str, Any]:
    """`occuwatch crawl --json ARGS`: the run summary (the crawl must succeed)."""
    result = run_cli("--config", str(config), "crawl", "--json", *args, cwd=config.parent)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_a_generic_source_is_crawled_from_its_config_alone(serve, tmp_path: Path) -> None:
    site = serve("district", DISTRICT)
    summary = crawl(district_config(tmp_path, site.base_url))
    assert [s["source"] for s in summary["sources"]] == ["district"]
    assert summary["status"] == "ok"
    db = Database(tmp_path / "occuwatch.db")
    rows = {row["url"]: row for row in db.query("select * from articles")}
    assert set(rows) == {site.base_url + path for path in ARTICLES}
    first = rows[site.base_url + ARTICLES[0]]
    assert (first["title"], first["published"]) == ("区人社局发布第七批新职业信息", "2024-06-28")
    assert first["language"] == "zh"
    assert first["text"].startswith("6月28日") and "网站地图" not in first["text"]
    assert (first["batch_ordinal"], first["announced_count"]) == (7, 19)  # through the extract pipeline
    # Only list pages and matching links were asked for: no navigation, no related links.
    fetched = {path for _, path, _ in site.requests} - {"/robots.txt"}
    assert fetched == {LIST_PAGE, "/xwzx/index_1.html", *ARTICLES}


def test_a_next_page_template_is_followed_until_a_page_is_missing(serve, tmp_path: Path) -> None:
    site = serve("district", DISTRICT)
    summary = crawl(district_config(tmp_path, site.base_url, next_page="index_{n}.html"))
    assert summary["status"] == "ok"
    assert Database(tmp_path / "occuwatch.db")["articles"].count == len(ARTICLES)
    assert ("GET", "/xwzx/index_2.html", 404) in site.requests


def test_a_generic_list_page_without_matching_links_is_a_broken_source(serve, tmp_path: Path) -> None:
    site = serve("district", DISTRICT)
    config = district_config(tmp_path, site.base_url, link_pattern=r"/no-such-section/")
    result = run_cli("--config", str(config), "crawl", cwd=tmp_path)
    assert result.returncode == 1
    assert "Error: source district failed" in result.stderr
    errors = list(Database(tmp_path / "occuwatch.db").query("select kind, list_page from page_errors"))
    assert errors == [{"kind": "list-empty", "list_page": 1}]


@pytest.mark.parametrize(("table", "problem"), [
    ({"kind": "generic", "start_urls": ["http://127.0.0.1/"]},
     "link_pattern is needed by a generic source: a regex its article URLs match"),
    ({"kind": "generic", "start_urls": ["http://127.0.0.1/"], "link_pattern": "(["},
     'link_pattern must be a valid regular expression (unterminated character set at position 1), not "(["'),
    ({"kind": "generic", "link_pattern": "x"}, "start_urls is needed by a generic source: the list pages to read"),
    ({"kind": "rss", "start_urls": ["http://127.0.0.1/"]},
     'kind must be "generic" (or leave the key out for a built-in source), not "rss"'),
    ({"kind": "generic", "start_urls": ["http://127.0.0.1/"], "link_pattern": "x", "content_selector": "div["},
     "content_selector must be a valid CSS selector (Expected ident or '*', got <EOF at 4>), not \"div[\""),
    ({"kind": "generic", "start_urls": ["http://127.0.0.1/"], "link_pattern": "x", "next_page": "a..next"},
     "next_page must be a valid CSS selector (Expected ident, got <DELIM '.' at 2>), not \"a..next\""),
], ids=["no-pattern", "bad-regex", "no-list-pages", "unknown-kind", "bad-content-css", "bad-next-css"])
def test_a_wrong_generic_source_is_a_config_error(tmp_path: Path, table: dict[str, Any], problem: str) -> None:
    config = write_generic_config(tmp_path, {"district": table})
    result = run_cli("--config", str(config), "crawl", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == f"Error: {config}: [sources.district] {problem}\n"


def test_a_generic_source_may_not_take_a_spiders_name(tmp_path: Path) -> None:
    config = write_generic_config(tmp_path, {"changning": {**DISTRICT_SOURCE, "start_urls": ["http://127.0.0.1/"]}})
    result = run_cli("--config", str(config), "crawl", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == (f'Error: {config}: [sources.changning] kind cannot be "generic": a built-in spider is '
                             "named 'changning'; give the generic source another name\n")
