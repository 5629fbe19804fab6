"""English pages → Announcement: every report of a batch on the page, and the names each gives.

Pure: imports neither Scrapy nor SQLite, and knows no occupation by name.
The page is folded and split into sentences (en_page); each sentence that
reports a batch is read for its facts (en_reports), and the names around it
by their shape and the list they stand in (en_lists). The reports are then
gathered into batches (batches).
"""

from __future__ import annotations

import re

from occuwatch.pipelines.announcement import Announcement, Name
from occuwatch.pipelines.batches import Report, compose
from occuwatch.pipelines.en_lists import (
    AS_NEW,
    BATCH_INCLUDED,
    LIST_CUE,
    RELEASED_LIST,
    STRONG_CUE,
    STRONG_SUBJECT_END,
    SUBJECT_END,
    UPGRADED_WORDS,
    WORK_TYPE_WORDS,
    Candidate,
    item_from_line,
    names_after,
    names_before,
    quoted_names,
)
from occuwatch.pipelines.en_names import clean_name, is_name, is_phrase
from occuwatch.pipelines.en_page import EnPage, Sentence, key_spans
from occuwatch.pipelines.en_reports import NOUN_KEYS, QUIET, SentenceFacts, has_any, read_sentence, settle
from occuwatch.pipelines.english_dates import DATE_ON_LOWER, date_from_match, parse_iso

# A sentence that goes on about the batch just reported: "They are …", "The new occupations include …".
GOES_ON = re.compile(
    r"\s*(?:they|these|those|the\s+(?:\w+\s+){0,2}(?:occupations|professions|jobs|careers|roles|list|ones)"
    r"|the\s+\d+\s+(?:are|include)"
    r"|among\s+(?:them|some\s+of\s+the)|other\s+(?:newly\s+)?(?:recogni[sz]ed\s+)?(?:professions|occupations|jobs)"
    r"|newly\s+recogni[sz]ed|also|in\s+addition|besides|meanwhile|apart\s+from|this\s+list|the\s+list)\b",
    re.IGNORECASE,
)
ALSO_VERB = ("were also", "was also", "are also", "is also")  # "A, B were also included": goes on too
# "the job title “Y” was added under the profession of X", "Under the category of “X”, one type of job is called “Y”".
WORK_TYPE_UNDER = (
    ("added under", re.compile(
        r"(?:job\s+title|work\s+type|type\s+of\s+work)\s+[“\"](?P<name>[^”\"]{2,80})[”\"]\s+(?:was|were|has\s+been)\s+"
        r"added\s+under\s+(?:the\s+)?(?:profession|occupation)\s+of\s+(?P<parent>[^,.;]{2,80})", re.IGNORECASE)),
    ("category of", re.compile(
        r"under\s+the\s+category\s+of\s+[“\"](?P<parent>[^”\"]{2,80})[”\"],?\s+(?:one|a)\s+(?:new\s+)?"
        r"(?:type\s+of\s+job|work\s+type|job\s+type)\s+is\s+called\s+[“\"](?P<name>[^”\"]{2,80})[”\"]", re.IGNORECASE)),
    ("is one of", re.compile(
        r"(?:^|[,;]\s*)(?P<name>[\w -]{3,60}?)\s+is\s+one\s+of\s+(?:the\s+)?jobs\s+included\s+under\s+"
        r"(?P<parent>[^,.;]{2,80})", re.IGNORECASE)),
)
SENTENCE_PARENT = re.compile(
    r"\bunder\s+the\s+(?:occupation|profession|category)\s+of\s+[“\"]?(?P<parent>[^”\",.;]{2,80})"
    r"|\b(?:types?\s+of\s+work|work\s+types?)\s+under\s+the\s+(?:existing\s+|original\s+)?[“\"]?"
    r"(?P<parent3>[^”\",.;]{2,80}?)[”\"]?\s+(?:occupation|profession)\b"
    r"|^\s*under\s+the\s+(?:existing\s+|original\s+)?[“\"]?(?P<parent4>[^”\",.;]{2,80}?)[”\"]?\s+"
    r"(?:occupation|profession)\b"
    r"|\b(?:added|created|placed|set\s+up|introduced)\s+under\s+(?:the\s+)?(?P<parent2>[^,.;“”\"]{2,80}?)\s+"
    r"(?:occupation|profession)\b(?!\s+of)",
    re.IGNORECASE,
)
AFTER_LIST = re.compile(r"^[”\"’)\s,—–-]+")
WORK_TYPES_ADDED = re.compile(r"\bnew\s+(?:work\s+types?|types?\s+of\s+work|job\s+types?)\b|\b(?:added|created)\b",
                              re.IGNORECASE)
