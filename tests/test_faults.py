"""The fault matrix: a real crawl of a small Changning-like site on 127.0.0.1 whose pages misbehave.

Each case asserts what is stored, what is recorded against the run and the
source (page_errors with a kind and a message), and that the next run, once
the site behaves, fetches the failed page again. A broken list is a failed
source (exit 1), never "nothing new".
"""

from __future__ import annotations

import json

import pytest

from tests.conftest import BAD, GOOD, LIST, article_html, column_html, run_cli

# Faults of one article page: (site.toml, [crawl] settings, kind recorded, words of the message).
ARTICLE_FAULTS = {
    "http-500": (f'[status]\n"{BAD}" = 500\n', {}, "http", "HTTP 500 Internal Server Error"),
    "http-503-retry-after": (f'[faults]\n"{BAD}" = "retry-after"\n', {}, "http", "come back after 120 s"),
    "read-timeout": (f'[hang]\npaths = ["{BAD}"]\nseconds = 3\n', {"timeout": 1}, "timeout", "within 1 s"),
    "connection-reset": (f'[faults]\n"{BAD}" = "reset"\n', {}, "reset", "connection was reset"),
    "truncated-body": (f'[faults]\n"{BAD}" = "truncate"\n', {}, "truncated", "shorter than its Content-Length"),
    "redirect-loop": (f'[faults]\n"{BAD}" = "redirect-loop"\n', {}, "redirect", "loop"),
    "redirect-offsite": (f'[faults]\n"{BAD}" = "redirect-offsite"\n', {}, "offsite", "outside this source's site"),
    "redirect-to-ftp": (f'[faults]\n"{BAD}" = "redirect-ftp"\n', {}, "offsite", "not an http(s) page"),
    "over-max-size": (f'[faults]\n"{BAD}" = "huge"\n', {"max_download_size": 100_000}, "size",
                      "larger than [crawl] max_download_size (100000 bytes)"),
    "gzip-bomb": (f'[faults]\n"{BAD}" = "gzip-bomb"\n', {"max_download_size": 100_000}, "size",
                  "once decompressed, is larger than [crawl] max_download_size (100000 bytes)"),
    "empty-200": (f'[faults]\n"{BAD}" = "empty"\n', {}, "empty", "answered 200 but was empty"),
    "binary-content-type": (f'[faults]\n"{BAD}" = "binary"\n', {}, "binary", "served as image/png"),
}


@pytest.mark.parametrize(("toml", "crawl", "kind", "words"), ARTICLE_FAULTS.values(), ids=ARTICLE_FAULTS.keys())
def test_a_failing_article_is_recorded_and_retried_next_run(build, toml, crawl, kind, words) -> None:
    site = build(toml, **crawl)
    result, summary = site.crawl()
    assert result.returncode == 0, result.stderr
    assert site.stored() == {site.url(path) for path in GOOD}
    [error] = site.errors(summary["id"])
    assert (error["url"], error["kind"], error["list_page"]) == (site.url(BAD), kind, 0)
    assert words in error["message"]
    assert (summary["status"], site.source(summary["id"])["status"]) == ("partial", "partial")
    assert not any("/offsite/" in path for _, path, _ in site.site.requests)  # another host is never asked

    site.set_faults("")
    result, summary = site.crawl()
    assert result.returncode == 0, result.stderr
    assert site.stored() == {site.url(path) for path in [*GOOD, BAD]}
    assert site.errors(summary["id"]) == []
    assert summary["status"] == "ok"


# Faults of the list page itself: the source is broken (exit 1), with the reason.
LIST_FAULTS = {
    "http-500": (f'[status]\n"{LIST}" = 500\n', {}, "http"),
    "read-timeout": (f'[hang]\npaths = ["{LIST}"]\nseconds = 3\n', {"timeout": 1}, "timeout"),
    "connection-reset": (f'[faults]\n"{LIST}" = "reset"\n', {}, "reset"),
    "redirect-loop": (f'[faults]\n"{LIST}" = "redirect-loop"\n', {}, "redirect"),
    "redirect-offsite": (f'[faults]\n"{LIST}" = "redirect-offsite"\n', {}, "offsite"),
    "empty-200": (f'[faults]\n"{LIST}" = "empty"\n', {}, "empty"),
    "binary-content-type": (f'[faults]\n"{LIST}" = "binary"\n', {}, "binary"),
    "robots-txt-disallows": ("", {}, "robots"),
}


