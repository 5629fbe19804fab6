"""Linking precision on real pages: the English and Chinese reports of one batch, linked as the store links them.

    python bench/link_eval.py --texts ../shared/realtext [--show]

For each batch, every page of it (the `batch` of its label) is read by the
parsers, its names filed as the store files them (one name per batch, group
and spelling), each page a report in its own order; then `link_names` links
them. A link from an English rendering to a Chinese name is judged against the
reference facts (`../reference/batches.json`, the official name and its known
English renderings): right, wrong, or not judged (a rendering the facts do not
list; `--show` prints those to be read). Bilingual pages count the same way.
Nothing here enters the project: the pages are read where they lie.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import defaultdict
from pathlib import Path

from occuwatch.pipelines.announcement import name_key
from occuwatch.pipelines.linking import Name, Report, link_names
from occuwatch.pipelines.parse import extract

GROUPS = (("occupations", "occupation"), ("upgraded", "upgraded"), ("work_types", "work_type"))


def fold(name: str) -> str:
    name = re.sub(r"[\W_]+", " ", name.lower()).strip()
    return name[:-1] if name.endswith("s") and not name.endswith("ss") else name


def reference(facts: Path) -> dict[str, dict[str, str]]:
    """batch → folded English rendering → official Chinese name."""
    known: dict[str, dict[str, str]] = defaultdict(dict)
    for batch in json.loads(facts.read_text("utf-8"))["batches"]:
        for kind in ("occupations", "work_types", "upgraded"):
            for entry in batch.get(kind) or []:
                for english in re.sub(r"\(under [^)]*\)", "", entry.get("en") or "").split(" / "):
                    if english.strip():
                        known[batch["batch"]][fold(english)] = entry["zh"]
    return known


def batch_names(texts: Path) -> dict[str, tuple[list[Name], list[Report]]]:
    """Each batch's names and reports, from its single-batch pages."""
    names: dict[str, dict[tuple[str, str], Name]] = defaultdict(dict)
    reports: dict[str, list[Report]] = defaultdict(list)
    for case_file in sorted(texts.glob("*.json")):
        case = json.loads(case_file.read_text("utf-8"))
        if not isinstance(case.get("batch"), str):
            continue  # distractors and pages about several batches
        text = case_file.with_suffix(".txt").read_text("utf-8")
        found = extract(text, title=case.get("title"), published=case.get("published")).to_dict()
        listed = []
        for kind, group in GROUPS:
            for entry in found[kind]:
                key = (group, name_key(entry["name"]))
                filed = names[case["batch"]].setdefault(key, Name(
                    len(names[case["batch"]]) + 1, entry["name"], found["language"], group, entry.get("code")))
                listed.append(filed.id)
        if listed:
            reports[case["batch"]].append(Report(case_file.stem, tuple(dict.fromkeys(listed)), text))
    return {batch: (list(filed.values()), reports[batch]) for batch, filed in names.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--texts", type=Path, required=True, help="the realtext folder")
    parser.add_argument("--facts", type=Path, help="batches.json (default: ../reference/ beside --texts)")
    parser.add_argument("--show", action="store_true", help="print every link and every English name left alone")
    args = parser.parse_args()
    known = reference(args.facts or args.texts.parent / "reference" / "batches.json")
    print(f"{'batch':8} {'english':>7} {'linked':>6} {'right':>5} {'wrong':>5} {'unjudged':>8}  by method")
    totals = defaultdict(int)
    for batch, (names, reports) in sorted(batch_names(args.texts).items()):
        by_id = {n.id: n for n in names}
        links = link_names(names, reports)
        english = [n for n in names if n.language != "zh"]
        row = defaultdict(int)
        methods = defaultdict(int)
        for name in english:
            link = links.get(name.id)
            if link is None:
                if args.show:
                    print(f"  {batch} unlinked: {name.name}")
                continue
            target = by_id[link.target]
            while target.id in links:
                target = by_id[links[target.id].target]
            row["linked"] += 1
            methods[link.method] += 1
            truth = known[batch].get(fold(name.name))
            verdict = "unjudged" if truth is None or target.language != "zh" else \
                "right" if truth == target.name else "wrong"
            row[verdict] += 1
            if args.show or verdict == "wrong":
                print(f"  {batch} {verdict}: {name.name} → {target.name} ({link.method} {link.evidence})")
        for key, value in row.items():
            totals[key] += value
        totals["english"] += len(english)
        print(f"{batch:8} {len(english):7} {row['linked']:6} {row['right']:5} {row['wrong']:5} {row['unjudged']:8}  "
              + ", ".join(f"{m} {n}" for m, n in sorted(methods.items())))
    print(f"{'all':8} {totals['english']:7} {totals['linked']:6} {totals['right']:5} {totals['wrong']:5} "
          f"{totals['unjudged']:8}")


if __name__ == "__main__":
    main()
