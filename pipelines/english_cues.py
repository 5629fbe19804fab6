"""What an English sentence says about a batch: new occupations, work types, upgrades, drafts,
earlier batches, the batch ordinal, the stated count, the occupation work types sit under.

Pure: stdlib only. Every function takes the sentence lower-cased (A-Z only, so
offsets match the original). For speed each pattern runs only where a cheap
substring test (`str.find`, `in`) has found its keyword.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from pipelines.english_numbers import CARDINAL_VALUES, ORDINAL_PATTERN, parse_cardinal, parse_ordinal

# ---- occupation nouns and "new" ---------------------------------------------------------------------------
OCCUPATION_NOUN_KEYS = ("occupation", "profession", "job", "career")
# The noun where a keyword stands: "occupations", "occupational titles", "jobs" (not "job fair", "job types").
_OCCUPATION_NOUN_AT = re.compile(
    r"(?:occupational\s+titles?|job\s+titles?|occupations?|professions?|jobs?|careers?)\b"
    r"(?!\s+(?:types?|categor|market|fairs?|seekers?|hunt))"
)
_NEW_WORDS = ("new", "emerging", "proposed", "latest")  # substrings; "newly" contains "new"
_NEW_WORD_SET = frozenset({"new", "newly", "emerging", "proposed", "latest"})
_WORDS_BEFORE_NOUN = 4  # "nine newly released professions": "new..." within four words of the noun

_WORK_TYPE_CUE = re.compile(r"\b(?:types?\s+of\s+work|work[\s-]types?|job\s+types?|sub-?categor(?:y|ies))\b")
_UPGRADE_STEMS = ("upgraded", "own right", "elevated", "promoted", "raised", "becam", "becom", "turned into")
_UPGRADE_CUE = re.compile(
    r"\bupgraded\b|\bin\s+their\s+own\s+right\b|\b(?:elevated|promoted|raised)\s+to\b"
    r"|\b(?:became|become|becoming|turned\s+into)\s+(?:new\s+|independent\s+|separate\s+|full\s+)?(?:occupations|professions)\b"
)
_RELEASE_STEMS = ("releas", "announc", "unveil", "publish", "add", "recogni", "issu", "introduc", "approv", "rolled")
_RELEASE_VERB = re.compile(
    r"\b(?:release[sd]?|releasing|announce[sd]?|announcing|announcement|unveil(?:s|ed|ing)?|publish(?:es|ed|ing)?"
    r"|add(?:s|ed|ing)?|recogni[sz](?:e|es|ed|ing)|issu(?:e|es|ed|ing)|introduc(?:e|es|ed|ing)|approv(?:e|es|ed|ing)"
    r"|rolled\s+out)\b"
)
_DRAFT_STEMS = ("propos", "solicit", "publici", "draft", "plan", "seek", "comment", "opinion", "feedback")
_DRAFT_CUE = re.compile(
    r"\bproposed\b|\bsolicit\w*|\bpublicity\b|\bdraft\b|\bplans?\s+to\s+(?:add|release|recogni[sz]e|include|introduce)\b"
    r"|\bseek(?:s|ing)?\s+(?:public\s+)?(?:comments?|opinions?|feedback|views)\b|\b(?:public|open\s+for)\s+comments?\b"
    r"|\bpublic\s+(?:opinions?|feedback)\b|\bcomment\s+period\b|\bpublici[sz]ed\b"
)

# ---- earlier batches --------------------------------------------------------------------------------------
_PAST_STEMS = ("last year", "previous", "earlier", "prior", "past", "former", "recent years")
_PAST_CUE = re.compile(
    r"\blast\s+year\b|\b(?:previous|earlier|prior|past|former)\s+(?:batch(?:es)?|lists?|rounds?|groups?|sets?)\b"
    r"|\bpreviously\s+(?:released|announced|published|recogni[sz]ed)\b|\bin\s+recent\s+years\b|\bover\s+the\s+past\b"
)
_THIS_BATCH_PHRASES = (
    "this batch", "this round", "this list", "this time", "the latest batch", "the latest list", "the new batch",
    "the new list",
)  # fmt: skip
_FOUR_DIGITS = re.compile(r"\d{4}")
# Before a year: "in 2019", "in april 2019", "during early 2019".
_IN_BEFORE_YEAR = re.compile(r"\b(?:in|during)\s+(?:(?:early|late|mid-?)\s*)?(?:[a-z]{3,9}\.?\s+)?$")

# ---- batch ordinal ---------------------------------------------------------------------------------------------
# (noun, the substring that must be present for it to count).
_BATCH_NOUNS = (
    ("batch", "batch"),
    ("tranche", "tranche"),
    ("group", "group of"),
    ("set", "set of"),
    ("list", "list of"),
    ("round", "round of"),
)
_BATCH_NOUNS_NEEDING_OF = ("group", "set", "list", "round")  # "the fourth group of new occupations"
_ORDINAL_BEFORE = re.compile(rf"(?<![\w-])({ORDINAL_PATTERN})[\s-]+$")
_OF_NEW_AFTER = re.compile(r"\s+of\s+(?:[\w-]+\s+){0,2}?(?:new|occupations|professions|jobs)\b")

# ---- count --------------------------------------------------------------------------------------------------------
_COUNT_MODIFIERS = frozenset({"new", "newly", "emerging", "proposed", "additional", "other"})
_NOT_COUNT_MODIFIERS = frozenset(
    {"million", "thousand", "hundred", "billion", "percent", "existing", "old", "traditional", "of"}
)
_VERB_BEFORE_COUNT = re.compile(
    r"\b(?:release[sd]?|add(?:s|ed)?|unveil(?:s|ed)?|recogni[sz](?:es|ed)|publish(?:es|ed))$"
)
_TOTAL_BEFORE_COUNT = re.compile(
    r"\b(?:total(?:ing|ling)?|altogether|cumulative(?:ly)?|bringing|brings|brought|raising|so\s+far)\b"
)
# "74 new occupations in total", "100 new occupations have been released since 2019".
_TOTAL_AFTER_COUNT = re.compile(
    r"\s*(?:in\s+total|altogether|in\s+all|so\s+far|to\s+date"
    r"|(?:(?:have|has|had)\s+been\s+[a-z]+\s+)?since\s+(?:\d{4}|the\s+\d{4}|then))\b"
)
# "nearly 100 new occupations": an approximate number is a running total, not a batch's count.
_APPROXIMATE_BEFORE_COUNT = re.compile(
    r"\b(?:nearly|about|around|approximately|almost|over|some|more\s+than|at\s+least|up\s+to|dozens\s+of)$"
)
_MAX_COUNT = 999

# ---- parent occupation of work types ------------------------------------------------------------------------------
_QUOTED = r"[\"“‘'][^\"“”‘’]{2,100}[\"”’']"
# At "under": "under the kite surf coach profession", "under the occupation of “X”".
_PARENT_AT = re.compile(
    rf"under\s+(?:the\s+)?(?:existing\s+|original\s+|current\s+)?"
    rf"(?:(?:occupation|profession)\s+(?:of\s+|called\s+|named\s+)?(?P<quoted_after>{_QUOTED})"
    rf"|(?:occupation|profession)\s+of\s+(?P<plain_after>[\w-]+(?:\s+[\w-]+){{0,5}}?)(?=\s*[,.;]|\s+(?:and|were|was|have|has)\b)"
    rf"|(?P<quoted_before>{_QUOTED})\s+(?:occupation|profession)\b"
    rf"|(?P<plain_before>[\w-]+(?:\s+[\w-]+){{0,5}}?)\s+(?:occupation|profession)\b)"
)

# ---- nicknames -------------------------------------------------------------------------------------------------------
_NICKNAME_STEMS = ("known", "called", "dubbed", "nicknamed", "call")
_NICKNAME_BEFORE = re.compile(
    r"(?:well-known|so-called|known\s+as|dubbed|nicknamed|(?:popularly|commonly)\s+called|people\s+call)\s*(?:the\s+)?$"
)


def has_any(text: str, stems: tuple[str, ...]) -> bool:
    """True when `text` contains one of `stems` (a C-speed pre-check before a regex)."""
    for stem in stems:  # noqa: SIM110 - a plain loop is faster than any() over a generator, and this runs a lot
        if stem in text:
            return True
    return False


def _keyword_positions(low: str, keyword: str) -> Iterator[int]:
    """Yield where `keyword` starts a word in `low`."""
    at = low.find(keyword)
    while at >= 0:
        if at == 0 or not low[at - 1].isalnum():
            yield at
        at = low.find(keyword, at + 1)


@lru_cache(maxsize=256)  # a sentence asks twice: for its topic and for its count
def occupation_nouns(low: str) -> tuple[tuple[int, int], ...]:
    """Return the spans of "occupations", "professions", "jobs", "careers", "job titles" in `low`."""
    spans = []
    for key in OCCUPATION_NOUN_KEYS:
        for at in _keyword_positions(low, key):
            match = _OCCUPATION_NOUN_AT.match(low, at)
            if match:
                spans.append(match.span())
    return tuple(sorted(spans))


def new_occupation_mentions(low: str) -> list[int]:
    """Return where phrases like "nine newly released professions" or "new jobs" end."""
    if not has_any(low, _NEW_WORDS):
        return []
    ends = []
    for start, end in occupation_nouns(low):
        words = low[max(0, start - 60) : start].replace("-", " ").split()[-_WORDS_BEFORE_NOUN:]
        if _NEW_WORD_SET.intersection(words):
            ends.append(end)
    return ends


def work_type_cue_ends(low: str) -> list[int]:
    """Return where mentions of work types ("types of work", "work types", "sub-categories") end."""
    if "type" not in low and "categor" not in low:
        return []
    return [match.end() for match in _WORK_TYPE_CUE.finditer(low)]


def upgrade_cue_starts(low: str) -> list[int]:
    """Return where `low` says work types were upgraded to occupations ("were upgraded", "in their own right")."""
    if not has_any(low, _UPGRADE_STEMS):
        return []
    return [match.start() for match in _UPGRADE_CUE.finditer(low)]


def release_cue(low: str) -> bool:
    """True when `low` reports something released, announced, added or recognised."""
    return has_any(low, _RELEASE_STEMS) and bool(_RELEASE_VERB.search(low))


def draft_cue(low: str) -> bool:
    """True when `low` speaks of a proposed list or of public comment."""
    return has_any(low, _DRAFT_STEMS) and bool(_DRAFT_CUE.search(low))


def is_past(low: str, reference_year: int | None) -> bool:
    """True when `low` speaks of earlier batches or of a year before the page's ("since ... in 2015" is not)."""
    if has_any(low, _THIS_BATCH_PHRASES):
        return False
    if has_any(low, _PAST_STEMS) and _PAST_CUE.search(low):
        return True
    if reference_year is None:
        return False
    for match in _FOUR_DIGITS.finditer(low):
        start, end = match.span()
        if (start and low[start - 1].isdigit()) or (end < len(low) and low[end].isdigit()):
            continue
        if int(match.group()) >= reference_year or "since" in low[:start]:
            continue
        if low.startswith("'s", end) or _IN_BEFORE_YEAR.search(low, max(0, start - 30), start):
            return True
    return False


