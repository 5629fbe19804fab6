"""An English page read once: folded text, lines rejoined where a PDF broke them, sentences.

Pure. Every later step (finding reports, finding names) reads this.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date

from occuwatch.pipelines.normalise import fold_english

# A line break inside a sentence (a PDF's text layer, a magazine column): the next line goes on in lower case.
SOFT_BREAK = re.compile(r"(?<=[a-z,;’'\-–])[ \t]*\n(?=[ \t]*(?:[a-z]|\((?!\d{1,2}\))))")
# A sentence ends at . ! ? (and a closing quote) before a space and a capital, a digit or a quote.
SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=[\"“‘(]?[A-Z0-9])|\n+")
# Abbreviations whose full stop ends no sentence.
ABBREVIATION = re.compile(
    r"(?:\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Mr|Mrs|Ms|Dr|Prof|St|No|Co|Ltd|Inc|Corp|Gov"
    r"|Dept|vs|etc|e\.g|i\.e|approx)\.|\b[A-Z]\.|\b[A-Z]\.[A-Z]\.)$"
)
CJK = re.compile(r"[\u4e00-\u9fff]")
ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def ascii_lower(text: str) -> str:
    """`text` with A-Z lowered and nothing else changed, so positions hold (str.lower can change lengths).

    The patterns that find reports and cues are written in lower case and run on this: matching without
    re.IGNORECASE is about twice as fast."""
    return text.translate(ASCII_LOWER)


@dataclass(frozen=True)
class Sentence:
    """One sentence (or a line without a full stop: a headline, a list item)."""

    start: int
    end: int
    title: bool = False
    line_start: bool = False  # the sentence opens its line
    chinese: bool = False  # a Chinese sentence on an English page (a bilingual page's translation)


def headline(text: str) -> str:
    """The first line when it reads like a headline (short, no full stop at its end)."""
    first = text.lstrip().split("\n", 1)[0].strip()
    return first if 0 < len(first) <= 160 and not first.endswith((".", "!", "?", ":", ";", ",")) else ""


class EnPage:
    """One English page: the folded text, its sentences, its date."""

    def __init__(self, text: str, title: str | None, published: date | None) -> None:
        title = (title or "").strip() or headline(text)
        if title and title not in text[: len(title) + 200]:
            text = f"{title}\n{text}"
        folded = fold_english(text).text
        self.text = SOFT_BREAK.sub(" ", folded)
        self.low = ascii_lower(self.text)
        self.title = title
        self.published = published
        self.sentences = tuple(self._sentences())
        self._starts = [s.start for s in self.sentences]

    def _sentences(self) -> list[Sentence]:
        found: list[Sentence] = []
        text = self.text
        title_end = text.find(self.title) + len(self.title) if self.title and self.title in text[:400] else 0
        start = 0
        for match in SENTENCE_END.finditer(text):
            if "\n" not in match.group() and ABBREVIATION.search(text, max(0, match.start() - 6), match.start()):
                continue
            self._add(found, start, match.start(), title_end)
            start = match.end()
        self._add(found, start, len(text), title_end)
        return found

    def _add(self, found: list[Sentence], start: int, end: int, title_end: int) -> None:
        piece = self.text[start:end]
        stripped = piece.strip()
        if not stripped:
            return
        start += len(piece) - len(piece.lstrip())
        end = start + len(stripped)
        line_start = start == 0 or self.text[start - 1] == "\n"
        chinese = max(stripped) >= "\u4e00" and len(CJK.findall(stripped)) * 3 > len(stripped)
        found.append(Sentence(start, end, title=start < title_end, line_start=line_start, chinese=chinese))

    def sentence_at(self, pos: int) -> Sentence | None:
        """The sentence holding `pos`."""
        index = bisect_right(self._starts, pos) - 1
        return self.sentences[index] if index >= 0 else None

    def neighbour(self, sentence: Sentence, step: int) -> Sentence | None:
        """The sentence `step` places after (or before) `sentence`."""
        index = self._starts.index(sentence.start) + step
        return self.sentences[index] if 0 <= index < len(self.sentences) else None

    def of(self, sentence: Sentence) -> str:
        return self.text[sentence.start : sentence.end]

    def low_of(self, sentence: Sentence) -> str:
        return self.low[sentence.start : sentence.end]
