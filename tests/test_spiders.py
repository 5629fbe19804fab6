"""Every spider is a source: each has a sample site with its expectations (one test per spider)."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest

from localsites import SampleSite
from tests.conftest import SITES, SPIDERS, spider_start_urls

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
