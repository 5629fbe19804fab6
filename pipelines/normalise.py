"""A page's text made readable before any name is looked for, with a map back to the text as written.

Pure. Real pages carry what our readers must not trip on: pinyin glosses
inserted after characters by SEO copies (`技術(shù)人員`, `技(ji)術`), commas
injected before every separator (`A,、B`, `,。`), full-width forms, words
hyphenated across the lines of a PDF text layer (`thera-\npists`). They are
folded here; every character of the result remembers where it stood, so a
name found in the folded text is also given as the page wrote it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from occuwatch.pipelines.chinese_text import has_traditional, to_half_width, to_simplified

# A bracketed gloss after a character: lowercase Latin letters, tone marks included ("(shù)", "(wǎng)",
# "(ji)"), once or twice. Acronyms are capitalised ("(AI)", "(IoT)") and stay.
PINYIN_GLOSS = re.compile(
    r"(?<=[\u3400-\u9fff])(?:\s?\((?:[a-zü\u00e0-\u00fc\u0101-\u01dc\u0300-\u036f]{1,7})\)){1,2}"
)
# A comma injected before or after another separator: "A,、B", "B、,C", "X,。", "Y,,Z".
INJECTED_COMMA = re.compile(r",+(?=[、,。;!?])|(?<=[、;])\s*,+")
# A word hyphenated across a line break ("ven-\ntilator"): the hyphen and the break go.
LINE_HYPHEN = re.compile(r"(?<=[a-z])-[ \t]*\n[ \t]*(?=[a-z])")


@dataclass(frozen=True)
class Folded:
    """Text as the readers see it, and for each of its characters the position it had as written."""

    text: str
    written: str
    origin: tuple[int, ...]  # origin[i]: where text[i] stood in `written`; one more entry for the end

    def as_written(self, start: int, end: int) -> str:
        """The written form of text[start:end] (glosses and all)."""
        if start >= end:
            return ""
        return self.written[self.origin[start] : self.origin[end - 1] + 1]

    def position_written(self, pos: int) -> int:
        """Where text position `pos` stood in `written`."""
        return self.origin[min(pos, len(self.origin) - 1)]

    def position_read(self, written_pos: int) -> int:
        """The text position of what stood at `written_pos` (or just after it, if it was removed)."""
        return bisect_right(self.origin, written_pos - 1)


def _remove(text: str, origin: list[int], pattern: re.Pattern[str]) -> tuple[str, list[int]]:
    """`text` without the matches of `pattern`, with `origin` kept in step."""
    pieces, kept, last = [], [], 0
    for match in pattern.finditer(text):
        pieces.append(text[last : match.start()])
        kept.extend(origin[last : match.start()])
        last = match.end()
    if not last:
        return text, origin
    pieces.append(text[last:])
    kept.extend(origin[last:])
    return "".join(pieces), kept


def fold_chinese(written: str) -> Folded:
    """Half-width forms, glosses and injected commas removed, simplified characters."""
    text = to_half_width(written)
    origin = list(range(len(text) + 1))
    text, body = _remove(text, origin[:-1], PINYIN_GLOSS)
    text, body = _remove(text, body, INJECTED_COMMA)
    if has_traditional(text):
        text = to_simplified(text)  # one character for one: positions hold
    return Folded(text, written, (*body, len(written)))


def fold_english(written: str) -> Folded:
    """Half-width forms and words hyphenated across lines joined."""
    text = to_half_width(written)
    origin = list(range(len(text) + 1))
    text, body = _remove(text, origin[:-1], LINE_HYPHEN)
    return Folded(text, written, (*body, len(written)))
