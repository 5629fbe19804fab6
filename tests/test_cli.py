"""The command line as a user meets it: help, exit codes, --json/--csv, extract."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from occuwatch.cli import main
from occuwatch.scrapers.config import load_config
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
    assert runner.invoke(main, ["professions", "--batch"]).exit_code == 2


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
    first = run_cli("--config", str(config), "crawl", cwd=tmp_path)
    assert first.returncode == 0
    assert ("A baseline: the first complete crawl of changning found 3 batch(es) already published: recorded "
            "without notifying anyone (--notify-existing would send them).") in first.stdout
    assert "Baseline batch 3, released 2020-07-06" in first.stdout and "New batch" not in first.stdout
    batches = json.loads(run_cli("batches", "--json", cwd=tmp_path).stdout)  # ./occuwatch.toml is found
    assert [b["ordinal"] for b in batches] == [1, 2, 3]
    assert [len(b["occupations"]) for b in batches] == [13, 16, 9]
    assert [b["batch"] for b in batches] == ["1", "2", "3"]  # the label users type is the ordinal, not the row id

    listed = run_cli("professions", "--batch", "3", "--csv", cwd=tmp_path).stdout
    rows = list(csv.DictReader(io.StringIO(listed)))
    assert {r["batch"] for r in rows} == {"3"}
    assert [r["kind"] for r in rows].count("occupation") == 9
    assert [r["kind"] for r in rows].count("work type") == 5
    assert [r["kind"] for r in rows].count("upgraded") == 3

    table = run_cli("professions", cwd=tmp_path).stdout
    assert "drone pilots" in table.lower() and "blockchain technicians" in table
    missing = run_cli("professions", "--batch", "999", cwd=tmp_path)
    assert (missing.returncode, missing.stderr) == (1, "Error: no batch 999; `occuwatch batches` lists them "
                                                       "(column batch)\n")
    assert run_cli("batches", "--json", "--csv", cwd=tmp_path).returncode == 2
    runs = json.loads(run_cli("runs", "--json", cwd=tmp_path).stdout)
    assert runs[0]["status"] == "partial"
    assert runs[0]["sources"] == "changning partial"
    assert runs[0]["reason"] == "2 page(s) failed; retried next run (`occuwatch runs 1`)"
    one = run_cli("runs", "1", cwd=tmp_path).stdout
    failed_pages = [line for line in one.splitlines() if line.startswith("  ! changning: http://127.0.0.1:")]
    assert len(failed_pages) == 2 and any("HTTP 500" in line for line in failed_pages)
    missing = run_cli("runs", "7", cwd=tmp_path)
    assert (missing.returncode, missing.stderr) == (1, "Error: no run 7; `occuwatch runs` lists them\n")


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
    # The demo's database is not the query default: the demo says how to reach it, and the way it says works.
    hint = ("The demo's database is occuwatch-demo.db; query it with --db, e.g.\n"
            "  occuwatch batches --db occuwatch-demo.db\n")
    assert hint in result.stderr
    shown = run_cli("professions", "--batch", "3", "--db", "occuwatch-demo.db", "--json", cwd=tmp_path)
    assert shown.returncode == 0 and "区块链工程技术人员" in {row["name"] for row in json.loads(shown.stdout)}


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


def test_global_options_work_after_the_sub_command_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    for args in (["--db", "elsewhere.db", "batches"], ["batches", "--db", "elsewhere.db"]):
        result = runner.invoke(main, args)
        assert (result.exit_code, result.stderr) == (1, "Error: no database at elsewhere.db; run `occuwatch crawl` "
                                                        "(or `occuwatch demo`) first, or pass --db FILE\n")
    (tmp_path / "other.toml").write_text('[database]\npath = "from-file.db"\n')
    shown = json.loads(runner.invoke(main, ["config", "--json", "--config", "other.toml"]).stdout)
    assert shown["database.path"] == {"value": "from-file.db", "from": "other.toml"}
    shown = json.loads(runner.invoke(main, ["--config", "other.toml", "config", "--db", "flag.db", "--json"]).stdout)
    assert shown["database.path"] == {"value": "flag.db", "from": "command line"}


def settings_of(config: dict) -> dict:
    return {key: value for key, value in config.items() if key != "_file"}


def test_init_writes_every_key_with_its_default_and_config_shows_who_set_what(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    assert runner.invoke(main, ["init"]).exit_code == 0
    again = runner.invoke(main, ["init"])
    assert (again.exit_code, again.stderr) == (1, "Error: occuwatch.toml exists; edit it, or pass --force to replace "
                                                  "it with the starter config\n")
    starter = (tmp_path / "occuwatch.toml").read_text(encoding="utf-8")
    assert settings_of(load_config()) == settings_of(load_config(REPO / "scrapers" / "defaults.toml"))
    # Uncommented, its settings are exactly the defaults, key for key.
    settings = starter.split("# A source may keep its own timetable")[0]  # the examples after it stay comments
    uncommented = re.sub(r"^# ([a-z_]+ = |\[sources\.)", r"\1", settings, flags=re.M)
    (tmp_path / "all.toml").write_text(uncommented, encoding="utf-8")
    everything = load_config(tmp_path / "all.toml")
    assert settings_of(everything) == settings_of(load_config(REPO / "scrapers" / "defaults.toml"))

    (tmp_path / "occuwatch.toml").write_text('[crawl]\ntimeout = 7\n[notify]\nurls = ["json://me:hunter2@127.0.0.1/x"]\n')
    text = runner.invoke(main, ["config"]).stdout
    assert re.search(rf"^timeout = 7 +# {re.escape(str(tmp_path / 'occuwatch.toml'))}$", text, re.M)
    assert re.search(r"^retries = 2 +# packaged defaults$", text, re.M)
    assert "hunter2" not in text and "json://me:****@127.0.0.1/x" in text


def test_tables_align_chinese_names_and_csv_can_start_with_a_bom(capsys: pytest.CaptureFixture[str]) -> None:
    from wcwidth import wcswidth

    from occuwatch.cli import print_rows

    rows = [{"name": "互联网信息审核员", "parent": "网络与信息安全管理员", "n": 3},
            {"name": "drone pilots", "parent": "", "n": 12}]
    print_rows(rows, "table")
    lines = capsys.readouterr().out.splitlines()
    # Each CJK character takes two terminal columns: the columns line up only if they are counted so.
    ends = {wcswidth(line[:line.rindex(str(n)) + len(str(n))]) for line, n in zip(lines[2:], (3, 12), strict=True)}
    assert len(ends) == 1 and len({wcswidth(line) for line in lines}) == 1
    print_rows(rows, "csv", bom=True)
    assert capsys.readouterr().out.startswith("\ufeffname,parent,n\n互联网信息审核员,")
    print_rows(rows, "csv")
    assert capsys.readouterr().out.startswith("name,")
    assert CliRunner().invoke(main, ["batches", "--bom"]).exit_code == 2


def test_a_network_failure_is_one_line_without_v_and_the_whole_story_with_it(tmp_path: Path) -> None:
    import socket

    with socket.socket() as probe:  # a port nothing listens on: every request is refused
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    (tmp_path / "occuwatch.toml").write_text(
        f'[sources.changning]\nstart_urls = ["http://127.0.0.1:{port}/col/col1140/index.html"]\n'
        "[sources.govcn]\nenabled = false\n[sources.mohrss]\nenabled = false\n[crawl]\nretries = 1\n")
    quiet = run_cli("crawl", cwd=tmp_path)
    assert quiet.returncode == 1
    lines = quiet.stderr.splitlines()
    assert len(lines) == 2, quiet.stderr  # the failure, then the command's Error: line
    assert lines[0].endswith(f"[changning] ERROR: changning: http://127.0.0.1:{port}/col/col1140/index.html "
                             "failed: the site refused the connection (tried 2×): it is down or the URL's port is "
                             "wrong; retried next run")
    assert lines[1].startswith("Error: source changning failed")
    (tmp_path / "occuwatch.db").unlink()
    verbose = run_cli("crawl", "-v", cwd=tmp_path)
    assert "Gave up retrying" in verbose.stderr and "robots.txt" in verbose.stderr


def test_a_progress_line_on_a_terminal_and_nothing_extra_in_a_pipe(serve, make_config, tmp_path: Path) -> None:
    import os
    import pty
    import subprocess
    import sys

    config = make_config({"changning": serve("changning")})
    controller, terminal = pty.openpty()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("OCCUWATCH_CONFIG", None)
    process = subprocess.Popen([sys.executable, "-m", "occuwatch", "--config", str(config), "crawl"], cwd=tmp_path,
                               env=env, stdout=subprocess.PIPE, stderr=terminal)
    os.close(terminal)
    shown = b""
    while True:
        try:
            chunk = os.read(controller, 4096)
        except OSError:  # the terminal's other end closed: the crawl has ended
            break
        if not chunk:
            break
        shown += chunk
    process.wait(timeout=120)
    os.close(controller)
    assert process.returncode == 0
    text = shown.decode()
    assert re.search(r"\r\x1b\[KCrawling changning: \d+ pages, \d+ articles, \d+ failed", text), text
    assert text.rindex("\r\x1b[K") > text.rindex("Crawling")  # wiped when the crawl ends

    (tmp_path / "occuwatch.db").unlink()
    piped = run_cli("--config", str(config), "crawl", cwd=tmp_path)
    assert "Crawling" not in piped.stderr and "\x1b[K" not in piped.stderr
