"""English cardinals and ordinals, in digits or words, up to ninety-nine.

Pure: stdlib only. ORDINAL_PATTERN is a regex fragment meant to be embedded in
bigger patterns; the functions turn a number written out back into an int.
"""

from __future__ import annotations

import re

_UNITS = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
]  # fmt: skip
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_ORDINAL_UNITS = [
    "zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
    "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth",
    "nineteenth",
]  # fmt: skip
_ORDINAL_TENS = ["twentieth", "thirtieth", "fortieth", "fiftieth", "sixtieth", "seventieth", "eightieth", "ninetieth"]

CARDINAL_VALUES: dict[str, int] = {word: value for value, word in enumerate(_UNITS)}
CARDINAL_VALUES.update({word: 20 + 10 * i for i, word in enumerate(_TENS)})
# Every cardinal 1-99 as one word ("nine", "twenty", "twenty-one"), for a set lookup.
CARDINAL_WORDS = frozenset([*_UNITS[1:], *_TENS, *(f"{tens}-{unit}" for tens in _TENS for unit in _UNITS[1:10])])
ORDINAL_VALUES: dict[str, int] = {word: value for value, word in enumerate(_ORDINAL_UNITS)}
ORDINAL_VALUES.update({word: 20 + 10 * i for i, word in enumerate(_ORDINAL_TENS)})

_TENS_ALTERNATION = "|".join(_TENS)
_UNIT_ALTERNATION = "|".join(sorted(_UNITS[1:], key=len, reverse=True))
_UNIT_1_9 = "|".join(_UNITS[1:10])
_ORDINAL_UNIT_ALTERNATION = "|".join(sorted(_ORDINAL_UNITS[1:], key=len, reverse=True))
_ORDINAL_1_9 = "|".join(_ORDINAL_UNITS[1:10])

# An ordinal 1-99 ("3rd", "third", "twenty-first").
ORDINAL_PATTERN = (
    rf"\d{{1,2}}(?:st|nd|rd|th)"
    rf"|(?<![\w-])(?:{_TENS_ALTERNATION})[- ](?:{_ORDINAL_1_9})"
    rf"|{'|'.join(_ORDINAL_TENS)}"
    rf"|(?:{_ORDINAL_UNIT_ALTERNATION})"
)

# A cardinal 1-99 in words ("nine", "twenty-one", "twenty one"), for embedding in bigger patterns.
CARDINAL_WORD = rf"(?:(?:{_TENS_ALTERNATION})(?:[- ](?:{_UNIT_1_9}))?\b|(?:{_UNIT_ALTERNATION})\b)"

_DIGITS = re.compile(r"\d+")
_WORD_PARTS = re.compile(r"[a-z]+")


def parse_cardinal(text: str) -> int | None:
    """Return the value of a cardinal written in digits or words ("9", "twenty-one")."""
    text = text.strip().lower()
    if text.isdecimal():  # not isdigit: int() cannot read "²"
        return int(text)
    total = 0
    for part in _WORD_PARTS.findall(text):
        if part not in CARDINAL_VALUES:
            return None
        total += CARDINAL_VALUES[part]
    return total or None


def parse_ordinal(text: str) -> int | None:
    """Return the value of an ordinal written in digits or words ("3rd", "twenty-first")."""
    text = text.strip().lower()
    digits = _DIGITS.match(text)
    if digits:
        return int(digits.group())
    parts = _WORD_PARTS.findall(text)
    if not parts or parts[-1] not in ORDINAL_VALUES:
        return None
    tens = sum(CARDINAL_VALUES.get(part, 0) for part in parts[:-1])
    return tens + ORDINAL_VALUES[parts[-1]] or None
