"""The layered TOML config: packaged defaults < ./occuwatch.toml or --config FILE < flags.

A partial file overrides only the keys it names.
"""

from __future__ import annotations

import copy
import os
import re
import tomllib
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from cssselect import GenericTranslator, SelectorError

from occuwatch.scrapers.errors import ConfigError

DEFAULTS_PATH = Path(__file__).with_name("defaults.toml")
LOCAL_CONFIG_NAME = "occuwatch.toml"
CONFIG_ENV = "OCCUWATCH_CONFIG"  # lets `scrapy crawl NAME` use a config file too


def _read_toml(path: Path) -> dict[str, Any]:
    """Parse one TOML file, with an error that names the file."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"no config at {path}; check the path given to --config or {CONFIG_ENV}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path} is not valid TOML: {exc}") from None


def merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Deep-merge `override` into a copy of `base`: tables merge, other values replace."""
    merged = copy.deepcopy(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def find_config_file(explicit: str | os.PathLike | None = None) -> Path | None:
    """The user's config file: --config, else $OCCUWATCH_CONFIG, else ./occuwatch.toml if present."""
    if explicit:
        return Path(explicit)
    if os.environ.get(CONFIG_ENV):
        return Path(os.environ[CONFIG_ENV])
    local = Path.cwd() / LOCAL_CONFIG_NAME
    return local if local.exists() else None


def load_config(explicit: str | os.PathLike | None = None, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """Defaults, then the user's file, then `overrides` (from flags); validated."""
    config = _read_toml(DEFAULTS_PATH)
    user_file = find_config_file(explicit)
    if user_file is not None:
        config = merge(config, _read_toml(user_file))
        config["_file"] = str(user_file)
    if overrides:
        config = merge(config, overrides)
    validate(config)
    return config


def validate(config: dict[str, Any]) -> None:
    """Raise ConfigError on values a crawl cannot use, naming the key."""
    crawl = config.get("crawl", {})
    for key in ("requests_per_second", "timeout"):
        if not isinstance(crawl.get(key), int | float) or crawl[key] <= 0:
            raise ConfigError(f"[crawl] {key} must be a positive number, not {crawl.get(key)!r}")
    for key in ("concurrent_requests", "max_download_size", "max_list_pages"):
        if not isinstance(crawl.get(key), int) or crawl[key] <= 0:
            raise ConfigError(f"[crawl] {key} must be a positive whole number, not {crawl.get(key)!r}")
    if not isinstance(crawl.get("retries"), int) or crawl["retries"] < 0:
        raise ConfigError(f"[crawl] retries must be a whole number ≥ 0, not {crawl.get('retries')!r}")
    workers = crawl.get("parse_workers", 0)
    if not isinstance(workers, int) or isinstance(workers, bool) or workers < 0:
        raise ConfigError(f"[crawl] parse_workers must be a whole number ≥ 0, not {workers!r}")
    if not isinstance(config.get("database", {}).get("path"), str):
        raise ConfigError("[database] path must be a string (a file path)")
    for name, source in config.get("sources", {}).items():
        validate_generic(name, source)
        urls = source.get("start_urls")
        if urls is None:
            continue
        if not isinstance(urls, list) or not urls:
            raise ConfigError(f"[sources.{name}] start_urls must be a non-empty list of URLs")
        for url in urls:
            if urlsplit(str(url)).scheme not in {"http", "https"}:
                raise ConfigError(f"[sources.{name}] start_urls: {url!r} is not an http(s) URL")
    validate_schedule(config)


def validate_generic(name: str, source: dict[str, Any]) -> None:
    """Raise ConfigError unless a `kind = "generic"` source has list pages and a valid link pattern."""
    where = f"[sources.{name}]"
    kind = source.get("kind")
    if kind is None:
        return
    if kind != "generic":
        raise ConfigError(f'{where} kind must be "generic" (or left out for a source with its own spider), '
                          f"not {kind!r}")
    if not source.get("start_urls"):
        raise ConfigError(f"{where} a generic source needs start_urls: the list pages to read")
    try:
        re.compile(source.get("link_pattern") or "")
    except re.error as exc:
        raise ConfigError(f"{where} link_pattern is not a valid regular expression: {exc}") from None
    if not source.get("link_pattern"):
        raise ConfigError(f"{where} a generic source needs link_pattern: a regex its article URLs match")
    for key in ("content_selector", "next_page"):
        selector = source.get(key, "")
        if not isinstance(selector, str):
            raise ConfigError(f"{where} {key} must be a string (a CSS selector)")
        if selector and "{n}" not in selector:  # next_page may be a page-number template instead
            try:
                GenericTranslator().css_to_xpath(selector)
            except SelectorError as exc:
                raise ConfigError(f"{where} {key} {selector!r} is not a valid CSS selector: {exc}") from None
    if source.get("language") not in {None, "en", "zh"}:
        raise ConfigError(f'{where} language must be "en" or "zh" (or left out: detected per page)')


def source_config(config: dict[str, Any], name: str) -> dict[str, Any]:
    """The `[sources.NAME]` table, empty when the config does not name the source."""
    return config.get("sources", {}).get(name, {})


def database_path(config: dict[str, Any]) -> Path:
    """Where the SQLite database lives (relative paths from the working directory)."""
    return Path(config["database"]["path"]).expanduser()


SCHEDULE_KEYS = {"cron", "interval", "timezone", "jitter", "crawl_timeout", "stop_grace", "misfire_grace", "sources"}
SOURCE_SCHEDULE_KEYS = {"cron", "interval", "jitter"}


def validate_schedule(config: dict[str, Any]) -> None:
    """Raise ConfigError on a `[schedule]` (or `[notify] broken_after`) the daemon cannot use, naming the key."""
    schedule = config.get("schedule", {})
    _check_keys(schedule, SCHEDULE_KEYS, "[schedule]")
    _check_timing(schedule, "[schedule]")
    for key in ("crawl_timeout", "misfire_grace"):
        _check_seconds(schedule, key, "[schedule]")
    _check_seconds(schedule, "stop_grace", "[schedule]", zero_ok=True)
    zone = schedule.get("timezone", "")
    if not isinstance(zone, str):
        raise ConfigError(f"[schedule] timezone must be a zone name such as \"Asia/Shanghai\" or \"\", not {zone!r}")
    if zone:
        import zoneinfo

        try:
            zoneinfo.ZoneInfo(zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise ConfigError(f"[schedule] timezone: unknown zone {zone!r}; use a name such as "
                              "\"Asia/Shanghai\"") from None
    overrides = schedule.get("sources", {})
    if not isinstance(overrides, dict):
        raise ConfigError("[schedule] sources must be a table of [schedule.sources.NAME] tables")
    for name, own in overrides.items():
        where = f"[schedule.sources.{name}]"
        if not isinstance(own, dict):
            raise ConfigError(f"{where} must be a table with cron or interval")
        _check_keys(own, SOURCE_SCHEDULE_KEYS, where)
        if not own.get("cron") and "interval" not in own:
            raise ConfigError(f"{where} needs cron or interval (else leave the source to the main schedule)")
        _check_timing(own, where)
    broken_after = config.get("notify", {}).get("broken_after", 3)
    if not isinstance(broken_after, int) or isinstance(broken_after, bool) or broken_after < 1:
        raise ConfigError(f"[notify] broken_after must be a whole number ≥ 1, not {broken_after!r}")


def _check_keys(table: dict[str, Any], known: set[str], where: str) -> None:
    """Reject keys the daemon does not know (a typo would otherwise be ignored silently)."""
    unknown = sorted(set(table) - known)
    if unknown:
        raise ConfigError(f"{where}: unknown key {', '.join(unknown)}; known keys: {', '.join(sorted(known))}")


def _check_timing(table: dict[str, Any], where: str) -> None:
    """A cron line of five fields or a positive interval, and a jitter ≥ 0."""
    cron = table.get("cron", "")
    if not isinstance(cron, str) or (cron and len(cron.split()) != 5):
        raise ConfigError(f"{where} cron must be \"\" or five fields \"minute hour day month weekday\", "
                          f"e.g. \"0 8 * * *\"; not {cron!r}")
    if "interval" in table:
        _check_seconds(table, "interval", where)
    if "jitter" in table:
        _check_seconds(table, "jitter", where, zero_ok=True)


def _check_seconds(table: dict[str, Any], key: str, where: str, *, zero_ok: bool = False) -> None:
    """A number of seconds: positive, or ≥ 0 when `zero_ok`."""
    value = table.get(key)
    is_number = isinstance(value, int | float) and not isinstance(value, bool)
    if not is_number or value < 0 or (value == 0 and not zero_ok):
        rule = "a number ≥ 0" if zero_ok else "a positive number"
        raise ConfigError(f"{where} {key} must be {rule} (seconds), not {value!r}")