@pytest.mark.parametrize(("toml", "crawl", "kind"), LIST_FAULTS.values(), ids=LIST_FAULTS.keys())
def test_a_failing_list_page_is_a_broken_source(build, toml, crawl, kind) -> None:
    pages = {"/robots.txt": "User-agent: *\nDisallow: /col/\n"} if kind == "robots" else {}
    site = build(toml, pages=pages, **crawl)
    result, summary = site.crawl()
    assert result.returncode == 1
    assert "Error: source changning failed" in result.stderr
    [error] = site.errors(summary["id"])
    assert (error["url"], error["kind"], error["list_page"]) == (site.url(LIST), kind, 1)
    source = site.source(summary["id"])
    assert (summary["status"], source["status"]) == ("failed", "failed")
    assert source["message"].startswith(f"source broken: list page {site.url(LIST)}: ")
    assert error["message"] in source["message"]
    assert site.stored() == set()
    assert not any("/offsite/" in path for _, path, _ in site.site.requests)

    site.set_faults("")
    (site.root / "robots.txt").write_text("User-agent: *\nDisallow: /admin/\n", encoding="utf-8")
    result, summary = site.crawl()
    assert result.returncode == 0, result.stderr
    assert site.stored() == {site.url(path) for path in [*GOOD, BAD]}


# A list URL the crawl cannot reach: (the URL, given the site's base URL; kind; words of the message).
UNREACHABLE = {
    "dns": (lambda base: "http://occuwatch-test.invalid" + LIST, "dns", "cannot resolve the host name"),
    "tls": (lambda base: base.replace("http:", "https:") + LIST, "tls", "https (TLS) connection failed"),
    "refused": (lambda base: "http://127.0.0.1:9" + LIST, "refused", "refused the connection"),
}


@pytest.mark.parametrize(("list_url", "kind", "words"), UNREACHABLE.values(), ids=UNREACHABLE.keys())
def test_an_unreachable_list_page_is_a_broken_source(build, list_url, kind, words) -> None:
    site = build()
    site.config.write_text(site.config.read_text("utf-8").replace(site.url(LIST), list_url(site.site.base_url)))
    result, summary = site.crawl()
    assert result.returncode == 1
    [error] = site.errors(summary["id"])
    assert (error["kind"], error["list_page"]) == (kind, 1)
    assert words in error["message"]
    assert words in site.source(summary["id"])["message"]


def test_robots_txt_forbidding_the_list_says_so_and_is_obeyed(build) -> None:
    site = build(pages={"/robots.txt": "User-agent: *\nDisallow: /col/\n"})
    _, summary = site.crawl()
    assert "robots.txt forbids" in site.source(summary["id"])["message"]
    assert [path for _, path, _ in site.site.requests] == ["/robots.txt"]  # the list was never fetched


def test_a_redesigned_list_is_a_broken_source_not_nothing_new(build) -> None:
    site = build(pages={LIST: '<html><body><div class="news-v2"><a href="/x.html">A story</a></div></body></html>'})
    result, summary = site.crawl()
    assert result.returncode == 1
    [error] = site.errors(summary["id"])
    assert (error["kind"], error["list_page"]) == ("list-empty", 1)
    assert "redesigned" in site.source(summary["id"])["message"]
    text = run_cli("--config", str(site.config), "crawl", cwd=site.directory)
    assert text.returncode == 1
    assert "changning: failed" in text.stdout
    assert "redesigned" in text.stdout


def test_two_urls_of_one_article_are_fetched_and_stored_once(build) -> None:
    folder = "/art/2021/1/4/"
    links = [*GOOD, f"{GOOD[0]}?utm_source=wechat&utm_medium=share", f"{GOOD[1]}#comments",
             folder, f"{folder}index.html"]
    site = build(pages={f"{folder}index.html": article_html("Story 4", "Text of story 4.")}, links=links)
    result, summary = site.crawl()
    assert result.returncode == 0, result.stderr
    assert site.stored() == {site.url(GOOD[0]), site.url(GOOD[1]), site.url(folder)}
    fetched = [path for method, path, _ in site.site.requests if path.startswith("/art/")]
    assert sorted(fetched) == sorted([*GOOD, folder])
    assert summary["errors"] == 0


def test_a_meta_refresh_to_another_host_is_not_followed(build) -> None:
    site = build()
    port = site.site.base_url.rsplit(":", 1)[1]
    refresh = f'<html><head><meta http-equiv="refresh" content="0; url=http://localhost:{port}/offsite/a.html">'
    (site.root / BAD.lstrip("/")).write_text(refresh + "</head><body></body></html>", encoding="utf-8")
    _, summary = site.crawl()
    [error] = site.errors(summary["id"])
    assert (error["url"], error["kind"]) == (site.url(BAD), "offsite")
    assert not any("/offsite/" in path for _, path, _ in site.site.requests)


def test_links_to_other_schemes_and_hosts_are_never_followed(build) -> None:
    site = build()
    port = site.site.base_url.rsplit(":", 1)[1]
    links = [*GOOD, "javascript:void(0)", "mailto:press@example.org", "file:///etc/passwd",
             "ftp://127.0.0.1/pub/a.html", f"http://localhost:{port}/offsite/a.html"]
    (site.root / LIST.lstrip("/")).write_text(column_html(links), encoding="utf-8")
    result, summary = site.crawl()
    assert result.returncode == 0, result.stderr
    assert site.stored() == {site.url(path) for path in GOOD}
    assert sorted(path for _, path, _ in site.site.requests) == sorted(["/robots.txt", LIST, *GOOD])
    assert summary["errors"] == 0


