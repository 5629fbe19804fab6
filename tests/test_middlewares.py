"""CharsetFixMiddleware: pages whose declared charset does not fit their bytes are decoded right."""

from __future__ import annotations

from scrapy.http import HtmlResponse, Request, Response

from occuwatch.scrapers.middlewares import CharsetFixMiddleware, better_encoding, codec_name

TEXT = ("4月3日，人力资源社会保障部、国家市场监督管理总局、国家统计局联合向社会发布了人工智能工程技术人员、"
        "物联网工程技术人员、大数据工程技术人员、云计算工程技术人员等13个新职业。这是自2015年版国家职业分类"
        "大典颁布以来发布的首批新职业。新职业的发布是对从业人员职业身份的认可。")
URL = "http://www.mohrss.gov.cn/SYrlzyhshbzb/dongtaixinwen/buneiyaowen/201904/t20190403_313788.html"


def page(encoding: str, meta: str = "") -> bytes:
    return f"<html><head>{meta}<title>新职业</title></head><body><p>{TEXT}</p></body></html>".encode(encoding)


def fixed(body: bytes, content_type: str) -> Response:
    response = HtmlResponse(URL, body=body, headers={"Content-Type": content_type})
    return CharsetFixMiddleware().process_response(Request(URL), response)


def test_a_gbk_page_declared_utf8_is_redecoded() -> None:
    response = fixed(page("gbk"), "text/html; charset=utf-8")
    assert codec_name(response.encoding) in {"gbk", "gb18030", "gb2312"}
    assert TEXT in response.text


def test_a_gbk_page_whose_meta_says_latin1_is_redecoded() -> None:
    meta = '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'
    assert TEXT in fixed(page("gbk", meta), "text/html").text


def test_a_page_that_fits_its_declaration_is_left_alone() -> None:
    body = page("utf-8")
    response = HtmlResponse(URL, body=body, headers={"Content-Type": "text/html; charset=utf-8"})
    assert CharsetFixMiddleware().process_response(Request(URL), response) is response
    latin = "<html><body><p>Café au lait, crème brûlée and a naïve façade.</p></body></html>".encode("latin-1")
    assert "crème brûlée" in fixed(latin, "text/html; charset=iso-8859-1").text


def test_undeclared_pages_and_other_bodies_pass_through() -> None:
    # No charset anywhere: Scrapy's own detection already reads it; nothing to fix.
    assert TEXT in fixed(page("gbk"), "text/html").text
    binary = Response(URL, body=b"%PDF-1.4 \x00\xff")
    assert CharsetFixMiddleware().process_response(Request(URL), binary) is binary


def test_better_encoding() -> None:
    gbk = TEXT.encode("gbk")
    assert better_encoding(TEXT.encode(), "utf-8") is None
    assert codec_name(better_encoding(gbk, "utf-8")) in {"gbk", "gb18030", "gb2312"}
    assert codec_name(better_encoding(gbk, "cp1252")) in {"gbk", "gb18030", "gb2312"}  # fits any bytes: detected
    assert better_encoding("crème brûlée, façade".encode("latin-1"), "cp1252") is None
    assert codec_name(better_encoding(TEXT.encode(), "latin-1")) == "utf_8"
    assert better_encoding(b"plain ascii", "latin-1") is None
    assert better_encoding(gbk, "no-such-charset") is not None
