"""English announcements → Announcement.

The article is read as lines and sentences. Names come from lists that follow
a cue ("They are", "The 10 are:", "including", "such as", "namely", a colon, a
dash), from runs of quoted names, from bullets or one name per paragraph after
a lead line, from a list that is the subject of "were released as new
occupations", and from "recognised X as a new occupation". A list counts only
in a sentence about new occupations, work types or upgraded work types (or in
one that refers back to such a sentence: "They are ..."), and only when that
sentence, or the one before it, reports the batch or names a definite set of
them ("released nine new occupations", "the new occupations"), not new
occupations in general ("a contest covering new occupations such as ...").
Sentences about earlier batches or all batches so far are context and give
nothing. The count, batch ordinal, release date and stage come from the
sentences too.

Pure: stdlib `re` only; recognises patterns, never a vocabulary of known names.
Speed: an article whose title and lines hold none of the cues that a name or
a count needs (most articles) is answered before it is split into sentences;
each sentence is lower-cased once (A-Z only, so offsets stay) and the patterns
run where a cheap substring test has found their keyword.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from occuwatch.pipelines import english_cues as cues
from occuwatch.pipelines.announcement import Announcement, Name
from occuwatch.pipelines.english_dates import DATE_ON, date_from_match, parse_iso
from occuwatch.pipelines.english_lists import (
    FoundList,
    ListItem,
    QuotedSpan,
    clean_name,
    item_from_line,
    mostly_people,
    quoted_spans,
    read_plain_list,
    read_quoted_run,
    single_names,
    starts_quoted_run,
    subject_list,
)
from occuwatch.pipelines.english_numbers import CARDINAL_WORD

OCCUPATIONS, WORK_TYPES, UPGRADED = "occupations", "work_types", "upgraded"
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")

# ---- page furniture and sentences ----------------------------------------------------------------------
_BREADCRUMB_LINE = re.compile(r"\s*(?:>|»|Home\s*>|You\s+are\s+here\b)")
_DATELINE = re.compile(r"[A-Z][A-Z .'-]{2,40},\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2}\s*\([^()]{2,40}\)\s*(?:--|—|–|-)\s*")
_SENTENCE_BREAK = re.compile(r"[.?!][\"”’')\]]*\s+(?=[\"“‘'(]?[A-Z0-9])")
_ABBREVIATION_BEFORE_PERIOD = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|St|No|Co|Inc|Ltd|Jr|Sr|vs|Gov|Dept|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)"
    r"|\b[A-Z]|\be\.g|\bi\.e)$"
)
# A line that announces items on the lines after it: "... are as follows:", "... listed below".
_BULLET_START = re.compile(r"\s*(?:[-*•·▪●◦]|\(\d{1,2}\)|\d{1,2}[.)、])")
_BLOCK_LEAD_TAIL = re.compile(
    r"(?::|\b(?:as\s+follows|listed\s+below|below|namely|the\s+following|they\s+are|includ(?:e|es|ing))\W*)$",
    re.IGNORECASE,
)
# "They are ...", "These include ...", "The list includes ...", "The 10 are:": the subject is the previous
# sentence's topic.
_THE_NUMBER_ARE = rf"the\s+(?:\d{{1,3}}|{CARDINAL_WORD})\s+(?:are|were|include[sd]?)\b"
_PRONOUN_START = re.compile(rf"[\"“]?\s*(?:they|these|those|among\s+them|{_THE_NUMBER_ARE})")  # shares its batch
_REFERS_BACK = re.compile(
    rf"[\"“]?\s*(?:they|these|those|among\s+them|the\s+(?:[\w-]+\s+){{0,2}}?(?:list|batch|ones)\b|{_THE_NUMBER_ARE})"
)
# "The ministry said the batch reflects ..., namely:": a lead line that points back at the batch just named.
_POINTS_BACK = re.compile(
    r"\b(?:the|this|these)\s+(?:new\s+|latest\s+)?(?:batch|list|ones|occupations|professions|jobs)\b"
    r"|\b(?:they|them|these)\b"
)

# ---- list cues: found with str.find, then matched exactly where the keyword stands -------------------------
_NOUNS_BEFORE_VERB_CUE = (
    "occupations", "professions", "jobs", "titles", "work types", "work-types", "types of work", "job types",
    "subcategories", "sub-categories", "ones", "list", "batch",
)  # fmt: skip
_WORK_TYPE_NOUNS = ("types of work", "work types", "work-types", "job types", "subcategories", "sub-categories")
_FOLLOWS = r"(?:\s+(?:as\s+follows|listed\s+below|the\s+following))?\s*:?"
_THE_NUMBER_BEFORE = re.compile(rf"(?:^|\s)the\s+(?:\d{{1,3}}|{CARDINAL_WORD})\s+$")  # "the 10 are", "the nine were"
_STARTS_QUOTED = re.compile(r"\s*(?:(?:the|both)\s+)?[\"“‘']")


@dataclass(frozen=True)
class _Cue:
    """A word or sign after which a list may start: found by `keyword`, its exact form matched by `form`."""

    keyword: str
    form: re.Pattern[str]
    word: bool = True  # the keyword must start a word
    after_noun: bool = False  # "are" cues a list only after "occupations", "list", ...
    nouns: tuple[str, ...] = _NOUNS_BEFORE_VERB_CUE  # the nouns `after_noun` asks for
    needs: tuple[str, ...] = ()  # the cue is looked for only in a sentence holding one of these


_LIST_CUES = (
    _Cue("they", re.compile(r"they\s+(?:are|were|include[sd]?)\b\s*:?")),
    _Cue("these", re.compile(r"these\s+(?:are|were|include[sd]?)\b\s*:?")),
    _Cue("those", re.compile(r"those\s+(?:are|were|include[sd]?)\b\s*:?")),
    _Cue("are", re.compile(rf"are\b{_FOLLOWS}"), after_noun=True),
    _Cue("were", re.compile(rf"were\b{_FOLLOWS}"), after_noun=True),
    _Cue("cover", re.compile(rf"cover(?:s|ed)?\b{_FOLLOWS}"), after_noun=True),
    # "the work types of A and B"
    _Cue("of", re.compile(r"of\b"), after_noun=True, nouns=_WORK_TYPE_NOUNS, needs=("type", "categor")),
    _Cue("includ", re.compile(r"includ(?:ing|e[sd]?)\b\s*:?")),
    _Cue("such as", re.compile(r"such\s+as\b\s*:?")),
    _Cue("namely", re.compile(r"namely\b\s*:?")),
    _Cue("among", re.compile(r"among\s+(?:them|which)(?:\s+(?:are|were))?\b\s*:?")),
    _Cue("—", re.compile(r"—\s?"), word=False),
    _Cue("–", re.compile(r"–\s?"), word=False),
    _Cue(" --", re.compile(r" --\s?"), word=False),
    _Cue(":", re.compile(r":(?=\s)"), word=False),
)


class _computed_once:  # noqa: N801 - used as a decorator, like functools.cached_property
    """functools.cached_property without its per-access lock (Python 3.11): a value computed on first use."""

    def __init__(self, compute: Callable[[Any], Any]) -> None:
        self.compute, self.name, self.__doc__ = compute, compute.__name__, compute.__doc__

    def __get__(self, instance: Any, owner: type | None = None) -> Any:
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.compute(instance)
        return value


def ascii_lower(text: str) -> str:
    """Lower-case `text` so that every offset in the result is an offset in `text`.

    str.lower() keeps the length except for a few letters ("İ"); then only A-Z are lowered.
    """
    low = text.lower()
    return low if len(low) == len(text) else text.translate(_ASCII_LOWER)


@dataclass(eq=False)
class _Sentence:
    """One sentence of the article, the list on the lines after it (if it leads one), and what it is about."""

    text: str
    previous: _Sentence | None = field(default=None, repr=False)
    block: tuple[str, ...] = ()
    main_ordinal: int | None = None  # this batch's ordinal, once the article is read
    reference_year: int | None = None  # the page's year: earlier years are context
    low: str = field(init=False)

    def __post_init__(self) -> None:
        self.low = ascii_lower(self.text)

    @_computed_once
    def context(self) -> bool:
        """True when the sentence speaks of another batch or of all batches so far, or refers back to one that does."""
        if self.main_ordinal in self.ordinals:
            return False
        if self.ordinals or cues.is_past(self.low, self.reference_year) or cues.states_only_a_total(self.low):
            return True
        return self.previous is not None and bool(_PRONOUN_START.match(self.low)) and self.previous.context

    @_computed_once
    def ordinals(self) -> list[int]:
        """The batch ordinals the sentence states ("the third batch" → 3)."""
        return cues.batch_ordinals(self.low)

    @_computed_once
    def kind_cues(self) -> list[tuple[int, str]]:
        """(end offset, kind) of each mention of new occupations or of work types, in order."""
        if not cues.has_any(self.low, cues.KIND_CUE_KEYS):
            return []  # most sentences: one test instead of three cues
        found = [(end, OCCUPATIONS) for end in cues.new_occupation_mentions(self.low)]
        found += [(end, OCCUPATIONS) for end in cues.added_to_list_ends(self.low)]
        found += [(end, WORK_TYPES) for end in cues.work_type_cue_ends(self.low)]
        return sorted(found)

    @_computed_once
    def upgrade_cues(self) -> list[int]:
        """Offsets where the sentence says work types were upgraded to occupations."""
        return cues.upgrade_cue_starts(self.low)

    @_computed_once
    def quotes(self) -> list[QuotedSpan]:
        """The quoted spans of the sentence."""
        return quoted_spans(self.text)

    @property
    def occupation_topic(self) -> bool:
        """True when the sentence speaks of new occupations."""
        return any(kind == OCCUPATIONS for _, kind in self.kind_cues)

    @property
    def work_type_cue(self) -> bool:
        """True when the sentence speaks of work types."""
        return any(kind == WORK_TYPES for _, kind in self.kind_cues)

    @_computed_once
    def release_cue(self) -> bool:
        """True when the sentence reports something released, added or recognised."""
        return cues.release_cue(self.low)

    @_computed_once
    def announces(self) -> bool:
        """True when the sentence reports a batch (released, proposed, its ordinal) or names a definite set."""
        return bool(
            self.draft_cue or self.ordinals or self.upgrade_cues or cues.names_a_definite_set(self.low)
            or cues.release_of_new_occupations(self.low)
        )  # fmt: skip

    @_computed_once
    def draft_cue(self) -> bool:
        """True when the sentence speaks of a proposed list or public comment."""
        return cues.draft_cue(self.low)


@dataclass
class _Names:
    """Names found so far, per kind, in order of first mention; with the sentence the first list came from."""

    occupations: list[Name] = field(default_factory=list)
    work_types: list[Name] = field(default_factory=list)
    upgraded: list[Name] = field(default_factory=list)
    first_list_sentence: _Sentence | None = None
    seen: set[tuple[str, str]] = field(default_factory=set)  # (kind, case-folded name)

    def add(self, kind: str, name: str, parent: str | None, sentence: _Sentence) -> None:
        """Add a name unless this kind already holds it (compared case-insensitively)."""
        key = (kind, name.casefold())
        if key in self.seen:
            return
        self.seen.add(key)
        getattr(self, kind).append(Name(name, parent=parent if kind != OCCUPATIONS else None))
        self.first_list_sentence = self.first_list_sentence or sentence

    def __bool__(self) -> bool:
        return bool(self.occupations or self.work_types or self.upgraded)


def parse_english(text: str, *, title: str | None = None, published: str | None = None) -> Announcement:
    """Find the announced batch and its names in an English article.

    `published` (ISO date of the page) resolves a release date written without
    a year ("On July 6") or as a weekday ("on Thursday"); `title` is read for
    the count, the ordinal and the stage.
    """
    page_date = parse_iso(published)
    heading = _Sentence(title or "")
    if _says_nothing(text, heading):
        return Announcement(language="en")  # most articles: no need to read them sentence by sentence
    sentences = read_sentences(text)
    main_ordinal = _settle_batch(sentences, heading, page_date)
    names = _find_names(sentences)
    if names and not _reports_a_release(heading, sentences):
        names = _Names()  # lists of jobs in labour news that announces no batch
    count, count_sentence, notes = _find_count(heading, sentences, names_found=bool(names))
    if not names and count is None:
        return Announcement(language="en")
    stage_sentences = [heading, *sentences[:2], count_sentence, names.first_list_sentence]
    if count is not None and names.occupations and count != len(names.occupations):
        notes.append(f"stated count {count} but {len(names.occupations)} occupation names found")
    if not names:
        notes.append("a count of new occupations but no names")
    return Announcement(
        language="en",
        announced_count=count,
        batch_ordinal=main_ordinal,
        released=_find_release_date(sentences, page_date),
        stage="draft" if any(s is not None and s.draft_cue for s in stage_sentences) else "final",
        occupations=tuple(names.occupations),
        work_types=tuple(names.work_types),
        upgraded=tuple(names.upgraded),
        notes=tuple(notes),
    )


# ---- reading the text ------------------------------------------------------------------------------------


def _says_nothing(text: str, heading: _Sentence) -> bool:
    """True when the title states no count and no line holds a cue that a name or a count needs: no announcement.

    Names come only from sentences with a topic and a count only from an occupation noun (cues.NAME_OR_COUNT_CUES);
    the title gives no names. A cue found in a sentence is found in its line: a sentence starts after a space or a
    dash, where a word starts in the line too, and ends at its line's end or at a [.?!], which no cue matches or looks
    past. The page is lower-cased once: str.lower maps each character on its own (Σ's two lower forms are both
    letters) and keeps spaces and line breaks, so each line of it is its sentences' `low` side by side, unless a
    character grew ("İ"): such a page is read in full.
    """
    if cues.may_state_a_count(heading.low):
        return False
    low = text.lower()
    if len(low) != len(text):
        return False
    lines, on_page = None, {}
    for keys, cue in cues.NAME_OR_COUNT_CUES:  # a cue at a time: an announcement shows the first one early
        for key in keys:
            if key not in on_page:  # cues share keys: each is looked for once
                on_page[key] = key in low
        present = tuple(key for key in keys if on_page[key])
        if present:
            lines = low.splitlines() if lines is None else lines
            if any(cues.has_any(line, present) and cue(line.strip()) for line in lines):
                return False
    return True


def read_sentences(text: str) -> list[_Sentence]:
    """Split the article into sentences; a lead line keeps the list items on the lines after it."""
    lines = [line.strip() for line in text.splitlines()]
    lines = [_without_dateline(line) for line in lines if line and not _BREADCRUMB_LINE.match(line)]
    sentences: list[_Sentence] = []
    index = 0
    while index < len(lines):
        for part in split_sentences(lines[index]):
            sentences.append(_Sentence(part, previous=sentences[-1] if sentences else None))
        items, index = _items_after(lines, index)
        if items and sentences:
            sentences[-1].block = tuple(items)
    return sentences


def _without_dateline(line: str) -> str:
    """Drop a news agency dateline ("BEIJING, April 3 (Xinhua) -- ") from the start of a line."""
    dateline = _DATELINE.match(line) if line[:1].isupper() else None
    return line[dateline.end() :] if dateline else line


def _items_after(lines: list[str], index: int) -> tuple[list[str], int]:
    """Read the one-per-line items after lines[index]; return them and the index of the next line to read."""
    if index + 1 >= len(lines) or not (
        _BULLET_START.match(lines[index + 1]) or _BLOCK_LEAD_TAIL.search(lines[index][-40:])
    ):
        return [], index + 1
    items: list[str] = []
    bulleted = False
    cursor = index + 1
    while cursor < len(lines):
        item = item_from_line(lines[cursor])
        if item is None:
            break
        name, item_bulleted, closes = item
        if not items:
            bulleted = item_bulleted
            if not bulleted and not _BLOCK_LEAD_TAIL.search(lines[index][-40:]):
                break  # unbulleted short lines are items only after a lead such as "are as follows:"
        elif item_bulleted != bulleted:
            break
        items.append(name)
        cursor += 1
        if closes:
            break
    return (items, cursor) if items else ([], index + 1)


def split_sentences(line: str) -> list[str]:
    """Split a line into sentences, not at abbreviations such as "Jan." or "Dr."."""
    sentences, start = [], 0
    for match in _SENTENCE_BREAK.finditer(line):
        period = match.start()
        if line[period] == "." and _ABBREVIATION_BEFORE_PERIOD.search(line[max(0, period - 5) : period]):
            continue
        sentences.append(line[start : match.end()].strip())
        start = match.end()
    sentences.append(line[start:].strip())
    return [s for s in sentences if s]


# ---- context: what belongs to this batch ------------------------------------------------------------------


def _settle_batch(sentences: list[_Sentence], heading: _Sentence, page_date: date | None) -> int | None:
    """Find this batch's ordinal and tell every sentence, so that each can say whether it is context."""
    reference_year = page_date.year if page_date else None
    main = None
    if heading.ordinals and not cues.is_past(heading.low, reference_year):
        main = heading.ordinals[0]
    if main is None:
        with_ordinals = (s for s in sentences if s.ordinals)
        main = next((s.ordinals[0] for s in with_ordinals if not cues.is_past(s.low, reference_year)), None)
    for sentence in (heading, *sentences):
        sentence.main_ordinal, sentence.reference_year = main, reference_year
    return main