def batch_ordinals(low: str) -> list[int]:
    """Return the batch ordinals in `low`, in order ("the third batch", "the fourth group of new occupations")."""
    found = []
    for noun, phrase in _BATCH_NOUNS:
        if phrase not in low:
            continue
        for at in _keyword_positions(low, noun):
            end = at + len(noun)
            if end < len(low) and low[end].isalnum():
                continue  # "batches", "settle"
            if noun in _BATCH_NOUNS_NEEDING_OF and not _OF_NEW_AFTER.match(low, end):
                continue
            match = _ORDINAL_BEFORE.search(low, max(0, at - 24), at)
            value = parse_ordinal(match.group(1)) if match else None
            if value:
                found.append((at, value))
    return [value for _, value in sorted(found)]


def stated_counts(low: str, occupation_vocabulary: bool) -> Iterator[tuple[int, bool]]:
    """Yield (count, names_one_plus_others) for each "N new occupations" that states a batch's count.

    Not a running total ("bringing the total to 74 new occupations"), not
    "12.69 million new jobs", not "500 new jobs" unless the article speaks of
    occupations at all. "16 other new occupations" means 17 with the one named.
    """
    for value, one_plus_others, total in _count_phrases(low, occupation_vocabulary):
        if not total:
            yield value, one_plus_others