NICKNAMED = re.compile(r"(?:well-known|so-called|nicknamed|dubbed|popularly\s+known\s+as|known\s+as)\s*[“\"‘]?$",
                       re.IGNORECASE)
PARENT_BEFORE = re.compile(r"(?:occupation|profession|category)\s+of\s+[“\"‘]?$")
CLAUSE_BREAK = re.compile(r",\s+and\s+(?![“\"‘])")
PARENT_AFTER = re.compile(r"\s*[”\"’]?\s+(?:occupation|profession)\b", re.IGNORECASE)
UPGRADED_QUOTE = re.compile(r"[“\"](?P<name>[^”\"]{2,80})[”\"]\s*(?:\([^()]{1,40}\)\s*)?,?\s*(?:was|were|has\s+been"
                            r"|have\s+been)\s+(?:also\s+)?upgraded\b", re.IGNORECASE)
RELEASED_ON = re.compile(r"\b(?:released|announced|published|unveiled|issued|publicity|approved)\b")  # on page.low
# What a sentence outside the reports must hold for a list of the page's names to stand in it.
LIST_KEYS = ("released", "announced", "unveiled", "published", "recogni", "listed", "and other new", "upgraded",
             "under", "called", "named", "titled")
# Words one of which SUBJECT_END needs (a set test before the pattern, tried at every space).
SUBJECT_END_WORDS = frozenset({
    "are", "were", "is", "was", "been", "along", "alongside", "together", "other", "become", "becomes", "became",
    "join", "joins", "included", "added", "recognized", "recognised", "among",
})  # fmt: skip
# What follows "job" where the word names no occupation: "job fair", "job seekers" (as the NOUN pattern has it).
NOT_THE_NOUN = (" fair", "s fair", " vacanc", "s vacanc", " seeker", "-seeker", " market", " opening", "s opening",
                " posting", "s posting")
UPGRADE_KEYS = ("upgraded", "became", "become", "right", "raised", "promoted", "elevated")  # UPGRADED_WORDS needs one
WORK_TYPE_KEYS = ("type", "categor")  # one of which WORK_TYPE_WORDS needs
RELEASED_KEYS = ("released", "announced", "unveiled", "published", "recogni", "listed")  # RELEASED_LIST's verbs
NAMING_KEYS = ("called", "named", "titled")  # STRONG_CUE's verbs
LINE_CUE_ENDS = (":", "are", "include", "includes", "namely", "follows", "below", "following")
LINE_CUE = re.compile(r"(?::|\b(?:are|include|includes|namely|as\s+follows|listed\s+below|following))\s*$")


def parse_english(text: str, *, title: str | None = None, published: str | None = None) -> Announcement:
    """Find every batch an English page reports and the names it gives.

    `title` is read as the page's headline; `published` (the page's ISO date)
    resolves a date written without a year and tells recalled history from
    the page's own news.
    """
    if next(key_spans(f"{title or ''}\n{text}".lower(), NOUN_KEYS, NOT_THE_NOUN), None) is None:
        return Announcement(language="en")  # no word for an occupation anywhere: most news, read no further
    page = EnPage(text, title, parse_iso(published))
    reports: dict[int, Report] = {}
    previous_reported = False
    # Sentences are read only where a key shows (found across the page at once): on long news most hold none.
    with_nouns = page.sentences_with(NOUN_KEYS, unless=NOT_THE_NOUN)
    facts_of = {s.start: read_sentence(page, s) for s in page.sentences if s.start in with_nouns and not s.chinese}
    page_reports = any(f.reports for f in facts_of.values())
    to_read = with_nouns | page.sentences_with(WORK_TYPE_KEYS) | (page.sentences_with(LIST_KEYS) if page_reports
                                                                 else set())
    for sentence in page.sentences:
        if sentence.chinese:
            continue  # a bilingual page's translation
        goes_on = previous_reported and goes_on_about(page.of(sentence))
        if not (goes_on or sentence.title or sentence.start in to_read):
            previous_reported = False
            continue  # read_report would find nothing: no report, no cue of a list, no work type
        report = read_report(page, sentence, facts_of.get(sentence.start, QUIET), goes_on, page_reports)
        if report:
            reports[sentence.start] = report
        previous_reported = bool(report) or (previous_reported and goes_on)
    if not reports:
        return Announcement(language="en")
    add_line_items(page, reports)
    add_release_dates(page, reports)
    if not any(r.count or r.ordinal for r in reports.values()):
        names = {n.name.lower() for r in reports.values() for n in (*r.occupations, *r.work_types, *r.upgraded)}
        if len(names) < 2:
            return Announcement(language="en")  # no batch stated and a single name: talk, not a report
    return compose("en", list(reports.values()))


