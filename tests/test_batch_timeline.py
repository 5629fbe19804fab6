"""The life of a batch across sources and runs: one notification per batch, baseline first.

Real crawls of copies of the sample sites over 127.0.0.1, and a JSON webhook
receiver on 127.0.0.1 for the Apprise notifications.
"""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from sqlite_utils import Database

from tests.conftest import SITES, WebhookReceiver, run_cli, write_config

TIMELINE = Path(__file__).parent / "fixtures" / "timeline"
TABLES = ("articles", "batches", "professions", "mentions")
MOHRSS_LIST = "SYrlzyhshbzb/zwgk/gggs/tg/index.html"
CHANGNING_LIST = "col/col1140/index.html"
FINAL_TITLE = "人力资源社会保障部办公厅 市场监管总局办公厅 统计局办公室关于发布集成电路工程技术人员等职业信息的通知"
FIFTH_TITLE = "人力资源社会保障部办公厅 市场监管总局办公厅 统计局办公室关于发布低空飞行调度员等职业信息的通知"


def publish_on_mohrss(root: Path, page: str, title: str, date: str) -> None:
    """Put a timeline page on the MOHRSS copy and at the top of its notices list."""
    shutil.copytree(TIMELINE / "mohrss", root, dirs_exist_ok=True, ignore=lambda d, names: [
        n for n in names if (Path(d) / n).is_file() and not str(Path(d) / n).endswith(page)])
    listing = root / MOHRSS_LIST
    entry = (f'<div class="serviceMainListTabCon"><div class="serviceMainListTxt"><span class="serviceMainListTxtLink">'
             f'<a href="./{page}" target="_blank" title="{title}">{title[:30]}…</a></span>'
             f'<span class="organMenuTxtLink">{date}</span></div></div>')
    html = listing.read_text("utf-8").replace('<div class="serviceMainListConType">',
                                              '<div class="serviceMainListConType">\n' + entry, 1)
    listing.write_text(html, "utf-8")


def publish_on_changning(root: Path, href: str, title: str, date: str) -> None:
    """Put a timeline article on the Changning copy as its newest record."""
    shutil.copytree(TIMELINE / "changning", root, dirs_exist_ok=True)
    record = (f'<record><![CDATA[<li><a href="{href}" title="{title}" target="_blank">{title}</a>'
              f"<span>{date}</span></li>]]></record>")
    records = root / "records.xml"
    records.write_text(record + "\n" + records.read_text("utf-8"), "utf-8")
    listing = root / CHANGNING_LIST
    listing.write_text(listing.read_text("utf-8").replace("<recordset>", "<recordset>\n" + record, 1), "utf-8")


def publish_on_govcn(root: Path, href: str, title: str, date: str) -> None:
    """Put a timeline article on the gov.cn copy, at the top of its English news list."""
    shutil.copytree(TIMELINE / "govcn", root, dirs_exist_ok=True)
    item = (f'<div class="item"><h3><a href="{href}">{title}</a></h3>'
            f'<p class="summary">{title}.</p><span class="date">{date}</span></div>\n')
    listing = root / "news" / "index.html"
    listing.write_text(listing.read_text("utf-8").replace('<div class="item">', item + '<div class="item">', 1),
                       "utf-8")


def counts(db: Database) -> dict[str, int]:
    return {table: db[table].count for table in TABLES}


@pytest.fixture
def world(tmp_path: Path, serve, webhook: WebhookReceiver):
    """Copies of the three sample sites, served, and a config that notifies the webhook."""
    roots = {}
    for name in ("mohrss", "changning", "govcn"):
        roots[name] = tmp_path / "sites" / name
        shutil.copytree(SITES / name, roots[name])
    running = {name: serve(name, root) for name, root in roots.items()}
    config = write_config(tmp_path, running, notify=[webhook.url])

    def crawl(*flags: str) -> dict:
        result = run_cli("--config", str(config), "crawl", "--json", *flags, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)

    return roots, crawl, Database(tmp_path / "occuwatch.db"), tmp_path


def batch_names(db: Database, ordinal: int, language: str) -> set[str]:
    return {row["name"] for row in db.query(
        "select p.name from professions p join batches b on b.id = p.batch_id "
        "where b.ordinal = ? and p.language = ? and p.kind = 'occupation' and not p.upgraded",
        [ordinal, language])}


