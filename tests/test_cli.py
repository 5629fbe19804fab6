"""The command line as a user meets it: help, exit codes, --json/--csv, extract."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from occuwatch.cli import main
from tests.conftest import REPO, SITES, run_cli

SEED = REPO.parent / "shared" / "seeds" / "000_3220ab0922d07ffe.txt"
SEED_COPY = REPO / "tests" / "fixtures" / "texts" / "en_seed_changning_third_batch.txt"
SEED_PAGE = SITES / "changning" / "art" / "2020" / "7" / "17" / "art_1140_561819.html"
COMMANDS = sorted(main.commands)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command: str) -> None:
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output


def test_short_help_flag_and_usage_errors() -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["-h"]).exit_code == 0
    assert runner.invoke(main, ["no-such-command"]).exit_code == 2
    assert runner.invoke(main, ["professions", "--batch", "three"]).exit_code == 2


def seed_path() -> Path:
    """The shared seed when this checkout sits beside shared/, else the fixture copy of it."""
    return SEED if SEED.exists() else SEED_COPY


def test_extract_seed_json_gives_the_third_batch(tmp_path: Path) -> None:
    result = run_cli("extract", str(seed_path()), "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert set(found) >= {"language", "title", "published", "released", "announced_count", "batch_ordinal",
                          "occupations", "work_types", "upgraded", "stage"}
    assert (found["announced_count"], found["batch_ordinal"], found["language"]) == (9, 3, "en")
    assert len(found["occupations"]) == 9
    assert found["occupations"][-1] == {"name": "additive manufacturing equipment operators"}
    assert {"name": "livestreaming salesperson", "parent": "online marketer"} in found["work_types"]
    assert [w["name"] for w in found["work_types"]][1:] == [
        "Internet information auditor", "micro-sized and small loan officers",
        "labor dispatch administrators", "clay board painting creators"]
    assert [u["name"] for u in found["upgraded"]] == [
        "epidemic controller", "disinfector", "public place sanitation administrator"]


def test_extract_reads_html_and_stdin(tmp_path: Path) -> None:
    from_html = json.loads(run_cli("extract", str(SEED_PAGE), "--json", cwd=tmp_path).stdout)
    assert from_html["title"] == "9 New Professions Gain Popularity Online"
    assert from_html["published"] == "2020-07-17"
    assert from_html["released"] == "2020-07-06"
    assert len(from_html["occupations"]) == 9
    piped = run_cli("extract", "-", cwd=tmp_path, input_text=SEED_COPY.read_text("utf-8"))
    assert piped.returncode == 0
    assert "blockchain application operators" in piped.stdout


def test_extract_json_gives_the_text_as_stored(tmp_path: Path) -> None:
    """The current gov.cn markup (a stray </html> after the header): the article's text, not the menus."""
    from tests.test_pages import STRAY_HTML_CLOSE

    page = tmp_path / "content_7100001.htm"
    page.write_text(STRAY_HTML_CLOSE, encoding="utf-8")
    found = json.loads(run_cli("extract", str(page), "--json", cwd=tmp_path).stdout)
    assert found["title"] == "人力资源社会保障部办公厅关于做好新职业培训工作的通知"
    assert (found["published"], found["article_id"]) == ("2026-09-28", "7100001")
    assert found["text"].startswith("各省、自治区、直辖市人力资源社会保障厅（局）：")
    assert "首页" not in found["text"]


def test_extract_refuses_what_it_cannot_read(tmp_path: Path) -> None:
    missing = run_cli("extract", str(tmp_path / "nope.html"), cwd=tmp_path)
    assert missing.returncode == 1
    assert missing.stderr.startswith("Error: cannot read")
    local_file = run_cli("extract", "file:///etc/passwd", cwd=tmp_path)
    assert local_file.returncode == 1
    assert "file: URLs are not read" in local_file.stderr