def _reports_a_release(heading: _Sentence, sentences: list[_Sentence]) -> bool:
    """True when the title or a sentence about this batch reports new occupations being released or proposed."""
    return any(
        _about_new_occupations(s) and (s.draft_cue or s.ordinals or _releases_them(s)) and not s.context
        for s in (heading, *sentences)
        if s.text
    )


def _releases_them(sentence: _Sentence) -> bool:
    """True when the sentence's release verb is about the new occupations it mentions (or refers back to)."""
    if sentence.kind_cues:
        return cues.release_of_new_occupations(sentence.low)
    return sentence.release_cue


def _about_new_occupations(sentence: _Sentence) -> bool:
    """True when the sentence, or the one it refers back to ("They were released ..."), speaks of new ones."""
    if sentence.occupation_topic or sentence.work_type_cue:
        return True
    previous = sentence.previous
    return previous is not None and bool(_REFERS_BACK.match(sentence.low)) and bool(previous.kind_cues)


# ---- count and date ---------------------------------------------------------------------------------------


def _find_count(
    heading: _Sentence, sentences: list[_Sentence], *, names_found: bool
) -> tuple[int | None, _Sentence | None, list[str]]:
    """Return the stated count of new occupations, the sentence stating it, and notes on how it was read.

    "N new jobs" counts only in an article that names some or speaks of occupations or batches.
    """
    candidates = [s for s in (heading, *sentences) if s.text]
    vocabulary = names_found or any(
        ("occupation" in s.low or "profession" in s.low or "batch" in s.low) for s in candidates
    )
    for sentence in candidates:
        low = sentence.low
        # No number before an occupation noun: no count, in context or not (its context need not be worked out).
        if not cues.has_any(low, cues.OCCUPATION_NOUN_KEYS) or not cues.may_state_a_count(low) or sentence.context:
            continue
        for value, one_plus_others in cues.stated_counts(low, vocabulary):
            if one_plus_others:
                return (
                    value + 1,
                    sentence,
                    [f"count {value + 1} implied: the one named and {value} other new occupations"],
                )
            return value, sentence, []
    return None, None, []


