"""The layered TOML config and how it reaches the spiders."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from scrapy.settings import Settings

from occuwatch.cli import main
from occuwatch.scrapers.config import load_config
from occuwatch.scrapers.config_schema import BUILTIN_SOURCES
from occuwatch.scrapers.crawl import crawl_settings
from occuwatch.scrapers.errors import ConfigError
from occuwatch.scrapers.spiders.changning import ChangningSpider
from tests.conftest import SPIDERS


def test_defaults_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("OCCUWATCH_CONFIG", raising=False)
    config = load_config()
    assert config["database"]["path"] == "occuwatch.db"
    assert config["crawl"]["requests_per_second"] == 1.0
    assert config["crawl"]["obey_robots_txt"] is True


def test_a_partial_file_overrides_only_what_it_names_and_flags_win(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text('[crawl]\ntimeout = 5\n[sources.changning]\nstart_urls = ["http://mirror.test/col/index.html"]\n')
    config = load_config(path, {"database": {"path": "flag.db"}})
    assert config["crawl"]["timeout"] == 5
    assert config["crawl"]["retries"] == 2  # untouched default
    assert config["database"]["path"] == "flag.db"
    assert config["sources"]["changning"] == {"enabled": True, "start_urls": ["http://mirror.test/col/index.html"]}


def test_local_occuwatch_toml_is_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("OCCUWATCH_CONFIG", raising=False)
    (tmp_path / "occuwatch.toml").write_text('[database]\npath = "here.db"\n')
    assert load_config()["database"]["path"] == "here.db"


@pytest.mark.parametrize(("text", "message"), [
    ("[crawl]\ntimeout = -1\n", "[crawl] timeout must be a positive number"),
    ("[crawl]\nretries = 'many'\n", "[crawl] retries must be a whole number"),
    ("[sources.changning]\nstart_urls = ['ftp://x/']\n", "is not an http(s) URL"),
    ("[sources.changning]\nstart_urls = []\n", "must be a non-empty list"),
    ("[database\n", "is not valid TOML"),
])
def test_bad_values_name_the_key(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=message.replace("[", r"\[").replace("(", r"\(").replace(")", r"\)")):
        load_config(path)


def test_missing_config_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no config at"):
        load_config(tmp_path / "absent.toml")


def test_start_urls_from_config_set_the_allowed_domains(tmp_path: Path) -> None:
    path = tmp_path / "mirror.toml"
    path.write_text('[sources.changning]\nstart_urls = ["http://127.0.0.1:8999/col/col1140/index.html"]\n'
                    '[crawl]\nrequests_per_second = 4.0\n')
    settings = crawl_settings(load_config(path))
    spider = ChangningSpider()
    spider.apply_source_config(settings)
    assert spider.start_urls == ["http://127.0.0.1:8999/col/col1140/index.html"]
    assert spider.allowed_domains == ["127.0.0.1"]
    assert settings.getfloat("DOWNLOAD_DELAY") == 0.25
    assert settings.getbool("ROBOTSTXT_OBEY") is True
    assert "occuwatch" in settings.get("USER_AGENT")


def test_without_config_the_spider_keeps_its_own_start_urls() -> None:
    spider = ChangningSpider()
    spider.apply_source_config(Settings())
    assert spider.start_urls == ["http://english.shcn.gov.cn/col/col1140/index.html",
                                 "https://www.shcn.gov.cn/english/col1140/index.html"]
    assert spider.allowed_domains == ["english.shcn.gov.cn", "www.shcn.gov.cn"]


# Each typo and wrong type the issue met as a new user: one `Error:` line with the file, the key and the fix.
CONFIG_MISTAKES = [
    ("[crawl]\ntimuot = 5\n", '[crawl] timuot is not a known key; did you mean "timeout"?'),
    ("[crawll]\ntimeout = 5\n", '[crawll] is not a known table; did you mean "crawl"?'),
    ("[sources.changning]\ncontnet_selector = 'div'\n",
     '[sources.changning] contnet_selector is not a known key; did you mean "content_selector"?'),
    ("[sources.mohrs]\nenabled = true\n",
     "[sources.mohrs] is not a built-in source (changning, govcn, mohrss); did you mean [sources.mohrss]? "
     'A site of your own needs kind = "generic"'),
    ('[sources.govcn]\nenabled = "false"\n',
     '[sources.govcn] enabled must be true or false (a TOML boolean, without quotes), not "false"'),
    ('[crawl]\nobey_robots_txt = "no"\n',
     '[crawl] obey_robots_txt must be true or false (a TOML boolean, without quotes), not "no"'),
    ("[sources.district]\nkind = 'generic'\nstart_urls = ['http://127.0.0.1/']\nlink_pattern = 5\n",
     "[sources.district] link_pattern must be a regular expression in a TOML literal string, "
     "e.g. '/news/\\d+\\.html$', not 5"),
    ('[notify]\nurls = "json://127.0.0.1:9/hook"\n',
     '[notify] urls must be a list of strings, e.g. ["json://127.0.0.1:9000/hook"], not "json://127.0.0.1:9/hook"'),
    ('[notify]\nurls = ["nosuchscheme://user:hunter2@example.org"]\n',
     "[notify] urls entry 1 (nosuchscheme://****) is not a URL Apprise can send to; "
     "see https://github.com/caronc/apprise/wiki for the forms"),
    ("[crawl]\ntimeout = true\n", "[crawl] timeout must be a positive number (seconds), not true"),
    ("[sources.changning]\nlink_pattern = 'x'\n",
     '[sources.changning] link_pattern is only for kind = "generic" sources; the changning spider reads its site '
     "its own way"),
    ("[feed]\nurl = 'batches.atom'\n", '[feed] url must be an http(s) URL, or "" for none, not "batches.atom"'),
]


@pytest.mark.parametrize(("text", "problem"), CONFIG_MISTAKES, ids=[m[1].split(" ")[1] for m in CONFIG_MISTAKES])
def test_a_config_mistake_is_one_error_line_before_anything_runs(tmp_path: Path, text: str, problem: str) -> None:
    config = tmp_path / "occuwatch.toml"
    config.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["--config", str(config), "--db", str(tmp_path / "x.db"), "crawl"])
    assert (result.exit_code, result.stderr, result.stdout) == (1, f"Error: {config}: {problem}\n", "")
    assert not (tmp_path / "x.db").exists()  # refused at load: no run was started or recorded
    assert "hunter2" not in result.stderr


def test_a_wrong_value_from_the_command_line_is_named_as_such(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"^command line: \[database\] path must be a string"):
        load_config(None, {"database": {"path": 5}})


def test_the_built_in_source_names_are_the_spiders() -> None:
    assert sorted(BUILTIN_SOURCES) == sorted(SPIDERS.list())
