"""Evaluate the parsers on labelled pages: precision, recall and F1 per language, as text and as HTML.

    python bench/extract_eval.py                              # tests/fixtures/texts
    python bench/extract_eval.py --texts ../shared/realtext   # any folder of NAME.txt + NAME.json
    python bench/extract_eval.py --texts DIR --show           # and every case that missed something

Each case is read twice: as plain text (`extract(text, title=…)`), and as a
bare HTML page built from it (`<title>`, a `<p>` for each block of lines, `<br>` between its lines) read the way
`occuwatch extract page.html` reads one. Names are compared after folding
what does not change a name (the labelling rules of ../shared/realtext):
case, surrounding quotes and brackets, runs of spaces and punctuation, an
English plural "s", traditional → simplified characters, pinyin glosses in
brackets. A work type counts when its name is right; its parent is scored
apart. "count right": the count found equals the count the page states, over
the pages that state one; "stage right": draft / final / nothing, over all
pages; "batches right": on pages labelled with names per batch, every
batch's names found under that batch.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import zhconv

from occuwatch.pipelines.parse import extract
from occuwatch.scrapers.pages import text_from_html

TEXTS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "texts"
KINDS = ("occupations", "work_types", "upgraded")
MODES = ("text", "html")

# "技術(shù)", "網(wǎng)絡(luò)", "技(ji)術": a bracketed gloss of Latin letters (tone marks too) after a character.
PINYIN_GLOSS = re.compile(r"(?<=[\u3400-\u9fff])\s?[(（][a-zA-Z\u00c0-\u024f\u1e00-\u1eff\u0300-\u036f]{1,8}[)）]")
EDGE_PUNCTUATION = re.compile(r"^[\W_]+|[\W_]+$")
PUNCTUATION_RUN = re.compile(r"[\W_]+")


def fold(name: str) -> str:
    """A name as a reader means it: the spelling differences the labels allow folded away."""
    name = unicodedata.normalize("NFKC", PINYIN_GLOSS.sub("", name))
    name = zhconv.convert(name, "zh-hans").lower()
    name = PUNCTUATION_RUN.sub(" ", EDGE_PUNCTUATION.sub("", name)).strip()
    if name.isascii() and len(name) > 3 and name.endswith("s") and not name.endswith("ss"):
        name = name[:-1]
    return name


def as_html(text: str, title: str | None) -> str:
    """The case as a bare web page: its title, a paragraph for each block of lines, <br> between its lines."""
    blocks = re.split(r"\n[ \t]*\n", text)
    paragraphs = "\n".join("<p>" + "<br>".join(html.escape(line) for line in block.split("\n")) + "</p>"
                           for block in blocks)
    head = f"<title>{html.escape(title)}</title>" if title else ""
    return f'<!doctype html>\n<html><head><meta charset="utf-8">{head}</head>\n<body>\n{paragraphs}\n</body></html>'


def read_case(case_file: Path, mode: str) -> dict:
    """The parser's answer on one case, read as `mode`, as the JSON `occuwatch extract --json` gives."""
    case = json.loads(case_file.read_text("utf-8"))
    text = case_file.with_suffix(".txt").read_text("utf-8")
    title, published = case.get("title"), case.get("published")
    if mode == "html":
        content = text_from_html(as_html(text, title))
        text, title = content.text, content.title or None
    return extract(text, title=title, published=published).to_dict()


def names_of(entries: list) -> dict[str, dict]:
    """Folded name → entry (strings become {"name": …})."""
    items = [{"name": e} if isinstance(e, str) else e for e in entries or []]
    return {fold(item["name"]): item for item in items}


def batch_names(found: dict, ordinal: int, count: int | None) -> set[str]:
    """Folded occupation names of the answer's reports of one batch: found by its ordinal, else by its count."""
    reports = found.get("batches") or []
    chosen = [r for r in reports if r.get("batch_ordinal") == ordinal]
    if not chosen and count:
        chosen = [r for r in reports if r.get("announced_count") == count and not r.get("batch_ordinal")]
    return {fold(n["name"]) for report in chosen for n in report["occupations"]}


def new_tally() -> dict:
    return {"cases": 0, "quiet": 0, "count_cases": 0, "count_right": 0, "stage_right": 0,
            "ordinal_cases": 0, "ordinal_right": 0, "batch_cases": 0, "batches_right": 0,
            "parents": 0, "parents_right": 0,
            **{kind: {"tp": 0, "fp": 0, "fn": 0} for kind in KINDS}}


def score_names(kind: str, want: dict[str, dict], got: dict[str, dict], row: dict) -> list[str]:
    """Add one case's names of one kind to the tally (and a work type's parent); return the misses."""
    row[kind]["tp"] += len(want.keys() & got.keys())
    row[kind]["fp"] += len(got.keys() - want.keys())
    row[kind]["fn"] += len(want.keys() - got.keys())
    problems = []
    missed = [want[k]["name"] for k in want if k not in got]
    extra = [got[k]["name"] for k in got if k not in want]
    if missed:
        problems.append(f"{kind} missed: {missed}")
    if extra:
        problems.append(f"{kind} extra: {extra}")
    if kind == "work_types":
        for key in want.keys() & got.keys():
            row["parents"] += 1
            wanted, given = want[key].get("parent"), got[key].get("parent")
            right = fold(wanted or "") == fold(given or "")
            row["parents_right"] += right
            if not right:
                problems.append(f"parent of {want[key]['name']}: {given!r}, expected {wanted!r}")
    return problems


