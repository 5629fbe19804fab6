"""The page reader on pages of our own in the markup the real sites use now (SITES.md, "now")."""

from __future__ import annotations

import pytest

from occuwatch.scrapers.items import Article, ArticlePage, PageError
from occuwatch.scrapers.pages import (
    read_article,
    read_article_page,
    strip_site_suffix,
    text_from_html,
)

# gov.cn since about 2023: the shared header ends with its own `</html>`, so lxml starts a second
# root there; the body follows, twice (the phone copy has no id); no <h1>, the title carries the site.
STRAY_HTML_CLOSE = """<!DOCTYPE html>
<html>
<head>
  <meta charset="utf-8">
  <title>人力资源社会保障部办公厅关于做好新职业培训工作的通知_国务院部门文件_中国政府网</title>
  <meta name="lanmu" content="国务院部门文件">
  <meta name='manuscriptId' content="7100001">
  <meta name="firstpublishedtime" content="2026-09-28-21:50:00">
  <meta name="lastmodifiedtime" content="2026-09-30-08:00:00">
</head>
<body>
<div class="header"><ul class="nav"><li><a href="/">首页</a></li><li><a href="/zhengce/">政策</a></li>
<li><a href="/hudong/">互动</a></li></ul><p class="tip">2025年12月01日 星期一</p></div>
</html>
<!--end header-->
<div class="BreadcrumbNav"><a href="/">首页</a> &gt; <a href="/zhengce/">政策</a></div>
<table class="bd1"><tr><td>发文机关：</td><td>人力资源社会保障部</td></tr>
<tr><td>主题分类：</td><td>劳动、人事、监察</td></tr></table>
<div class="pages_content mhide" id="UCAP-CONTENT">
  <div class="trs_editor_view TRS_UEDITOR"><p>各省、自治区、直辖市人力资源社会保障厅（局）：</p>
  <p>为做好新职业从业人员的培训工作，现就有关事项通知如下。</p></div>
</div>
<div class="pages_content pages_contentm pchide">
  <div class="trs_editor_view TRS_UEDITOR"><p>各省、自治区、直辖市人力资源社会保障厅（局）：</p>
  <p>为做好新职业从业人员的培训工作，现就有关事项通知如下。</p></div>
</div>
<div class="footer"><a href="/about.htm">关于本网</a></div>
</body>
</html>
"""


def test_a_stray_html_close_loses_no_body() -> None:
    page = read_article(STRAY_HTML_CLOSE, ("#UCAP-CONTENT",))
    assert page.has_body
    assert page.text == ("各省、自治区、直辖市人力资源社会保障厅（局）：\n\n"
                         "为做好新职业从业人员的培训工作，现就有关事项通知如下。")


def test_title_date_and_stable_id_of_the_current_govcn_page() -> None:
    page = read_article(STRAY_HTML_CLOSE, ("#UCAP-CONTENT",))
    assert page.title == "人力资源社会保障部办公厅关于做好新职业培训工作的通知"
    assert page.published == "2026-09-28"  # firstpublishedtime, not lastmodifiedtime nor the header's date
    assert page.article_id == "7100001"


def test_the_body_found_beyond_the_stray_close_is_dated_from_before_it() -> None:
    undated = STRAY_HTML_CLOSE.replace('<meta name="firstpublishedtime" content="2026-09-28-21:50:00">', "")
    undated = undated.replace('<meta name="lastmodifiedtime" content="2026-09-30-08:00:00">', "")
    undated = undated.replace("</table>", "</table><div class='pages-date'>2026-09-27 10:00</div>")
    assert read_article(undated, ("#UCAP-CONTENT",)).published == "2026-09-27"


def test_the_stored_article_keeps_the_stable_id() -> None:
    page = ArticlePage(url="https://www.gov.cn/zhengce/zhengceku/202609/content_7100001.htm", source="govcn",
                       html=STRAY_HTML_CLOSE, content_selectors=("#UCAP-CONTENT",), list_title=None,
                       list_date=None, language=None)
    article = read_article_page(page)
    assert isinstance(article, Article)
    assert (article.article_id, article.read_by, article.published) == ("7100001", "selector", "2026-09-28")


def test_whole_page_text_reaches_past_the_stray_close() -> None:
    """`occuwatch extract` on a page with no known block reads the whole body: the second root too."""
    page = text_from_html(STRAY_HTML_CLOSE.replace('id="UCAP-CONTENT"', 'id="elsewhere"')
                          .replace("pages_content", "zw"))
    assert "现就有关事项通知如下" in page.text
    assert "首页" in page.text


@pytest.mark.parametrize(("title", "headline"), [
    ("关于发布新职业信息的通知_国务院部门文件_中国政府网", "关于发布新职业信息的通知"),
    ("China adds new occupations to national list | english.gov.cn", "China adds new occupations to national list"),
    ("China adds new occupations - State Council", "China adds new occupations"),
    ("News | The ministry publishes its list of occupations", "News | The ministry publishes its list of occupations"),
    ("e_sports", "e_sports"),
    ("A plain headline", "A plain headline"),
])
def test_site_suffixes_are_stripped_from_titles(title: str, headline: str) -> None:
    assert strip_site_suffix(title) == headline


def test_an_h1_or_article_title_meta_wins_over_the_title_tag() -> None:
    html = STRAY_HTML_CLOSE.replace("<!--end header-->", "<!--end header--><h1>通知全文标题</h1>")
    assert read_article(html, ("#UCAP-CONTENT",)).title == "通知全文标题"


def test_a_page_with_no_known_block_is_still_an_error_without_fallback() -> None:
    page = ArticlePage(url="https://www.gov.cn/a.htm", source="govcn", html="<html><body></body></html>",
                       content_selectors=("#UCAP-CONTENT",), list_title="x", list_date=None, language=None)
    assert isinstance(read_article_page(page), PageError)
