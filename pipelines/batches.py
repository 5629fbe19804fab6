"""The reports a page makes, gathered into batches, and the page's Announcement: shared by both languages.

Pure. A page may report several batches: its own, one recalled for context
("Previously, the first batch of 13 …", "去年4月发布13个新职业"), a summary of
several ("第一批…；第二批…"), a running total ("累计发布74个"). Reports join a
batch when they agree on its ordinal or count, or say nothing that tells
them apart; totals are kept apart and lend their names only to a page that
reports nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property

from occuwatch.pipelines.announcement import Announcement, BatchReport, Name, name_key

KINDS = ("occupations", "work_types", "upgraded")


@dataclass
class Report:
    """One sentence's report of a batch, as a parser found it."""

    position: int
    count: int | None = None
    ordinal: int | None = None
    released: date | None = None
    stage: str = "final"
    role: str = "current"  # "current", "earlier" or "cumulative"
    title: bool = False
    occupations: list[Name] = field(default_factory=list)
    work_types: list[Name] = field(default_factory=list)
    upgraded: list[Name] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what a reader should know of how the facts were read
    singular: bool = False  # its only name is one said to have become a new occupation, outside any list

    def names(self) -> int:
        return len(self.occupations) + len(self.work_types) + len(self.upgraded)


class Batch:
    """Reports that speak of one batch.

    Its facts are those of `first`, the report that set them: the first with a count or ordinal, else the
    first (kept as reports join, since gathering asks them of every batch for every report).
    """

    def __init__(self, report: Report) -> None:
        self.reports = [report]
        self.first = report
        self.count = report.count
        self.ordinal = report.ordinal

    def add(self, report: Report) -> None:
        self.reports.append(report)
        if not (self.first.count or self.first.ordinal) and (report.count or report.ordinal):
            self.first = report
        self.count = self.count or report.count
        self.ordinal = self.ordinal or report.ordinal

    @property
    def role(self) -> str:
        return self.first.role

    @property
    def stage(self) -> str:
        return self.first.stage

    @property
    def released(self) -> date | None:
        return next((r.released for r in self.reports if r.released and r.role == self.role), None)

    @property
    def title(self) -> bool:
        return any(r.title for r in self.reports)

    # Read once gathering is done (its reports no longer change), and asked many times by compose.
    @cached_property
    def body_first(self) -> list[Report]:
        return sorted(self.reports, key=lambda r: r.title)

    @cached_property
    def with_names(self) -> bool:
        return any(report.names() for report in self.reports)

    def names(self, kind: str) -> list[Name]:
        """Names of one kind, the body's spellings before the headline's ("health carer", "Health carers")."""
        return [name for report in self.body_first for name in getattr(report, kind)]

    def accepts(self, report: Report) -> bool:
        """True when `report` may speak of this batch."""
        if report.role == "cumulative" or self.role == "cumulative":
            return report.role == self.role and (not report.count or report.count == self.count)
        if report.ordinal and self.ordinal:
            return report.ordinal == self.ordinal
        if report.count and self.count:
            return report.count == self.count and not (report.ordinal and self.ordinal)
        if report.role != self.role and (report.count or report.ordinal) and (self.count or self.ordinal):
            return False
        return report.role == self.role or not (report.count or report.ordinal)


def gather(reports: list[Report]) -> list[Batch]:
    """Reports in reading order → batches: each report joins the latest batch that accepts it."""
    batches: list[Batch] = []
    for report in sorted(reports, key=lambda r: (not r.title, r.position)):
        home = None
        if report.count or report.ordinal:
            home = next((b for b in batches if b.accepts(report) and (b.count or b.ordinal)), None)
        if home is None:  # a report that states neither: the latest batch of its own time, else any
            home = next((b for b in reversed(batches) if b.accepts(report) and b.role == report.role), None)
        if home is None and report.role == "current":
            home = next((b for b in reversed(batches) if b.accepts(report)), None)
        if home is None:
            batches.append(Batch(report))
        else:
            home.add(report)
    return batches


