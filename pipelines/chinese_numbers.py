"""Chinese numerals and digits → int: 十九, 一百零八, 两, 一〇八 (or 一○八), 16.

Pure and stdlib only; full-width digits are expected to be made ASCII first.
"""

from __future__ import annotations

import re

DIGIT_VALUES = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4}
DIGIT_VALUES.update({"五": 5, "六": 6, "七": 7, "八": 8, "九": 9})
UNIT_VALUES = {"十": 10, "百": 100, "千": 1000, "万": 10000}

# What a number in running text may look like: ASCII digits or Chinese numerals.
NUMBER_PATTERN = r"[0-9]+|[零〇一二两三四五六七八九十百千万]+"

_ASCII_DIGITS = re.compile(r"[0-9]+")


def to_int(numeral: str) -> int | None:
    """Return the value of ASCII digits or a Chinese numeral, or None if it is neither."""
    numeral = numeral.strip()
    if not numeral:
        return None
    if _ASCII_DIGITS.fullmatch(numeral):
        return int(numeral)
    if any(char not in DIGIT_VALUES and char not in UNIT_VALUES for char in numeral):
        return None
    if not any(char in UNIT_VALUES for char in numeral):
        # Positional digits such as 一〇八 (years and codes are written this way).
        return int("".join(str(DIGIT_VALUES[char]) for char in numeral))
    return _units_to_int(numeral)


def _units_to_int(numeral: str) -> int | None:
    """Value of a numeral built with units (十, 百, 千, 万); None when malformed."""
    total, section, digit = 0, 0, None
    for char in numeral:
        if char in DIGIT_VALUES:
            if digit is not None and DIGIT_VALUES[char] and digit:
                return None  # two digits in a row with no unit: 三四十 is not a count
            digit = DIGIT_VALUES[char]
        elif char == "万":
            total += (section + (digit or 0)) * 10000
            section, digit = 0, None
        else:
            # A bare unit means one of it: 十九 = 19.
            section += (1 if digit is None else digit) * UNIT_VALUES[char]
            digit = None
    return total + section + (digit or 0)
