"""What an English occupation or work-type name looks like: grammar, never a list of names.

Pure. A name is a short noun phrase whose head is an agent noun — a word that
names a person by what they do (technician, operator, manager, specialist,
assistant, personnel, -er, -or, -ist, -ian …) — optionally followed by a
"for" complement ("inspectors for electrical and electronic products"). It
holds no clause words. The head is grammar; the names themselves are data.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Endings of words that name a person by role ("technicians", "assessor", "linesmen").
ROLE_ENDINGS = (
    "er", "or", "ist", "yst", "ian", "eer", "ee", "man", "men", "person", "people", "personnel", "staff", "crew",
)  # fmt: skip
# Agent nouns the endings miss.
ROLE_WORDS = frozenset({
    "assistant", "attendant", "consultant", "accountant", "agent", "servant", "participant", "tenant", "merchant",
    "sergeant", "lieutenant", "analyst", "pilot", "guide", "coach", "nurse", "chef", "aide", "clerk", "expert",
    "professional", "specialist", "technician", "tech", "host", "anchor", "athlete", "therapist", "architect",
    "artisan", "butler", "steward", "docent", "diver", "guard", "cadet", "scout", "chauffeur", "mechanic", "medic",
    "paramedic", "nanny", "midwife", "curator", "dietitian", "beautician", "optician", "cosmetologist",
    "courier", "broker", "caregiver", "carer", "crew", "salesperson", "salespeople", "personnel", "staff",
    "officer", "adviser", "advisor", "coordinator", "engineer", "instructor", "inspector", "operator", "director",
    "auditor", "evaluator", "assessor", "apprentice", "associate", "representative", "delegate", "monitor",
    "technologist", "practitioner",
})  # fmt: skip
# Words that end like role nouns but name things, places, times or abstractions.
NOT_ROLE_WORDS = frozenset({
    "sector", "factor", "motor", "floor", "color", "colour", "labor", "labour", "error", "mirror", "interior",
    "exterior", "corridor", "major", "minor", "center", "centre", "computer", "water", "power", "paper", "number",
    "order", "other", "matter", "border", "chapter", "letter", "winter", "summer", "cluster", "layer", "filter",
    "container", "fiber", "fibre", "register", "semester", "quarter", "barrier", "frontier", "tier", "river",
    "tower", "meter", "metre", "counter", "corner", "banner", "router", "charger", "detector", "reactor",
    "indicator", "elevator", "generator", "processor", "however", "together", "whether", "never", "ever", "over",
    "under", "after", "later", "rather", "either", "neither", "further", "manner", "dinner", "weather", "leather",
    "finger", "liver", "silver", "copper", "poster", "theater", "theatre", "offer", "answer", "cancer", "laser",
    "monster", "headquarter", "character", "calendar", "cylinder", "sensor", "transistor", "vector", "tensor",
    "radar", "cellar", "pillar", "dollar", "scholar", "per", "or", "for", "nor", "her", "their", "our", "your",
    "super", "hyper", "cyber", "inter", "lower", "upper", "outer", "inner", "sooner", "longer", "bigger", "larger",
    "higher", "faster", "greater", "stronger", "better", "smaller", "younger", "older", "newer", "october",
    "november", "december", "september", "member", "partner", "user", "consumer", "customer", "owner", "leader",
    "founder", "stakeholder", "employer", "shareholder", "regulator", "coffee", "committee", "fee", "free", "tree",
    "degree", "guarantee", "jubilee", "knee", "decree", "pedigree", "spree", "toffee",
})  # fmt: skip
# Role words that are jobs, but alone name nobody's trade in particular.
GENERIC = frozenset({
    "workers", "worker", "people", "staff", "personnel", "professionals", "professional", "employees", "employee",
    "members", "member", "officials", "official", "users", "consumers", "customers", "experts", "expert",
    "researchers", "leaders", "students", "graduates", "jobseekers", "job-seekers", "practitioners", "practitioner",
    "engineers", "engineer", "technicians", "technician", "talents", "talent", "operators", "operator", "managers",
    "manager", "specialists", "specialist", "holders",
})  # fmt: skip
CLAUSE_WORD = re.compile(
    r"\b(?:is|are|was|were|be|been|being|has|have|had|will|would|shall|should|can|could|might|must|do|does|did"
    r"|said|says|which|who|whom|whose|that|this|these|those|they|them|it|its|we|our|us|you|your|he|she|his|her"
    r"|there|their|not|than|because|if|when|where|while|according|also|very|such|etc|follows|following|below"
    r"|official|officially|recognized|recognised|released|announced|added|include|includes|including"
    r"|list|lists|jobs|occupations|professions|careers|titles|among|percent|million|billion|yuan|included"
    r"|to|set|add|adds|planned|plans|become|becomes|became|join|joins|china|reports?|guess)\b"
)
LEADING_WORDS = re.compile(
    r"^(?:(?:and|or|as\s+well\s+as|the|both|also|namely|even|an?|some|other|more|many|various|several"
    r"|alongside|along\s+with|together\s+with|besides|beside"
    r"|positions|jobs|roles)\s+)+",
    re.IGNORECASE,
)
META_BEFORE = re.compile(
    r"^.*?\b(?:occupations?|professions?|jobs?|positions|roles|titles?|ones|careers?|type\s+of\s+job"
    r"|job\s+title|work\s+types?|types?\s+of\s+work)\s+(?:of|like|such\s+as|called|named|titled|including)\s+"
    r"(?:an?\s+|the\s+)?",
    re.IGNORECASE,
)
TRAILING_WORDS = re.compile(
    r"(?:,?\s+(?:among\s+others|and\s+others|and\s+so\s+on|etc\.?|as\s+well|in\s+order\s+to\b.*|to\s+the\b.*"
    r"|last\s+year\b.*|as\s+(?:an?\s+)?(?:potential\s+|official\s+|formal\s+)*new\b.*|(?:has|have|had|was|were|is|are)\s+(?:also\s+)?(?:been\s+)?(?:added|included|listed"
    r"|recogni[sz]ed|released|shortlisted)\b.*"
    r"|to\s+its\b.*|in\s+areas?\s+(?:like|such\s+as)\b.*|according\s+to\b.*|in\s+china\b.*|in\s+the\b.*"
    r"|on\s+the\b.*|from\s+\w+\b.*|who\b.*|which\b.*|that\b.*|,.*|;.*))+$",
    re.IGNORECASE,
)
QUOTES = "\"“”‘’'"
SEMICOLON_TAIL = re.compile(r"\s*;.*$")
LONG_REMARK = re.compile(r"\s*\((?:(?:[^()]*\s){4,}[^()]*|also\s+called\b[^()]*|also\s+known\b[^()]*)\)?$")
GLUED_WORDS = re.compile(r"[a-z]{3}[A-Z][a-z]")  # "scriptLivestreaming": page furniture run into the text
EDGE = " ,;:.!?-–—" + QUOTES
WORD = re.compile(r"[A-Za-z][A-Za-z0-9'’&/.-]*|\d+[A-Za-z][A-Za-z0-9-]*|\([^()]*\)")
MAX_WORDS = 10
MAX_WORDS_SHARED = 16  # "technicians for A, B, C and D": one head shared by a list of fields


@lru_cache(maxsize=8192)
def is_role_word(word: str) -> bool:
    """True when a word names a person by role ("technicians", "assessor", "linesmen", "personnel")."""
    lower = word.lower().strip(QUOTES + ".,")
    if lower.endswith("'s") or lower.endswith("’s"):
        return False
    stem = lower
    if lower.endswith(("ches", "shes", "xes")):
        stem = lower[:-2]
    elif lower.endswith("ies"):
        stem = lower[:-3] + "y"
    elif lower.endswith("s") and not lower.endswith("ss"):
        stem = lower[:-1]
    last = stem.rsplit("-", 1)[-1]  # "brain-computer": the word's last part decides
    if stem in NOT_ROLE_WORDS or lower in NOT_ROLE_WORDS or last in NOT_ROLE_WORDS:
        return False
    if stem in ROLE_WORDS or lower in ROLE_WORDS:
        return True
    return stem.endswith(ROLE_ENDINGS) and len(stem) > 3 and stem.replace("-", "").isalpha()


def head_of(name: str) -> str | None:
    """The head word of a name: its last word, or the word before a "for"/"of" complement."""
    words = WORD.findall(name)
    words = [w for w in words if not w.startswith("(")]
    if not words:
        return None
    for index, word in enumerate(words):
        if word.lower() in ("for", "of") and index > 0 and is_role_word(words[index - 1]):
            return words[index - 1]  # "inspectors for electrical products", "monitors of …"
    return words[-1]


@lru_cache(maxsize=8192)
def clean_name(raw: str) -> str:
    """A name as a reader means it: quotes, articles, meta words and trailing clauses trimmed."""
    name = " ".join(raw.split()).strip(EDGE)
    name = SEMICOLON_TAIL.sub("", name)  # "elderly capacity evaluators; and"
    name = META_BEFORE.sub("", name)
    name = LEADING_WORDS.sub("", name)
    name = TRAILING_WORDS.sub("", name)
    name = LEADING_WORDS.sub("", name.strip(EDGE)).strip(EDGE)
    remark = LONG_REMARK.search(name)
    if remark:
        name = name[: remark.start()].strip()  # "engineer (I guess the developers … )": a remark, not a gloss
    if name.endswith(")") and name.count("(") < name.count(")"):
        name = name[:-1].strip()
    if name.count("(") > name.count(")"):
        name = name[: name.rfind("(")].strip()
    return name


def is_phrase(phrase: str) -> bool:
    """True for a short noun phrase without clause words (a parent occupation written as the page has it)."""
    words = phrase.split()
    return 0 < len(words) <= MAX_WORDS and phrase[:1].isalnum() and not CLAUSE_WORD.search(phrase.lower())


@lru_cache(maxsize=8192)
def is_name(name: str) -> bool:
    """True when a cleaned phrase is shaped like an occupation's name."""
    words = [w for w in WORD.findall(name) if not w.startswith("(")]
    if not words or len(words) > (MAX_WORDS_SHARED if " for " in name else MAX_WORDS) or not name[:1].isalnum():
        return False
    lower = name.lower()
    if lower in GENERIC or CLAUSE_WORD.search(re.sub(r"\([^()]*\)", "", lower)):
        return False
    if any(ch in name for ch in "?!:;\n\"“”") or GLUED_WORDS.search(name) or " The " in name:
        return False
    if len(words) == 1 and words[0][:1].isupper():
        return False  # one capitalised word: a place or a firm ("Dalian"), not a trade
    head = head_of(name)
    return bool(head) and is_role_word(head)
