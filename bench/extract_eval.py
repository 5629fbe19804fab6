"""Evaluate the parsers on tests/fixtures/texts: precision, recall and F1 per language.

Run: python bench/extract_eval.py [--texts DIR] [--json]

Names are compared exactly (as the parser outputs them, which is what the
store keeps) per case; counts are summed over cases. Count columns:
"count=names" — pages stating a count whose names are all listed in the text,
where the count found equals the number of occupations found (the self-check
the store relies on); "all pages" — the same over every page stating a count,
including reports that name only a few examples of the batch (those cannot
match, by design); "count right" — the count found equals the count stated.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from occuwatch.pipelines.parse import extract

TEXTS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "texts"
KINDS = ("occupations", "work_types", "upgraded")


def expected_names(entries: list) -> set[str]:
    """Names of a case's expected list (strings or objects with "name")."""
    return {e if isinstance(e, str) else e["name"] for e in entries}


def evaluate(texts: Path) -> dict[str, dict]:
    """Per language: true/false positives and negatives per kind, pages, count checks."""
    tally: dict[str, dict] = defaultdict(lambda: {
        "cases": 0, "quiet_cases": 0, "stated": 0, "count_matched": 0, "stage_right": 0,
        "full_lists": 0, "full_matched": 0, "count_right": 0, "count_cases": 0,
        **{kind: {"tp": 0, "fp": 0, "fn": 0} for kind in KINDS}})
    for case_file in sorted(texts.glob("*.json")):
        case = json.loads(case_file.read_text("utf-8"))
        text = case_file.with_suffix(".txt").read_text("utf-8")
        expect = case["expect"]
        found = extract(text, title=case.get("title"), published=case.get("published"))
        row = tally[expect["language"]]
        row["cases"] += 1
        row["quiet_cases"] += not any(expect.get(kind) for kind in KINDS)
        row["stage_right"] += found.stage == expect.get("stage")
        for kind in KINDS:
            want = expected_names(expect.get(kind, []))
            got = {n.name for n in getattr(found, kind)}
            row[kind]["tp"] += len(want & got)
            row[kind]["fp"] += len(got - want)
            row[kind]["fn"] += len(want - got)
        if found.announced_count is not None:
            row["stated"] += 1
            row["count_matched"] += found.announced_count == len(found.occupations)
        if expect.get("announced_count") is not None:
            row["count_cases"] += 1
            row["count_right"] += found.announced_count == expect["announced_count"]
            if len(expect.get("occupations", [])) == expect["announced_count"]:
                row["full_lists"] += 1
                row["full_matched"] += found.announced_count == len(found.occupations)
    return dict(tally)


def scores(counts: dict[str, int]) -> tuple[float, float, float]:
    """Precision, recall and F1 (1.0 where there was nothing to find and nothing found)."""
    tp, fp, fn = counts["tp"], counts["fp"], counts["fn"]
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def fraction(part: int, whole: int) -> str:
    return f"{part}/{whole}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--texts", type=Path, default=TEXTS)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    tally = evaluate(args.texts)
    if args.json:
        print(json.dumps(tally, indent=2))
        return
    print(f"$ python bench/extract_eval.py   # {sum(t['cases'] for t in tally.values())} cases in {args.texts.name}/")
    print(f"{'lang':4} {'cases':>5} {'quiet':>5}  {'kind':11} {'P':>6} {'R':>6} {'F1':>6}  "
          f"{'count=names':>11} {'all pages':>9} {'count right':>11} {'stage right':>11}")
    for language, row in sorted(tally.items()):
        for index, kind in enumerate(KINDS):
            precision, recall, f1 = scores(row[kind])
            lead = f"{language:4} {row['cases']:5d} {row['quiet_cases']:5d}" if index == 0 else " " * 16
            tail = ""
            if index == 0:
                tail = (f"  {fraction(row['full_matched'], row['full_lists']):>11}"
                        f" {fraction(row['count_matched'], row['stated']):>9}"
                        f" {fraction(row['count_right'], row['count_cases']):>11}"
                        f" {fraction(row['stage_right'], row['cases']):>11}")
            print(f"{lead}  {kind:11} {precision:6.3f} {recall:6.3f} {f1:6.3f}{tail}")


if __name__ == "__main__":
    main()
