"""A Chinese page read once: folded text, sentences, and the items a list is made of.

Pure. Every later step (finding reports, finding names) reads this.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from datetime import date
from functools import cached_property
from typing import NamedTuple

from occuwatch.pipelines.normalise import Folded, fold_chinese

SENTENCE_END = re.compile(r"[。!?\n]")
# Between two items of a list. Quotes bound items too: "“A”“B”等".
ITEM_SEPARATOR = re.compile(r"[、,;:“”\"「」『』‘’《》…()|/]+|——|\s+")
# Joiners of the last item ("A、B和C"); split only between two names.
JOINER = re.compile(r"以及|和|及|与|或")
QUOTES_OPEN = "“\"「『‘"
QUOTES_CLOSE = "”\"」』’"
# Parentheticals are read apart: "(俗称“X”)", "(2-02-10-15)".
PARENTHETICAL = re.compile(r"\([^()\n]{0,80}\)")
RELATED_LINKS = ("相关新闻", "相关链接", "相关阅读", "相关文章", "相关稿件", "延伸阅读", "推荐阅读")


class Sentence(NamedTuple):
    """One sentence (or line): its span in the page's text; `title` for the page's headline."""

    start: int
    end: int
    title: bool = False


class Item(NamedTuple):
    """A stretch of a sentence between two separators."""

    start: int
    end: int
    text: str
    quoted: bool


class ZhPage:
    """One Chinese page: the folded text, its sentences, its date."""

    def __init__(self, text: str, title: str | None, published: date | None) -> None:
        text = without_related_links(text)
        title = (title or "").strip() or headline(text)
        self.title_length = 0
        if title and title not in text[: len(title) + 200]:
            text = f"{title}\n{text}"
            self.title_length = len(title)
        elif title:
            start = text.find(title)
            self.title_length = start + len(title) if start < 200 else 0
        self.folded: Folded = fold_chinese(text)
        self.text = self.folded.text
        # Parentheticals blanked: separators and keywords inside them do not count.
        self.masked = PARENTHETICAL.sub(lambda m: "(" + " " * (len(m.group()) - 2) + ")", self.text)
        self.published = published
        self.sentences = tuple(self._sentences())
        self._starts = [s.start for s in self.sentences]

    def _sentences(self) -> list[Sentence]:
        found, start = [], 0
        title_end = self.folded.position_read(self.title_length) if self.title_length else 0
        for match in SENTENCE_END.finditer(self.masked):
            if self.masked[start : match.start()].strip():
                found.append(Sentence(start, match.start(), title=start < title_end))
            start = match.end()
        if self.masked[start:].strip():
            found.append(Sentence(start, len(self.masked), title=start < title_end))
        return found

    @cached_property
    def line_spans(self) -> list[tuple[int, int]]:
        """Start and end of every non-blank line."""
        spans, start = [], 0
        for line in self.masked.split("\n"):
            if line and not line.isspace():
                spans.append((start, start + len(line)))
            start += len(line) + 1
        return spans

    def sentence_at(self, pos: int) -> Sentence | None:
        """The sentence holding `pos`."""
        index = bisect_right(self._starts, pos) - 1
        if index >= 0 and self.sentences[index].start <= pos <= self.sentences[index].end:
            return self.sentences[index]
        return None

    def neighbour(self, sentence: Sentence, step: int) -> Sentence | None:
        """The sentence `step` places after (or before) `sentence`."""
        index = bisect_right(self._starts, sentence.start) - 1 + step
        return self.sentences[index] if 0 <= index < len(self.sentences) else None

    def items(self, start: int, end: int) -> list[Item]:
        """The items of page[start:end] between separators, joiners split off where both sides end a name."""
        found, item_start = [], start
        for match in ITEM_SEPARATOR.finditer(self.masked, start, end):
            self._add_item(found, item_start, match.start())
            item_start = match.end()
        self._add_item(found, item_start, end)
        return found

    def _add_item(self, found: list[Item], start: int, end: int) -> None:
        if start >= end:
            return
        quoted = start > 0 and self.masked[start - 1] in QUOTES_OPEN and end < len(self.masked) \
            and self.masked[end] in QUOTES_CLOSE
        found.append(Item(start, end, self.masked[start:end], quoted))

    def as_written(self, start: int, end: int) -> str:
        """page[start:end] as the page wrote it."""
        return self.folded.as_written(start, end)


def headline(text: str) -> str:
    """The first line when it reads like a headline (short, no full stop at its end)."""
    first = text.lstrip().split("\n", 1)[0].strip()
    return first if 0 < len(first) <= 60 and not first.endswith(tuple("。!?！？:：;；,，")) else ""


def without_related_links(text: str) -> str:
    """`text` up to a "相关新闻"-style heading: the links below it are other articles' titles."""
    for heading in RELATED_LINKS:
        pos = text.find(heading)
        while pos >= 0:
            line_start = text.rfind("\n", 0, pos) + 1
            line_end = text.find("\n", pos)
            line = text[line_start : line_end if line_end >= 0 else len(text)]
            if line.strip(" \t\u3000:：【】[]") == heading:
                return text[:line_start]
            pos = text.find(heading, pos + 1)
    return text
