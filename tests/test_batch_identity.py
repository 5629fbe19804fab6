"""One batch however many articles, sources and languages report it (db.articles, db.batches)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlite_utils import Database

from occuwatch.db.articles import ArticleWriter
from occuwatch.db.batch_alerts import queue_batch_alerts
from occuwatch.db.queries import list_professions
from occuwatch.db.runs import finish_source, start_run, start_source
from occuwatch.db.schema import open_database
from occuwatch.pipelines.announcement import Announcement, Name


@dataclass
class Page:
    """What the store needs of an Article item."""

    url: str
    source: str
    announcement: Announcement
    published: str | None = None
    language: str | None = None
    title: str = ""
    text: str = ""

    def __post_init__(self) -> None:
        self.language = self.language or self.announcement.language


def names(*items: str, code: bool = False) -> tuple[Name, ...]:
    return tuple(Name(n, code=f"2-02-10-{i:02d}" if code else None) for i, n in enumerate(items))


ZH_THIRD = names("区块链工程技术人员", "城市管理网格员", "互联网营销师", "信息安全测试员")
EN_THIRD = names("blockchain technicians", "urban administration grid operators", "online marketers")


@pytest.fixture
def db(tmp_path: Path) -> Database:
    return open_database(tmp_path / "t.db")


def store(db: Database, *pages: Page, run_id: int | None = None) -> int:
    """Store pages as one run of their sources; return the run id."""
    sources = sorted({p.source for p in pages})
    run_id = run_id or start_run(db, sources)
    writer = ArticleWriter(db, run_id)
    for source in sources:
        start_source(db, run_id, source)
    for page in pages:
        with db.atomic():
            writer.store_article(page)
    for source in sources:
        finish_source(db, run_id, source, finish_reason="finished", pages=1, list_links=1, articles=1,
                      new_articles=1)
    return run_id


def batch_of(db: Database, url: str) -> int:
    return db["articles"].get(url)["batch_id"]


def test_notice_english_report_and_local_rewrite_are_one_batch(db: Database) -> None:
    store(db,
          Page("https://m/notice", "mohrss", Announcement("zh", 9, 3, "2020-07-06", "final", ZH_THIRD)),
          Page("https://g/en", "govcn", Announcement("en", 9, None, "2020-07-06", "final", EN_THIRD)),
          Page("https://c/rewrite", "changning", Announcement("en", 9, 3, None, "final", EN_THIRD[:2]),
               published="2020-07-17"))
    assert db["batches"].count == 1
    assert {batch_of(db, u) for u in ("https://m/notice", "https://g/en", "https://c/rewrite")} == {1}
    assert db["batches"].get(1)["ordinal"] == 3
    # English and Chinese names are kept side by side, each once.
    assert db["professions"].count == len(ZH_THIRD) + len(EN_THIRD)


def test_different_ordinals_never_merge_even_on_the_same_day(db: Database) -> None:
    store(db, Page("https://a", "x", Announcement("zh", 9, 3, "2020-07-06", "final", ZH_THIRD)),
          Page("https://b", "x", Announcement("zh", 18, 4, "2020-07-06", "final", names("碳排放管理员"))))
    assert db["batches"].count == 2


def test_a_draft_and_its_final_release_are_one_batch_with_draft_only_names(db: Database) -> None:
    draft_names = names("集成电路工程技术人员", "企业合规师", "易货师", "碳汇计量评估师", code=True)
    store(db, Page("https://m/draft", "mohrss", Announcement("zh", 4, None, None, "draft", draft_names)))
    assert db["batches"].get(1)["stage"] == "draft"
    final = Announcement("zh", 3, 4, "2021-03-18", "final", draft_names[:3])
    store(db, Page("https://m/final", "mohrss", final))
    assert db["batches"].count == 1
    batch = db["batches"].get(1)
    assert (batch["stage"], batch["ordinal"], batch["announced_count"]) == ("final", 4, 3)
    dropped = [row["name"] for row in list_professions(db, 1) if row["draft_only"]]
    assert dropped == ["碳汇计量评估师"]


def test_names_match_across_spellings_and_the_ministry_spelling_wins(db: Database) -> None:
    store(db, Page("https://c/a", "changning", Announcement("en", 2, 7, None, "final",
                                                            names("Low-Altitude Traffic Controllers", "Drone Medics"))))
    store(db, Page("https://m/b", "mohrss", Announcement("en", 2, 7, None, "final",
                                                         names("low-altitude traffic controller", "drone medic"))))
    rows = list(db.query("select name, name_source from professions order by id"))
    assert rows == [{"name": "low-altitude traffic controller", "name_source": "mohrss"},
                    {"name": "drone medic", "name_source": "mohrss"}]
    written = {row["name_as_written"] for row in db.query("select name_as_written from mentions")}
    assert "Drone Medics" in written and "drone medic" in written


def test_traditional_spelling_is_a_variant_of_the_simplified_name(db: Database) -> None:
    store(db, Page("https://hk/a", "hk", Announcement("zh", 1, 5, None, "final",
                                                      (Name("网络安全员", name_original="網絡安全員"),))))
    store(db, Page("https://m/a", "mohrss", Announcement("zh", 1, 5, None, "final", (Name("网络安全员"),))))
    assert db["professions"].count == 1
    assert {r["name_as_written"] for r in db.query("select * from mentions")} == {"網絡安全員", "网络安全员"}


def test_shared_names_join_a_batch_that_gives_no_ordinal_or_date(db: Database) -> None:
    store(db, Page("https://m/n", "mohrss", Announcement("zh", 4, 3, "2020-07-06", "final", ZH_THIRD)))
    store(db, Page("https://x/y", "local", Announcement("zh", None, None, None, "final", ZH_THIRD[1:3])))
    assert db["batches"].count == 1


def test_unrelated_announcements_stay_apart(db: Database) -> None:
    store(db, Page("https://a", "x", Announcement("zh", 9, None, None, "final", ZH_THIRD),
                   published="2020-07-10"))
    store(db, Page("https://b", "x", Announcement("zh", 13, None, None, "final", names("无人机驾驶员", "农业经理人")),
                   published="2019-04-03"))
    assert db["batches"].count == 2


def test_first_crawl_is_a_silent_baseline_and_later_news_is_told_once(db: Database) -> None:
    first = store(db, Page("https://m/3", "mohrss", Announcement("zh", 9, 3, "2020-07-06", "final", ZH_THIRD)))
    assert queue_batch_alerts(db, first) == 1
    assert [r["status"] for r in db.query("select status from notifications")] == ["baseline"]

    draft = Announcement("zh", 2, 4, None, "draft", names("易货师", "调饮师"))
    second = store(db, Page("https://m/4d", "mohrss", draft))
    queue_batch_alerts(db, second)
    final = Announcement("zh", 1, 4, "2021-03-18", "final", names("易货师"))
    third = store(db, Page("https://m/4f", "mohrss", final),
                  Page("https://c/4", "changning", Announcement("en", 1, 4, "2021-03-18", "final", names("barterer"))))
    queue_batch_alerts(db, third)
    fourth = store(db, Page("https://g/4", "govcn", Announcement("en", 1, 4, None, "final", names("barterers"))))
    assert queue_batch_alerts(db, fourth) == 0  # another report of a known batch: silent
    rows = list(db.query("select key, status from notifications order by id"))
    assert rows == [{"key": "batch:1:final", "status": "baseline"},
                    {"key": "batch:2:draft", "status": "pending"},
                    {"key": "batch:2:final", "status": "pending"}]
    body = db["notifications"].get(3)["body"]
    assert "易货师" in body and "barterer" in body and "调饮师 [in the draft only]" in body


def test_the_ministrys_date_and_count_win_whatever_the_order(db: Database) -> None:
    store(db, Page("https://c/r", "changning", Announcement("en", 16, 2, "2020-03-02", "final", EN_THIRD)))
    store(db, Page("https://m/n", "mohrss", Announcement("zh", 16, 2, "2020-02-25", "final", ZH_THIRD)))
    store(db, Page("https://x/y", "local", Announcement("en", 15, 2, "2020-03-03", "final", EN_THIRD)))
    batch = db["batches"].get(1)
    assert (batch["released"], batch["announced_count"]) == ("2020-02-25", 16)


def test_between_equally_authoritative_reports_the_earlier_release_date_wins(db: Database) -> None:
    store(db, Page("https://m/news", "mohrss", Announcement("zh", 13, 1, "2019-04-03", "final", ZH_THIRD)))
    store(db, Page("https://m/notice", "mohrss", Announcement("zh", 13, 1, "2019-04-01", "final", ZH_THIRD)))
    store(db, Page("https://m/later", "mohrss", Announcement("zh", 13, 1, "2019-04-08", "final", ZH_THIRD)))
    assert db["batches"].get(1)["released"] == "2019-04-01"
