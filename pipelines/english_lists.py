"""Lists of names in English prose: read the items after a cue, split them, clean each name.

Pure: stdlib only. Everything here works on structure (quotes, commas, the
final "and", bullets, parentheses); the only vocabulary is a soft signal for
role nouns ("-er", "-ist", "personnel", ...) used to tell a list of jobs from
a list of cities, and to decide where a final " and " splits.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

# Opening quote → its closing quote.
_CLOSING_QUOTE = {'"': '"', "“": "”", "‘": "’", "'": "'"}
QUOTE_CHARS = "\"“”‘’'"
_OPENING_QUOTE = re.compile("[\"“‘']")  # one character class: a fast scan
_MAX_QUOTED = 120  # a quoted name longer than this is a quotation, not a name

# What may stand before a quoted item in a list: spaces and an article.
_BEFORE_QUOTE = re.compile(r"\s*(?:(?:the|both|a|an)\s+)?", re.IGNORECASE)
# Between two quoted items: a comma or semicolon and/or a conjunction, then the next quote.
_QUOTE_SEPARATOR = re.compile(
    r"\s*[,;]?\s*(?:(?:and|or|as\s+well\s+as)\s+)?(?:(?:the|both)\s+)?(?=[\"“‘']\s*\w)", re.IGNORECASE
)

# A gloss in parentheses after a quoted name: the Chinese name, an abbreviation.
_GLOSS_AFTER_QUOTE = re.compile(r"\s*\([^()]{1,60}\)")
# The occupation a quoted item sits under, right after it: “X” under the drone pilot occupation.
_PARENT_AFTER_ITEM = re.compile(
    r"\s*,?\s*under\s+(?:the\s+)?(?:existing\s+|original\s+|current\s+)?"
    r"(?P<parent>[\"“‘'][^\"“”‘’]{2,100}[\"”’']|[^,;:.!?\"“”()]{2,80}?)\s+(?:occupation|profession)\b,?",
    re.IGNORECASE,
)
# Where an unquoted list stops: the sentence ends, or a clause, verb, preposition phrase or new cue begins.
_STOP_AFTER_COMMA = (
    r"which|who|whose|that|have|has|had|were|was|are|is|will|would|can|could|said|says|according|while"
    r"|whereas|but|as|making|bringing|marking|raising|with|in|on|at|for|to|from|since|after|before|when|where"
    r"|among|each|all|so|thus|covering|involving|reflecting|including|such|namely|mostly|most|many|some|both"
    r"|it|they|we|he|she|this|there|etc"
)
_AND_THEN_CLAUSE = (
    r"and\s+(?:the|this|these|those|it|its|they|their|other|others|so\s+on|more|many|some|most|is|are)(?![\w-])"
)
# The pattern opens with one character class so that the engine skips straight to punctuation and spaces;
# lookbehinds then say which character it stopped at.
_PLAIN_LIST_END = re.compile(
    r"[.?!:—–,\s]"
    r"(?:(?<=[.?!])(?=[\"”’')]*(?:\s|$))"
    r"|(?<=:)(?=\s)"
    r"|(?<=[—–])"
    rf"|(?<=,)\s+(?:(?:{_STOP_AFTER_COMMA})(?![\w-])|{_AND_THEN_CLAUSE})"
    r"|(?<=\s)\s*(?:(?:which|who|whose|that|were|was|are|is|have|has|had|will|would|can|could|may|must|should)\s"
    r"|(?:including|such\s+as|namely|among\s+others|etc)\b|--"
    rf"|{_AND_THEN_CLAUSE}"
    r"|(?:to|into)\s+(?:the|its|their|a|an|China)\b"
    r"|in\s+(?:the|its|their)\s+(?:list|catalogue|catalog|classification|batch|national|official|latest|new)\b"
    r"|as\s+(?:new|official|an?|the|part|of)\b"
    r"|(?:on|in|by|from|since)\s+(?:[A-Z]|\d{4})))"
)
# After a list that is the subject of its sentence: "A, B and C were released as ...", "... have been added to ...".
_AUXILIARIES_AFTER_LIST = (" were ", " are ", " was ", " been ")
_PERFECT_BEFORE_BEEN = (" have", " has", " had")  # "have been added": the verb starts at "have"
_ANNOUNCING_PARTICIPLE = re.compile(
    r"\s*(?:(?:now|also|officially|newly|formally)\s+)?"
    r"(?:released|added|recogni[sz]ed|listed|announced|unveiled|included|approved|introduced|published)\b"
)
_SUBJECT_START = re.compile(r",\s+|\bthat\s+")  # where a subject may begin besides the sentence start
_MIN_SUBJECT_ITEMS = 2
_NEXT_PIECE = re.compile(r"[^,;:.?!]{1,120}")  # the list piece after a relative clause, up to its punctuation
# ", who flies drones,": a relative clause on one item of a list, closed by a comma.
_RELATIVE_CLAUSE = re.compile(r",\s+(?:who|which|whose)\s+[^,;:.?!]{1,120}?,(?=\s)")
# ", the ministry said": an attribution closes a list (checked only when a reporting verb follows).
_ATTRIBUTION = re.compile(r",\s+(?:the\s+)?[^,]{0,60}?\s(?:said|says|told|added|noted)\b")
_REPORTING_VERBS = ("said", "says", "told", "added", "noted")
# A parent given inside a list, right after an item: "A, under the X occupation, and B".
_INLINE_PARENT = re.compile(
    r"^(?:the\s+latter\s+|which\s+(?:is|was)\s+|(?:newly\s+)?(?:added|placed|created)\s+)*under\s+(?:the\s+)?"
    r"(?:existing\s+|original\s+)?(?P<parent>.+?)\s+(?:occupation|profession)s?$",
    re.IGNORECASE,
)
# An item that names its parent: "kite surf coach under the outdoor sports instructor occupation".
_ITEM_UNDER_PARENT = re.compile(
    r"^(?P<name>.+?),?\s+under\s+(?:the\s+)?(?:existing\s+|original\s+|current\s+)?"
    r"(?P<parent>[^,;]+?)\s+(?:occupation|profession)s?$",
    re.IGNORECASE,
)
_LIST_PUNCTUATION = re.compile(r"[,;()\"“”‘’]")  # what split_top_level looks at
_AND_SEPARATOR = re.compile(r"\s+and\s+")
_BRACKETED = re.compile(r"\s*\([^()]*\)")  # a gloss or abbreviation in brackets
_OXFORD_AND = re.compile(r"(?:and|or)\s", re.IGNORECASE)

# Soft signal: endings of words that name a person by role ("technicians", "assessor", "linesmen").
_ROLE_ENDINGS = (
    "er", "or", "ist", "yst", "ian", "ant", "man", "men", "eer", "ee", "ier", "ive", "person", "people",
    "personnel", "staff", "crew", "pilot", "guide", "coach", "nurse", "chef", "aide", "agent", "clerk", "expert",
    "smith", "keeper", "hand", "master", "guard", "steward",
)  # fmt: skip
# Common nouns that end like role nouns but name things ("sectors", "centers", "plants").
_NOT_ROLE_WORDS = frozenset({
    "sector", "factor", "motor", "floor", "color", "colour", "labor", "error", "mirror", "interior", "exterior",
    "corridor", "major", "minor", "center", "computer", "water", "power", "paper", "number", "order", "other",
    "matter", "border", "chapter", "letter", "winter", "summer", "cluster", "layer", "filter", "container",
    "fiber", "fibre", "register", "semester", "quarter", "barrier", "frontier", "tier", "river", "tower", "meter",
    "counter", "corner", "banner", "router", "charger", "detector", "reactor", "indicator", "elevator",
    "generator", "processor", "plant", "restaurant", "grant", "initiative", "incentive", "objective",
    "alternative", "perspective", "directive", "archive",
})  # fmt: skip
_NOT_PLURAL_ENDINGS = ("ss", "ics", "us", "is")  # "logistics", "campus", "analysis"
_PREPOSITIONS = frozenset({"of", "for", "in", "on", "at", "with", "to", "from", "by", "about", "under", "engaged"})
_NUMBER_NEUTRAL_HEADS = frozenset({"personnel", "staff", "people", "crew"})
_WORD_EDGE_PUNCTUATION = "\"“”‘’'()[],;:.!?"

# Words that make a phrase a clause, not a name (checked in lower case only, so "IT" or "US" pass).
_CLAUSE_WORD = re.compile(
    r"\b(?:is|are|was|were|be|been|being|has|have|had|will|would|shall|should|can|could|might|must|do|does|did"
    r"|said|says|which|who|whom|whose|that|this|these|those|they|them|it|its|we|our|us|you|your|he|she|his|her"
    r"|there|their|not|than|because|if|when|where|while|according|also|very|such|etc|follows|following|below)\b"
)
_LEADING_FUNCTION_WORD = re.compile(
    r"^(?:under|for|in|of|with|by|at|on|from|to|into|about|as|like|including|among|between|after|before|during"
    r"|since|until|over|through|besides|plus|per|via|the|a|an)\b"
)
_LEADING_FILLER = re.compile(r"(?:(?:and|or|as\s+well\s+as|the|both|also|namely|an?)\s+)+", re.IGNORECASE)
_TRAILING_FILLERS = (" etc", " and so on", " among others", " and others", " and", " or")  # after punctuation is cut
_EDGE_NOISE = " ,;:.!?" + QUOTE_CHARS
_FORBIDDEN_CHARS = re.compile(r"[?!:;\n]")
_MAX_NAME_WORDS = 12
_CACHE_SIZE = 8192  # words and names repeat across articles; the functions cached are pure

# A list item on its own line: a bullet or number, then the name, maybe a description after ":" or a dash.
_BULLET = re.compile(r"^\s*(?:[-*•·▪●◦]|\(\d{1,2}\)|\d{1,2}[.)、])\s*")
_ITEM_DESCRIPTION = re.compile(r":\s|\s[—–-]{1,2}\s|[.;](?=\s+[A-Z])")
_MAX_ITEM_LINE_WORDS = 10
_MAX_ITEM_HEAD_CHARS = 120  # a name with its description separator lies within the first 120 characters

# A name stated on its own: "recognised “X” as a new occupation", "added X as an official profession"
# (matched at the start of a word).
_AS_KIND_PHRASES = (" as a ", " as an ", " as one of", " as new ", " as official ", " as formal ", " as national ")
_RECOGNISED_AS = re.compile(
    r"(?:recogni[sz]ed|listed|added|included|certified|designated|approved)\s+(?:the\s+)?"
    r"(?P<name>[\"“‘'][^\"“”‘’]{2,100}[\"”’']|[a-z][\w-]*(?:\s+[\w()-]+){0,7}?)\s+as\s+(?:an?\s+|one\s+of\s+the\s+)?"
    r"(?:(?:new|official|formal|national|independent|separate)\s+)+"
    r"(?P<kind>occupation|profession|job|work\s+type|type\s+of\s+work)s?\b"
)
# Before a quoted name: "a new work type called", "A third work type,", "the new occupation of".
_KIND_BEFORE_QUOTE = re.compile(
    r"(?:new\s+(?P<kind>occupation|profession|job\s+title|work\s+type|type\s+of\s+work)"
    r"|(?P<type_kind>work\s+type|type\s+of\s+work|job\s+type|sub-?category|subcategory))"
    r"\s*,?\s*(?:called\s+|named\s+|titled\s+|of\s+)?"
)
# After a quoted name: "“X” was upgraded" (the name is the subject of an upgrade).
_UPGRADED_AFTER_QUOTE = re.compile(
    r"\s*(?:\([^()]{1,60}\)\s*)?,?\s*(?:(?:was|were|is|are|has\s+been|have\s+been|had\s+been)\s+)(?:also\s+)?upgraded\b"
)
_KIND_KEYWORDS = ("new", "work type", "type of work", "job type", "sub-category", "subcategory")


# The records below are NamedTuples: immutable like frozen dataclasses, and cheaper to build (a dense
# article builds hundreds).
class ListItem(NamedTuple):
    """One name read from a list, with the occupation a parenthetical "under ..." gives it."""

    name: str
    parent: str | None = None


class FoundList(NamedTuple):
    """A list read from a sentence: its items and the span it covers."""

    items: tuple[ListItem, ...]
    start: int
    end: int
    quoted: bool


class QuotedSpan(NamedTuple):
    """A quoted stretch of a sentence: where it starts and ends, and its content."""

    start: int
    end: int
    content: str


def quote_at(text: str, pos: int) -> QuotedSpan | None:
    """Return the quoted span opening at `pos`, or None when no quote opens there."""
    if pos >= len(text) or text[pos] not in _CLOSING_QUOTE:
        return None
    opening = text[pos]
    if opening == "'" and pos > 0 and text[pos - 1].isalnum():
        return None  # an apostrophe, as in "People's"
    closing = _CLOSING_QUOTE[opening]
    search_from = pos + 1
    limit = min(len(text), pos + 1 + _MAX_QUOTED)
    while True:
        close = text.find(closing, search_from, limit)
        if close < 0:
            return None
        # A single closing quote glued to a letter is an apostrophe ("People’s"): look further.
        if closing in "'’" and close + 1 < len(text) and text[close + 1].isalpha():
            search_from = close + 1
            continue
        return QuotedSpan(pos, close + 1, text[pos + 1 : close])


def quoted_spans(text: str) -> list[QuotedSpan]:
    """Return the quoted spans of a sentence, left to right, not nested."""
    spans: list[QuotedSpan] = []
    for opening in _OPENING_QUOTE.finditer(text):
        at = opening.start()
        if (spans and at < spans[-1].end) or (opening.group() == "'" and at and text[at - 1].isalnum()):
            continue  # inside the last span, or an apostrophe ("People's")
        span = quote_at(text, at)
        if span:
            spans.append(span)
    return spans


def read_quoted_run(text: str, pos: int) -> FoundList | None:
    """Read quoted items joined by commas or "and" from `pos`; None if no quote opens there."""
    items: list[ListItem] = []
    start = end = None
    cursor = pos
    while True:
        lead = _BEFORE_QUOTE.match(text, cursor)
        span = quote_at(text, lead.end())
        if span is None:
            break
        start = span.start if start is None else start
        name = clean_name(span.content)
        if name:
            items.append(ListItem(name))
        end = cursor = span.end
        gloss = _GLOSS_AFTER_QUOTE.match(text, cursor)  # “sea-ice pilot” (海冰引航员)
        if gloss:
            end = cursor = gloss.end()
        parent = _PARENT_AFTER_ITEM.match(text, cursor) if "under" in text[cursor : cursor + 12] else None
        if parent and items:
            items[-1] = ListItem(items[-1].name, clean_name(parent.group("parent")))
            end = cursor = parent.end()
        separator = _QUOTE_SEPARATOR.match(text, cursor)
        if separator is None:
            break
        cursor = separator.end()
    if start is None or not items:
        return None
    return FoundList(_parents_carried_back(items), start, end, quoted=True)


def _parents_carried_back(items: list[ListItem]) -> tuple[ListItem, ...]:
    """Give an item without a parent the parent of the next item that has one ("A and B under X, C under Y")."""
    if all(item.parent is None for item in items):
        return tuple(items)
    carried: list[ListItem] = []
    parent = None
    for item in reversed(items):
        parent = item.parent or parent
        carried.append(ListItem(item.name, parent))
    return tuple(reversed(carried))


def starts_quoted_run(text: str, span: QuotedSpan) -> bool:
    """True when another quoted item follows `span` ("A", "B" / “A,” “B,” / "A" and "B")."""
    gloss = _GLOSS_AFTER_QUOTE.match(text, span.end)
    return _QUOTE_SEPARATOR.match(text, gloss.end() if gloss else span.end) is not None


def read_plain_list(text: str, pos: int) -> FoundList | None:
    """Read an unquoted list from `pos` to the end of its clause; None if it holds no name."""
    end = _clause_end(text, pos)
    if text.startswith(",", end) and _RELATIVE_CLAUSE.match(text, end):
        text, end = _without_relative_clauses(text, pos, end)
    if ";" in text[pos:end]:
        found = _read_semicolon_list(text, pos, end)
        if found:
            return found
    pieces: list[str] = []
    for start, stop in split_top_level(text[pos:end]):
        chunk = text[pos + start : pos + stop].strip()
        if not (_inline_parent(chunk) or is_name(clean_name(chunk), max_words=2 * _MAX_NAME_WORDS)):
            break  # the list ends where the names stop; its final " and " is in the last piece kept
        pieces.append(chunk)
        end = pos + stop
    name_pieces = [i for i, piece in enumerate(pieces) if not _inline_parent(piece)]
    if name_pieces and not (len(name_pieces) > 1 and _OXFORD_AND.match(pieces[name_pieces[-1]])):
        last = name_pieces[-1]
        pieces[last : last + 1] = split_final_and(pieces[last])
    items: list[ListItem] = []
    for piece in pieces:
        parent = _inline_parent(piece)
        if parent:
            if items:
                items[-1] = ListItem(items[-1].name, clean_name(parent))
            continue
        item = _item_from_piece(piece)
        if not is_name(item.name):
            break  # one over-long piece: an " and " that did not split, or prose
        items.append(item)
    if not items:
        return None
    return FoundList(_parents_carried_back(items), pos, end, quoted=False)


def _item_from_piece(piece: str) -> ListItem:
    """Clean a list piece into an item, splitting off the occupation it sits under ("A under the X occupation")."""
    match = _ITEM_UNDER_PARENT.match(piece) if "under" in piece else None
    if match:
        name = clean_name(match.group("name"))
        if is_name(name):
            return ListItem(name, clean_name(match.group("parent")))
    return ListItem(clean_name(piece))


def subject_list(text: str, low: str) -> FoundList | None:
    """Read a list that is the subject of an announcing verb: "A, B and C were released as new occupations".

    The list starts at the sentence start, after a comma or after "that", and
    must end right before the verb; the leftmost start whose first item names
    people wins ("Meanwhile, A, B and C were added ..." starts at A).
    """
    for verb_at in _announcing_verbs(low):
        last_item_from = max(low.rfind(",", 0, verb_at), low.rfind(" and ", 0, verb_at))
        if last_item_from < 0 or not names_people(clean_name(text[last_item_from + 1 : verb_at])):
            continue  # a list ends in a name, and the name before the verb is the last of two or more
        starts = [0, *(match.end() for match in _SUBJECT_START.finditer(low, 0, verb_at))]
        for start in starts:
            found = read_plain_list(text, start)
            if (
                found is not None
                and len(found.items) >= _MIN_SUBJECT_ITEMS
                and not text[found.end : verb_at].strip()
                and names_people(found.items[0].name)
            ):
                return found
    return None


def _announcing_verbs(low: str) -> list[int]:
    """Return where verbs like "were released" or "have been added" start (at the space before them)."""
    found = []
    for auxiliary in _AUXILIARIES_AFTER_LIST:
        at = low.find(auxiliary)
        while at >= 0:
            if _ANNOUNCING_PARTICIPLE.match(low, at + len(auxiliary)):
                if auxiliary != " been ":
                    found.append(at)
                elif low.endswith(_PERFECT_BEFORE_BEEN, 0, at):
                    found.append(low.rfind(" ", 0, at))
            at = low.find(auxiliary, at + 1)
    return sorted(found)


def _read_semicolon_list(text: str, pos: int, end: int) -> FoundList | None:
    """Read "A; B, C and D; and E": items split at semicolons only, so each may hold commas and "and"."""
    pieces: list[str] = []
    stop = pos
    for start, piece_end in split_top_level(text[pos:end], separators=";"):
        chunk = text[pos + start : pos + piece_end].strip()
        if not is_name(clean_name(chunk)):
            break
        pieces.append(chunk)
        stop = pos + piece_end
    if len(pieces) < 2:
        return None  # "A, B and C; the ministry said ...": one piece is a comma list, not a semicolon list
    if not _OXFORD_AND.match(pieces[-1]):
        pieces[-1:] = split_final_and(pieces[-1])
    return FoundList(_parents_carried_back([_item_from_piece(piece) for piece in pieces]), pos, stop, quoted=False)


def _without_relative_clauses(text: str, pos: int, end: int) -> tuple[str, int]:
    """Blank out ", who ...," clauses that sit between list items; return the text (same offsets) and the list end.

    A clause is blanked only when another name follows it ("A, who ..., and B"),
    not an attribution or prose ("A, who ..., the ministry said").
    """
    while (clause := _RELATIVE_CLAUSE.match(text, end)) is not None:
        following = _NEXT_PIECE.match(text, clause.end())
        if following is None or not names_people(clean_name(following.group())):
            break
        text = text[: clause.start()] + "," + " " * (clause.end() - clause.start() - 1) + text[clause.end() :]
        end = _clause_end(text, pos)
    return text, end


def _clause_end(text: str, pos: int) -> int:
    """Return where the clause that holds a list starting at `pos` ends."""
    end_match = _PLAIN_LIST_END.search(text, pos)
    end = end_match.start() if end_match else len(text)
    if any(verb in text[pos:end] for verb in _REPORTING_VERBS):
        attribution = _ATTRIBUTION.search(text, pos, end)
        end = attribution.start() if attribution else end
    return end


def _inline_parent(piece: str) -> str | None:
    """Return X when a list piece reads "under the X occupation" (the item before it sits under X)."""
    match = _INLINE_PARENT.match(piece) if "under" in piece else None
    return match.group("parent") if match else None


def split_top_level(segment: str, separators: str = ",;") -> list[tuple[int, int]]:
    """Return the spans between `separators` (commas and semicolons) outside quotes and parentheses."""
    spans, depth, quote, start = [], 0, None, 0
    for mark in _LIST_PUNCTUATION.finditer(segment):
        char, index = mark.group(), mark.start()
        if quote:
            quote = None if char == _CLOSING_QUOTE[quote] else quote
        elif char in '"“‘':
            quote = char
        elif char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        elif char in separators and depth == 0:
            spans.append((start, index))
            start = index + 1
    spans.append((start, len(segment)))
    return [(a, b) for a, b in spans if not segment[a:b].isspace() and a < b]


def split_final_and(chunk: str) -> list[str]:
    """Split the last chunk of a list at the " and " that ends the first of two names.

    An " and " inside a name stays: it joins modifiers ("repair and testing
    engineers": the left side names no person) or two singular heads that
    share their modifiers ("wind farm engineer and technician").
    """
    candidates = []
    for match in _AND_SEPARATOR.finditer(chunk):
        left, right = chunk[: match.start()], chunk[match.end() :]
        if not _inside_brackets_or_quotes(chunk, match.start()) and not _joins_singular_heads(left, right):
            candidates.append((left, right))
    for left, right in candidates:
        if _ends_with_head(left):
            return [left, right]
    # "... guides for glacier tourism and ...": the left side ends in a modifier but names a person.
    for left, right in candidates:
        if names_people(left) and names_people(right):
            return [left, right]
    return [chunk]


def _inside_brackets_or_quotes(text: str, pos: int) -> bool:
    """True when `pos` lies inside parentheses or an open quote."""
    before = text[:pos]
    return before.count("(") > before.count(")") or before.count('"') % 2 == 1 or before.count("“") > before.count("”")


def _words(text: str) -> list[str]:
    """Return the words of `text` without surrounding punctuation."""
    return [w.strip(_WORD_EDGE_PUNCTUATION) for w in text.split() if w.strip(_WORD_EDGE_PUNCTUATION)]


@lru_cache(maxsize=_CACHE_SIZE)
def is_role_word(word: str) -> bool:
    """True when a word looks like a role noun ("technicians", "assessor", "linesmen", "personnel")."""
    lower = word.lower()
    stem = lower[:-1] if lower.endswith("s") else lower
    if lower.endswith(("ches", "shes", "xes")):
        stem = lower[:-2]  # "coaches"
    return stem.endswith(_ROLE_ENDINGS) and stem not in _NOT_ROLE_WORDS and stem.replace("-", "").isalpha()


def _is_singular_role(word: str) -> bool:
    """True for a role noun in the singular ("engineer", not "engineers" nor "personnel")."""
    lower = word.lower()
    return is_role_word(word) and not lower.endswith(("s", "men")) and lower not in _NUMBER_NEUTRAL_HEADS


def _ends_with_head(left: str) -> bool:
    """True when the left side of an " and " can end a name: it ends in a role noun or a plural."""
    stripped = left.rstrip().rstrip(QUOTE_CHARS)
    if stripped.endswith(")"):
        return True
    words = _words(left)
    if not words:
        return False
    last = words[-1]
    if len(words) == 1:
        return is_role_word(last)  # "linesmen and ..." splits, "repair and ..." does not
    return is_role_word(last) or (last.lower().endswith("s") and not last.lower().endswith(_NOT_PLURAL_ENDINGS))


def _joins_singular_heads(left: str, right: str) -> bool:
    """True for "... engineer and technician": two singular role nouns, the second bare."""
    left_words, right_words = _words(left), _BRACKETED.sub("", right.split(" and ", 1)[0]).split()
    return (
        len(left_words) >= 2
        and len(right_words) == 1
        and _is_singular_role(left_words[-1])
        and _is_singular_role(right_words[0].strip(_WORD_EDGE_PUNCTUATION))
    )


@lru_cache(maxsize=_CACHE_SIZE)
def clean_name(raw: str) -> str:
    """Trim quotes, articles, a trailing parenthesis and punctuation; collapse whitespace."""
    name = " ".join(raw.split())
    while True:
        before = name
        name = name.strip(_EDGE_NOISE)
        filler = _LEADING_FILLER.match(name)
        if filler:
            name = name[filler.end() :]
        for filler_word in _TRAILING_FILLERS:
            if name.endswith(filler_word):
                name = name[: -len(filler_word)]
                break
        if name.endswith(")") and (opening := name.rfind("(")) >= 0 and ")" not in name[opening:-1]:
            name = name[:opening]
        if name == before:
            return name


@lru_cache(maxsize=_CACHE_SIZE)
def is_name(name: str, *, max_words: int = _MAX_NAME_WORDS) -> bool:
    """True when a cleaned phrase can be a name: short, no clause words, not opening with a preposition."""
    words = name.split()
    return (
        0 < len(words) <= max_words
        and name[0].isalnum()
        and not _FORBIDDEN_CHARS.search(name)
        and not _CLAUSE_WORD.search(name)
        and not _LEADING_FUNCTION_WORD.match(name)
    )


@lru_cache(maxsize=_CACHE_SIZE)
def names_people(name: str) -> bool:
    """True when a name's head (the words before any preposition) holds a role noun.

    A single capitalised word (a place, a firm) does not count.
    """
    words = _words(name)
    if len(words) == 1 and words[0][:1].isupper():
        return False
    head = []
    for word in words:
        if word.lower() in _PREPOSITIONS and head:
            break
        head.append(word)
    return any(is_role_word(word) for word in head)


def mostly_people(names: list[str] | tuple[str, ...]) -> bool:
    """True when at least half of the names look like jobs (the soft signal against lists of places)."""
    return bool(names) and 2 * sum(map(names_people, names)) >= len(names)


def item_from_line(line: str) -> tuple[str, bool, bool] | None:
    """Read a list item on its own line: (name, bulleted, closes_list), or None if the line is prose."""
    bullet = _BULLET.match(line)
    body = line[bullet.end() :] if bullet else line
    description = _ITEM_DESCRIPTION.search(body, 0, _MAX_ITEM_HEAD_CHARS)
    head = body[: description.start()] if description else body
    if not description and len(head.split()) > _MAX_ITEM_LINE_WORDS:
        return None
    name = clean_name(head)
    if not name or not is_name(name) or len(name.split()) > _MAX_ITEM_LINE_WORDS:
        return None
    stripped = body.rstrip()
    closes = not bullet and (stripped.endswith(".") or body.lstrip().lower().startswith("and "))
    return name, bool(bullet), closes


def single_names(low: str, quotes: list[QuotedSpan]) -> list[tuple[int, int, str]]:
    """Return (start, end, kind words) of names stated one at a time.

    `low` is the sentence lower-cased (A-Z only, offsets kept) and `quotes` its
    quoted spans. Kind words are what the text calls the name ("occupation",
    "work type"), for the caller to classify.
    """
    found = []
    if " as " in low and _has_any(low, _AS_KIND_PHRASES):
        for match in _RECOGNISED_AS.finditer(low):  # no leading \b in the pattern: it slows the scan
            if match.start() == 0 or not low[match.start() - 1].isalnum():
                found.append((*match.span("name"), match.group("kind")))
    upgrades = "upgraded" in low
    for span in quotes:
        match = _kind_before(low, span.start)
        if match:
            found.append((span.start, span.end, match.group("kind") or match.group("type_kind")))
        elif upgrades and _UPGRADED_AFTER_QUOTE.match(low, span.end):
            found.append((span.start, span.end, "upgraded"))
    return found


def _has_any(text: str, phrases: tuple[str, ...]) -> bool:
    """True when `text` contains one of `phrases`."""
    for phrase in phrases:  # noqa: SIM110 - a plain loop is faster than any() over a generator
        if phrase in text:
            return True
    return False


def _kind_before(low: str, quote_start: int) -> re.Match[str] | None:
    """Match "a new work type called" (or the like) right before a quote, trying only where its keywords stand."""
    window_start = max(0, quote_start - 45)
    for keyword in _KIND_KEYWORDS:
        at = low.rfind(keyword, window_start, quote_start)
        match = _KIND_BEFORE_QUOTE.fullmatch(low, at, quote_start) if at >= 0 else None
        if match:
            return match
    return None
