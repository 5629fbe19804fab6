"""Names in the English sentences that report a batch: lists after cues, lists as subjects, quoted names,
work types under their occupation, upgraded work types, one name a line.

Pure. A list is split at its top-level commas, semicolons and final "and";
an " and " splits only where its left side ends in an agent noun, so
"operation and maintenance technicians" stays one name. Items are read while
they are shaped like names (en_names).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import islice
from typing import NamedTuple

from occuwatch.pipelines.en_names import QUOTES, clean_name, head_of, is_name, is_phrase, is_role_word

# The patterns below that look for cues run on the page's lower-cased text (EnPage.low).
# Cues after which the names follow in the sentence: "including", "such as", "they are", "the following",
# "another job title called", ":", " — ". (Grouped by first letter behind one test of it, and the marks
# matched from the mark itself: a long flat alternation is tried branch by branch at every word, and this
# is twice as fast.)
_NAMED = r"(?:job\s+title|title|type\s+of\s+job|work\s+type|profession|occupation)\s+(?:is\s+)?(?:called|named|titled)"
LIST_CUE = re.compile(
    r"\b(?=[acijlnoprstw])(?:"
    r"a(?:s\s+follows|longside|long\s+with|nother\s+" + _NAMED + r"|\s+new\s+" + _NAMED + r"|ddition\s+of)"
    r"|c(?:omprising|areers\s+(?:are|were))"
    r"|i(?:ncluding|ncludes?|nclusion\s+of|ncluded(?:(?<=that\sincluded)|(?<=which\sincluded)))"
    r"|jobs\s+(?:are|were)"
    r"|l(?:ike|isted\s+below)"
    r"|n(?:amely|ew\s+titles\s+of)"
    r"|o(?:ccupations\s+(?:are|were)|nes\s+(?:are|were)|ne\s+" + _NAMED + r")"
    r"|professions\s+(?:are|were)"
    r"|recogni[sz]\w*\s+(?:both\s+)?"
    r"|such\s+as"
    r"|t(?:ogether\s+with|he(?:y|se)\s+(?:are|were)|hose\s+(?:are|were)|he\s+following(?:\s+[\w-]+){0,2})"
    r"|which\s+(?:are|were)"
    r")\b\s*:?"
    r"|[:—–-](?:(?<=:)(?=\s)|(?<=\s[—–])\s|(?<=\s--)\s)"
)
# What a list before it belongs to: "A and B are also among the 13 new jobs", "X along with nine other jobs".
SUBJECT_END = re.compile(
    r",?\s+(?:(?:are|were|is|was|have\s+been|has\s+been)\s+(?:also\s+|now\s+|all\s+|officially\s+)*"
    r"(?:among|included|added|listed|recogni[sz]ed|shortlisted|released|announced|unveiled|approved|introduced"
    r"|on\s+the\s+list|part\s+of)"
    r"|(?:along\s+with|alongside|together\s+with)\s+(?:\w+\s+)?other|and\s+other\s+(?:new\s+)?"
    r"(?:occupations|professions|jobs)|(?:are\s+now|are|become|became|join|joins)\s+(?:new\s+|now\s+)?"
    r"(?:officially\s+)?(?:official\s+|formal\s+|new\s+)*(?:professions|occupations|jobs|job\s+list|careers)"
    r"|(?:included|added|recogni[sz]ed)\s+(?:alongside|along\s+with)|among\s+\d+|becomes?\s+an?\s+official)\b",
)
# A cue strong enough wherever it stands on a page that reports a batch: "another job title called X".
STRONG_CUE = re.compile(r"\b(?:another|a\s+new|one\s+more)\s+(?:job\s+title|title|profession|occupation|career)\s+"
                        r"(?:is\s+)?(?:called|named|titled)\s")
# "The first batch, released in April 2019, included A and B": a batch's names after its verb.
BATCH_INCLUDED = re.compile(r"\bbatch\b[^.;]{0,60}?\bincluded\s")
# What ends a list of the page's names wherever it stands: "A, B … and other new occupations".
STRONG_SUBJECT_END = re.compile(r",?\s+and\s+other\s+new\s+(?:occupations|professions|jobs|careers)\b")
# A strong cue wherever it stands on a page that reports a batch: "another job title called X".
# "recognise both A and B as new professions", "add X, along with …, to the list".
AS_NEW = re.compile(r"\s+as\s+(?:an?\s+)?(?:potential\s+|official\s+|formal\s+)*new\s+(?:professions?|occupations?"
                    r"|jobs?|careers?)\b")
SEMICOLON_LIST_END = re.compile(r"\.\s+[A-Z]|\.$")
SEMICOLON_AND = re.compile(r";\s*and\s")
# What a list is split at (and the brackets and quotes that shield what they hold).
# (Written so that each branch opens with what it needs, not an optional run: twice as fast.)
LIST_TOKEN = re.compile(r"[()“”\"]|[,;]\s*|\s+(?:[,;]\s*|(?:and|or|as\s+well\s+as|plus)\s+|[—–]+\s+|--\s+)")
NEXT_QUOTE = re.compile(r"\s*(?:,|;)?\s*(?:(?:and|or|as\s+well\s+as)\s+)?(?=[“\"‘])")
QUOTED = re.compile(r"[“\"‘]\s*(?P<name>[^“”\"‘’]{2,90}?)\s*[”\"’]")
# A parent inside a list item: "“drone light show designer” under the drone pilot occupation".
UNDER_PARENT = re.compile(
    r"\s*,?\s*(?:was\s+|were\s+)?(?:added\s+|created\s+|placed\s+)?under\s+(?:the\s+)?(?:existing\s+|original\s+)?"
    r"(?:category\s+of\s+|profession\s+of\s+|occupation\s+of\s+)?[“\"‘]?(?P<parent>[^,;.“”\"‘’]{2,80}?)[”\"’]?"
    r"(?:\s+(?:occupation|profession)s?\b|(?=[,.;]|$))",
    re.IGNORECASE,
)
WORK_TYPE_WORDS = re.compile(r"\b(?:work\s+types?|types?\s+of\s+(?:work|jobs?)|job\s+types?"
                             r"|sub-?categor(?:y|ies))\b")
UPGRADED_WORDS = re.compile(
    r"\bupgraded\b|\bbecame\s+(?:new\s+)?occupations\b|\bbecome\s+(?:new\s+)?occupations\b"
    r"|\bin\s+their\s+own\s+right\b|\braised\s+to\b|\bpromoted\s+to\b|\belevated\s+to\b",
)
ITEM_LEAD = re.compile(r"\s*and\s+")
BULLET = re.compile(r"^\s*(?:[-*•·▪●◦►]|\(\d{1,2}\)|\d{1,2}[.)、])\s*")
ITEM_DESCRIPTION = re.compile(r":\s|\s[—–-]{1,2}\s|[.;](?=\s+[A-Z])")
CHINESE_GLOSS = re.compile(r"\s*\([^()]*[\u4e00-\u9fff][^()]*\)")
APPOSITION = re.compile(r"(?:^|,?\s+)(?:also\s+known\s+as|also\s+called|or\s+simply|known\s+as)\s+")


RELATIVE = re.compile(r"\s*(?:who|which|whose)\s")
LIST_WORD = re.compile(r"[A-Za-z][\w'’-]*")
PROBE_LENGTH = 200  # characters from a cue in which a role word must show for a list to start there
MAX_SHARED_FIELD_WORDS = 5  # "technicians for A, B, C": each field a few words


class Candidate(NamedTuple):
    """A name found on the page: as a reader means it, and where its text stands."""

    name: str
    start: int
    end: int
    parent: str | None = None


def top_level_pieces(text: str, base: int) -> list[tuple[int, int]]:
    """Spans of the pieces of a list: split at commas, semicolons, dashes and a joining "and" outside
    brackets and quotes; an "and" splits only where the left side ends in an agent noun (or a quote).
    A list whose items are split by semicolons keeps the commas inside its items."""
    return list(iter_pieces(text, base))


def iter_pieces(text: str, base: int) -> Iterator[tuple[int, int]]:
    """top_level_pieces one at a time: a cue that starts no list costs only its first pieces."""
    sentence_end = SEMICOLON_LIST_END.search(text)
    sentence = text[: sentence_end.start() if sentence_end else len(text)]
    # Items split by semicolons take two of them or a "; and": one semicolon after a list ("A and B; some
    # of them ...") ends the list, it does not split it.
    if sentence.count(";") >= 2 or SEMICOLON_AND.search(sentence):
        yield from semicolon_pieces(text, base)
        return
    start, depth, quote = 0, 0, False
    for token in LIST_TOKEN.finditer(text):
        if token.start() < start:
            continue  # inside a stretch a quote already closed
        mark = token.group()
        if mark == "(":
            depth += 1
        elif mark == ")":
            depth = max(0, depth - 1)
        elif mark in "“”\"":
            closing = quote and mark in "”\""
            quote = not quote if mark == '"' else mark == "“"
            after = NEXT_QUOTE.match(text, token.end()) if closing else None
            if after:  # “A,” “B,” and “C”: quotes bound the items
                if token.end() > start:
                    yield base + start, base + token.end()
                start = after.end()
        elif depth == 0 and not quote:
            word = mark.strip()  # LIST_TOKEN's words are lower case
            left = text[start : token.start()]
            if word in (",", ";", "--") or word.startswith(("—", "–")) or ends_a_name(left, text, token.end()) \
                    or text.startswith(("“", '"', "‘"), token.end()) \
                    or names_both_sides(text, start, token.start(), token.end()):
                if token.start() > start:
                    yield base + start, base + token.start()
                start = token.end()
    if len(text) > start:
        yield base + start, base + len(text)


def semicolon_pieces(text: str, base: int) -> list[tuple[int, int]]:
    """Items of a list split by semicolons ("A, B and C technicians; D; and E")."""
    pieces, start = [], 0
    for match in re.finditer(r"\s*;\s*(?:and\s+)?", text):
        pieces.append((base + start, base + match.start()))
        start = match.end()
    last = text[start:]
    stop = re.search(r"\.\s|\.$", last)
    pieces.append((base + start, base + start + (stop.start() if stop else len(last))))
    return [(a, b) for a, b in pieces if b > a]


def names_both_sides(text: str, start: int, pos: int, after: int) -> bool:
    """True for "assessors for older adults and additive manufacturing operators": two names, each with its head."""
    right_end = RIGHT_PIECE_END.search(text, after)
    right = text[after : right_end.start() if right_end else len(text)]
    left = text[start:pos]
    return is_name(clean_name(left)) and is_name(clean_name(right)) and not joins_two_heads(left, text, after)


def ends_a_name(left: str, text: str = "", after: int = 0) -> bool:
    """True when the text before an " and " (`left`; text[after:] follows it) can end a name: an agent noun, a
    quote or a bracket closes it.

    Not between two singular heads ("integrated circuit engineer and technician"): one trade, two titles.
    """
    stripped = left.rstrip()
    if stripped.endswith((*QUOTES, ")")):
        return True
    words = stripped.split()
    if not (words and is_role_word(words[-1])):
        return False
    return not joins_two_heads(stripped, text, after)


def joins_two_heads(left: str, text: str, after: int) -> bool:
    """True for "… engineer and technician" (`left`, then text[after:]): two technical titles in the singular,
    the second alone — one trade rendered with two titles (not "drone pilot and gamer", two trades)."""
    words = left.split()
    single = LONE_WORD.match(text, after)
    return bool(single and len(words) >= 2 and words[-1].lower() in PAIRED_TITLES
                and single.group(1).lower() in PAIRED_TITLES)


LONE_WORD = re.compile(r"\s*([A-Za-z][\w-]*)\s*(?:[,;.)(”\"—–]|\s+(?:and|or)\s|\s--\s|$)")
# Technical titles that renderings pair for one trade ("integrated circuit engineer and technician").
PAIRED_TITLES = frozenset({
    "engineer", "technician", "designer", "modeller", "modeler", "operator", "maintainer", "installer", "inspector",
    "tester", "builder", "developer", "programmer",
})  # fmt: skip
RIGHT_PIECE_END = re.compile(r"[,;—–]|\s--\s|\.(?:\s|$)")


def read_piece(text: str, start: int, end: int) -> list[Candidate]:
    """The name (and an alias: "X, also known as Y") a list piece holds."""
    raw = text[start:end]
    opened = raw.lstrip()
    quoted = QUOTED.match(opened) if opened[:1] in "“\"‘" else None
    if quoted and len(opened.rstrip()) > quoted.end() + 2:
        under = UNDER_PARENT.match(opened, quoted.end())
        # "“esports professional” alongside a list of …": the quote bounds the name (and a parent may follow)
        raw = quoted.group() + (under.group() if under else "")
    found = []
    if raw and not raw.isascii() and max(raw) >= "\u4e00":
        raw = CHINESE_GLOSS.sub("", raw)  # "engineers (量子计算…)": the Chinese name beside the English one
    # (APPOSITION is lower-case only, as are these tests.)
    parts = APPOSITION.split(raw) if ("known" in raw or "called" in raw or "simply" in raw) else (raw,)
    for index, part in enumerate(parts):
        if index and part.lstrip().lower().startswith(("the ", "a ", "an ")):
            continue  # "also known as the anchor of e-commerce platforms": a description, not a name
        parent = None
        under = UNDER_PARENT.search(part) if "under" in part else None
        if under and under.start() > 0:
            parent = clean_name(under.group("parent"))
        name = clean_name(part[: under.start()] if under and under.start() > 0 else part)
        if name and is_name(name):
            offset = max(raw.find(name[:8]), 0)
            found.append(Candidate(name, start + offset, end, parent if parent and is_phrase(parent) else None))
    return found


def merge_distributive(text: str, pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """"technicians for A, B, C and D": a head with a "for" complement shared by the headless pieces after it."""
    merged: list[tuple[int, int]] = []
    index = 0
    while index < len(pieces):
        start, end = pieces[index]
        piece = text[start:end]
        if " for " in piece.lower() and piece[:1] not in QUOTES and is_role_word(piece.split()[0]) \
                and is_name(clean_name(piece)):
            scan = index + 1
            while scan < len(pieces) and not is_name(clean_name(text[pieces[scan][0] : pieces[scan][1]])):
                field = text[pieces[scan][0] : pieces[scan][1]]
                if head_of(field) is None or len(field.split()) > MAX_SHARED_FIELD_WORDS:
                    break
                scan += 1
            if scan > index + 1:
                merged.append((start, pieces[scan - 1][1]))
                index = scan
                continue
        merged.append((start, end))
        index += 1
    return merged


def names_after(text: str, start: int, end: int) -> list[Candidate]:
    """The names of the list that starts at `start`, read while its pieces are names."""
    if not has_role_word(text, start, min(end, start + PROBE_LENGTH)):
        return []  # every name's head is a role word: without one, no list starts here
    remaining = iter_pieces(text[start:end], start)
    probe = {span: read_piece(text, *span) for span in islice(remaining, 2)}
    if not any(probe.values()):
        return []  # most cues ("are", "like", ":") start no list: look no further than its first pieces
    pieces = merge_distributive(text, [*probe, *remaining])
    found: list[Candidate] = []
    for index, (piece_start, piece_end) in enumerate(pieces):
        under = UNDER_PARENT.fullmatch(text, piece_start, piece_end - (text[piece_end - 1] in ".;"))
        if under and found:  # "A, under the X occupation, and B": the parent of the name before
            parent = clean_name(under.group("parent"))
            if is_phrase(parent):
                found[-1] = found[-1]._replace(parent=parent)
            continue
        names = probe.get((piece_start, piece_end))
        names = read_piece(text, piece_start, piece_end) if names is None else names
        if not names:
            if index == 0 and not found and len(text[piece_start:piece_end].split()) <= 3:
                continue  # "both", "the occupations of"…
            if found and (APPOSITION.match(text[piece_start:piece_end])
                          or RELATIVE.match(text, piece_start, piece_end)):
                continue  # "A, also known as the anchor of …, B", "A, who work in …, B": an aside
            break
        found += names
    return found


def has_role_word(text: str, start: int, end: int) -> bool:
    """True when text[start:end] holds a word that names a person by role (a quick test before reading a list)."""
    for word in LIST_WORD.findall(text, start, end):  # noqa: SIM110 (a loop is quicker than any())
        if is_role_word(word):
            return True
    return False


def names_before(text: str, start: int, end: int) -> list[Candidate]:
    """The names of the list that ends at `end`, read backwards no further than `start`."""
    pieces = top_level_pieces(text[start:end], start)
    found: list[Candidate] = []
    for index in range(len(pieces) - 1, -1, -1):
        piece_start, piece_end = pieces[index]
        names = read_piece(text, piece_start, piece_end)
        if not names:
            # The first piece may carry the clause that opens the list: "…jointly released A".
            lead = LEADING_CLAUSE.match(text[piece_start:piece_end])
            if lead:
                names = read_piece(text, piece_start + lead.end(), piece_end)
                found += names[::-1]
            break
        found += names[::-1]
    found.reverse()
    return found


LEADING_CLAUSE = re.compile(
    r"^[^“\"‘]*?\b(?:released|announced|unveiled|published|added|recogni[sz]ed|listed|include[sd]?|including"
    r"|such\s+as|like|namely|both|that|set|add|list|name|recogni[sz]e|alongside|with)\s+", re.IGNORECASE)
# A release verb a list may follow directly: "…jointly released A, B and C to the public".
RELEASED_LIST = re.compile(r"\b(?=[afjlopru])(?:jointly\s+|officially\s+|formally\s+)?"
                           r"(?:released|announced|unveiled|published|recogni[sz]ed|listed)\s+(?=[a-z“\"])")


def quoted_names(text: str, start: int, end: int) -> list[Candidate]:
    """Names in quotes within text[start:end]."""
    found = []
    for match in QUOTED.finditer(text, start, end):
        name = clean_name(match.group("name"))
        if name and is_name(name):
            found.append(Candidate(name, match.start("name"), match.end("name")))
    return found


def item_from_line(line: str) -> tuple[str, bool] | None:
    """A list item on its own line: (name, bulleted), or None if the line is prose."""
    bullet = BULLET.match(line)
    body = line[bullet.end() :] if bullet else line
    body = body[lead.end() :] if (lead := ITEM_LEAD.match(body)) else body  # "and Y."
    body = body.rstrip()
    body = body[:-4] if body.endswith((" and", ";and")) else body  # "X; and"
    body = body.rstrip().rstrip(";.,").rstrip()
    description = ITEM_DESCRIPTION.search(body, 0, 120)
    head = body[: description.start()] if description else body
    head = CHINESE_GLOSS.sub("", head)
    if not description and len(head.split()) > 10:
        return None
    name = clean_name(head)
    if not name or not is_name(name):
        return None
    return name, bool(bullet)