def goes_on_about(text: str) -> bool:
    """True when a sentence goes on about the batch the sentence before it reported."""
    head = text[:100].lower()
    return bool(GOES_ON.match(text)) or any(verb in head for verb in ALSO_VERB)


def list_kind(low: str, sentence_start: int, cue_start: int, list_end: int, sentence_end: int) -> str:
    """What a list is of, from the words around it: "… — A, B and C — became occupations" (upgraded),
    "new work types include A" (work types), else new occupations."""
    sentence = low[sentence_start:sentence_end]
    if not has_any(sentence, UPGRADE_KEYS) and not has_any(sentence, WORK_TYPE_KEYS):
        return "occupation"  # neither kind's words anywhere in the sentence
    after = AFTER_LIST.sub("", low[list_end : min(sentence_end, list_end + 90)])
    clause_after = re.split(r",|\s+and\s+", after, maxsplit=1)[0]
    before = low[max(sentence_start, cue_start - 90) : cue_start]
    if UPGRADED_WORDS.search(clause_after):
        return "upgraded"  # "… — A, B and C — became occupations in their own right"
    if UPGRADED_WORDS.search(before) and re.search(r"\b(?:to|as)\s+(?:new\s+)?occupations?\b", before):
        return "upgraded"  # "upgraded to occupations: A, B"
    if WORK_TYPE_WORDS.search(before):
        if UPGRADED_WORDS.search(sentence) and not WORK_TYPES_ADDED.search(sentence):
            return "upgraded"  # "the types of work of A and B, previously part of X, became occupations"
        return "work_type"
    return "occupation"


def sentence_parent(text: str, start: int, end: int) -> str | None:
    """The occupation a sentence's new work types sit under ("Under the occupation of “X”, …", "added under the
    X occupation")."""
    match = SENTENCE_PARENT.search(text[start:end])
    if not match:
        return None
    parent = clean_name(match.group("parent") or match.group("parent2") or match.group("parent3")
                        or match.group("parent4"))
    return parent if is_phrase(parent) else None


Found = list[tuple[str, Candidate]]  # (kind, name): "occupation", "work_type" or "upgraded"


def read_report(page: EnPage, sentence: Sentence, facts: SentenceFacts, goes_on: bool,
                page_reports: bool = False) -> Report | None:
    """The report a sentence makes, with the names it gives; None if it reports nothing."""
    low = page.low[sentence.start : sentence.end]
    work_type_sentence = ("work" in low or "type" in low or "categor" in low) and bool(
        WORK_TYPE_WORDS.search(page.low, sentence.start, sentence.end))
    interesting = facts.reports or goes_on or sentence.title or work_type_sentence
    if not interesting and not (page_reports and has_any(low, LIST_KEYS)):
        return None  # most sentences: nothing to read
    lists = cue_lists(page, sentence) if interesting else []
    if page_reports:
        lists += page_wide_lists(page, sentence, facts, interesting)
    found = [(kind, name) for cue, names in lists if names
             for kind in (list_kind(page.low, sentence.start, cue, max(n.end for n in names), sentence.end),)
             for name in names]
    if work_type_sentence:
        found += quoted_work_types(page, sentence, {c.name.lower() for _, c in found})
    found += single_work_types(page, sentence, low, {c.name.lower() for _, c in found})
    if not (facts.reports or found):
        return None
    return make_report(page, sentence, facts if facts.reports else settle(page, sentence, facts), found)


