"""Hanweb jcms list answers as current installs send them, and the Changning site's current layout."""

from __future__ import annotations

from occuwatch.scrapers.spiders.base import ListRecord
from occuwatch.scrapers.spiders.changning import (
    current_layout_records,
    jcms_proxy_form,
    jcms_records,
    jcms_totals,
    unseen_records,
)


def answer(numbers: range, total: int = 40, pages: int = 3) -> str:
    """A dataproxy answer in the current style: totals first, `<b readlabel>` dates, one line."""
    records = "".join(
        f'<record><![CDATA[<li><a target="_blank" href="/art/2025/{n % 12 + 1}/{n % 28 + 1}/art_2101_{9000 + n}.html" '
        f'title="区经委关于第{n}号事项的通知">区经委关于第{n}号事项的…</a><b readlabel="{day(n)}">{day(n)}</b></li>]]>'
        "</record>" for n in numbers)
    return (f"<datastore><totalrecord>{total}</totalrecord><totalpage>{pages}</totalpage>"
            f"<recordset>{records}</recordset></datastore>")


def day(n: int) -> str:
    """The date of record n."""
    return f"2025-{n % 12 + 1:02d}-{n % 28 + 1:02d}"


def test_current_answers_give_links_full_titles_readlabel_dates_and_totals() -> None:
    first = answer(range(1, 16))
    records = jcms_records(first)
    assert len(records) == 15
    assert records[1] == ListRecord("/art/2025/3/3/art_2101_9002.html", "区经委关于第2号事项的通知", "2025-03-03")
    assert jcms_totals(first) == (40, 3)
    assert jcms_totals("<datastore><recordset></recordset></datastore>") == (None, None)


def test_the_readlabel_wins_over_other_dates_in_the_record() -> None:
    record = ('<record><![CDATA[<li><a href="/art/2024/1/2/art_1_1.html" title="2023-12-31 年终总结">x</a>'
              '<b readlabel="2024-01-02">01-02</b></li>]]></record>')
    assert jcms_records(record)[0].date == "2024-01-02"


def test_overlapping_answers_count_each_record_once() -> None:
    seen: set[str] = set()
    # A browser asks for three pages at once (startrecord=1&endrecord=45&perpage=15): answers overlap.
    first = unseen_records(jcms_records(answer(range(1, 31))), seen)
    second = unseen_records(jcms_records(answer(range(16, 41))), seen)
    assert len(first) == 30
    assert [r.url for r in second] == [f"/art/2025/{n % 12 + 1}/{n % 28 + 1}/art_2101_{9000 + n}.html"
                                       for n in range(31, 41)]
    assert unseen_records(jcms_records(answer(range(1, 41))), seen) == []


def test_the_proxy_form_keeps_what_the_page_names_older_endpoint_included() -> None:
    page = ('<nextgroup><![CDATA[<a href="/module/jslib/jquery/jpage/dataproxy.jsp?page=1&appid=1&webid=21'
            '&path=/&columnid=2101&unitid=4&webname=区政府&permissiontype=0&sourceContentType=1"></a>]]></nextgroup>')
    path, form = jcms_proxy_form(page)
    assert path == "/module/jslib/jquery/jpage/dataproxy.jsp"
    assert form == {"appid": "1", "webid": "21", "path": "/", "columnid": "2101", "unitid": "4", "webname": "区政府",
                    "permissiontype": "0", "sourceContentType": "1", "col": "1"}


def test_the_current_changning_layout_is_read_by_url_pattern() -> None:
    html = """<ul class="nav"><li><a href="/english/col1140/index.html">Local News</a></li></ul>
    <ul class="news_list">
    <li><a href="/english/col1140/20260415/1309001.html" title="Skills Centre Opens">Skills…</a></li>
    <li><a href="https://www.shcn.gov.cn/col1139/20250105/1201234.html">District news</a></li>
    <li><a href="/english/col1140/2026/0415/1.html">not the pattern</a></li></ul>"""
    assert current_layout_records(html) == [
        ListRecord("/english/col1140/20260415/1309001.html", "Skills Centre Opens", "2026-04-15"),
        ListRecord("https://www.shcn.gov.cn/col1139/20250105/1201234.html", "District news", "2025-01-05"),
    ]
    assert current_layout_records("<p>We are redesigning.</p>") == []