def names_as_written(db: Database, ordinal: int) -> set[str]:
    """Every spelling any article used for the batch's occupations."""
    return {row["name_as_written"] for row in db.query(
        "select m.name_as_written from mentions m join professions p on p.id = m.profession_id "
        "join batches b on b.id = p.batch_id where b.ordinal = ? and p.kind = 'occupation'", [ordinal])}


def test_one_notification_per_batch_across_sources_and_runs(world, webhook: WebhookReceiver) -> None:  # noqa: PLR0915
    """The issue's timeline, step by step, in one story."""
    roots, crawl, db, tmp_path = world

    # 1. The first crawl of an empty database is the baseline: batches 1-3, no message.
    crawl()
    assert [row["ordinal"] for row in db.query("select ordinal from batches order by ordinal")] == [1, 2, 3]
    assert [len(batch_names(db, n, "zh")) for n in (1, 2, 3)] == [13, 16, 9]
    assert "区块链工程技术人员" in batch_names(db, 3, "zh")
    # English renderings differ between reports; each report's names join its batch.
    changning = json.loads((SITES / "changning" / "EXPECTED.json").read_text("utf-8"))["announcements"]
    for report in changning.values():
        assert set(report["occupations"]) <= names_as_written(db, report["batch_ordinal"])
    assert webhook.take() == []

    # 2. Nothing changed: no message, no new rows.
    before = counts(db)
    crawl()
    assert webhook.take() == []
    assert counts(db) == before

    # 3. The ministry publishes the fourth batch's draft list (公示): one message, a draft.
    publish_on_mohrss(roots["mohrss"], "202101/t20210120_408112.html",
                      "关于对拟发布集成电路工程技术人员等职业信息进行公示的公告", "2021-01-20")
    crawl()
    [draft] = webhook.take()
    assert "draft" in draft["title"]
    assert "数据标注审核员" in draft["message"] and "碳排放管理员" in draft["message"]

    # 4. The final notice, with one name fewer: one message, final; the dropped name is draft-only.
    publish_on_mohrss(roots["mohrss"], "202103/t20210318_411098.html", FINAL_TITLE, "2021-03-18")
    crawl()
    [final] = webhook.take()
    assert "batch 4" in final["title"] and "final" in final["title"] and "2021-03-18" in final["title"]
    fourth = db.execute("select id, stage, announced_count from batches where ordinal = 4").fetchall()
    assert len(fourth) == 1 and fourth[0][1:] == ("final", 18)
    names = json.loads(run_cli("professions", "--batch", "4", "--json", cwd=tmp_path).stdout)
    assert [n["name"] for n in names if n["draft_only"]] == ["数据标注审核员"]
    assert {n["code"] for n in names if n["name"] == "碳排放管理员"} == {"4-09-07-04"}

    # 5. An English report on another site: no message; the batch now lists it.
    publish_on_changning(roots["changning"], "/art/2021/3/25/art_1140_612337.html",
                         "China Adds 18 New Occupations in Fourth Batch", "2021-03-25")
    crawl()
    assert webhook.take() == []
    sources = {row["source"] for row in db.query("select source from articles where batch_id = ?", [fourth[0][0]])}
    assert sources == {"mohrss", "changning"}

    # 6. The webhook fails during one run: the message is delivered on the next run, exactly once.
    webhook.status = 500
    publish_on_mohrss(roots["mohrss"], "202106/t20210630_417205.html", FIFTH_TITLE, "2021-06-30")
    crawl()
    assert webhook.take() == [] and webhook.refused == 1
    webhook.status = 200
    crawl()
    [late] = webhook.take()
    assert "batch 5" in late["title"] and "低空飞行调度员" in late["message"]
    crawl()
    assert webhook.take() == []

    # At the end: the feed, search and export give the five batches.
    feed = ET.fromstring(run_cli("feed", cwd=tmp_path).stdout)
    atom = "{http://www.w3.org/2005/Atom}"
    titles = [entry.findtext(f"{atom}title") for entry in feed.iter(f"{atom}entry")]
    assert [re.search(r"batch (\d)", t).group(1) for t in titles] == ["5", "4", "3", "2", "1"]
    ids = [entry.findtext(f"{atom}id") for entry in feed.iter(f"{atom}entry")]
    assert ids[2] == "urn:occuwatch:batch:ordinal-3"
    found = json.loads(run_cli("search", "区块链", "--json", cwd=tmp_path).stdout)
    assert {row["ordinal"] for row in found if row["found"] == "name"} == {3}
    assert any(row["found"] == "article" for row in found)
    exported = json.loads(run_cli("export", "--format", "json", cwd=tmp_path).stdout)
    assert sorted(b["ordinal"] for b in exported["batches"]) == [1, 2, 3, 4, 5]
    assert len(exported["articles"]) == db["articles"].count