GBK_TEXT = "第三批新职业包括区块链工程技术人员、城市管理网格员等九个职业。"


@pytest.mark.parametrize("content_type", ["text/html", "text/html; charset=utf-8"], ids=["no-charset", "wrong-charset"])
def test_a_gbk_page_is_stored_as_readable_text(build, content_type: str) -> None:
    gbk = (f"<html><head><title>新职业</title></head><body><div id='zoom'><p>{GBK_TEXT}</p></div>"
           "</body></html>").encode("gbk")
    site = build(f'[content_type]\n"{BAD}" = "{content_type}"\n', pages={BAD: gbk})
    result, _ = site.crawl()
    assert result.returncode == 0, result.stderr
    assert GBK_TEXT in site.db["articles"].get(site.url(BAD))["text"]


MALFORMED = ("<html><head><title>Broken</title><style>p { color: red }</style></head><body><table><tr><td>"
             "<div id=zoom><p>First paragraph <b>bold <i>both</b> still italic<p>Second paragraph"
             "<script>var tracker = 'SCRIPT-TEXT';</script><!-- COMMENT-TEXT --></div></td>"
             "</span></div></body>")


def test_malformed_html_is_read_and_script_never_stored(build) -> None:
    no_body = "<html><body><div class='news-v2'><p>Moved to the new layout</p></body>"
    site = build(pages={GOOD[0]: MALFORMED, BAD: no_body})
    result, summary = site.crawl()
    assert result.returncode == 0, result.stderr
    text = site.db["articles"].get(site.url(GOOD[0]))["text"]
    assert "First paragraph bold both still italic" in text
    assert "Second paragraph" in text
    assert not any(word in text for word in ("SCRIPT-TEXT", "tracker", "COMMENT-TEXT", "color: red"))
    [error] = site.errors(summary["id"])
    assert (error["url"], error["kind"]) == (site.url(BAD), "malformed")
    assert "no article body" in error["message"]


def test_a_failed_page_is_asked_again_wherever_it_sat_and_status_shows_it_pending(build) -> None:
    """Run 2 reads a list that no longer shows the failed page (it moved to an older list page, which an
    incremental run does not read): the page is still asked for, because it failed and is not stored."""
    site = build(f'[status]\n"{BAD}" = 500\n')
    _, first = site.crawl()
    assert [error["url"] for error in site.errors(first["id"])] == [site.url(BAD)]
    status = run_cli("--config", str(site.config), "status", "--json", cwd=site.directory)
    [source] = [s for s in json.loads(status.stdout)["sources"] if s["source"] == "changning"]
    assert (source["state"], source["pending_failures"]) == ("pending", 1)

    (site.root / LIST.lstrip("/")).write_text(column_html(GOOD), encoding="utf-8")
    _, second = site.crawl()  # still failing: asked again, recorded again, still pending
    assert [error["url"] for error in site.errors(second["id"])] == [site.url(BAD)]
    assert second["status"] == "partial"

    site.set_faults("")
    _, third = site.crawl()
    assert site.stored() == {site.url(path) for path in [*GOOD, BAD]}
    assert (third["status"], third["new_articles"], third["errors"]) == ("ok", 1, 0)
    fetched = [path for _, path, _ in site.site.requests if path.startswith("/art/")]
    # Twice a run while it failed (one retry, [crawl] retries = 1), once when it worked; stored ones: once.
    assert fetched.count(BAD) == 2 + 2 + 1 and all(fetched.count(path) == 1 for path in GOOD)
    status = run_cli("--config", str(site.config), "status", "--json", cwd=site.directory)
    [source] = [s for s in json.loads(status.stdout)["sources"] if s["source"] == "changning"]
    assert (source["state"], source["pending_failures"]) == ("ok", 0)


def test_an_article_reached_through_a_redirect_keeps_the_url_it_was_reached_by(build) -> None:
    site = build(f'[faults]\n"{BAD}" = "moved"\n')
    site.crawl()
    moved = site.url(BAD) + "?moved=1"
    assert site.stored() == {*(site.url(path) for path in GOOD), moved}
    assert list(site.db.query("select url, article_url from article_urls")) == [
        {"url": site.url(BAD), "article_url": moved}]
    asked = len(site.site.requests)

    _, second = site.crawl()
    again = [path for _, path, _ in site.site.requests[asked:] if path.startswith("/art/")]
    assert again == []  # the list's link counts as known: the article is not fetched again
    assert (second["status"], second["new_articles"], second["errors"]) == ("ok", 0, 0)
    assert site.source(second["id"])["known_articles"] == 3