def unique(names: list[Name], taken: set[str]) -> list[Name]:
    """`names` without repeats and without those in `taken` (folded keys); adds theirs to `taken`.

    A repeat lends what the first reading lacked: a code, a parent.
    """
    kept: dict[str, Name] = {}
    for name in names:
        key = name_key(name.name)
        if key in taken and key not in kept:
            continue
        first = kept.get(key)
        if first is None:
            kept[key] = name
        elif (name.code and not first.code) or (name.parent and not first.parent):
            kept[key] = replace(first, code=first.code or name.code, parent=first.parent or name.parent)
    taken.update(kept)
    return list(kept.values())


def batch_names(batch: Batch) -> dict[str, list[Name]]:
    """A batch's names by kind, each once; a work type or an upgraded one is not also an occupation."""
    taken: set[str] = set()
    upgraded = unique(batch.names("upgraded"), taken)
    work_types = unique(batch.names("work_types"), taken)
    return {"occupations": unique(batch.names("occupations"), taken), "work_types": work_types,
            "upgraded": upgraded}


def choose_main(batches: list[Batch]) -> Batch | None:
    """The page's own batch: its headline's, else the first current one with names, else any."""
    for role in ("current", "earlier", "cumulative"):
        pool = [b for b in batches if b.role == role and (b.with_names or b.count or b.ordinal)]
        if pool:
            return next((b for b in pool if b.title), None) or next((b for b in pool if b.with_names), pool[0])
    return None


def to_report(batch: Batch, names: dict[str, list[Name]], *, earlier: bool, released: date | None,
              ordinal: int | None) -> BatchReport:
    return BatchReport(
        batch_ordinal=ordinal,
        announced_count=batch.count,
        released=released.isoformat() if released else None,
        stage=batch.stage,
        occupations=tuple(names["occupations"]),
        work_types=tuple(names["work_types"]),
        upgraded=tuple(names["upgraded"]),
        earlier=earlier,
    )


def compose(language: str, reports: list[Report], *, fallback_date: date | None = None) -> Announcement:
    """The page's Announcement: its main batch's facts, every reported batch's names, and the batches."""
    batches = gather(reports)
    main = choose_main(batches)
    if main is None or (main.role == "cumulative" and not main.with_names):
        return Announcement(language=language)  # nothing, or only a running total
    if main.role != "current" and not (main.count or main.ordinal):
        return Announcement(language=language)  # names recalled in passing, no batch stated
    named = [b for b in batches if b.role != "cumulative" and b.with_names]
    if main.role == "cumulative":
        named = [main]
    else:
        batches = [b for b in batches if b.role != "cumulative"]
    # Besides the page's own, a batch is worth reporting when it says something: names, a count, an ordinal.
    ordered = [main, *(b for b in batches if b is not main and (b.with_names or b.count or b.ordinal))]
    names_of = {id(b): batch_names(b) for b in ordered}
    released = main.released or (fallback_date if main.role == "current" else None)
    ordinal = main.ordinal
    if ordinal is None:
        recalled = [b.ordinal for b in batches if b.role == "earlier" and b.ordinal]
        ordinal = max(recalled) + 1 if recalled else None  # "Previously, the first batch…": this is the second
    reports_out = tuple(
        to_report(b, names_of[id(b)], earlier=b is not main and b.role != "current",
                  released=released if b is main else b.released, ordinal=ordinal if b is main else b.ordinal)
        for b in ordered)
    taken: set[str] = set()
    merged: dict[str, list[Name]] = {kind: [] for kind in KINDS}
    for kind in ("upgraded", "work_types", "occupations"):
        for batch in sorted(named, key=lambda b: b is not main):
            merged[kind] += unique(names_of[id(batch)][kind], taken)
    count = None if main.role == "cumulative" else main.count
    current_counts = {b.count for b in batches if b.role == "current" and b.with_names and b.count}
    if len(current_counts) > 1:
        count = None  # several batches of this time, none the page's own
    notes = [note for report in main.reports for note in report.notes]
    main_occupations = len(names_of[id(main)]["occupations"])
    if count is not None and merged["occupations"] and count != main_occupations:
        notes.append(f"stated count {count} but found {main_occupations} occupation names")
    return Announcement(
        language=language,
        announced_count=count,
        batch_ordinal=ordinal,
        released=released.isoformat() if released else None,
        stage=main.stage,
        occupations=tuple(merged["occupations"]),
        work_types=tuple(merged["work_types"]),
        upgraded=tuple(merged["upgraded"]),
        notes=tuple(notes),
        batches=reports_out,
    )