def cue_lists(page: EnPage, sentence: Sentence) -> list[tuple[int, list[Candidate]]]:
    """Lists after a cue ("include", "such as", ":") and lists before their verb ("A and B were added")."""
    text, start, end = page.text, sentence.start, sentence.end
    lists = []
    for cue in LIST_CUE.finditer(page.low, start, end):
        names = names_after(text, cue.end(), end)
        if cue.group().startswith(("inclusion", "addition")):
            names = quoted_names(text, cue.end(), end) or names  # "the inclusion of “A” and “B” alongside …"
        lists.append((cue.end(), names))
    low = page.low[start:end]
    for match in BATCH_INCLUDED.finditer(page.low, start, end) if "included" in low else ():
        lists.append((match.end(), names_after(text, match.end(), end)))
    words = page.words_of(sentence)
    as_new = AS_NEW.finditer(page.low, start, end) if "new" in words and "as" in words else ()
    subject_end = SUBJECT_END.finditer(page.low, start, end) if not words.isdisjoint(SUBJECT_END_WORDS) else ()
    for match in (*subject_end, *as_new):
        names = names_before(text, start, match.start())
        lists.append((names[0].start if names else match.start(), names))
    return lists


def page_wide_lists(page: EnPage, sentence: Sentence, facts: SentenceFacts,
                    interesting: bool) -> list[tuple[int, list[Candidate]]]:
    """Lists strong enough to count in any sentence of a page that reports a batch."""
    text, start, end = page.text, sentence.start, sentence.end
    low = page.low[start:end]
    lists = []
    for match in RELEASED_LIST.finditer(text, start, end) if has_any(low, RELEASED_KEYS) else ():
        names = names_after(text, match.end(), end)
        if len(names) >= 3 or facts.reports:  # a run of agent nouns after "released": the list itself
            lists.append((match.start(), names))
    # "A, B … and other new occupations"
    for match in STRONG_SUBJECT_END.finditer(page.low, start, end) if "other" in low else ():
        names = names_before(text, start, match.start())
        lists.append((names[0].start if names else match.start(), names))
    if not interesting:
        # "another job title called X"
        for match in STRONG_CUE.finditer(page.low, start, end) if has_any(low, NAMING_KEYS) else ():
            lists.append((match.end(), names_after(text, match.end(), end)))
    return lists


def quoted_work_types(page: EnPage, sentence: Sentence, known: set[str]) -> Found:
    """Quoted names in the clause that speaks of work types: "A new work type, “X”, has been added under …"
    (not a parent "“X” occupation", not a nickname)."""
    text, start, end = page.text, sentence.start, sentence.end
    mention = WORK_TYPE_WORDS.search(page.low, start, end)
    clause_end = CLAUSE_BREAK.search(page.low, mention.end(), end)
    found = []
    for name in quoted_names(text, mention.start(), clause_end.start() if clause_end else end):
        before = max(start, name.start - 30)
        if name.name.lower() in known or PARENT_AFTER.match(text, name.end) or NICKNAMED.search(
                text, before, name.start) or PARENT_BEFORE.search(page.low, before, name.start):
            continue
        found.append((list_kind(page.low, start, mention.end(), name.end + 1, end), name))
    return found


def single_work_types(page: EnPage, sentence: Sentence, low: str, known: set[str]) -> Found:
    """One work type (or upgraded one) a construction names: "“X” was upgraded …", "the job title “Y” was added
    under the profession of X", "Y is one of jobs included under X"."""
    text, start, end = page.text, sentence.start, sentence.end
    found: Found = []
    for match in UPGRADED_QUOTE.finditer(text, start, end) if "upgraded" in low else ():
        name = clean_name(match.group("name"))
        if is_name(name) and name.lower() not in known:
            found.append(("upgraded", Candidate(name, match.start("name"), match.end("name"))))
    for key, pattern in WORK_TYPE_UNDER:
        for match in pattern.finditer(text[start:end]) if key in low else ():
            name, parent = clean_name(match.group("name")), clean_name(match.group("parent"))
            if is_name(name):
                found.append(("work_type", Candidate(name, start + match.start(), start + match.end(),
                                                     parent if is_name(parent) else None)))
    return found


