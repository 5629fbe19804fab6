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

from occuwatch.pipelines.english_numbers import (
    CARDINAL_VALUES,
    CARDINAL_WORDS,
    ORDINAL_PATTERN,
    parse_cardinal,
    parse_ordinal,
)

# ---- occupation nouns and "new" ---------------------------------------------------------------------------
OCCUPATION_NOUN_KEYS = ("occupation", "profession", "job", "career")
# The noun where a keyword stands: "occupations", "occupational titles", "jobs" (not "job fair", "job types").
_OCCUPATION_NOUN_AT = re.compile(
    r"(?:occupational\s+titles?|job\s+titles?|occupations?|professions?|jobs?|careers?)\b"
    r"(?!\s+(?:types?|categor|market|fairs?|seekers?|hunt))"
)
_NEW_WORDS = ("new", "emerging", "proposed", "latest")  # substrings; "newly" contains "new"
_NEW_WORD_SET = frozenset({"new", "newly", "emerging", "proposed", "latest"})
_DETERMINERS = frozenset({"the", "these", "this", "those", "its", "their", "both", "all", "our", "such"})
_WORDS_BEFORE_NOUN = 4  # "nine newly released professions": "new..." within four words of the noun

# Patterns scanned over whole sentences leave out a leading \b (it makes the scan about twice as slow);
# `_word_matches` keeps the matches that start a word.
_WORK_TYPE_CUE = re.compile(r"(?:types?\s+of\s+work|work[\s-]types?|job\s+types?|sub-?categor(?:y|ies))\b")
# "added to the national list of occupations": names joining the classification, with or without "new".
_ADDED_TO_LIST_STEMS = ("added to", "added in", "included in", "listed in", "incorporated in", "written in")
_ADDED_TO_LIST = re.compile(
    r"(?:added|included|listed|incorporated|written)\s+(?:to|in|into)\s+(?:the\s+|its\s+|china['’]s\s+)?"
    r"(?:[\w-]+\s+){0,3}?(?:list|catalog(?:ue)?|classification|directory)(?:\s+of\s+(?:occupations|professions))?\b"
    # the phrase ends its clause: not "the list of occupations eligible for subsidies"
    r"(?=\s*(?:[.,;:)]|$)|\s+(?:on|by|in|last|this|earlier|after|according|since|and|as|with)\b)"
)
_UPGRADE_STEMS = ("upgraded", "own right", "elevated", "promoted", "raised", "becam", "becom", "turned into")
_UPGRADE_CUE = re.compile(
    r"upgraded\b|in\s+their\s+own\s+right\b|(?:elevated|promoted|raised)\s+to\b"
    r"|(?:became|become|becoming|turned\s+into)\s+(?:new\s+|independent\s+|separate\s+|full\s+)?(?:occupations|professions)\b"
)
_RELEASE_STEMS = ("releas", "announc", "unveil", "publish", "add", "recogni", "issu", "introduc", "approv", "rolled")
_RELEASE_VERB = re.compile(
    r"(?:release[sd]?|releasing|announce[sd]?|announcing|announcement|unveil(?:s|ed|ing)?|publish(?:es|ed|ing)?"
    r"|add(?:s|ed|ing)?|recogni[sz](?:e|es|ed|ing)|issu(?:e|es|ed|ing)|introduc(?:e|es|ed|ing)|approv(?:e|es|ed|ing)"
    r"|rolled\s+out)\b"
)
# The past participle a list of names takes as its own verb: "A, B and C — were added, and ... was upgraded".
_ADDED_VERB = re.compile(
    r"(?:added|released|announced|unveiled|published|introduced|created|recogni[sz]ed|approved|issued|included"
    r"|listed|set\s+up)\b"
)
# Between a release verb and the new occupations it releases: a few words, no clause break ("the tenth batch of");
# not a new clause or phrase ("a guideline released on Tuesday said workers in new occupations ...").
_VERB_TO_NOUN = re.compile(
    r"(?:\s+(?!(?:said|says|say|that|which|who|whose|will|would|should|can|could|may|must|for|in|on|under|with|by"
    r"|to|from|at|about|after|before|workers|people)\b)[^\s,;:.?!()]+){0,7}?\s+(?:[\w-]+\s+)?"
)
# Between new occupations and the verb that releases them: "were", ", released", "have been officially".
_NOUN_TO_VERB = re.compile(
    r"(?:\s*\([^()]*\))?,?\s+(?:(?:which|that)\s+)?(?:(?:were|was|are|is|have|has|had|been|being|be|will|to)\s+)*"
    r"(?:[a-z]+ly\s+)?(?:(?:jointly|also|just|now|recently|first)\s+)?"
)
_AUXILIARY = re.compile(r"\b(?:were|was|are|is|will|would|have|has|had|can|could|may|must|should)\b")
_AUXILIARY_BEFORE_VERB = re.compile(
    r"\b(?:(?:were|was|are|is|have|has|had|will|be)\s+)*(?:were|was|are|is|been|be)\s+(?:[a-z]+ly\s+|also\s+|now\s+)?$"
)
_DRAFT_STEMS = ("propos", "solicit", "publici", "draft", "plan", "seek", "comment", "opinion", "feedback")
_DRAFT_CUE = re.compile(
    r"proposed\b|solicit\w*|publicity\b|draft\b|plans?\s+to\s+(?:add|release|recogni[sz]e|include|introduce)\b"
    r"|seek(?:s|ing)?\s+(?:public\s+)?(?:comments?|opinions?|feedback|views)\b|(?:public|open\s+for)\s+comments?\b"
    r"|public\s+(?:opinions?|feedback)\b|comment\s+period\b|publici[sz]ed\b"
)