def _find_release_date(sentences: list[_Sentence], page_date: date | None) -> str | None:
    """Return the ISO date of the release stated in a sentence about this batch, not after the page date."""
    for sentence in sentences:
        if not (sentence.release_cue or sentence.occupation_topic or sentence.draft_cue) or sentence.context:
            continue
        for match in DATE_ON.finditer(sentence.low):
            found = date_from_match(match, page_date)
            if found and (page_date is None or found <= page_date):
                return found.isoformat()
    return None


# ---- names ---------------------------------------------------------------------------------------------------


def _find_names(sentences: list[_Sentence]) -> _Names:
    """Collect the names of every list in sentences about this batch."""
    names = _Names()
    previous_topic: str | None = None
    for sentence in sentences:
        # Nothing is inherited after a sentence without a topic (most sentences): no need to ask.
        inherited = previous_topic if previous_topic is not None and _refers_back(sentence) else None
        topic = _sentence_topic(sentence) or inherited
        if topic is None or sentence.context:
            previous_topic = None
            continue
        follows_a_topic, previous_topic = previous_topic is not None, topic
        if not (inherited or sentence.announces or (follows_a_topic and _previous_announces(sentence))):
            continue  # "events covering new occupations such as ...": new occupations in general, not a batch
        for kind, item in _names_in_sentence(sentence, inherited):
            names.add(kind, item.name, item.parent, sentence)
        if sentence.block and mostly_people(sentence.block):
            for name in sentence.block:
                names.add(topic, name, _parent_in(sentence.text, sentence.low), sentence)
    return names


