"""The MOHRSS spider: its TRS page readers, and a real crawl of the sample site over 127.0.0.1."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from scrapy.http import HtmlResponse, Request
from sqlite_utils import Database

from occuwatch.scrapers.items import ArticlePage
from occuwatch.scrapers.spiders.base import ListRecord
from occuwatch.scrapers.spiders.mohrss import (
    BODY_SELECTOR,
    Attachment,
    MohrssSpider,
    attachment_name,
    find_attachments,
    trs_list_records,
    trs_page_count,
    trs_page_url,
)
from tests.conftest import (
    SITES,
    SampleCrawl,
    crawl_sample_site,
)

NAME = "mohrss"
SECTION = "http://www.mohrss.gov.cn/SYrlzyhshbzb/zwgk/gggs/tg/"

# ---------------------------------------------------------------- pure page readers

TRS_LIST = """<div class="serviceMainListConType">
<div class="serviceMainListTabCon"><div class="serviceMainListTxt"><span class="serviceMainListTxtLink">
<a href="./202007/t20200706_378490.html" title="关于发布区块链工程技术人员等职业信息的通知">
关于发布区块链工程技术人员等…</a>
</span><span class="organMenuTxtLink">2020-07-06</span></div></div>
<div class="serviceMainListTabCon"><div class="serviceMainListTxt"><span class="serviceMainListTxtLink">
<a href="./202005/t20200520_372301.html">技工院校招生工作</a></span>
<span class="organMenuTxtLink">2020-05-20</span></div></div>
<div class="serviceMainListTabCon"><div class="serviceMainListTxt">(no link)</div></div>
</div>
<div class="footer"><a href="/SYrlzyhshbzb/wzdt/">网站地图</a></div>"""


def test_trs_list_records_take_the_full_title_and_the_date() -> None:
    assert trs_list_records(TRS_LIST) == [
        ListRecord("./202007/t20200706_378490.html", "关于发布区块链工程技术人员等职业信息的通知", "2020-07-06"),
        ListRecord("./202005/t20200520_372301.html", "技工院校招生工作", "2020-05-20"),
    ]
    assert trs_list_records("<html><body><ul><li><a href='x.html'>x</a></li></ul></body></html>") == []


@pytest.mark.parametrize(("script", "count"), [
    ('createPageHTML(4, 0, "index", "html");', 4),
    ("createPageHTML( 12 ,3,'index','html')", 12),
    ('var countPage = 7//共多少页\ncreatePageHTML(countPage, currentPage, "index", "html");', 7),
    ('<a href="index_1.html">下一页</a>', None),
])
def test_trs_page_count_reads_the_pager_script(script: str, count: int | None) -> None:
    assert trs_page_count(f"<div><script>{script}</script></div>") == count


def test_trs_page_urls_sit_beside_the_first_page() -> None:
    assert trs_page_url(SECTION + "index.html", 0) == SECTION + "index.html"
    assert trs_page_url(SECTION + "index.html", 2) == SECTION + "index_2.html"
    assert trs_page_url(SECTION, 1) == SECTION + "index_1.html"
    assert trs_page_url(SECTION + "index_3.html", 4) == SECTION + "index_4.html"


def test_find_attachments_keeps_labelled_pages_and_office_files() -> None:
    page = """<div class="insMainConTxt">
    <p>详见<a href="/SYrlzyhshbzb/zwgk/szrs/">数字人社</a>。</p>
    <p>附件：1. <a href="./W020200706375240473651.html">新职业信息</a></p>
    <p>2. <a href="./W020200706375240578962.docx">新工种信息.docx</a></p>
    <p><a href="./W020200706375240999999.pdf">附件3：职业编码说明</a></p>
    <p>附件：<a href="./W020200706375240473651.html">新职业信息</a></p>
    </div><div class="footer"><a href="./W0.doc">附件：页脚</a></div>"""
    base = SECTION + "202007/t20200706_378490.html"
    assert find_attachments(page, base) == [
        Attachment(SECTION + "202007/W020200706375240473651.html", "新职业信息", "html"),
        Attachment(SECTION + "202007/W020200706375240578962.docx", "新工种信息", "docx"),
        Attachment(SECTION + "202007/W020200706375240999999.pdf", "职业编码说明", "pdf"),
    ]


@pytest.mark.parametrize(("link_text", "context", "name"), [
    ("附件1：新职业信息.xls", "", "新职业信息"),
    ("新职业信息", "附件：新职业信息", "新职业信息"),
    ("附件", "附件：新工种信息", "新工种信息"),
    ("", "", "W0123.xls"),
])
def test_attachment_name(link_text: str, context: str, name: str) -> None:
    assert attachment_name(link_text, context, "http://x/a/W0123.xls") == name


def test_attachment_lines() -> None:
    attachment = Attachment("http://x/W0.xlsx", "招生计划汇总表", "xlsx")
    assert attachment.heading() == "附件：招生计划汇总表"
    assert attachment.unread() == "附件：招生计划汇总表（未读取：xlsx）"
    assert not attachment.is_html


def test_a_notice_waits_for_each_of_its_html_attachments() -> None:
    spider = MohrssSpider()
    spider.allowed_domains = ["www.mohrss.gov.cn"]
    notice = ArticlePage(SECTION + "t1.html", "mohrss", "<div class='insMainConTxt'>现将新职业信息予以发布。</div>",
                         (BODY_SELECTOR,), "通知", "2020-07-06", "zh")
    pending = [Attachment(SECTION + "W01.html", "新职业信息", "html"), Attachment(SECTION + "W02.pdf", "说明", "pdf"),
               Attachment("http://elsewhere.example/W03.html", "外部", "html"),
               Attachment(SECTION + "W04.htm", "新工种信息", "htm")]
    steps = []
    output = list(spider.read_attachments(notice, pending))
    while isinstance(output[-1], Request):
        request = output[-1]
        steps.append(request.url)
        table = "<table><tr><td>2-02-10-15</td><td>区块链工程技术人员</td></tr></table>"
        response = HtmlResponse(request.url, body=f"<html><body>{table}</body></html>".encode(), encoding="utf-8")
        output = list(request.callback(response, **request.cb_kwargs))
    assert steps == [SECTION + "W01.html", SECTION + "W04.htm"]
    assert output == [notice]
    assert notice.appendix.split("\n\n")[1:] == [
        "附件：新职业信息\n2-02-10-15\t区块链工程技术人员",
        "附件：说明（未读取：pdf）",
        "附件：外部（未读取：其他网站）",
        "附件：新工种信息\n2-02-10-15\t区块链工程技术人员",
    ]


# ---------------------------------------------------------------- a real crawl


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> SampleCrawl:
    """One crawl of the sample site, shared by the tests that only read its results."""
    return crawl_sample_site(NAME, tmp_path_factory.mktemp(NAME))


def stored_text(crawled: SampleCrawl, url: str) -> str:
    return crawled.db["articles"].get(crawled.local(url))["text"]


def test_crawl_stores_every_article_of_every_list_page(crawled: SampleCrawl) -> None:
    assert crawled.result.returncode == 0, crawled.result.stderr
    summary = crawled.summary
    stored = {row["url"] for row in crawled.db.query("select url from articles")}
    assert stored == {crawled.local(url) for url in crawled.expected["articles_ok"]}
    assert summary["sources"][0]["list_links"] == crawled.expected["list_records"]
    assert summary["new_articles"] == len(crawled.expected["articles_ok"])


def test_only_the_failed_attachment_is_an_error(crawled: SampleCrawl) -> None:
    # The guessed page after the last one (buneiyaowen/index_2.html answers 404) ends the list quietly.
    errors = {row["url"]: row for row in crawled.db.query("select * from page_errors")}
    assert {url: row["kind"] for url, row in errors.items()} == {
        crawled.local(url): kind for url, kind in crawled.expected["errors"].items()}
    assert not any(row["list_page"] for row in errors.values())
    assert crawled.summary["status"] == "partial"


def test_titles_and_dates(crawled: SampleCrawl) -> None:
    for url, meta in crawled.expected["article_meta"].items():
        article = crawled.db["articles"].get(crawled.local(url))
        assert (article["title"], article["published"], article["language"]) == (meta["title"], meta["published"], "zh")


def test_gbk_pages_are_decoded(crawled: SampleCrawl) -> None:
    gbk = crawled.expected["gbk_pages"]
    # Declared UTF-8, written in GBK: the title is the page's own <meta> title, read right.
    news = crawled.db["articles"].get(crawled.local(gbk["wrong_charset"]))
    assert news["title"] == "人力资源社会保障部、市场监管总局、统计局联合发布13个新职业"
    assert "人工智能工程技术人员、物联网工程技术人员" in news["text"]
    # No charset anywhere: the first batch's attachment, merged into its notice.
    notice = stored_text(crawled, SECTION + "201904/t20190403_313773.html")
    assert "从事与人工智能相关算法、深度学习等多种技术的分析" in notice
    for row in crawled.db.query("select url, title, text from articles"):
        assert "\ufffd" not in row["title"] + row["text"], row["url"]


def test_attachments_are_merged_into_their_notice(crawled: SampleCrawl) -> None:
    for url, phrases in crawled.expected["text_contains"].items():
        text = stored_text(crawled, url)
        for phrase in phrases:
            assert phrase in text, (url, phrase)
    # The attachment text follows the notice's own text, and is stored with it only.
    notice = stored_text(crawled, SECTION + "202007/t20200706_378490.html")
    assert notice.index("现将区块链工程技术人员") < notice.index("附件：新职业信息\n")
    attachments = list(crawled.db.query("select url from articles where url like '%/W0%'"))
    assert attachments == []






def test_a_page_the_pager_promises_that_fails_breaks_the_source(tmp_path: Path) -> None:
    root = tmp_path / "site"
    shutil.copytree(SITES / NAME, root)
    config = root / "site.toml"
    config.write_text(config.read_text("utf-8").replace(
        "[status]\n", '[status]\n"/SYrlzyhshbzb/zwgk/gggs/tg/index_1.html" = 500\n'), encoding="utf-8")
    crawl = crawl_sample_site(NAME, tmp_path, root)
    assert crawl.result.returncode == 1
    assert "Error: source mohrss failed" in crawl.result.stderr
    errors = list(Database(tmp_path / "occuwatch.db").query("select url, kind, list_page from page_errors"))
    assert {"url": crawl.local(SECTION + "index_1.html"), "kind": "http", "list_page": 1} in errors


def test_the_body_is_found_as_an_id_or_the_trs_editor_block_too() -> None:
    from occuwatch.scrapers.pages import read_article
    from occuwatch.scrapers.spiders.mohrss import BODY_SELECTORS, find_attachments

    by_id = ('<html><body><div class="nav">导航</div><div id="insMainConTxt"><p>通知正文。</p>'
             '<p><a href="./W0201.xlsx">附件1：新职业信息</a></p></div></body></html>')
    assert read_article(by_id, BODY_SELECTORS).text.startswith("通知正文。")
    assert [a.name for a in find_attachments(by_id, "http://www.mohrss.gov.cn/a/t1.html")] == ["新职业信息"]
    by_editor = '<html><body><div class="TRS_Editor"><p>另一份通知。</p></div></body></html>'
    assert read_article(by_editor, BODY_SELECTORS).text == "另一份通知。"
