"""The MOHRSS bot wall: its challenge answered within the crawl, over real HTTP on 127.0.0.1; or `blocked`."""

from __future__ import annotations

import shutil
from pathlib import Path

from occuwatch.localsites import BotCheck
from occuwatch.scrapers.middlewares import bot_check_answer, is_bot_check
from tests.conftest import SITES, crawl_sample_site

NAME = "mohrss"


def test_a_challenge_is_answered_with_the_sum_of_its_numbers() -> None:
    wall = BotCheck(("WTKkN", "bOYDu", "wyeCN"), (48211, 9137, 30066))
    page = wall.page()
    assert is_bot_check(page) and len(page) < 2048
    assert bot_check_answer(page.decode()) == "87414#"
    assert wall.passes("a=1; __tst_status=87414#") and not wall.passes("__tst_status=87413#")


def test_a_challenge_with_other_keys_has_no_answer() -> None:
    page = BotCheck(("QxLmP", "bOYDu", "wyeCN"), (1, 2, 3)).page().decode()
    assert bot_check_answer(page) is None


def test_a_page_that_only_mentions_the_cookie_is_not_a_challenge() -> None:
    assert not is_bot_check(b"<html>" + b"x" * 20_000 + b"__tst_status</html>")
    assert not is_bot_check(b"<html><body>a small page</body></html>")


def test_the_crawl_answers_the_wall_once_and_keeps_the_cookie(tmp_path: Path) -> None:
    crawl = crawl_sample_site(NAME, tmp_path)
    assert crawl.result.returncode == 0, crawl.result.stderr
    answers = crawl.site.requests
    challenged = [i for i, (_, _, status) in enumerate(answers) if status == "bot-check"]
    assert challenged, "the sample site should put its bot wall before the first request"
    # Each challenged request was repeated with the cookie and got its page; later requests carried the cookie.
    for index in challenged:
        method, path, _ = answers[index]
        assert any(a[:2] == (method, path) and a[2] != "bot-check" for a in answers[index + 1:]), path
    assert len(challenged) <= 3 < len(answers) - len(challenged)  # the first requests only (they run in parallel)
    stored = {row["url"] for row in crawl.db.query("select url from articles")}
    assert stored == {crawl.local(url) for url in crawl.expected["articles_ok"]}


def test_a_wall_it_cannot_answer_is_blocked_not_redesigned(tmp_path: Path) -> None:
    root = tmp_path / "site"
    shutil.copytree(SITES / NAME, root)
    toml = root / "site.toml"
    toml.write_text(toml.read_text("utf-8").replace('keys = ["WTKkN"', 'keys = ["QxLmP"'), encoding="utf-8")
    crawl = crawl_sample_site(NAME, tmp_path, root)
    assert crawl.result.returncode == 1
    kinds = {row["kind"] for row in crawl.db.query("select kind from page_errors where list_page")}
    assert kinds == {"blocked"}
    source = crawl.summary["sources"][0]
    assert source["status"] == "failed"
    assert "blocked by the site's bot check" in source["message"]
    assert "redesigned" not in source["message"]