def score_case(expect: dict, found: dict, row: dict) -> list[str]:
    """Add one case to its language's tally; return what went wrong, for --show."""
    problems = []
    row["cases"] += 1
    row["quiet"] += not any(expect.get(kind) for kind in KINDS)
    for kind in KINDS:
        problems += score_names(kind, names_of(expect.get(kind)), names_of(found.get(kind)), row)
    if expect.get("announced_count") is not None:
        row["count_cases"] += 1
        row["count_right"] += found["announced_count"] == expect["announced_count"]
        if found["announced_count"] != expect["announced_count"]:
            problems.append(f"count {found['announced_count']}, expected {expect['announced_count']}")
    row["stage_right"] += found["stage"] == expect.get("stage")
    if found["stage"] != expect.get("stage"):
        problems.append(f"stage {found['stage']}, expected {expect.get('stage')}")
    if expect.get("batch_ordinal") is not None:
        row["ordinal_cases"] += 1
        row["ordinal_right"] += found["batch_ordinal"] == expect["batch_ordinal"]
        if found["batch_ordinal"] != expect["batch_ordinal"]:
            problems.append(f"ordinal {found['batch_ordinal']}, expected {expect['batch_ordinal']}")
    if expect.get("per_batch"):
        row["batch_cases"] += 1
        want_batches = {int(k): {fold(n) for n in v} for k, v in expect["per_batch"].items()}
        counts = {int(k): v for k, v in (expect.get("per_batch_count") or {}).items()}
        got_batches = {k: batch_names(found, k, counts.get(k)) for k in want_batches}
        right = all(names <= got_batches[k] for k, names in want_batches.items())
        row["batches_right"] += right
        if not right:
            problems.append(f"per batch {dict(sorted(got_batches.items()))}, expected {want_batches}")
    return problems


def evaluate(texts: Path, mode: str, show: bool = False) -> dict[str, dict]:
    """Per language: true/false positives and negatives per kind, and the page-level checks."""
    tally: dict[str, dict] = defaultdict(new_tally)
    for case_file in sorted(texts.glob("*.json")):
        if not case_file.with_suffix(".txt").exists():
            continue
        expect = json.loads(case_file.read_text("utf-8"))["expect"]
        problems = score_case(expect, read_case(case_file, mode), tally[expect["language"]])
        if show and problems:
            print(f"[{mode}] {case_file.stem}")
            for problem in problems:
                print(f"    {problem}")
    tally["all"] = new_tally()
    for language, row in list(tally.items()):
        if language == "all":
            continue
        for key, value in row.items():
            if isinstance(value, dict):
                for sub, number in value.items():
                    tally["all"][key][sub] += number
            else:
                tally["all"][key] += value
    return dict(tally)


def scores(counts: dict[str, int]) -> tuple[float, float, float]:
    """Precision, recall and F1 (1.0 where there was nothing to find and nothing found)."""
    tp, fp, fn = counts["tp"], counts["fp"], counts["fn"]
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def share(part: int, whole: int) -> str:
    return f"{part}/{whole}" if whole else "-"


def print_table(tally: dict[str, dict], mode: str) -> None:
    print(f"as {mode}:")
    print(f"  {'lang':4} {'cases':>5} {'quiet':>5}  {'kind':11} {'P':>6} {'R':>6} {'F1':>6}  "
          f"{'count right':>11} {'stage right':>11} {'ordinal':>7} {'parents':>7} {'batches':>7}")
    for language in sorted(tally, key=lambda lang: (lang == "all", lang)):
        row = tally[language]
        for index, kind in enumerate(KINDS):
            precision, recall, f1 = scores(row[kind])
            lead = f"{language:4} {row['cases']:5d} {row['quiet']:5d}" if index == 0 else " " * 16
            tail = ""
            if index == 0:
                tail = (f"  {share(row['count_right'], row['count_cases']):>11}"
                        f" {share(row['stage_right'], row['cases']):>11}"
                        f" {share(row['ordinal_right'], row['ordinal_cases']):>7}"
                        f" {share(row['parents_right'], row['parents']):>7}"
                        f" {share(row['batches_right'], row['batch_cases']):>7}")
            print(f"  {lead}  {kind:11} {precision:6.3f} {recall:6.3f} {f1:6.3f}{tail}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--texts", type=Path, default=TEXTS, help="folder of NAME.txt + NAME.json cases")
    parser.add_argument("--as", dest="modes", choices=MODES, action="append",
                        help="read the cases as text or as HTML (default: both)")
    parser.add_argument("--show", action="store_true", help="list what each case missed or added")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    modes = args.modes or list(MODES)
    results = {mode: evaluate(args.texts, mode, show=args.show) for mode in modes}
    if args.json:
        print(json.dumps(results, indent=2))
        return
    cases = results[modes[0]]["all"]["cases"]
    print(f"$ python bench/extract_eval.py --texts {args.texts}   # {cases} cases")
    for mode in modes:
        print_table(results[mode], mode)


if __name__ == "__main__":
    main()
