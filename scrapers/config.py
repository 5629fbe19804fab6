"""The layered TOML config: packaged defaults < ./occuwatch.toml or --config FILE < flags.

A partial file overrides only the keys it names.
"""

from __future__ import annotations

import copy
import json
import os
import re
import tomllib
from pathlib import Path
from typing import Any

from occuwatch.scrapers import config_schema as schema
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


Origins = dict[tuple[str, ...], str]
DEFAULTS_LABEL = "packaged defaults"
FLAGS_LABEL = "command line"


def _record_origins(table: dict[str, Any], label: str, origins: Origins, prefix: tuple[str, ...] = ()) -> None:
    """Note `label` as the origin of every table and value in `table` (a later layer wins)."""
    for key, value in table.items():
        path = (*prefix, key)
        origins[path] = label
        if isinstance(value, dict):
            _record_origins(value, label, origins, path)


def load_config_with_origins(explicit: str | os.PathLike | None = None,
                             overrides: dict[str, Any] | None = None) -> tuple[dict[str, Any], Origins]:
    """The layered config and, for each table and key, the layer that set it; checked against the schema."""
    config = _read_toml(DEFAULTS_PATH)
    origins: Origins = {}
    _record_origins(config, DEFAULTS_LABEL, origins)
    user_file = find_config_file(explicit)
    if user_file is not None:
        user = _read_toml(user_file)
        _record_origins(user, str(user_file), origins)
        config = merge(config, user)
    if overrides:
        _record_origins(overrides, FLAGS_LABEL, origins)
        config = merge(config, overrides)
    validate(config, origins)
    if user_file is not None:
        config["_file"] = str(user_file)
    return config, origins