def states_only_a_total(low: str) -> bool:
    """True for a sentence about all batches so far: "Nearly 100 new occupations have been released since 2019"."""
    if not has_any(low, OCCUPATION_NOUN_KEYS):
        return False
    totals = [total for _, _, total in _count_phrases(low, occupation_vocabulary=True)]
    return bool(totals) and all(totals)


def _count_phrases(low: str, occupation_vocabulary: bool) -> Iterator[tuple[int, bool, bool]]:
    """Yield (number, "other" among the words, is a running total) for each "N ... new occupations"."""
    for start, end in occupation_nouns(low):
        noun = low[start:end]
        if noun.startswith(("job", "career")) and not noun.startswith("job title") and not occupation_vocabulary:
            continue
        window = low[max(0, start - 120) : start].split()
        number_index = _nearest_number(window)
        if number_index is None:
            continue
        mods, before = window[number_index + 1 :], " ".join(window[:number_index])
        if _NOT_COUNT_MODIFIERS.intersection(mods) or any(_is_cardinal(word) for word in mods):
            continue
        if not _COUNT_MODIFIERS.intersection(mods) and not _VERB_BEFORE_COUNT.search(before):
            continue
        total = bool(
            _TOTAL_BEFORE_COUNT.search(before[-60:])
            or _TOTAL_AFTER_COUNT.match(low, end)
            or _APPROXIMATE_BEFORE_COUNT.search(before[-20:])
        )
        yield parse_cardinal(window[number_index]), "other" in mods, total