def make_report(page: EnPage, sentence: Sentence, facts: SentenceFacts, found: Found) -> Report:
    """A sentence's report: its facts, and each name once (a work type before an occupation, a parent kept)."""
    counts = [c for c in facts.counts if c.kind == "occupation" and c.value >= 2]
    count = next((c.value for c in counts if not c.cumulative or facts.role == "cumulative"), None)
    report = Report(position=sentence.start, count=count, ordinal=facts.ordinal, released=facts.released,
                    stage=facts.stage, role=facts.role, title=sentence.title)
    if any(c.implied and c.value == count for c in counts):
        report.notes.append(f"count {count} implied: {count - 1} others counted beside the one named")
    seen: dict[str, tuple[str, Candidate]] = {}
    for kind, candidate in found:
        key = candidate.name.lower()
        if key not in seen or (kind != "occupation" and seen[key][0] == "occupation") or (
                candidate.parent and not seen[key][1].parent):
            seen[key] = (kind, candidate)
    parent = None
    if any(kind != "occupation" for kind, _ in seen.values()):
        parent = sentence_parent(page.text, sentence.start, sentence.end)
    targets = {"occupation": report.occupations, "work_type": report.work_types, "upgraded": report.upgraded}
    for kind, candidate in seen.values():
        # A work type's occupation, or the one an upgraded work type was raised from.
        own_parent = (candidate.parent or parent) if kind != "occupation" else None
        targets[kind].append(Name(candidate.name, parent=own_parent))
    return report


def add_line_items(page: EnPage, reports: dict[int, Report]) -> None:
    """Names one a line (bullets, numbers, or bare lines) under a sentence that announces them."""
    lines = page.text.split("\n")
    low_lines = page.low.split("\n")  # page.low keeps every position: its lines are these lines
    offsets, pos = [], 0
    for line in lines:
        offsets.append(pos)
        pos += len(line) + 1
    index = 0
    while index < len(lines):
        low = low_lines[index].rstrip()
        if not low.endswith(LINE_CUE_ENDS) or not LINE_CUE.search(low):
            index += 1
            continue
        line = lines[index].rstrip()
        sentence = page.sentence_at(offsets[index] + max(0, len(line) - 1))
        if sentence is None:
            index += 1
            continue
        report = reports.get(sentence.start) or nearest_report(reports, offsets[index])
        kind = "work_type" if WORK_TYPE_WORDS.search(low) else "occupation"
        items, scan, blank = [], index + 1, 0
        while scan < len(lines) and blank <= 1:
            candidate = lines[scan].strip()
            if not candidate:
                blank += 1
                scan += 1
                continue
            item = item_from_line(candidate)
            if item is None:
                break
            items.append(item[0])
            blank = 0
            scan += 1
        if items and report is not None:
            target = report.work_types if kind == "work_type" else report.occupations
            known = {n.name.lower() for n in target}
            target += [Name(name) for name in items if name.lower() not in known]
        index = scan if items else index + 1


def add_release_dates(page: EnPage, reports: dict[int, Report]) -> None:
    """A report without a date takes the one the next sentences give its release ("The list was released on
    Monday …", "put the list up for publicity on January 25")."""
    for start, report in reports.items():
        if report.released or report.role != "current":
            continue
        sentence = page.sentence_at(start)
        for step in (1, 2):
            following = page.neighbour(sentence, step) if sentence else None
            if following is None or (following.start in reports and reports[following.start].count):
                break
            if not RELEASED_ON.search(page.low, following.start, following.end):
                continue
            low = page.low_of(following)
            when = next((d for m in DATE_ON_LOWER.finditer(low) if (d := date_from_match(m, page.published))), None)
            if when:
                report.released = when
                break


def nearest_report(reports: dict[int, Report], position: int) -> Report | None:
    before = [reports[k] for k in sorted(reports) if k <= position]
    return before[-1] if before else None
