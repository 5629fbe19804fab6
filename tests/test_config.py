"""The layered TOML config and how it reaches the spiders."""

from __future__ import annotations

from pathlib import Path

import pytest
from scrapy.settings import Settings

from occuwatch.scrapers.config import load_config
from occuwatch.scrapers.crawl import crawl_settings
from occuwatch.scrapers.errors import ConfigError
from occuwatch.scrapers.spiders.changning import ChangningSpider


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
