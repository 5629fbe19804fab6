"""The extract pipeline: fetched pages read and parsed in a worker process or in the crawl process alike."""

from __future__ import annotations

import asyncio
import os
import signal
from collections.abc import Iterator

import pytest

from occuwatch.pipelines.extract import ExtractPipeline
from occuwatch.scrapers.items import Article, ArticlePage, PageError
from occuwatch.scrapers.pages import CONTENT_SELECTORS
from occuwatch.scrapers.workers import offload, shutdown_workers
from tests.conftest import REPO

ARTICLE = REPO / "tests" / "fixtures" / "sites" / "changning" / "art" / "2020" / "7" / "17"


@pytest.fixture(autouse=True)
def stop_workers() -> Iterator[None]:
    yield
    shutdown_workers()


def page(html: str, selectors: tuple[str, ...] = CONTENT_SELECTORS) -> ArticlePage:
    return ArticlePage(url="http://127.0.0.1/a.html", source="changning", html=html, content_selectors=selectors,
                       list_title="From the list", list_date="2020-07-17", language=None)


def through_pipeline(workers: int, *pages: ArticlePage) -> list[object]:
    """Each page through ExtractPipeline.process_item, concurrently as Scrapy would send them."""
    pipeline = ExtractPipeline(workers)

    async def all_of_them() -> list[object]:
        return list(await asyncio.gather(*(pipeline.process_item(p) for p in pages)))

    return asyncio.run(all_of_them())


def seed_page() -> str:
    return next(ARTICLE.glob("*.html")).read_text(encoding="utf-8")


@pytest.mark.parametrize("workers", [0, 1])
def test_a_page_is_read_and_parsed_the_same_in_a_worker_and_here(workers: int) -> None:
    (article,) = through_pipeline(workers, page(seed_page()))
    assert isinstance(article, Article)
    assert article.language == "en" and article.published == "2020-07-17"
    found = article.announcement
    assert (len(found.occupations), len(found.work_types), len(found.upgraded)) == (9, 5, 3)
    assert article == through_pipeline(1 - workers, page(seed_page()))[0]


@pytest.mark.parametrize("workers", [0, 1])
def test_a_page_without_a_body_becomes_a_page_error_and_the_rest_go_on(workers: int) -> None:
    empty, good = through_pipeline(workers, page("<html><body><p>Moved.</p></body></html>"), page(seed_page()))
    assert isinstance(empty, PageError) and empty.kind == "malformed" and "no article body" in empty.message
    assert isinstance(good, Article) and good.announcement.announces


@pytest.mark.parametrize("workers", [0, 1])
def test_a_page_that_makes_the_reader_raise_is_recorded_not_lost(workers: int) -> None:
    broken, good = through_pipeline(workers, page(seed_page(), ("div[",)), page(seed_page()))
    assert isinstance(broken, PageError) and broken.kind == "parser"
    assert "reading the page failed" in broken.message and broken.url == "http://127.0.0.1/a.html"
    assert isinstance(good, Article)


def test_a_worker_that_dies_fails_its_pages_as_errors_and_the_next_pages_get_a_new_worker() -> None:
    pipeline = ExtractPipeline(1)

    async def crawl_on() -> tuple[object, list[object], object, int, int]:
        before = await pipeline.process_item(page(seed_page()))
        dead = await offload(1, os.getpid)  # the worker's process
        os.kill(dead, signal.SIGKILL)
        lost = list(await asyncio.gather(*(pipeline.process_item(page(seed_page())) for _ in range(3))))
        after = await pipeline.process_item(page(seed_page()))
        return before, lost, after, dead, await offload(1, os.getpid)

    before, lost, after, dead, new = asyncio.run(crawl_on())
    assert isinstance(before, Article) and isinstance(after, Article) and after.announcement.announces
    assert all(isinstance(item, PageError) and item.kind == "parser" for item in lost)  # recorded: retried next run
    assert new != dead
