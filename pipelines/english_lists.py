"""Lists of names in English prose: read the items after a cue, split them, clean each name.

Pure: stdlib only. Everything here works on structure (quotes, commas, the
final "and", bullets, parentheses); the only vocabulary is a soft signal for
role nouns ("-er", "-ist", "personnel", ...) used to tell a list of jobs from
a list of cities, and to decide where a final " and " splits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Opening quote → its closing quote.
_CLOSING_QUOTE = {'"': '"', "“": "”", "‘": "’", "'": "'"}
QUOTE_CHARS = "\"“”‘’'"
_MAX_QUOTED = 120  # a quoted name longer than this is a quotation, not a name

# What may stand before a quoted item in a list: spaces and an article.
_BEFORE_QUOTE = re.compile(r"\s*(?:(?:the|both|a|an)\s+)?", re.IGNORECASE)
# Between two quoted items: a comma or semicolon and/or a conjunction, then the next quote.
_QUOTE_SEPARATOR = re.compile(
    r"\s*[,;]?\s*(?:(?:and|or|as\s+well\s+as)\s+)?(?:(?:the|both)\s+)?(?=[\"“‘']\s*\w)", re.IGNORECASE
)

# Where an unquoted list stops: the sentence ends, or a clause, verb, preposition phrase or new cue begins.
_PLAIN_LIST_END = re.compile(
    r"[.?!](?=[\"”’')]*(?:\s|$))"
    r"|:\s"
    r"|\s*(?:--|—|–)"
    r"|,\s+(?:which|who|whose|that|have|has|had|were|was|are|is|will|would|can|could|said|says|according|while"
    r"|whereas|but|as|making|bringing|marking|raising|with|in|on|at|for|to|from|since|after|before|when|where"
    r"|among|each|all|so|thus|covering|involving|reflecting|including|such|namely|mostly|most|many|some|both)\b"
    r"|,?\s+and\s+(?:the|this|these|those|it|its|they|their|other|others|so\s+on|more|many|some|most|is|are)\b"
    r"|\s+(?:which|who|whose|that|were|was|are|is|have|has|had|will|would|can|could|may|must|should)\s"
    r"|\s+(?:including|such\s+as|namely|among\s+others)\b|,?\s+etc\b"
    r"|\s+(?:to|into)\s+(?:the|its|their|a|an|China)\b"
    r"|\s+in\s+(?:the|its|their)\s+(?:list|catalogue|catalog|classification|batch|national|official|latest|new)\b"
    r"|\s+as\s+(?:new|official|an?|the|part|of)\b"
    r"|\s+(?:on|in|by|from|since)\s+(?:[A-Z]|\d{4})"
)
# A parent given inside a list, right after an item: "A, under the X occupation, and B".
_INLINE_PARENT = re.compile(
    r"^(?:the\s+latter\s+|which\s+(?:is|was)\s+|(?:newly\s+)?(?:added|placed|created)\s+)*under\s+(?:the\s+)?"
    r"(?:existing\s+|original\s+)?(?P<parent>.+?)\s+(?:occupation|profession)s?$",
    re.IGNORECASE,
)
_AND_SEPARATOR = re.compile(r"\s+and\s+")

# Soft signal: a word that names a person by role ("technicians", "assessor", "e-sportsmen", "personnel").
_ROLE_WORD = re.compile(
    r"[\w-]*(?:er|or|ist|yst|ian|ant|man|men|eer|ee|ier|ive|person|persons|people|personnel|staff|crew|pilot"
    r"|guide|coach|nurse|chef|aide|agent|clerk|expert|smith|keeper|hand|master|guard|steward)s?",
    re.IGNORECASE,
)
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
_LEADING_FILLER = re.compile(r"^(?:(?:and|or|as\s+well\s+as|the|both|also|namely|an?)\s+)+", re.IGNORECASE)
_TRAILING_FILLER = re.compile(
    r"(?:[\s,;:.!?]+|\s+(?:etc\.?|and\s+so\s+on|among\s+others|and\s+others)|[,;]\s*(?:and|or))+$"
)
_TRAILING_PARENTHESIS = re.compile(r"\s*\([^()]*\)$")
_WHITESPACE = re.compile(r"\s+")
_FORBIDDEN_CHARS = re.compile(r"[?!:;\n]")
_MAX_NAME_WORDS = 12

# A list item on its own line: a bullet or number, then the name, maybe a description after ":" or a dash.
_BULLET = re.compile(r"^\s*(?:[-*•·▪●◦]|\(\d{1,2}\)|\d{1,2}[.)、])\s*")
_ITEM_DESCRIPTION = re.compile(r":\s|\s[—–-]{1,2}\s|[.;](?=\s+[A-Z])")
_MAX_ITEM_LINE_WORDS = 10


@dataclass(frozen=True)
class ListItem:
    """One name read from a list, with the occupation a parenthetical "under ..." gives it."""

    name: str
    parent: str | None = None


@dataclass(frozen=True)
class FoundList:
    """A list read from a sentence: its items and the span it covers."""

    items: tuple[ListItem, ...]
    start: int
    end: int
    quoted: bool


@dataclass(frozen=True)
class QuotedSpan:
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
    spans = []
    pos = 0
    while pos < len(text):
        if text[pos] in _CLOSING_QUOTE:
            span = quote_at(text, pos)
            if span:
                spans.append(span)
                pos = span.end
                continue
        pos += 1
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
        separator = _QUOTE_SEPARATOR.match(text, cursor)
        if separator is None:
            break
        cursor = separator.end()
    if start is None or not items:
        return None
    return FoundList(tuple(items), start, end, quoted=True)


def read_plain_list(text: str, pos: int) -> FoundList | None:
    """Read an unquoted list from `pos` to the end of its clause; None if it holds no name."""
    end_match = _PLAIN_LIST_END.search(text, pos)
    end = end_match.start() if end_match else len(text)
    chunks = split_top_level(text[pos:end])
    if not chunks:
        return None
    last = chunks[-1]
    stripped_last = _LEADING_FILLER.sub("", last)
    if len(chunks) > 1 and stripped_last != last.strip():
        pieces = chunks  # an Oxford comma: ", and D" is one item
    else:
        pieces = [*chunks[:-1], *split_final_and(last)]
    items: list[ListItem] = []
    for piece in pieces:
        parent = _INLINE_PARENT.match(piece.strip())
        if parent and items:
            items[-1] = ListItem(items[-1].name, clean_name(parent.group("parent")))
            continue
        name = clean_name(piece)
        if not name or not is_name(name):
            break  # the list ends where the names stop
        items.append(ListItem(name))
    if not items:
        return None
    return FoundList(tuple(items), pos, end, quoted=False)


def split_top_level(segment: str) -> list[str]:
    """Split at commas and semicolons that are outside quotes and parentheses."""
    chunks, depth, quote, current = [], 0, None, []
    for char in segment:
        if quote:
            quote = None if char == _CLOSING_QUOTE.get(quote) else quote
        elif char in "\"“‘":
            quote = char
        elif char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        elif char in ",;" and depth == 0:
            chunks.append("".join(current))
            current = []
            continue
        current.append(char)
    chunks.append("".join(current))
    return [chunk for chunk in chunks if chunk.strip()]


def split_final_and(chunk: str) -> list[str]:
    """Split the last chunk of a list at the " and " that ends the first of two names.

    An " and " inside a name stays: it joins modifiers ("micro-sized and small
    loan officers": the left side names no person) or two singular heads that
    share their modifiers ("integrated circuit engineer and technician").
    """
    for match in _AND_SEPARATOR.finditer(chunk):
        if _inside_brackets_or_quotes(chunk, match.start()):
            continue
        left, right = chunk[: match.start()], chunk[match.end() :]
        if _joins_singular_heads(left, right):
            continue
        if _ends_with_head(left):
            return [left, right]
    return [chunk]


def _inside_brackets_or_quotes(text: str, pos: int) -> bool:
    """True when `pos` lies inside parentheses or an open quote."""
    before = text[:pos]
    return before.count("(") > before.count(")") or before.count('"') % 2 == 1 or before.count("“") > before.count("”")


def _words(text: str) -> list[str]:
    """Return the words of `text` without surrounding punctuation."""
    return [w.strip(_WORD_EDGE_PUNCTUATION) for w in text.split() if w.strip(_WORD_EDGE_PUNCTUATION)]


def is_role_word(word: str) -> bool:
    """True when a word looks like a role noun ("technicians", "assessor", "e-sportsmen", "personnel")."""
    return bool(_ROLE_WORD.fullmatch(word))


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
        return is_role_word(last)  # "e-sportsmen and ..." splits, "micro-sized and ..." does not
    return is_role_word(last) or (last.lower().endswith("s") and not last.lower().endswith("ss"))


def _joins_singular_heads(left: str, right: str) -> bool:
    """True for "... engineer and technician": two singular role nouns, the second bare."""
    left_words, right_words = _words(left), right.split(" and ", 1)[0].split()
    return (
        len(left_words) >= 2
        and len(right_words) == 1
        and _is_singular_role(left_words[-1])
        and _is_singular_role(right_words[0].strip(_WORD_EDGE_PUNCTUATION))
    )


def clean_name(raw: str) -> str:
    """Trim quotes, articles, a trailing parenthesis and punctuation; collapse whitespace."""
    name = raw
    for _ in range(3):
        before = name
        name = name.strip().strip(QUOTE_CHARS).strip()
        name = _LEADING_FILLER.sub("", name)
        name = _TRAILING_FILLER.sub("", name)
        name = _TRAILING_PARENTHESIS.sub("", name)
        if name == before:
            break
    return _WHITESPACE.sub(" ", name).strip()


def is_name(name: str) -> bool:
    """True when a cleaned phrase can be a name: short, no clause words, not opening with a preposition."""
    words = name.split()
    return (
        0 < len(words) <= _MAX_NAME_WORDS
        and name[0].isalnum()
        and not _FORBIDDEN_CHARS.search(name)
        and not _CLAUSE_WORD.search(name)
        and not _LEADING_FUNCTION_WORD.match(name)
    )


def names_people(name: str) -> bool:
    """True when a name holds a role noun; a single capitalised word (a place, a firm) does not count."""
    words = _words(name)
    if len(words) == 1 and words[0][:1].isupper():
        return False
    return any(is_role_word(word) for word in words)


def mostly_people(names: list[str] | tuple[str, ...]) -> bool:
    """True when at least half of the names look like jobs (the soft signal against lists of places)."""
    return bool(names) and 2 * sum(map(names_people, names)) >= len(names)


def item_from_line(line: str) -> tuple[str, bool, bool] | None:
    """Read a list item on its own line: (name, bulleted, closes_list), or None if the line is prose."""
    bullet = _BULLET.match(line)
    body = line[bullet.end() :] if bullet else line
    description = _ITEM_DESCRIPTION.search(body)
    head = body[: description.start()] if description else body
    if not description and len(head.split()) > _MAX_ITEM_LINE_WORDS:
        return None
    name = clean_name(head)
    if not name or not is_name(name) or len(name.split()) > _MAX_ITEM_LINE_WORDS:
        return None
    stripped = body.rstrip()
    closes = not bullet and (stripped.endswith(".") or body.lstrip().lower().startswith("and "))
    return name, bool(bullet), closes
