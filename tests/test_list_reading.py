"""List pages read link by link: each link's own date, links past a stray </html>, URLs joined as urljoin does."""

from __future__ import annotations

import re
from urllib.parse import urljoin

import pytest
from scrapy.http import HtmlResponse
from w3lib.url import canonicalize_url

from occuwatch.scrapers.spiders.base import absolute_url, canonical_url
from occuwatch.scrapers.spiders.generic import link_records

ARTICLE = re.compile(r"/xwzx/\d{4}/\d{4}/\d+\.html$")


def response(html: str, url: str = "http://127.0.0.1/xwzx/index.html") -> HtmlResponse:
    return HtmlResponse(url, body=html.encode("utf-8"), encoding="utf-8")


def test_links_sharing_one_container_each_get_the_date_after_them() -> None:
    page = response("""<div class="list">
      <a href="/xwzx/2024/0415/1001.html">区人社局举办春季招聘会</a> 2024-04-15<br>
      <a href="/xwzx/2024/0520/1002.html">职业技能培训补贴申领指南</a> <span>2024-05-20</span><br>
      <!-- a comment between entries --><a href="/xwzx/2024/0612/1003.html">第三条</a><br>
      <a href="/about.html">关于我们</a> 2020-01-01
    </div>""")
    records = link_records(page, ARTICLE)
    assert [(r.url.rsplit("/", 1)[1], r.title, r.date) for r in records] == [
        ("1001.html", "区人社局举办春季招聘会", "2024-04-15"),
        ("1002.html", "职业技能培训补贴申领指南", "2024-05-20"),
        ("1003.html", "第三条", None),  # no date before the next link: none, not the next entry's
    ]


def test_one_entry_per_item_reads_the_whole_item() -> None:
    page = response("""<ul><li><span class="d">2024-06-28</span><a href="/xwzx/2024/0628/1004.html">
      新职业从业人员培训</a></li><li><a href="/xwzx/2024/0612/1003.html">第三条</a><em>2024-06-12</em></li></ul>""")
    assert [(r.title, r.date) for r in link_records(page, ARTICLE)] == [
        ("新职业从业人员培训", "2024-06-28"), ("第三条", "2024-06-12")]


def test_links_after_a_stray_html_close_are_read() -> None:
    page = response("""<html><body><div class="header"><a href="/">首页</a></div></html>
      <ul><li><a href="/xwzx/2024/0415/1001.html">招聘会</a> 2024-04-15</li></ul></body></html>""")
    assert [r.date for r in link_records(page, ARTICLE)] == ["2024-04-15"]


@pytest.mark.parametrize("href", [
    "/xwzx/2024/0415/1001.html", "1001.html", "./1001.html", "../a/../b.html", "/a/./b/../c.html",
    "//cdn.example.org/x.html", "https://www.gov.cn/zhengce/content_1.htm", "?page=2", "#top",
    "/path?q=1#f", "HTTP://Example.org/X", "\\windows\\path.html", "",
])
def test_absolute_url_is_urljoin(href: str) -> None:
    base = "http://127.0.0.1:8000/xwzx/2024/index.html"
    assert absolute_url(base, href) == urljoin(base, href)


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:8000/xwzx/2024/0415/1001.html", "https://www.gov.cn/zhengce/zhengceku/202609/content_1.htm",
    "https://www.shcn.gov.cn/english/col1140/20260415/1308356.html", "http://a.b/~user/x-y_z.html",
    "http://a.b/x/../y.html", "http://a.b/./y.html", "http://A.B/x.html", "http://a.b/中文.html",
    "http://a.b/x y.html", "http://a.b/x.html?b=2&a=1", "http://a.b/x.html#frag",
])
def test_canonical_url_of_plain_urls_is_what_w3lib_gives(url: str) -> None:
    assert canonical_url(url) == canonicalize_url(url)
