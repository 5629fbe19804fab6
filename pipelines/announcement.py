"""What a parser finds in one article: the announced batch and its names.

Pure data: imports neither Scrapy nor SQLite.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from functools import lru_cache

# "(AI)", "（试行）": asides that some renderings of a name add and others leave out.
_BRACKETED = re.compile(r"\s*[(（][^()（）]*[)）]")


@dataclass(frozen=True)
class Name:
    """One occupation or work type as the text names it."""

    name: str
    parent: str | None = None  # work types: the occupation it sits under
    code: str | None = None  # occupation code such as 2-02-10-15
    name_original: str | None = None  # the text's spelling, when `name` was converted


@dataclass(frozen=True)
class BatchReport:
    """What a page says of one batch; a page may report several (a summary of batches, a recalled one)."""

    batch_ordinal: int | None = None
    announced_count: int | None = None
    released: str | None = None
    stage: str = "final"
    occupations: tuple[Name, ...] = ()
    work_types: tuple[Name, ...] = ()
    upgraded: tuple[Name, ...] = ()
    earlier: bool = False  # recalled as history beside the page's own batch

    def to_dict(self) -> dict:
        """The JSON shape of one entry of `batches` in `occuwatch extract --json`."""
        data = asdict(self)
        for key in ("occupations", "work_types", "upgraded"):
            data[key] = [{k: v for k, v in item.items() if v is not None} for item in data[key]]
        return data


@dataclass(frozen=True)
class Announcement:
    """Everything one article says about a batch of new occupations."""

    language: str  # "en" or "zh"
    announced_count: int | None = None  # the count the text states
    batch_ordinal: int | None = None  # 3 for "the third batch" / 第三批
    released: str | None = None  # ISO date of the release, when the text gives it
    stage: str | None = None  # "draft" (公示, proposed) or "final"; None: announces nothing
    occupations: tuple[Name, ...] = ()
    work_types: tuple[Name, ...] = ()
    upgraded: tuple[Name, ...] = ()  # work types raised to occupations
    notes: tuple[str, ...] = field(default=(), compare=False)  # why a check failed
    # Every batch the page reports, its own first: the fields above are the page's main batch, the
    # name lists above hold every batch's names (a name is new whichever batch it came in).
    batches: tuple[BatchReport, ...] = ()

    @property
    def announces(self) -> bool:
        """True when the article names at least one new occupation or work type."""
        return bool(self.occupations or self.work_types or self.upgraded)

    def to_dict(self) -> dict:
        """The stable JSON shape of `occuwatch extract --json`."""
        data = asdict(self)
        for key in ("occupations", "work_types", "upgraded"):
            data[key] = [
                {k: v for k, v in item.items() if v is not None} for item in data[key]
            ]
        data["notes"] = list(self.notes)
        data["batches"] = [batch.to_dict() for batch in self.batches]
        return data


@lru_cache(maxsize=16384)
def name_key(name: str) -> str:
    """A name's identity within a batch: case, spacing, bracketed asides and an English plural folded."""
    key = " ".join(_BRACKETED.sub(" ", name).lower().split()) or " ".join(name.lower().split())
    if key.isascii() and len(key) > 3 and key.endswith("s") and not key.endswith("ss"):
        key = key[:-1]
    return key
