"""An English page read once: folded text, lines rejoined where a PDF broke them, sentences.

Pure. Every later step (finding reports, finding names) reads this.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from datetime import date
from typing import NamedTuple

from occuwatch.pipelines.normalise import fold_english

# A line break inside a sentence (a PDF's text layer, a magazine column): the next line goes on in lower case,
# and the line before ends in a letter or a mark that leaves the sentence open.
SOFT_BREAK = re.compile(r"\n(?=[ \t]*(?:[a-z]|\((?!\d{1,2}\))))")
OPEN_LINE_END = frozenset("abcdefghijklmnopqrstuvwxyz,;’'-–")
# A sentence ends at . ! ? (and a closing quote) before a space and a capital, a digit or a quote.
# (Each of these patterns opens with the characters it needs: one opening with a look-behind or an optional
# run is tried in full at every position, and is five to ten times slower.)
SENTENCE_END = re.compile(r"[.!?\n](?:(?<=[.!?])[\"”’)]*\s+(?=[\"“‘(]?[A-Z0-9])|(?<=\n)\n*)")
# Abbreviations whose full stop ends no sentence.
ABBREVIATION = re.compile(
    r"(?:\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Mr|Mrs|Ms|Dr|Prof|St|No|Co|Ltd|Inc|Corp|Gov"
    r"|Dept|vs|etc|e\.g|i\.e|approx)\.|\b[A-Z]\.|\b[A-Z]\.[A-Z]\.)$"
)
LOWER_ABBREVIATIONS = ("vs.", "etc.", "e.g.", "i.e.")
CJK = re.compile(r"[\u4e00-\u9fff]")
WORD_SPLIT = re.compile(r"[\s,;:.()“”\"—–-]+")
ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def ascii_lower(text: str) -> str:
    """`text` lowered with every position kept: str.lower, unless it changed the length (a rare "İ" lowers
    to two characters), then A-Z only.

    The patterns that find reports and cues are written in lower case and run on this: matching without
    re.IGNORECASE is about twice as fast (and str.lower is 20x quicker than str.translate)."""
    low = text.lower()
    return low if len(low) == len(text) else text.translate(ASCII_LOWER)


def join_soft_breaks(text: str) -> str:
    """`text` with each line break inside a sentence (and the spaces before it) made one space."""
    pieces, last = [], 0
    for match in SOFT_BREAK.finditer(text):
        start = match.start()
        while start > last and text[start - 1] in " \t":
            start -= 1
        if start and text[start - 1] in OPEN_LINE_END:
            pieces += (text[last:start], " ")
            last = match.end()
    return "".join((*pieces, text[last:])) if pieces else text


class Sentence(NamedTuple):
    """One sentence (or a line without a full stop: a headline, a list item)."""

    start: int
    end: int
    title: bool = False
    line_start: bool = False  # the sentence opens its line
    chinese: bool = False  # a Chinese sentence on an English page (a bilingual page's translation)


def key_spans(low: str, keys: tuple[str, ...], unless: tuple[str, ...] = ()) -> Iterator[tuple[int, int]]:
    """Where `keys` stand in `low` (str.find, far quicker than a pattern), but not where one of `unless`
    follows."""
    for key in keys:
        pos = low.find(key)
        while pos >= 0:
            if not (unless and low.startswith(unless, pos + len(key))):
                yield pos, pos + len(key)
            pos = low.find(key, pos + 1)


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
        self.text = join_soft_breaks(folded)
        self.low = ascii_lower(self.text)
        self.title = title
        self.published = published
        self.sentences = tuple(self._sentences())
        self._starts = [s.start for s in self.sentences]
        self._words: dict[int, frozenset[str]] = {}

    def _sentences(self) -> list[Sentence]:
        found: list[Sentence] = []
        text = self.text
        title_end = text.find(self.title) + len(self.title) if self.title and self.title in text[:400] else 0
        bilingual = CJK.search(text) is not None  # else no sentence need be asked whether it is Chinese
        start = 0
        # One pass, inline: a long page has a hundred sentences and this loop is most of the cost of a page
        # that announces nothing.
        for match in (*SENTENCE_END.finditer(text), None):
            if match is None:
                end = len(text)
            elif text[match.start()] == "\n":
                end = match.start()
            else:
                end = match.start() + 1
                tail = text[max(0, end - 6) : end]
                # Most sentences end in a lower-case word, and the only abbreviations in lower case are these.
                if "\n" not in match.group() and (not tail.islower() or tail.endswith(LOWER_ABBREVIATIONS)) \
                        and ABBREVIATION.search(text, max(0, end - 6), end):
                    continue
            first, last = start, end
            while first < last and text[first].isspace():
                first += 1
            while last > first and text[last - 1].isspace():
                last -= 1
            if first < last:
                piece = text[first:last] if bilingual else ""
                chinese = bilingual and max(piece) >= "\u4e00" and len(CJK.findall(piece)) * 3 > len(piece)
                found.append(Sentence(first, last, first < title_end, first == 0 or text[first - 1] == "\n",
                                      chinese))
            if match is not None:
                start = match.end()
        return found

    def sentences_with(self, keys: tuple[str, ...], unless: tuple[str, ...] = ()) -> set[int]:
        """Starts of the sentences that hold one of `keys` not followed by one of `unless` (looked for across
        the page at once: on a long page most sentences hold none, and each need not be asked)."""
        found: set[int] = set()
        starts, sentences = self._starts, self.sentences
        for pos, end in key_spans(self.low, keys, unless):
            index = bisect_right(starts, pos) - 1
            if index >= 0 and end <= sentences[index].end:
                found.add(starts[index])
        return found

    def sentence_at(self, pos: int) -> Sentence | None:
        """The sentence holding `pos`."""
        index = bisect_right(self._starts, pos) - 1
        return self.sentences[index] if index >= 0 else None

    def neighbour(self, sentence: Sentence, step: int) -> Sentence | None:
        """The sentence `step` places after (or before) `sentence`."""
        index = bisect_right(self._starts, sentence.start) - 1 + step
        return self.sentences[index] if 0 <= index < len(self.sentences) else None

    def of(self, sentence: Sentence) -> str:
        return self.text[sentence.start : sentence.end]

    def low_of(self, sentence: Sentence) -> str:
        return self.low[sentence.start : sentence.end]

    def words_of(self, sentence: Sentence) -> frozenset[str]:
        """The lower-cased words of `sentence` (split once, asked by several readers)."""
        words = self._words.get(sentence.start)
        if words is None:
            words = self._words[sentence.start] = frozenset(WORD_SPLIT.split(self.low_of(sentence)))
        return words
