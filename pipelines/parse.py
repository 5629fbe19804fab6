"""The parsers' entry point: pick the English or the Chinese parser by language.

Pure: imports neither Scrapy nor SQLite.
"""

from __future__ import annotations

import re

from occuwatch.pipelines.announcement import Announcement
from occuwatch.pipelines.parse_en import parse_english
from occuwatch.pipelines.parse_zh import parse_chinese

# Runs of CJK unified ideographs (the basic block and extension A) and of Latin letters: counted by what
# removing them takes away, which is several times faster than listing every character.
_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")
_LATIN_RUN = re.compile(r"[A-Za-z]+")


def detect_language(text: str) -> str:
    """Return "zh" when Chinese characters are at least a fifth of the letters, else "en".

    A bilingual page (each paragraph followed by its translation) holds much of both: its headline's
    language is the page's.
    """
    sample = text[:4000]
    if sample.isascii() or not _CJK_RUN.search(sample):
        return "en"  # most pages of an English site: no Chinese character at all, nothing to count
    cjk, latin = _script_counts(sample)
    # One Chinese character carries about as much as a short English word.
    if not (cjk and cjk * 5 >= latin):
        return "en"
    if latin >= 2 * cjk:
        headline = next((line for line in text.split("\n") if line.strip()), "")
        first_cjk, first_latin = _script_counts(headline)
        return "zh" if first_cjk * 5 >= first_latin and first_cjk else "en"
    return "zh"


def _script_counts(sample: str) -> tuple[int, int]:
    """Chinese characters and Latin letters in `sample`."""
    return len(sample) - len(_CJK_RUN.sub("", sample)), len(sample) - len(_LATIN_RUN.sub("", sample))


def extract(
    text: str,
    *,
    title: str | None = None,
    published: str | None = None,
    language: str | None = None,
) -> Announcement:
    """Find the announced batch and its names in an article's text.

    `published` (ISO date of the page) only resolves a release date written
    without a year; `title` is read too, since titles often carry the count.
    """
    language = language or detect_language(f"{title or ''}\n{text}")
    parse = parse_chinese if language == "zh" else parse_english
    return parse(text, title=title, published=published)