def load_config(explicit: str | os.PathLike | None = None, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """Defaults, then the user's file, then `overrides` (from flags); checked against the schema."""
    return load_config_with_origins(explicit, overrides)[0]


def key_name(path: tuple[str, ...]) -> str:
    """('sources', 'x', 'enabled') -> '[sources.x] enabled'; a table alone -> '[sources.x]'."""
    return f"[{'.'.join(path[:-1])}] {path[-1]}" if len(path) > 1 else f"[{path[0]}]"


class _Checker:
    """Walks the config against the schema; the first problem becomes one ConfigError."""

    def __init__(self, origins: Origins) -> None:
        self.origins = origins

    def fail(self, path: tuple[str, ...], problem: str, *, table: bool = False) -> None:
        where = self.origins.get(path) or self.origins.get(path[:1]) or DEFAULTS_LABEL
        name = f"[{'.'.join(path)}]" if table else key_name(path)
        raise ConfigError(f"{where}: {name} {problem}")

    def table(self, path: tuple[str, ...], value: Any, rules: dict[str, Any]) -> None:
        if not isinstance(value, dict):
            self.fail(path, f"must be a table ([{'.'.join(path)}] on a line of its own, then its keys)", table=True)
        for key in value:
            if key not in rules:
                self.fail((*path, key), f"is not a known key; {schema.unknown_key_hint(key, rules)}")
        for key, rule in rules.items():
            if key in value and rule is not None:
                self.value((*path, key), value[key], rule)

    def value(self, path: tuple[str, ...], value: Any, rule: schema.Rule) -> None:
        wanted = rule(value)
        if wanted is not None:
            self.fail(path, f"must be {wanted}, not {toml_value(value)}")


def toml_value(value: Any) -> str:
    """A value as it would be written in TOML (so `"false"` shows its quotes)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    if isinstance(value, dict):
        return "a table"
    return repr(value)


def validate(config: dict[str, Any], origins: Origins | None = None) -> None:
    """Raise ConfigError, naming the file, the key and the fix, on anything the schema does not allow."""
    check = _Checker(origins or {})
    for name, value in config.items():
        if name.startswith("_"):
            continue
        if name not in schema.TABLES:
            check.fail((name,), f"is not a known table; {schema.unknown_key_hint(name, schema.TABLES)}", table=True)
        if schema.TABLES[name] is not None:
            check.table((name,), value, schema.TABLES[name])
    for name, source in config.get("sources", {}).items():
        validate_source(check, name, source)
    validate_schedule(check, config.get("schedule", {}))
    validate_notify_urls(check, config.get("notify", {}).get("urls", []))


def validate_source(check: _Checker, name: str, source: Any) -> None:
    """A built-in source by its spider's name, or a `kind = "generic"` one with list pages and a link pattern."""
    path = ("sources", name)
    check.table(path, source, schema.SOURCE)
    if source.get("kind") == schema.GENERIC_KIND:
        if name in schema.BUILTIN_SOURCES:
            check.fail((*path, "kind"), f"cannot be \"generic\": a built-in spider is named {name!r}; "
                                        "give the generic source another name")
        for key in ("start_urls", "link_pattern"):
            if key not in source:
                check.fail((*path, key), "is needed by a generic source: "
                           + ("the list pages to read" if key == "start_urls" else "a regex its article URLs match"))
        return
    if name not in schema.BUILTIN_SOURCES:
        guess = schema.nearest(name, schema.BUILTIN_SOURCES)
        hint = f"did you mean [sources.{guess}]? A" if guess else "a"
        check.fail(path, f"is not a built-in source ({', '.join(schema.BUILTIN_SOURCES)}); {hint} "
                         f'site of your own needs kind = "{schema.GENERIC_KIND}"', table=True)
    for key in schema.GENERIC_ONLY:
        if key in source:
            check.fail((*path, key), f'is only for kind = "{schema.GENERIC_KIND}" sources; '
                                     f"the {name} spider reads its site its own way")


def validate_schedule(check: _Checker, schedule: dict[str, Any]) -> None:
    """`[schedule.sources.NAME]` tables: each with cron or interval."""
    overrides = schedule.get("sources", {})
    if not isinstance(overrides, dict):
        check.fail(("schedule", "sources"), "must be a table of [schedule.sources.NAME] tables")
    for name, own in overrides.items():
        path = ("schedule", "sources", name)
        check.table(path, own, schema.SOURCE_SCHEDULE)
        if not own.get("cron") and "interval" not in own:
            check.fail(path, "needs cron or interval (else leave the source to the main schedule)", table=True)


def validate_notify_urls(check: _Checker, urls: list[str]) -> None:
    """Each `[notify] urls` entry must be one Apprise can send to; the message masks its secret."""
    if not urls:
        return
    from occuwatch.notify import redact, usable  # Apprise loads its plugins: only when there are URLs

    for index, url in enumerate(urls):
        if not usable(url):
            check.fail(("notify", "urls"), f"entry {index + 1} ({redact(url)}) is not a URL Apprise can send to; "
                                           "see https://github.com/caronc/apprise/wiki for the forms")


def effective_config(config: dict[str, Any], origins: Origins) -> list[tuple[tuple[str, ...], Any, str]]:
    """(key path, value, origin) for every value in force, tables in file order."""
    rows: list[tuple[tuple[str, ...], Any, str]] = []

    def walk(table: dict[str, Any], path: tuple[str, ...]) -> None:
        values = [(key, value) for key, value in table.items() if not isinstance(value, dict)]
        rows.extend(((*path, key), value, origins.get((*path, key), DEFAULTS_LABEL)) for key, value in values)
        for key, value in table.items():
            if isinstance(value, dict):
                walk(value, (*path, key))

    for name, table in config.items():
        if isinstance(table, dict) and not name.startswith("_"):
            walk(table, (name,))
    return rows


def starter_config() -> str:
    """A commented config naming every key with its default: `occuwatch init` writes it."""
    lines = [
        "# occuwatch config, written by `occuwatch init`. Every key is shown with its",
        "# default, commented out: uncomment a line to change it. `occuwatch config`",
        "# shows the values in force and which file set each one.",
        "",
    ]
    for line in DEFAULTS_PATH.read_text(encoding="utf-8").splitlines()[3:]:
        is_setting = re.match(r"[a-z_]+ = ", line)
        lines.append(f"# {line}" if is_setting else line)
        if line == "[sources.changning]":
            lines[-1] = "# [sources.changning]"
    lines += [
        "",
        "# The other built-in sources, e.g. pointed at a mirror:",
        *(f"# [sources.{name}]\n# enabled = true\n# start_urls = [\"https://mirror.example.org/...\"]"
          for name in schema.BUILTIN_SOURCES if name != "changning"),
        "",
        "# A site of your own, read without a spider of its own (README: \"Add a site without writing a spider\"):",
        "# [sources.xuhui]",
        '# kind = "generic"',
        '# start_urls = ["https://www.xuhui.gov.cn/xxgk/rsj/index.html"]',
        "# link_pattern = '/xxgk/rsj/\\d{4}/\\d+\\.html$'",
        '# content_selector = "div.article-body"',
        '# language = "zh"',
        '# next_page = "index_{n}.html"',
        "",
    ]
    return "\n".join(lines)


def database_path(config: dict[str, Any]) -> Path:
    """Where the SQLite database lives (relative paths from the working directory)."""
    return Path(config["database"]["path"]).expanduser()
