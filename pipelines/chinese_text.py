"""Chinese text made comparable: half-width ASCII, simplified characters, same offsets.

Pure. Every function here returns a string of the same length as its input, so
a position found in the normalised text points at the same character in the
text as written (that is how a converted name keeps its original spelling).
"""

from __future__ import annotations

import re

import zhconv
from zhconv import zhconv as _tables

# Full-width ASCII (！ to ～) to ASCII; ideographic and no-break spaces to a space.
WIDTH_TABLE = {code: chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)}
WIDTH_TABLE.update({0x3000: " ", 0x00A0: " ", 0x200B: " ", ord("\r"): "\n", ord("\t"): " "})
WIDE_CHAR = re.compile("[\uff01-\uff5e\u3000\u00a0\u200b\r\t]")

SIMPLIFIED = "zh-hans"  # script conversion only, no regional vocabulary (zh-hk would turn 数字 into 數碼)
zhconv.loaddict()  # load the tables now, not on the first traditional page
TRADITIONAL_ONLY = frozenset(_tables.zhcdicts["TRADONLY"])
TRADITIONAL_IN_GB2312 = "".join(sorted(c for c in TRADITIONAL_ONLY if c.encode("gb2312", "ignore")))


def to_half_width(text: str) -> str:
    """Full-width letters, digits and punctuation (，：；（）１６) as ASCII; odd spaces as spaces."""
    # Replacing the few distinct wide characters a page has is ~7x faster than str.translate.
    for char in set(WIDE_CHAR.findall(text)):
        text = text.replace(char, WIDTH_TABLE[ord(char)])
    return text


def looks_traditional(text: str) -> bool:
    """True when the first character that only one script has is a traditional one."""
    return zhconv.issimp(text) is False


def has_traditional(text: str) -> bool:
    """True when `text` holds any character that only traditional script has (pages often mix both).

    GB2312, a simplified character set, holds only a few of them: a page it encodes (most pages, at C speed)
    is asked for those few alone."""
    try:
        text.encode("gb2312")
    except UnicodeEncodeError:
        return not TRADITIONAL_ONLY.isdisjoint(text)
    return any(char in text for char in TRADITIONAL_IN_GB2312)


def to_simplified(text: str) -> str:
    """Simplified spelling of `text`, with exactly one character for each input character."""
    converted = zhconv.convert(text, SIMPLIFIED)
    if len(converted) == len(text):
        return converted
    # A phrase mapping changed the length somewhere: keep lines that converted 1:1.
    lines = []
    for line in text.split("\n"):
        simple = zhconv.convert(line, SIMPLIFIED)
        if len(simple) != len(line):
            simple = "".join(_char_to_simplified(char) for char in line)
        lines.append(simple)
    return "\n".join(lines)


def _char_to_simplified(char: str) -> str:
    """One character converted alone, or kept when its conversion is not one character."""
    simple = zhconv.convert(char, SIMPLIFIED)
    return simple if len(simple) == 1 else char