# ---- earlier batches --------------------------------------------------------------------------------------
_PAST_STEMS = ("last year", "previous", "earlier", "prior", "past", "former", "recent years")
_PAST_CUE = re.compile(
    r"last\s+year\b|(?:previous|earlier|prior|past|former)\s+(?:batch(?:es)?|lists?|rounds?|groups?|sets?)\b"
    r"|previously\s+(?:released|announced|published|recogni[sz]ed)\b|in\s+recent\s+years\b|over\s+the\s+past\b"
)
_THIS_BATCH_PHRASES = (
    "this batch", "this round", "this list", "this time", "the latest batch", "the latest list", "the new batch",
    "the new list",
)  # fmt: skip
_FOUR_DIGITS = re.compile(r"[0-9]{4}")  # a character class scans faster than \d
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
# "dozens of new occupations": a quantity without a number speaks of all batches so far, not of one.
_INDEFINITE_QUANTITY = re.compile(
    r"\b(?:dozens|scores|hundreds|a\s+(?:number|series|host|raft|slew))\s+of\s+(?:(?:new|newly|emerging)\s+)+"
    r"(?:[\w-]+\s+)?(?:occupations|professions|jobs|careers)\b"
)
_TENS_WORDS = frozenset(word for word, value in CARDINAL_VALUES.items() if value >= 20)

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


def _word_matches(
    pattern: re.Pattern[str], low: str, start: int = 0, end: int | None = None
) -> Iterator[re.Match[str]]:
    """Yield the matches of `pattern` in `low[start:end]` that start a word (what a leading \\b would ask)."""
    for match in pattern.finditer(low, start, len(low) if end is None else end):
        at = match.start()
        if at == 0 or not low[at - 1].isalnum():
            yield match


def _any_word_match(pattern: re.Pattern[str], low: str, start: int = 0, end: int | None = None) -> bool:
    """True when `pattern` matches at the start of a word in `low[start:end]`."""
    return next(_word_matches(pattern, low, start, end), None) is not None


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
    return [end for _, end in new_occupation_nouns(low)]


@lru_cache(maxsize=256)  # asked for the topic and again for the release
def new_occupation_nouns(low: str) -> tuple[tuple[int, int], ...]:
    """Return the spans of the nouns in phrases like "nine newly released professions" or "new jobs"."""
    if not has_any(low, _NEW_WORDS):
        return ()
    spans = []
    for start, end in occupation_nouns(low):
        words = low[max(0, start - 60) : start].replace("-", " ").split()[-_WORDS_BEFORE_NOUN:]
        if _NEW_WORD_SET.intersection(words):
            spans.append((start, end))
    return tuple(spans)


def names_a_definite_set(low: str) -> bool:
    """True when a mention of new occupations or work types is definite: "the new occupations", "six new work types".

    "covering new occupations such as ..." is not: it speaks of new occupations in general.
    """
    starts = [start for start, _ in occupation_nouns(low)]
    if "type" in low or "categor" in low:
        starts += [match.start() for match in _word_matches(_WORK_TYPE_CUE, low)]
    return any(_determined(low, start) for start in starts)