def _nearest_number(words: list[str]) -> int | None:
    """Return the index of the cardinal among the last words before a noun (at most three words between)."""
    for index in range(len(words) - 1, max(-1, len(words) - 5), -1):
        if _is_cardinal(words[index]):
            return index
    return None


def _is_cardinal(word: str) -> bool:
    """True for "9", "nineteen", "twenty-one" (not "3,000", "12.69", "2021")."""
    if word.isdigit():
        return 0 < int(word) <= _MAX_COUNT and not word.startswith("0")
    parts = word.split("-")
    return len(parts) <= 2 and all(part in CARDINAL_VALUES for part in parts) and word != "zero"


def parent_in(text: str, low: str) -> str | None:
    """Return the raw occupation named in "under the X occupation" (or "under the occupation of X")."""
    for at in _keyword_positions(low, "under"):
        match = _PARENT_AT.match(low, at)
        if match:
            group = next(name for name, value in match.groupdict().items() if value)
            start, end = match.span(group)
            return text[start:end]
    return None


def parent_spans(low: str) -> list[tuple[int, int]]:
    """Return the spans of every "under the X occupation" phrase (names inside them are parents, not names)."""
    spans = []
    for at in _keyword_positions(low, "under"):
        match = _PARENT_AT.match(low, at)
        if match:
            spans.append(match.span())
    return spans


def nickname_before(low: str, pos: int) -> bool:
    """True when the words before `pos` mark a nickname ("the well-known ...", "so-called ...")."""
    window = low[max(0, pos - 40) : pos]
    return has_any(window, _NICKNAME_STEMS) and bool(_NICKNAME_BEFORE.search(window))
