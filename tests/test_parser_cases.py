"""Parser cases as data: tests/fixtures/texts/NAME.txt with its NAME.json.

NAME.json holds the inputs besides the text ("title", "published") and under
"expect" every field the parser must give; a field left out must come out
empty (None or no names), so a case cannot pass by saying nothing.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from occuwatch.pipelines.parse import extract

TEXTS = Path(__file__).parent / "fixtures" / "texts"
CASES = sorted(TEXTS.glob("*.json"))


def load_case(path: Path) -> tuple[str, dict]:
    """Return a case's text and its description."""
    return path.with_suffix(".txt").read_text(encoding="utf-8"), json.loads(path.read_text(encoding="utf-8"))


def as_names(entries: list) -> list[dict]:
    """Expected names are strings or objects with "name" (and "parent", "code")."""
    return [{"name": e} if isinstance(e, str) else e for e in entries]


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_parser_case(path: Path) -> None:
    text, case = load_case(path)
    expect = case["expect"]
    found = extract(text, title=case.get("title"), published=case.get("published")).to_dict()

    assert found["language"] == expect["language"]
    for key in ("announced_count", "batch_ordinal", "released", "stage"):
        assert found[key] == expect.get(key), key
    for key in ("occupations", "work_types", "upgraded"):
        wanted = as_names(expect.get(key, []))
        keys = wanted_keys(wanted, always=("parent",) if key == "work_types" else ())
        got = [{k: item[k] for k in keys if k in item} for item in found[key]]
        assert sorted(map(json.dumps, got)) == sorted(map(json.dumps, wanted)), key


def wanted_keys(wanted: list[dict], always: tuple[str, ...] = ()) -> tuple[str, ...]:
    """Compare the name, the `always` fields, and any other field the case states."""
    keys = {"name", *always}
    for entry in wanted:
        keys.update(k for k in ("parent", "code", "name_original") if k in entry)
    return tuple(sorted(keys))


def test_enough_cases() -> None:
    """The evaluation needs a broad corpus: both languages and pages that announce nothing."""
    languages = [load_case(p)[1]["expect"]["language"] for p in CASES]
    assert languages.count("en") >= 15
    expects = [load_case(p)[1]["expect"] for p in CASES]
    quiet = [e for e in expects if not any(e.get(k) for k in ("occupations", "work_types", "upgraded"))]
    assert len(quiet) >= 4
