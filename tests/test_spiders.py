"""Every spider is a source: each has a sample site with its expectations, and a real crawl meets them."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest

from occuwatch.localsites import SampleSite
from tests.conftest import (
    SITES,
    SPIDERS,
    SampleCrawl,
    crawl_sample_site,
    expected_work_types,
    found_batches,
    found_work_types,
    spider_start_urls,
)

EXPECTED_KEYS = {"list_records", "articles_ok", "errors", "announcements"}


@pytest.mark.parametrize("name", sorted(SPIDERS.list()))
def test_every_spider_has_a_sample_site_with_expectations(name: str) -> None:
    folder = SITES / name
    assert (folder / "EXPECTED.json").is_file(), f"add tests/fixtures/sites/{name}/EXPECTED.json"
    expected = json.loads((folder / "EXPECTED.json").read_text("utf-8"))
    assert set(expected) >= EXPECTED_KEYS
    assert expected["list_records"] > 0
    assert set(expected["announcements"]) <= set(expected["articles_ok"])
    site = SampleSite.load(folder)
    assert site.origin, "site.toml must name the origin this folder stands in for"
    assert (folder / "robots.txt").is_file()
    for url in spider_start_urls(name):
        assert site.file_for(urlsplit(url).path) is not None, f"the sample site does not serve {url}"


@pytest.fixture(scope="module", params=sorted(SPIDERS.list()))
def crawled(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> SampleCrawl:
    """One real crawl of each spider's sample site over 127.0.0.1."""
    return crawl_sample_site(request.param, tmp_path_factory.mktemp(request.param))


def test_the_crawl_stores_every_good_page_and_records_each_failure(crawled: SampleCrawl) -> None:
    assert crawled.result.returncode == 0, crawled.result.stderr
    stored = {row["url"] for row in crawled.db.query("select url from articles")}
    assert stored == {crawled.local(url) for url in crawled.expected["articles_ok"]}
    errors = {row["url"]: row["kind"] for row in crawled.db.query("select url, kind from page_errors")}
    assert errors == {crawled.local(url): kind for url, kind in crawled.expected["errors"].items()}
    assert crawled.summary["sources"][0]["list_links"] >= crawled.expected["list_records"]


def test_each_announcing_page_gives_its_batch_and_occupations(crawled: SampleCrawl) -> None:
    announcements = crawled.expected["announcements"]
    assert found_batches(crawled) == {
        url: (a["batch_ordinal"], a["announced_count"], sorted(a["occupations"])) for url, a in announcements.items()}


def test_work_types_and_upgraded_occupations(crawled: SampleCrawl) -> None:
    assert found_work_types(crawled) == expected_work_types(crawled.expected)


def test_announcements_have_their_stage(crawled: SampleCrawl) -> None:
    stages = {url: crawled.db["articles"].get(crawled.local(url))["stage"] for url in crawled.expected["announcements"]}
    assert stages == {url: a["stage"] for url, a in crawled.expected["announcements"].items()}


def test_quiet_pages_announce_nothing(crawled: SampleCrawl) -> None:
    announcing = {row["url"] for row in crawled.db.query("select url from articles where batch_id is not null")}
    assert announcing == {crawled.local(url) for url in crawled.expected["announcements"]}
