"""The gov.cn spider: its list readers, and a real crawl of the sample site over 127.0.0.1."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlite_utils import Database

from occuwatch.scrapers.spiders.base import ListRecord
from occuwatch.scrapers.spiders.govcn import (
    chinese_list_records,
    english_archive_records,
    is_english_archive,
    json_list_records,
    next_list_url,
)
from tests.conftest import (
    SITES,
    SampleCrawl,
    crawl_sample_site,
)

NAME = "govcn"
ENGLISH = "https://english.www.gov.cn/news/"
CHINESE = "https://www.gov.cn/"

# ---------------------------------------------------------------- pure list readers

ARCHIVE = """<ul class="nav"><li><a href="/policies/">Policies</a></li></ul>
<div class="item"><a href="/news/202007/07/content_WS5f03c5e1c6d0a3b1a7e2f8d4.html" class="pic"><img src="a.jpg"></a>
<h3><a href="/news/202007/07/content_WS5f03c5e1c6d0a3b1a7e2f8d4.html">China releases nine new occupations</a></h3></div>
<div class="item"><h3><a href="https://english.www.gov.cn/news/201904/04/content_WS5ca5b2e0c6d0a3b1a7e1c3a2.html">
  China adds 13 new   occupations</a></h3></div>
<a href="/news/top_news/2020/07/07/content_281477.htm">an old-style URL</a>
<a href="/news/page_1.html">Next</a>"""


def test_english_archive_records_are_found_by_url_pattern() -> None:
    assert english_archive_records(ARCHIVE) == [
        ListRecord("/news/202007/07/content_WS5f03c5e1c6d0a3b1a7e2f8d4.html",
                   "China releases nine new occupations", "2020-07-07"),
        ListRecord("https://english.www.gov.cn/news/201904/04/content_WS5ca5b2e0c6d0a3b1a7e1c3a2.html",
                   "China adds 13 new occupations", "2019-04-04"),
    ]


CHINESE_LIST = """<ul class="list">
<li><h4><a href="/zhengce/zhengceku/2020-07/08/content_5525118.htm">关于发布区块链工程技术人员等职业信息的通知</a>
<span class="date">2020-07-08</span></h4></li>
<li><h4><a href="/zhengce/zhuti/wdjy/index.htm">专题：稳就业政策汇编</a><span class="date">2020-07-06</span></h4></li>
<li><h4><a href="./2020-07/03/content_5523976.htm">相对链接</a></h4></li>
<li><h4><a href="https://www.gov.cn/xinwen/2020-03/02/content_5485720.htm">发布16个新职业</a></h4></li>
</ul>"""


def test_chinese_list_records_follow_only_policy_and_news_articles() -> None:
    assert chinese_list_records(CHINESE_LIST) == [
        ListRecord("/zhengce/zhengceku/2020-07/08/content_5525118.htm", "关于发布区块链工程技术人员等职业信息的通知",
                   "2020-07-08"),
        ListRecord("https://www.gov.cn/xinwen/2020-03/02/content_5485720.htm", "发布16个新职业", "2020-03-02"),
    ]
    assert chinese_list_records("<div class='news_box'><a href='/xinwen/2020-03/02/content_1.htm'>x</a></div>") == []


# The current markup: `.list` on a div around the ul, li.line separators, a stray </html> above, new URL shapes.
CURRENT_LIST = """<html><body><div class="header"><a href="/">首页</a></div></html>
<div class="list list_1 list_2"><ul>
<li><h4><a href="./202603/content_7050101.htm">春季招聘活动在全国启动</a><span class="date">2026-03-02</span></h4></li>
<li class="line"></li>
<li><h4><a href="/zhengce/zhengceku/202609/content_7082302.htm">一份政策文件</a>
<span class="date">2026-09-28</span></h4></li>
<li><h4><a href="/zhengce/content/202608/content_7080001.htm">国务院文件</a></h4></li>
<li><h4><a href="/zhengce/202607/content_7070001.htm">政策解读</a><span class="date">2026-07-01</span></h4></li>
<li><h4><a href="/zhuanti/wdjy/index.htm">专题</a><span class="date">2026-07-01</span></h4></li>
<li><h4><a href="/yaowen/liebiao/2026-03/content_1.htm">not a URL shape gov.cn uses</a></h4></li>
</ul></div></body></html>"""


def test_chinese_list_records_of_the_current_layout() -> None:
    records = chinese_list_records(CURRENT_LIST, CHINESE + "yaowen/liebiao/home.htm")
    assert records == [
        ListRecord("./202603/content_7050101.htm", "春季招聘活动在全国启动", "2026-03-02"),
        ListRecord("/zhengce/zhengceku/202609/content_7082302.htm", "一份政策文件", "2026-09-28"),
        ListRecord("/zhengce/content/202608/content_7080001.htm", "国务院文件", None),  # the URL has no day
        ListRecord("/zhengce/202607/content_7070001.htm", "政策解读", "2026-07-01"),
    ]


def test_json_list_records_whatever_the_keys_are_called() -> None:
    listing = """{"data": {"list": [
      {"TITLE": "关于发布新职业信息的通知", "URL": "https://www.gov.cn/zhengce/zhengceku/202103/content_5594123.htm",
       "DOCRELPUBTIME": "2021-03-18 17:30:00"},
      {"title": "国务院文件", "link": "/zhengce/content/2020-07/03/content_5523976.htm"},
      {"title": "专题", "link": "/zhuanti/wdjy/index.htm", "date": "2020-07-10"},
      {"title": "the same again", "url": "https://www.gov.cn/zhengce/zhengceku/202103/content_5594123.htm"}]},
      "total": 3}"""
    assert json_list_records(listing) == [
        ListRecord("https://www.gov.cn/zhengce/zhengceku/202103/content_5594123.htm", "关于发布新职业信息的通知",
                   "2021-03-18"),
        ListRecord("/zhengce/content/2020-07/03/content_5523976.htm", "国务院文件", "2020-07-03"),
    ]
    assert json_list_records("var list = [") == []  # not JSON: no records, so the source is reported broken
    assert json_list_records('{"list": []}') == []


def test_english_archive_accepts_the_older_sections() -> None:
    older = ('<a href="/news/topnews/202007/07/content_WS5f03c5e1c6d0a3b1a7e2f8d4.html">Top news</a>'
             '<a href="/policies/latestreleases/202103/19/content_WS6054a1b2c6d0719374afb2c3.html">Release</a>')
    assert [r.date for r in english_archive_records(older)] == ["2020-07-07", "2021-03-19"]


def test_next_list_pages() -> None:
    assert is_english_archive(ENGLISH)
    assert not is_english_archive(CHINESE + "zhengce/zuixin/home.htm")
    assert next_list_url(ENGLISH, 1) == ENGLISH + "page_2.html"  # page_1.html is not known to exist
    assert next_list_url(ENGLISH + "page_2.html", 2) == ENGLISH + "page_3.html"
    assert next_list_url(CHINESE + "zhengce/zuixin/home.htm", 1) == CHINESE + "zhengce/zuixin/home_1.htm"
    assert next_list_url(CHINESE + "zhengce/zuixin/home_1.htm", 2) == CHINESE + "zhengce/zuixin/home_2.htm"


# ---------------------------------------------------------------- a real crawl


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> SampleCrawl:
    """One crawl of the sample site (both hosts in one folder), shared by the tests that only read it."""
    return crawl_sample_site(NAME, tmp_path_factory.mktemp(NAME))


def test_crawl_stores_every_article_of_both_hosts(crawled: SampleCrawl) -> None:
    assert crawled.result.returncode == 0, crawled.result.stderr
    stored = {row["url"] for row in crawled.db.query("select url from articles")}
    assert stored == {crawled.local(url) for url in crawled.expected["articles_ok"]}
    assert crawled.summary["sources"][0]["list_links"] == crawled.expected["list_records"]


def test_only_the_page_without_a_body_is_an_error(crawled: SampleCrawl) -> None:
    # The guessed pages after the last ones (page_2.html, home_2.htm, home_1.htm) end their lists quietly.
    errors = {row["url"]: row["kind"] for row in crawled.db.query("select url, kind from page_errors")}
    assert errors == {crawled.local(url): kind for url, kind in crawled.expected["errors"].items()}
    assert crawled.summary["status"] == "partial"


def test_titles_dates_and_languages(crawled: SampleCrawl) -> None:
    for url, meta in crawled.expected["article_meta"].items():
        article = crawled.db["articles"].get(crawled.local(url))
        assert (article["title"], article["published"]) == (meta["title"], meta["published"]), url
        assert article["language"] == crawled.expected["languages"][url], url


def test_article_text_is_the_body_only(crawled: SampleCrawl) -> None:
    for url, phrases in crawled.expected["text_contains"].items():
        text = crawled.db["articles"].get(crawled.local(url))["text"]
        assert all(phrase in text for phrase in phrases), url
    policy = crawled.db["articles"].get(crawled.local(CHINESE + "zhengce/zhengceku/2020-07/08/content_5525118.htm"))
    # The policy library's header table (标题, 发文字号, …) and the page chrome stay out.
    assert "发文字号" not in policy["text"]
    assert "网站识别码" not in policy["text"]


def test_a_page_looking_back_over_batches_files_each_name_under_its_batch(crawled: SampleCrawl) -> None:
    for url, announced in crawled.expected["announcements"].items():
        if "batches" not in announced:
            continue
        rows = crawled.db.query(
            "select b.ordinal, m.name_as_written as name, r.main from mentions m "
            "join professions p on p.id = m.profession_id join batches b on b.id = p.batch_id "
            "join reports r on r.article_url = m.article_url and r.batch_id = b.id "
            "where m.article_url = ?", [crawled.local(url)])
        by_batch: dict[str, list[str]] = {}
        main = set()
        for row in rows:
            by_batch.setdefault(str(row["ordinal"]), []).append(row["name"])
            if row["main"]:
                main.add(row["ordinal"])
        assert {k: sorted(v) for k, v in by_batch.items()} == {k: sorted(v) for k, v in announced["batches"].items()}
        assert main == {announced["batch_ordinal"]}
        article = crawled.db["articles"].get(crawled.local(url))
        assert crawled.db["batches"].get(article["batch_id"])["ordinal"] == announced["batch_ordinal"]


def test_english_and_chinese_reports_of_a_batch_are_one_batch(crawled: SampleCrawl) -> None:
    english = crawled.db["articles"].get(crawled.local(ENGLISH + "202007/07/content_WS5f03c5e1c6d0a3b1a7e2f8d4.html"))
    chinese = crawled.db["articles"].get(crawled.local(CHINESE + "zhengce/zhengceku/2020-07/08/content_5525118.htm"))
    assert english["batch_id"] == chinese["batch_id"] is not None
    assert sorted(row["ordinal"] for row in crawled.db.query("select ordinal from batches")) == [1, 2, 3]


def test_current_pages_keep_their_stable_id_and_lose_the_phone_copy_and_header(crawled: SampleCrawl) -> None:
    for url, article_id in crawled.expected["article_ids"].items():
        article = crawled.db["articles"].get(crawled.local(url))
        assert (article["article_id"], article["read_by"]) == (article_id, "selector"), url
        assert "手机版" not in article["text"] and "今天是" not in article["text"], url


OLDER_LISTS = [CHINESE + "zhengce/zuixin/home.htm", CHINESE + "xinwen/yaowen/home.htm"]


def test_the_older_list_layout_still_crawls(tmp_path: Path) -> None:
    crawl = crawl_sample_site(NAME, tmp_path, start_urls=OLDER_LISTS)
    assert crawl.result.returncode == 0, crawl.result.stderr
    stored = {row["url"] for row in crawl.db.query("select url from articles")}
    older = {url for url in crawl.expected["articles_ok"] if "/2020-" in url}
    assert stored == {crawl.local(url) for url in older}


def test_a_chinese_list_page_without_the_known_markup_breaks_the_source(tmp_path: Path) -> None:
    root = tmp_path / "site"
    shutil.copytree(SITES / NAME, root)
    redesigned = root / "yaowen" / "liebiao" / "home.htm"
    markup = redesigned.read_text("utf-8").replace('<div class="list list_1 list_2">', '<div class="news">')
    redesigned.write_text(markup, encoding="utf-8")
    crawl = crawl_sample_site(NAME, tmp_path, root)
    assert crawl.result.returncode == 1
    errors = list(Database(tmp_path / "occuwatch.db").query("select url, kind, list_page from page_errors"))
    assert {"url": crawl.local(CHINESE + "yaowen/liebiao/home.htm"), "kind": "list-empty", "list_page": 1} in errors