def _determined(low: str, noun_start: int) -> bool:
    """True when a determiner, possessive or number stands among the few words before the noun."""
    for word in reversed(low[max(0, noun_start - 60) : noun_start].split()[-_WORDS_BEFORE_NOUN - 1 :]):
        if word[-1] in ",;:()":
            return False
        if word in _DETERMINERS or word.endswith(("'s", "’s")) or _is_cardinal(word):
            return True
        if word.endswith("ing") and word not in _COUNT_MODIFIERS:
            return False
    return False


def added_to_list_ends(low: str) -> list[int]:
    """Return where phrases like "added to the list of occupations" or "included in the occupational catalogue" end."""
    if not has_any(low, _ADDED_TO_LIST_STEMS):
        return []
    found = _word_matches(_ADDED_TO_LIST, low)
    return [match.end() for match in found if "occupation" in match.group() or "profession" in match.group()]


def work_type_cue_ends(low: str) -> list[int]:
    """Return where mentions of work types ("types of work", "work types", "sub-categories") end."""
    if "type" not in low and "categor" not in low:
        return []
    return [match.end() for match in _word_matches(_WORK_TYPE_CUE, low)]


def upgrade_cue_starts(low: str) -> list[int]:
    """Return where `low` says work types were upgraded to occupations ("were upgraded", "in their own right")."""
    if not has_any(low, _UPGRADE_STEMS):
        return []
    return [match.start() for match in _word_matches(_UPGRADE_CUE, low)]


# Every mention of new occupations (an occupation noun), "added to the list of occupations" (it asks for "occupation"
# or "profession") or work types holds one of these.
KIND_CUE_KEYS = (*OCCUPATION_NOUN_KEYS, "type", "categor")

# The cues that a name or a count needs, each with keywords of which all it finds holds one (its pre-check, or the
# nouns it asks for): a sentence gets a topic only from new occupations (an occupation noun with "new" before it),
# "added to the list of occupations", work types or an upgrade, and a count only from an occupation noun.
NAME_OR_COUNT_CUES = (
    (OCCUPATION_NOUN_KEYS, occupation_nouns),
    (("occupation", "profession"), added_to_list_ends),
    (("type", "categor"), work_type_cue_ends),
    (_UPGRADE_STEMS, upgrade_cue_starts),
)


def release_cue(low: str) -> bool:
    """True when `low` reports something released, announced, added or recognised."""
    return has_any(low, _RELEASE_STEMS) and _any_word_match(_RELEASE_VERB, low)


def release_of_new_occupations(low: str) -> bool:
    """True when a release verb governs a mention of new occupations or work types.

    "released nine new occupations", "the new occupations were released" and
    "the latest batch of new occupations, announced on ..." do; "training for
    new occupations, under a plan released on Tuesday" does not. "added to the
    list of occupations" names its own verb.
    """
    if added_to_list_ends(low):
        return True
    if not release_cue(low):
        return False
    mentions = list(new_occupation_nouns(low))
    if "type" in low or "categor" in low:
        mentions += [match.span() for match in _word_matches(_WORK_TYPE_CUE, low)]
    if not mentions:
        return False
    for verb in _word_matches(_RELEASE_VERB, low):
        for start, end in mentions:
            if verb.end() <= start and _VERB_TO_NOUN.fullmatch(low, verb.end(), start):
                return True
            if end <= verb.start() and (
                _NOUN_TO_VERB.fullmatch(low, end, verb.start()) or _passive_after_list(low, end, verb.start())
            ):
                return True
    return False


def _passive_after_list(low: str, noun_end: int, verb_start: int) -> bool:
    """True for "new occupations — A, B and C — were released": the first auxiliary after the noun is the verb's."""
    auxiliary = _AUXILIARY_BEFORE_VERB.search(low, max(noun_end, verb_start - 40), verb_start)
    return auxiliary is not None and not _AUXILIARY.search(low, noun_end, auxiliary.start())


def added_verb_within(low: str, start: int, end: int) -> bool:
    """True when `low[start:end]` holds a verb that adds names ("were added", "created"), not one that upgrades."""
    return _any_word_match(_ADDED_VERB, low, start, end)


def draft_cue(low: str) -> bool:
    """True when `low` speaks of a proposed list or of public comment."""
    return has_any(low, _DRAFT_STEMS) and _any_word_match(_DRAFT_CUE, low)


