"""Dates as English news writes them ("on July 6", "on March 18, 2021", "on Thursday").

Pure: stdlib only. A date without a year takes it from the page's publication
date; a weekday is the most recent such day on or before that date.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

MONTHS: dict[str, int] = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
WEEKDAYS: dict[str, int] = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
}  # fmt: skip

_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_WEEKDAY = "|".join(WEEKDAYS)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_YEAR = r"\d{4}"

# "on [Thursday,] July 6[th][, 2020]" / "on 6 July[ 2020]" / "on Thursday"; also "released July 6".
DATE_ON = re.compile(
    rf"\b(?=[aiopruAIOPRU])(?:[Oo]n|released|announced|published|unveiled|issued)\s+"
    rf"(?:(?P<weekday>{_WEEKDAY})\b,?\s*)?"
    rf"(?:(?P<month>{_MONTH})\.?\s+(?P<day>{_DAY})\b(?:,?\s+(?P<year>{_YEAR})\b)?"
    rf"|(?P<day2>{_DAY})\s+(?:of\s+)?(?P<month2>{_MONTH})\b\.?(?:,?\s+(?P<year2>{_YEAR})\b)?)?",
    re.IGNORECASE,
)
# The same for text already lower-cased (twice as fast without re.IGNORECASE).
DATE_ON_LOWER = re.compile(DATE_ON.pattern)
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DAY_DIGITS = re.compile(r"\d+")


def parse_iso(text: str | None) -> date | None:
    """Return the date of an ISO "YYYY-MM-DD" string, or None."""
    match = _ISO_DATE.match(text or "")
    if not match:
        return None
    try:
        return date(*map(int, match.groups()))
    except ValueError:
        return None


def resolve_month_day(month: int, day: int, year: int | None, published: date | None) -> date | None:
    """Return the date, taking a missing year from `published` (the year before if the month is later)."""
    if year is None:
        if published is None:
            return None
        year = published.year - 1 if month > published.month else published.year
    try:
        return date(year, month, day)
    except ValueError:
        return None


def resolve_weekday(weekday: int, published: date | None) -> date | None:
    """Return the most recent `weekday` on or before `published`."""
    if published is None:
        return None
    return published - timedelta(days=(published.weekday() - weekday) % 7)


def date_from_match(match: re.Match[str], published: date | None) -> date | None:
    """Resolve a DATE_ON match to a date; None if it holds no date or no year can be found."""
    month = match.group("month") or match.group("month2")
    if month:
        day = int(_DAY_DIGITS.match(match.group("day") or match.group("day2")).group())
        year = match.group("year") or match.group("year2")
        return resolve_month_day(MONTHS[month.lower()], day, int(year) if year else None, published)
    if match.group("weekday"):
        return resolve_weekday(WEEKDAYS[match.group("weekday").lower()], published)
    return None