def _refers_back(sentence: _Sentence) -> bool:
    """True when the sentence's subject is the previous sentence's topic, or when it leads a list that points back."""
    if _REFERS_BACK.match(sentence.low):
        return True
    return bool(sentence.block) and (bool(_POINTS_BACK.search(sentence.low)) or _previous_announces(sentence))


def _previous_announces(sentence: _Sentence) -> bool:
    """True when the sentence before this one reports the batch ("China released eight new occupations ...")."""
    return sentence.previous is not None and sentence.previous.announces


def _sentence_topic(sentence: _Sentence) -> str | None:
    """Say what the sentence as a whole is about, if anything."""
    if sentence.upgrade_cues:
        return UPGRADED
    return sentence.kind_cues[-1][1] if sentence.kind_cues else None


def _names_in_sentence(sentence: _Sentence, inherited: str | None) -> list[tuple[str, ListItem]]:
    """Return (kind, item) for every accepted list and single name of one sentence."""
    text, low = sentence.text, sentence.low
    lists = _lists_in(sentence)
    found: list[tuple[str, ListItem]] = []
    for index, current in enumerate(lists):
        window = (lists[index - 1].end if index else 0, lists[index + 1].start if index + 1 < len(lists) else len(text))
        kind = _category(sentence, current, window, inherited)
        if kind is None:
            continue
        parent = None
        if kind != OCCUPATIONS:
            before, after = slice(window[0], current.start), slice(current.end, window[1])
            parent = _parent_in(text[before], low[before]) or _parent_in(text[after], low[after])
        found.extend((kind, ListItem(item.name, item.parent or parent)) for item in current.items)
    found.extend(_single_names_outside(sentence, lists))
    return found