def is_past(low: str, reference_year: int | None) -> bool:
    """True when `low` speaks of earlier batches or of a year before the page's ("since ... in 2015" is not)."""
    names_an_earlier_batch = has_any(low, _PAST_STEMS) and _any_word_match(_PAST_CUE, low)
    if not names_an_earlier_batch and not _names_an_earlier_year(low, reference_year):
        return False
    return not has_any(low, _THIS_BATCH_PHRASES)  # "this batch" outweighs any earlier one named


def _names_an_earlier_year(low: str, reference_year: int | None) -> bool:
    """True when `low` places something in a year before the page's ("in 2019", "2019's"), not "since 2019"."""
    if reference_year is None or ("19" not in low and "20" not in low):
        return False  # no year of this or the last century: two substring tests are cheaper than the scan
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
    if totals:
        return all(totals)
    return (" of new" in low or " of emerging" in low) and bool(_INDEFINITE_QUANTITY.search(low))


@lru_cache(maxsize=256)  # a sentence asks twice: is it only a total, and what count does it state
def _count_phrases(low: str, occupation_vocabulary: bool) -> tuple[tuple[int, bool, bool], ...]:
    """Return (number, "other" among the words, is a running total) for each "N ... new occupations"."""
    return tuple(_read_count_phrases(low, occupation_vocabulary))


def _read_count_phrases(low: str, occupation_vocabulary: bool) -> Iterator[tuple[int, bool, bool]]:
    """Yield (number, "other" among the words, is a running total) for each "N ... new occupations"."""
    for start, end in occupation_nouns(low):
        noun = low[start:end]
        if noun.startswith(("job", "career")) and not noun.startswith("job title") and not occupation_vocabulary:
            continue
        window = low[max(0, start - 120) : start].split()
        number_index = _nearest_number(window)
        if number_index is None:
            continue
        number_start = number_index - 1 if _tens_before_unit(window, number_index) else number_index
        mods, before = window[number_index + 1 :], " ".join(window[:number_start])
        if _NOT_COUNT_MODIFIERS.intersection(mods) or any(_is_cardinal(word) for word in mods):
            continue
        if any(_breaks_count_phrase(word) for word in mods):
            continue  # "16 events, covering new occupations": the number counts something else
        if not _COUNT_MODIFIERS.intersection(mods) and not _VERB_BEFORE_COUNT.search(before):
            continue
        total = bool(
            _TOTAL_BEFORE_COUNT.search(before[-60:])
            or _TOTAL_AFTER_COUNT.match(low, end)
            or _APPROXIMATE_BEFORE_COUNT.search(before[-20:])
        )
        yield parse_cardinal(" ".join(window[number_start : number_index + 1])), "other" in mods, total


def may_state_a_count(low: str) -> bool:
    """False when no occupation noun in `low` has a number among the four words before it, where counts are read:
    then `_count_phrases` finds nothing."""
    for start, _ in occupation_nouns(low):
        for word in low[max(0, start - 120) : start].split()[-4:]:
            if word in CARDINAL_WORDS or word.isdecimal():
                return True
    return False


def _tens_before_unit(words: list[str], index: int) -> bool:
    """True when words[index] is a unit written after its tens as a separate word ("twenty one")."""
    return index > 0 and words[index - 1] in _TENS_WORDS and CARDINAL_VALUES.get(words[index], 10) < 10


def _breaks_count_phrase(word: str) -> bool:
    """True for a word that cannot stand between a number and its noun: punctuation, or a verb in -ing."""
    return word[-1] in ",;:)" or (word.endswith("ing") and word not in _COUNT_MODIFIERS)


def _nearest_number(words: list[str]) -> int | None:
    """Return the index of the cardinal among the last words before a noun (at most three words between)."""
    for index in range(len(words) - 1, max(-1, len(words) - 5), -1):
        if _is_cardinal(words[index]):
            return index
    return None


def _is_cardinal(word: str) -> bool:
    """True for "9", "nineteen", "twenty-one" (not "3,000", "12.69", "2021")."""
    if word in CARDINAL_WORDS:
        return True
    # isdecimal, not isdigit: "²" is a digit that int() cannot read.
    return word.isdecimal() and 0 < int(word) <= _MAX_COUNT and not word.startswith("0")


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