def test_extract_reads_a_url_from_a_local_server(serve, tmp_path: Path) -> None:
    site = serve("changning")
    result = run_cli("extract", f"{site.base_url}/art/2020/7/17/art_1140_561819.html", "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["batch_ordinal"] == 3


def test_queries_without_a_database_explain_what_to_do(tmp_path: Path) -> None:
    result = run_cli("batches", cwd=tmp_path)
    assert result.returncode == 1
    assert "run `occuwatch crawl`" in result.stderr
    assert not (tmp_path / "occuwatch.db").exists()


def test_batches_and_professions_as_table_json_and_csv(serve, make_config, tmp_path: Path) -> None:
    config = make_config({"changning": serve("changning")})
    assert run_cli("--config", str(config), "crawl", cwd=tmp_path).returncode == 0
    batches = json.loads(run_cli("batches", "--json", cwd=tmp_path).stdout)  # ./occuwatch.toml is found
    assert [b["ordinal"] for b in batches] == [1, 2, 3]
    assert [b["occupations"] for b in batches] == [13, 16, 9]
    third = batches[2]["id"]

    listed = run_cli("professions", "--batch", str(third), "--csv", cwd=tmp_path).stdout
    rows = list(csv.DictReader(io.StringIO(listed)))
    assert [r["kind"] for r in rows].count("occupation") == 9
    assert [r["kind"] for r in rows].count("work type") == 5
    assert [r["kind"] for r in rows].count("upgraded") == 3

    table = run_cli("professions", cwd=tmp_path).stdout
    assert "drone pilots" in table.lower() and "blockchain technicians" in table
    assert run_cli("professions", "--batch", "999", cwd=tmp_path).returncode == 1
    assert run_cli("batches", "--json", "--csv", cwd=tmp_path).returncode == 2
    runs = json.loads(run_cli("runs", "--json", cwd=tmp_path).stdout)
    assert runs[0]["status"] == "partial"


def test_unknown_source_is_an_error(tmp_path: Path) -> None:
    result = run_cli("crawl", "--source", "nowhere", cwd=tmp_path)
    assert result.returncode == 1
    assert "unknown source nowhere" in result.stderr
    assert "changning" in result.stderr


def test_bad_config_is_reported_with_its_file(tmp_path: Path) -> None:
    (tmp_path / "occuwatch.toml").write_text("[crawl\nretries = 2\n")
    result = run_cli("crawl", cwd=tmp_path)
    assert result.returncode == 1
    assert "occuwatch.toml is not valid TOML" in result.stderr


def test_demo_runs_offline_and_prints_the_third_batch(tmp_path: Path) -> None:
    result = run_cli("demo", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "127.0.0.1" in result.stderr
    for name in ("blockchain technicians", "additive manufacturing equipment operators"):
        assert name in result.stdout
    assert (tmp_path / "occuwatch-demo.db").exists()


def test_status_exits_1_without_a_database_or_with_a_failing_source(tmp_path: Path) -> None:
    config = tmp_path / "occuwatch.toml"
    lines = [f"[database]\npath = {json.dumps(str(tmp_path / 'status.db'))}",
             "[crawl]\nretries = 0\ntimeout = 2",
             '[sources.changning]\nstart_urls = ["http://127.0.0.1:9/closed/"]']
    lines += [f"[sources.{name}]\nenabled = false" for name in ("govcn", "mohrss")]
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    missing = run_cli("--config", str(config), "status", cwd=tmp_path)
    assert missing.returncode == 1, missing.stderr
    assert "Last run: none yet" in missing.stdout
    assert run_cli("--config", str(config), "crawl", cwd=tmp_path).returncode != 0
    failing = run_cli("--config", str(config), "status", "--json", cwd=tmp_path)
    assert failing.returncode == 1, failing.stderr
    assert {s["source"]: s["state"] for s in json.loads(failing.stdout)["sources"]}["changning"] == "failing"
