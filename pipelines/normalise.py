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
# The gloss alone, a quick test before the pattern above (it opens with a literal, not a look-behind: 20x faster).
GLOSS_SHAPE = re.compile(r"\([a-zü\u00e0-\u00fc\u0101-\u01dc\u0300-\u036f]{1,7}\)")
# A comma injected before or after another separator: "A,、B", "B、,C", "X,。", "Y,,Z" (each branch opening
# with the comma or the space it removes).
INJECTED_COMMA = re.compile(r",+(?=[、,。;!?])|,(?<=[、;],),*|\s(?<=[、;]\s)\s*,+")
# A word hyphenated across a line break ("ven-\ntilator"): the hyphen and the break go.
# (The hyphen leads the pattern and the letter before it is looked behind: a pattern opening with a
# look-behind is tried at every position, one opening with a literal jumps to its hyphens: 25x quicker.)
LINE_HYPHEN = re.compile(r"-(?<=[a-z]-)[ \t]*\n[ \t]*(?=[a-z])")


@dataclass(frozen=True)
class Folded:
    """Text as the readers see it, and for each of its characters the position it had as written."""

    text: str
    written: str
    # origin[i]: where text[i] stood in `written`, one more entry for the end; None when nothing was removed
    # (most pages), so that every position stood where it stands.
    origin: tuple[int, ...] | None = None

    def as_written(self, start: int, end: int) -> str:
        """The written form of text[start:end] (glosses and all)."""
        if start >= end:
            return ""
        return self.written[self.position_written(start) : self.position_written(end - 1) + 1]

    def position_written(self, pos: int) -> int:
        """Where text position `pos` stood in `written`."""
        if self.origin is None:
            return min(pos, len(self.written))
        return self.origin[min(pos, len(self.origin) - 1)]

    def position_read(self, written_pos: int) -> int:
        """The text position of what stood at `written_pos` (or just after it, if it was removed)."""
        if self.origin is None:
            return max(0, min(written_pos, len(self.text)))
        return bisect_right(self.origin, written_pos - 1)


def _remove(text: str, origin: list[int] | None, pattern: re.Pattern[str]) -> tuple[str, list[int] | None]:
    """`text` without the matches of `pattern`, with `origin` kept in step (built on the first removal)."""
    if not pattern.search(text):
        return text, origin
    origin = list(range(len(text))) if origin is None else origin
    pieces, kept, last = [], [], 0
    for match in pattern.finditer(text):
        pieces.append(text[last : match.start()])
        kept.extend(origin[last : match.start()])
        last = match.end()
    pieces.append(text[last:])
    kept.extend(origin[last:])
    return "".join(pieces), kept


def fold_chinese(written: str) -> Folded:
    """Half-width forms, glosses and injected commas removed, simplified characters."""
    text = to_half_width(written)
    text, body = _remove(text, None, PINYIN_GLOSS) if GLOSS_SHAPE.search(text) else (text, None)
    text, body = _remove(text, body, INJECTED_COMMA)
    if has_traditional(text):
        text = to_simplified(text)  # one character for one: positions hold
    return Folded(text, written, None if body is None else (*body, len(written)))


def fold_english(written: str) -> Folded:
    """Half-width forms and words hyphenated across lines joined."""
    text, body = _remove(to_half_width(written), None, LINE_HYPHEN)
    return Folded(text, written, None if body is None else (*body, len(written)))