def test_notify_existing_sends_the_baseline(world, webhook: WebhookReceiver) -> None:
    _, crawl, _, _ = world
    crawl("--notify-existing")
    titles = sorted(message["title"] for message in webhook.take())
    assert len(titles) == 3
    assert all("final release" in title for title in titles)


def test_secrets_in_notification_urls_never_show(tmp_path: Path, serve) -> None:
    site = serve("changning")
    secret_url = "json://occuwatch:s3cr3t-token@127.0.0.1:9/hook"  # nothing listens on port 9
    config = write_config(tmp_path, {"changning": site}, notify=[secret_url])
    result = run_cli("-v", "--config", str(config), "crawl", "--notify-existing", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "s3cr3t-token" not in result.stdout + result.stderr
    assert "not delivered" in result.stderr


def batches_json(tmp_path: Path) -> dict[int, dict]:
    result = run_cli("batches", "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    return {batch["ordinal"]: batch for batch in json.loads(result.stdout)}


def test_context_drafts_and_reports_in_another_language_keep_each_batch_whole(
        world, webhook: WebhookReceiver) -> None:
    """Three ways batches went wrong on sites nobody had seen: each is one step here."""
    roots, crawl, db, tmp_path = world
    crawl()
    webhook.take()

    # 1. An English report of the second batch recalls the first one's date and names for context: the
    #    recalled batch is context, never the report's own; neither batch gains or loses an occupation.
    second = "/art/2020/3/10/art_1140_541999.html"
    publish_on_changning(roots["changning"], second, "Second Batch of New Occupations Released", "2020-03-10")
    crawl()
    assert webhook.take() == []
    batches = batches_json(tmp_path)
    assert sorted(batches) == [1, 2, 3]
    assert [len(batches[n]["occupations"]) for n in (1, 2, 3)] == [13, 16, 9]
    assert batches[1]["released"] == "2019-04-01" and batches[2]["released"] == "2020-02-25"
    url = next(r["url"] for r in batches[2]["reports"] if r["url"].endswith(second))
    assert db.execute("select b.ordinal from articles a join batches b on b.id = a.batch_id where a.url = ?",
                      [url]).fetchone()[0] == 2
    assert {r["url"]: r["recalled"] for r in batches[1]["reports"]}[url] is True
    assert {r["url"]: r["recalled"] for r in batches[2]["reports"]}[url] is False

    # 2. A draft list, then the final one without one of its names: that name leaves the final list and is
    #    kept, flagged, as draft-only.
    publish_on_mohrss(roots["mohrss"], "202101/t20210120_408112.html",
                      "关于对拟发布集成电路工程技术人员等职业信息进行公示的公告", "2021-01-20")
    crawl()
    publish_on_mohrss(roots["mohrss"], "202103/t20210318_411098.html", FINAL_TITLE, "2021-03-18")
    crawl()
    assert len(webhook.take()) == 2
    fourth = batches_json(tmp_path)[4]
    assert fourth["stage"] == "final"
    assert len(fourth["occupations"]) == fourth["announced_count"] == 18
    assert [e["zh"] for e in fourth["draft_only"]] == ["数据标注审核员"]
    assert fourth["draft_only"][0]["stages"] == ["draft"]
    assert "数据标注审核员" not in {e["zh"] for e in fourth["occupations"]}

    # 3. gov.cn reports the same batch in English, with no ordinal: the report joins the batch, and its
    #    English names join the batch's occupations instead of adding to them.
    article = "/news/202103/19/content_WS6054a1b2c6d0a3b1a7e3c2d9.html"
    publish_on_govcn(roots["govcn"], article, "18 new occupations join national list as digital economy grows",
                     "2021-03-19")
    crawl()
    assert webhook.take() == []
    fourth = batches_json(tmp_path)[4]
    reports = {r["url"].split("127.0.0.1:")[1].split("/", 1)[1]: r for r in fourth["reports"]}
    assert reports[article.lstrip("/")]["language"] == "en" and reports[article.lstrip("/")]["source"] == "govcn"
    assert len(fourth["occupations"]) == 18
    circuit = next(e for e in fourth["occupations"] if e["zh"] == "集成电路工程技术人员")
    assert "integrated circuit engineering technicians" in circuit["en"]
