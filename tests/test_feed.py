"""`occuwatch feed`: an Atom feed valid per RFC 4287, over a database made by a real crawl of a sample site."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import SampleCrawl, crawl_sample_site, run_cli

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> SampleCrawl:
    return crawl_sample_site("govcn", tmp_path_factory.mktemp("feed"))


def feed_of(directory: Path, *args: str) -> ET.Element:
    result = run_cli(*args, "feed", cwd=directory)
    assert result.returncode == 0, result.stderr
    return ET.fromstring(result.stdout.encode())


def links(element: ET.Element) -> list[dict[str, str]]:
    return [link.attrib for link in element.findall(f"{ATOM}link")]


def test_the_feed_has_what_rfc_4287_requires(crawled: SampleCrawl, tmp_path: Path) -> None:
    directory = crawled.db.conn.execute("pragma database_list").fetchone()[2]
    config = tmp_path / "feed.toml"
    config.write_text('[feed]\nurl = "https://example.org/occuwatch.atom"\nlink = "https://example.org/batches"\n')
    feed = feed_of(Path(directory).parent, "--config", str(config))
    # atom:feed: exactly one id, title, updated; an author, since the entries carry none of their own.
    for tag in ("id", "title", "updated", "author"):
        assert len(feed.findall(f"{ATOM}{tag}")) == 1, tag
    assert feed.find(f"{ATOM}author/{ATOM}name").text
    assert {"href": "https://example.org/occuwatch.atom", "rel": "self", "type": "application/atom+xml"} in links(feed)
    assert {"href": "https://example.org/batches", "rel": "alternate", "type": "text/html"} in links(feed)
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == crawled.db["batches"].count > 0
    for element in [feed, *entries]:
        alternates = Counter((link.get("type"), link.get("hreflang")) for link in element.findall(f"{ATOM}link")
                             if link.get("rel", "alternate") == "alternate")
        assert all(count == 1 for count in alternates.values()), alternates
    for entry in entries:
        for tag in ("id", "title", "updated"):
            assert len(entry.findall(f"{ATOM}{tag}")) == 1, tag
        # An entry without an alternate link must have content (RFC 4287, 4.1.2).
        assert entry.find(f"{ATOM}content").text
        assert all(link["rel"] == "related" and link["href"].startswith("http") for link in links(entry))


def test_ids_and_times_are_stable_and_the_self_link_defaults_to_the_written_file(crawled: SampleCrawl) -> None:
    directory = Path(crawled.db.conn.execute("pragma database_list").fetchone()[2]).parent
    first, second = feed_of(directory), feed_of(directory)
    assert ET.tostring(first) == ET.tostring(second)  # an unchanged database gives the same feed
    assert len({entry.findtext(f"{ATOM}id") for entry in first.iter(f"{ATOM}entry")}) == crawled.db["batches"].count
    assert all(link["rel"] != "self" for link in links(first))  # no address known: no self link, and a note says so
    result = run_cli("feed", "-o", "out.atom", cwd=directory)
    assert result.returncode == 0 and result.stderr == "Wrote out.atom\n"
    written = ET.parse(directory / "out.atom").getroot()
    assert {"href": (directory / "out.atom").as_uri(), "rel": "self", "type": "application/atom+xml"} in links(written)


def test_without_an_address_the_feed_says_how_to_give_one(crawled: SampleCrawl) -> None:
    directory = Path(crawled.db.conn.execute("pragma database_list").fetchone()[2]).parent
    result = run_cli("feed", cwd=directory)
    assert result.stderr == 'Note: the feed has no rel="self" link; set [feed] url to where you publish it\n'
