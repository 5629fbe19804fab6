"""Where an English page reports a batch, and what it says of it: count, ordinal, stage, date, context.

Pure. A report is a sentence that says a set of new occupations (or work
types) was released or proposed: "released 16 new occupations", "the ninth
batch of new professions", "plans to add seven new occupations". Whether it
speaks of the page's own batch or recalls another one ("Previously, the
first batch …", "In April 2019, …", "Since 2019, … 56 new professions") is
read from its clause.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import NamedTuple

from occuwatch.pipelines.en_page import EnPage, Sentence
from occuwatch.pipelines.english_dates import DATE_ON_LOWER, MONTHS, WEEKDAYS, date_from_match
from occuwatch.pipelines.english_numbers import (
    CARDINAL_WORD,
    CARDINAL_WORDS,
    ORDINAL_PATTERN,
    parse_cardinal,
    parse_ordinal,
)

NOUN = (
    r"(?P<noun>professions?|occupations?|jobs?(?!\s+(?:fairs?|vacanc|seekers?|market|openings?|postings?))"
    r"|job\s+titles?|careers?|job\s+categories|occupational\s+classifications?|titles|entries|roles|positions"
    r"|ones|work\s+types?|types\s+of\s+work|job\s+types?|types\s+of\s+jobs?|sub-?categories|job\s+categories)\b"
)
QUALIFIER = r"(?:(?:new(?:ly)?|emerging|proposed|other|more|official|additional|recogni[sz]ed|planned|potential" \
            r"|esports|e-sports|tech|digital|green|draft)[\s-]+){0,3}"
# "16 new occupations", "Thirteen new professions", "nine other jobs", "the 15 esports professions".
COUNTED = re.compile(
    rf"(?<![\d.,])\b(?P<num>\d{{1,3}}|{CARDINAL_WORD})(?![\d,.]\d)(?:\s+|-)(?!million|billion|thousand|percent)"
    rf"(?P<qualifier>{QUALIFIER}){NOUN}",
)
# "X, along with nine other jobs" / "along with other 17 new careers": one named plus the rest.
ALONG_WITH = re.compile(
    rf"\b(?:along\s+with|alongside|together\s+with|plus)\s+(?:(?P<a>\d{{1,3}}|{CARDINAL_WORD})\s+other|other\s+"
    rf"(?P<b>\d{{1,3}}|{CARDINAL_WORD}))\b",
)
# (Every ordinal, and "the", opens with a digit or one of f s t e n: a test of that first halves the time.)
ORDINAL = re.compile(
    rf"\b(?=[\dfsten])(?:the\s+)?(?P<ord>{ORDINAL_PATTERN})\s+(?:(?:batch|set|round|group|list|lot|wave)\b|time\b)",
)
# (A pattern of many words opens with a test of their first letters, "(?=[…])": a third faster.)
NEW_OCCUPATIONS = re.compile(
    r"\b(?=[ejnopr])(?:new|emerging|proposed|newly[\s-]\w+|(?:officially\s+)?recogni[sz]ed)\s+(?:\w+\s+)?(?:professions?|occupations?|jobs?|careers?|job\s+titles?"
    r"|work\s+types?|types\s+of\s+work|job\s+types?)\b"
    r"|\b(?:professions?|occupations?|job\s+titles?)\b",
)
NEW_QUALIFIED = re.compile(r"\b(?:new|emerging|proposed)\s+(?:\w+\s+)?(?:professions?|occupations?|jobs?|careers?"
                           r"|job\s+titles?)\b")
VAGUE_TIME = re.compile(r"\b(?:in\s+recent\s+years|over\s+the\s+(?:past\s+)?(?:few\s+)?years|in\s+the\s+past\s+\w+"
                        r"\s+years|in\s+(?:19|20)\d{2}\b(?!\s*(?:,|and)?\s*(?:the|a)\s))")
RELEASE_VERB = re.compile(
    r"\b(?=[acdgilmnoprsu])(?:releas(?:e|es|ed|ing)|announc\w*|unveil\w*|publish\w*|issu(?:e|es|ed)|add(?:s|ed|ing)?|recogni[sz]\w*"
    r"|identified|list(?:s|ed)?|confirm\w*|approv\w*|included|nam(?:es|ed)|introduc\w*|certif\w*"
    r"|designat\w*|propos\w*|plans?|planned|mulls?|put\s+forward|rolled\s+out|sets?\b|given\s+official"
    r"|gave\s+official|officially)\b",
)
DRAFT_CUE = re.compile(
    r"\b(?=[acdgimpstuw])(?:propos\w*|draft|plans?\s+to|planned\s+to|planning\s+to|mulls?|mulling|is\s+set\s+to|are\s+set\s+to"
    r"|to\s+be\s+recogni[sz]ed|up\s+for\s+public|public\s+(?:debate|comments?|opinions?|feedback|consultation)"
    r"|seek\w*\s+(?:public\s+)?(?:opinion|comment|feedback|views)|solicit\w*|publicity|preliminary"
    r"|is\s+about\s+to|are\s+about\s+to|will\s+(?:recogni[sz]e|add|list|include)|could\s+soon|potential\s+new"
    r"|if\s+approved|would\s+(?:form|become|be\s+added)|government's\s+plan|shortlisted)\b",
)
# A done publicity recalled by a final release: "following a draft notice seeking public opinions".
FINAL_CUE = re.compile(
    r"\b(?:following|after)\s+(?:a|the)\s+(?:draft|public|publicity|proposed|consultation)"
    r"|\bwithdrawn\b|\bwere\s+proposed\s+for\s+public\s+comment",
)
EARLIER_CUE = re.compile(
    r"\b(?:previously|earlier(?!\s+this)|last\s+year|the\s+previous|a\s+year\s+ago|before\s+that|in\s+the\s+past"
    r"|adding\s+to\s+one)\b",
)
CUMULATIVE_CUE = re.compile(
    r"\b(?:since\s+(?:(?:\w+\s+)?\d{4}|then|the\s+start)|so\s+far|in\s+total|a\s+total\s+of|the\s+total|bringing"
    r"|altogether|in\s+all|cumulative|in\s+\w+\s+batches|batches|from\s+\d{4}\s+to\s+\d{4}|in\s+recent\s+years"
    r"|over\s+the\s+(?:past\s+)?(?:few\s+)?years|in\s+the\s+past\s+\w+\s+years)\b",
)
# What a sentence says of the batch just reported: "This is the second time…", "The new occupations …".
SELF_REFERENCE = re.compile(r"\s*(?:this|it|they|these|the\s+(?:new|\w+)\s+(?:new\s+)?(?:occupations|professions))\s")
YEAR_MONTH = re.compile(rf"\b(?:in|on|since)?\s*(?P<month>{'|'.join(MONTHS)})\.?\s+(?:\d{{1,2}}(?:st|nd|rd|th)?,?\s+)?"
                        r"(?P<year>(?:19|20)\d{2})\b")
# A wish, not a release: "efforts are underway to list X as a new profession", "needs to list X".
WISH = re.compile(r"\b(?:efforts?\s+(?:are|is)\s+underway|needs?\s+to|should|calls?\s+for|urg\w+|working\s+on"
                  r"|proposals?\s+to|hopes?\s+to|wants?\s+to|lobb\w+)\b")
# "the sixth batch since 2019": an ordinal, not a running total.
BATCH_SINCE = re.compile(r"\b(?:batch|set|group|round)\b[^.;]{0,60}?\bsince\b[^.;,]{0,25}")
# ", bringing the total number of new occupations released in the past year to 29": a total beside the news.
TOTAL_CLAUSE = re.compile(r",?\s*\b(?:bringing|raising|taking|making)\s+the\s+(?:total|number)\b[^.;]*")
# "The new occupations are: …", "The new professions include …": the page speaks of a batch it lists.
DEFINITE_LIST = re.compile(
    r"\b(?:the|other)\s+(?:[\w-]+\s+){0,2}(?:occupations|professions|jobs|careers)\s+(?:are|include|includes|were"
    r"|comprise)\b")
AS_NEW_KIND = re.compile(r"\sas\s+(?:an?\s+)?(?:potential\s+|official\s+|formal\s+)*new\s+(?:professions?|occupations?"
                         r"|jobs?|careers?)\b")
LIST_VERBS = frozenset({"are", "include", "includes", "were", "comprise"})  # DEFINITE_LIST needs one, and one of:
PLURAL_NOUNS = frozenset({"occupations", "professions", "jobs", "careers"})
AND_OTHER_NEW = re.compile(r"\band\s+other\s+new\s+(?:occupations|professions|jobs|careers)\b")  # "A, B and other …"
VERB_REACH = 36  # characters between a verb of releasing and the occupations it releases
CONTEXT_AGE = timedelta(days=120)
MAX_COUNT = 300  # a batch is never larger; bigger numbers are totals, jobs or vacancies


# Words one of which every sentence about new occupations holds.
NOUN_KEYS = ("profession", "occupation", "job", "career", "work type", "type of work", "types of work", "title",
             "new ones", "new roles", "new positions", "new entries", "categor", "batch", "classification")


class Count(NamedTuple):
    start: int
    end: int
    value: int
    kind: str  # "occupation" or "work_type"
    cumulative: bool
    implied: bool = False  # "X, along with nine other jobs": one named, the rest counted


class SentenceFacts(NamedTuple):
    counts: tuple[Count, ...]
    ordinal: int | None
    released: date | None
    stage: str
    role: str
    reports: bool


DIGIT = re.compile(r"\d")
# (Patterns open with what they match, not a look-behind: one opening with a look-behind is tried at every
# position.)
DIGIT_RUN = re.compile(r"\d(?<![\d.,]\d)\d{0,2}(?![\d,.]\d)")
DIGITS = re.compile(r"\d{4}")
HAS_ADDED = re.compile(r"\b(?:has|have)\s+(?:been\s+)?(?:added|included|released|recogni[sz]ed)")
# Substrings one of which each cue needs: a cheap check before its pattern.
DRAFT_KEYS = ("propos", "draft", "plans", "planned", "planning", "mull", "set to", "to be recogni", "up for public",
              "public debate", "public comment", "public opinion", "public feedback", "public consultation", "seek",
              "solicit", "publicity", "preliminary", "about to", "will recogni", "will add", "will list",
              "will include", "could soon", "potential", "if approved", "would form", "would become", "would be added",
              "government's plan", "shortlist")
FINAL_KEYS = ("following", "after", "withdrawn", "proposed for public")
EARLIER_KEYS = ("previous", "earlier", "last year", "a year ago", "before that", "in the past", "adding to one")
CUMULATIVE_KEYS = ("since", "so far", "total", "bringing", "altogether", "in all", "cumulative", "batches",
                   "from 1", "from 2", "recent", "over the", "past")
ALONG_KEYS = ("along", "together with", "plus")
RELEASE_KEYS = ("releas", "announc", "unveil", "publish", "issu", "add", "recogni", "identified", "list", "confirm",
                "approv", "included", "name", "introduc", "certif", "designat", "propos", "plan", "mull", "put forward",
                "rolled out", "set", "given official", "gave official", "officially")
VAGUE_KEYS = ("recent", "over the", "past", " in 1", " in 2")
TOTAL_KEYS = ("bringing", "raising", "taking", "making")
ORDINAL_NOUNS = ("batch", " set", "round", "group", " list", " lot", "wave", " time")
QUIET = SentenceFacts(counts=(), ordinal=None, released=None, stage="final", role="current", reports=False)


def has_number(low: str, words: frozenset[str]) -> bool:
    """A digit or a number word: what a count needs before its pattern is tried."""
    return bool(DIGIT.search(low)) or not CARDINAL_WORDS.isdisjoint(words)


def count_kind(noun: str) -> str:
    noun = noun.lower()
    return "work_type" if ("work" in noun or "type" in noun or ("categor" in noun and "job" in noun)) else "occupation"


def number_positions(low: str, words: frozenset[str]) -> list[int]:
    """Where the numbers of a sentence start: digits, and number words (found by a set lookup first)."""
    positions = [m.start() for m in DIGIT_RUN.finditer(low)]
    for word in CARDINAL_WORDS.intersection(words):
        positions += [m.start() for m in re.finditer(rf"\b{word}\b", low)]
    return sorted(positions)


def find_counts(page: EnPage, sentence: Sentence, words: frozenset[str]) -> list[Count]:
    """Every count of new occupations or work types in a sentence (`words`: its words)."""
    text = low = page.low_of(sentence)
    along_words = has_any(low, ALONG_KEYS)
    found = []
    for position in number_positions(low, words):
        match = COUNTED.match(text, position)
        if not match:
            continue
        value = parse_cardinal(match.group("num"))
        noun = match.group("noun")
        if not value or value > MAX_COUNT:
            continue
        if not match.group("qualifier").strip():
            continue  # "lists 1,639 occupations", "courses for 15 occupations in short supply"
        along = ALONG_WITH.search(text, max(0, match.start() - 30), match.end()) if along_words else None
        implied = bool(along and ("other" in match.group("qualifier") or along.group("b")))
        value += implied  # "X, along with nine other jobs", "X along with other 17 new careers": one more in all
        cumulative = count_is_total(text, match.start(), match.end())
        found.append(Count(sentence.start + match.start(), sentence.start + match.end(), value,
                           count_kind(noun), cumulative, implied))
    for match in ALONG_WITH.finditer(text) if along_words else ():
        if match.group("b") and not any(c.start <= sentence.start + match.start() <= c.end for c in found):
            value = parse_cardinal(match.group("b"))
            if value and NEW_OCCUPATIONS.search(text, match.end(), match.end() + 30):
                found.append(Count(sentence.start + match.start(), sentence.start + match.end(), value + 1,
                                   "occupation", False, True))
    return found


def count_is_total(low: str, start: int, end: int) -> bool:
    """True for a running total ("56 new professions … since 2019", "bringing the total to 74 new
    occupations"), not for the news beside it ("released 11 new occupations, bringing the total to 74")."""
    for clause in TOTAL_CLAUSE.finditer(low) if has_any(low, TOTAL_KEYS) else ():
        if clause.start() <= start < clause.end():
            return True
    window = low[max(0, start - 60) : start] + " " + low[end : end + 60].split(",", maxsplit=1)[0]
    if not has_any(window, CUMULATIVE_KEYS):
        return False
    window = TOTAL_CLAUSE.sub(" ", window) if has_any(window, TOTAL_KEYS) else window
    window = BATCH_SINCE.sub(" ", window) if "since" in window else window
    return bool(CUMULATIVE_CUE.search(window))


def find_ordinal(page: EnPage, sentence: Sentence) -> int | None:
    """"the ninth batch", "the second time … new professions", "the first time since 2015"."""
    text = low = page.low_of(sentence)
    if not has_any(low, ORDINAL_NOUNS):
        return None
    for match in ORDINAL.finditer(text):
        if match.group().endswith("time") and not NEW_QUALIFIED.search(text):
            continue  # "For the first time, the classification marks…"
        if match.group().rstrip().endswith(("list", "set", "round", "group", "lot", "wave")) \
                and not NEW_OCCUPATIONS.search(text, match.end(), match.end() + 40):
            continue
        value = parse_ordinal(match.group("ord"))
        if value and value < 50:
            return value
    return None


def has_any(low: str, keys: tuple[str, ...]) -> bool:
    """True when `low` holds one of `keys` (str search, far quicker than trying a pattern; a loop, quicker
    than any() over a generator)."""
    for key in keys:  # noqa: SIM110
        if key in low:
            return True
    return False


def find_stage(low: str) -> str:
    """"draft" when the sentence proposes (proposed, plans to, up for public debate) and recalls no done publicity."""
    if not has_any(low, DRAFT_KEYS):
        return "final"
    if has_any(low, FINAL_KEYS) and FINAL_CUE.search(low):
        cleaned = FINAL_CUE.sub("", low)
        return "draft" if DRAFT_CUE.search(cleaned) and "draft notice" not in low else "final"
    return "draft" if DRAFT_CUE.search(low) else "final"


def find_date(page: EnPage, low: str, words: frozenset[str]) -> tuple[date | None, bool]:
    """The date the sentence gives ("on July 6", "on Monday", "in April 2019"), and whether it names the day."""
    if words.isdisjoint(MONTHS) and words.isdisjoint(WEEKDAYS):
        return None, False
    for match in DATE_ON_LOWER.finditer(low):
        when = date_from_match(match, page.published)
        if when:
            return when, True
    month = YEAR_MONTH.search(low) if DIGIT.search(low) else None
    if month:
        return date(int(month.group("year")), MONTHS[month.group("month")], 1), False
    return None, False


def find_role(page: EnPage, low: str, counts: list[Count], released: date | None) -> str:
    """"cumulative" for totals and talk of recent years, "earlier" for a recalled batch, else "current"."""
    if counts and all(c.cumulative for c in counts):
        return "cumulative"
    if has_any(low, CUMULATIVE_KEYS):
        low = TOTAL_CLAUSE.sub("", low) if has_any(low, TOTAL_KEYS) else low
        low = BATCH_SINCE.sub("", low) if "since" in low else low
    earlier = bool(has_any(low, EARLIER_KEYS) and EARLIER_CUE.search(low))
    if SELF_REFERENCE.match(low) and not earlier:
        return "current"  # "This is the second time…", "It marks the first time since 2015…"
    if not counts:
        vague = vague_role(page, low)
        if vague:
            return vague
        if has_any(low, CUMULATIVE_KEYS) and CUMULATIVE_CUE.search(low) and HAS_ADDED.search(low):
            return "cumulative"  # "Since April 2019, China has added 56 new professions such as …"
    old = bool(released and page.published and released < page.published - CONTEXT_AGE)
    return "earlier" if earlier or old else "current"


def vague_role(page: EnPage, low: str) -> str | None:
    """"in recent years" (talk of occupations in general), "in 2020" (a year before the page's), or None."""
    vague = VAGUE_TIME.search(low) if has_any(low, VAGUE_KEYS) else None
    if not vague:
        return None
    year = DIGITS.search(vague.group())
    if not year:
        return "cumulative"  # "occupations recognised in recent years, such as …": talk, not a batch
    if page.published and int(year.group()) < page.published.year - (page.published.month <= 3):
        return "earlier"  # "… which were recognised by the ministry in 2020"
    return None


def read_sentence(page: EnPage, sentence: Sentence) -> SentenceFacts:
    """What `sentence` says of a batch (most sentences say nothing: a substring check spares the patterns)."""
    low = page.low_of(sentence)
    if not has_any(low, NOUN_KEYS):
        return QUIET
    words = page.words_of(sentence)
    counts = find_counts(page, sentence, words) if has_number(low, words) else []
    ordinal = find_ordinal(page, sentence)
    batch_counts = [c for c in counts if c.value >= 2 and not c.cumulative]
    reports = bool(batch_counts or ordinal or releases_them(low)
                   or (not words.isdisjoint(LIST_VERBS) and not words.isdisjoint(PLURAL_NOUNS)
                       and DEFINITE_LIST.search(low))
                   or ("other new" in low and AND_OTHER_NEW.search(low)))
    facts = SentenceFacts(counts=tuple(counts), ordinal=ordinal, released=None, stage="final", role="current",
                          reports=reports)
    return settle(page, sentence, facts) if reports else facts


def releases_them(low: str) -> bool:
    """True when a verb of releasing governs the new occupations the sentence names: it stands within a few
    words of them ("released a list of new occupations", "new professions were announced") — not "courses
    in new occupations … under a plan published on Tuesday"."""
    if not has_any(low, RELEASE_KEYS):
        return False
    verbs = [(m.start(), m.end()) for m in RELEASE_VERB.finditer(low)]
    if not verbs:
        return False
    released = False
    for mention in NEW_OCCUPATIONS.finditer(low):
        start, end = mention.span()
        # "released a list of new occupations", "new professions were announced", "newly recognized professions"
        if any(start - VERB_REACH <= a and b <= end + VERB_REACH for a, b in verbs):
            released = True
            break
    if not released:
        recognised_as = AS_NEW_KIND.search(low) if "new" in low else None
        released = bool(recognised_as and verbs[0][1] <= recognised_as.start())  # "recognise A and B as new …"
    return released and not WISH.search(low)


def settle(page: EnPage, sentence: Sentence, facts: SentenceFacts) -> SentenceFacts:
    """`facts` with the date, stage and role read (done only for sentences that become reports)."""
    low = page.low_of(sentence)
    when, has_day = find_date(page, low, page.words_of(sentence))
    role = find_role(page, low, list(facts.counts), when)  # "in April 2019" dates a batch as history
    return facts._replace(released=when if has_day else None, stage=find_stage(low), role=role)