def _lists_in(sentence: _Sentence) -> list[FoundList]:
    """Read the lists after each cue, and runs of two or more quoted names, in order."""
    text, low = sentence.text, sentence.low
    lists: list[FoundList] = []
    covered_to = 0
    for pos in _list_starts(low):
        if pos < covered_to:
            continue
        found = read_quoted_run(text, pos) if _STARTS_QUOTED.match(low, pos) else read_plain_list(text, pos)
        if _names_jobs(low, found):
            lists.append(found)
            covered_to = found.end
    subject = subject_list(text, low)
    overlaps = subject is not None and any(found.start < subject.end and subject.start < found.end for found in lists)
    if subject is not None and not overlaps and _names_jobs(low, subject):
        lists.append(subject)
    for span in sentence.quotes:
        if any(found.start <= span.start < found.end for found in lists) or not starts_quoted_run(text, span):
            continue
        run = read_quoted_run(text, span.start)
        if run and len(run.items) >= 2 and _names_jobs(low, run):
            lists.append(run)
    return sorted(lists, key=lambda found: found.start)


def _list_starts(low: str) -> list[int]:
    """Return where a list may start: right after each list cue in the (lower-cased) sentence."""
    starts = set()
    for cue in _LIST_CUES:
        at = low.find(cue.keyword)
        if at < 0 or (cue.needs and not cues.has_any(low, cue.needs)):
            continue
        while at >= 0:
            if cue.after_noun:
                ok = at > 0 and low[at - 1].isspace() and _noun_before(low, at, cue.nouns)
            else:
                ok = not cue.word or at == 0 or not low[at - 1].isalnum()
            match = cue.form.match(low, at) if ok else None
            if match:
                starts.add(match.end())
            at = low.find(cue.keyword, at + 1)
    return sorted(starts)


def _noun_before(low: str, at: int, nouns: tuple[str, ...]) -> bool:
    """True when one of `nouns` (or "the 10") stands right before the verb at `at`."""
    end = at - 1
    while end > 0 and low[end - 1].isspace():
        end -= 1
    if low.endswith(nouns, max(0, end - 16), end):
        return True
    return "the " in low[max(0, at - 20) : at] and bool(_THE_NUMBER_BEFORE.search(low, max(0, at - 20), at))


def _names_jobs(low: str, found: FoundList | None) -> bool:
    """True for a list of jobs: mostly role nouns, and not the nicknames people use ("the so-called ...")."""
    return (
        found is not None
        and mostly_people([item.name for item in found.items])
        and not cues.nickname_before(low, found.start)
    )


def _single_names_outside(sentence: _Sentence, lists: list[FoundList]) -> list[tuple[str, ListItem]]:
    """Return names stated one at a time, outside the lists and the "under the X occupation" phrases."""
    text, low = sentence.text, sentence.low
    taken = [(f.start, f.end) for f in lists]
    if "under" in low:
        taken += cues.parent_spans(low)
    found = []
    for start, end, kind_words in single_names(low, sentence.quotes):
        if any(a <= start < b for a, b in taken):
            continue
        name = clean_name(text[start:end])
        if not name or not mostly_people([name]):
            continue
        if sentence.upgrade_cues:
            kind = UPGRADED
        else:
            kind = WORK_TYPES if ("type" in kind_words or "categor" in kind_words) else OCCUPATIONS
        found.append((kind, ListItem(name, _parent_in(text, low) if kind != OCCUPATIONS else None)))
    return found


def _category(sentence: _Sentence, found: FoundList, window: tuple[int, int], inherited: str | None) -> str | None:
    """Say what a list names from the cues around it (up to the next list): upgrades, work types or occupations."""
    start, end = window
    for at in sentence.upgrade_cues:
        if start <= at < found.start:
            return UPGRADED
        # After the list, an upgrade is the list's own verb unless another verb comes first ("were added, and ...").
        if found.end <= at < end and not cues.added_verb_within(sentence.low, found.end, at):
            return UPGRADED
    before = [kind for at, kind in sentence.kind_cues if start < at <= found.start]
    if before:
        return before[-1]  # the nearest cue before the list
    after = [kind for at, kind in sentence.kind_cues if found.end < at <= end]
    return after[0] if after else inherited


def _parent_in(text: str, low: str) -> str | None:
    """Return the occupation named in "under the X occupation" (or "under the occupation of X"), cleaned."""
    raw = cues.parent_in(text, low) if "under" in low else None
    return clean_name(raw) if raw else None
