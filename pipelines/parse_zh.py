"""Chinese announcements → Announcement.

Pure: imports neither Scrapy nor SQLite, and knows no occupation by name. It
recognises the shapes announcements take — lists closed by `等N个新职业`, lists
opened by `包括：`/`分别是`, one name a line under a `新职业信息` heading, table
rows of code and name, `在X职业下增设Y工种`, `将A、B3个工种上升为新职业` —
and checks each candidate against what names look like (a role suffix such as
员/师/工/人员 is a soft signal, never a list of names).

The page is normalised once (half-width ASCII, simplified characters, same
offsets); parentheticals are blanked in a "masked" copy so that separators or
keywords inside `（俗称“带货主播”）` or `（Blockchain Engineer, …）` do not count.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date, timedelta

from pipelines.announcement import Announcement, Name
from pipelines.chinese_numbers import NUMBER_PATTERN, to_int
from pipelines.chinese_text import looks_traditional, to_half_width, to_simplified

NUM = NUMBER_PATTERN

# --- Text structure -------------------------------------------------------------

PARENTHETICAL = re.compile(r"\([^()\n]{0,80}\)")
OCCUPATION_CODE = re.compile(r"(?<![\d-])\d-\d{2}-\d{2}-\d{2}(?:-\d{2})?(?![\d-])")
SENTENCE_BREAK = re.compile(r"[。!?\n]")
CLAUSE_BREAK = re.compile(r"[。!?\n,;]")
LINE = re.compile(r"[^\n]+")
# Between two names of a list (masked text; full-width commas are ASCII by now).
LIST_SEPARATOR = re.compile(r"[、,;“”\"「」『』‘’\n]")
QUOTE_CHARS = frozenset("“”\"「」『』‘’")
# Joins the last name of a list; splits only after something that ends like a name.
SOFT_JOINER = re.compile(r"以及|和|及|与")

# --- What a name looks like -------------------------------------------------------

NAME_TEXT = re.compile(r"[\u4e00-\u9fffA-Za-z0-9·]{2,30}")
CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")
# Words and endings that occupation names do not contain: sentence glue, nouns of the announcement.
NOT_A_NAME = re.compile(
    r"[的了是将把被我你他她它这那该此]|新职业|新工种|职业$|工种$|职业信息|发布|公布|公示|包括|如下|以下"
    r"|通知|公告|附件|名单|部门|[部局厅委办]$|中心$|近日|日前|目前|今年|去年|第.{1,3}批|首批"
    r"|\d+年|[一二三四五六七八九十两\d]+个"
)
# Typical endings of role names: a soft signal, not a vocabulary.
ROLE_SUFFIX = re.compile(r"(?:[员师工人手家官长士匠]|顾问|经理|专家|主播|教练|管家|司机|代表)$")
LEADING_BULLET = re.compile(
    r"^\s*(?:(?:[►▶▸●◆◇■□○•·▪★☆\-*]+|[一二三四五六七八九十百]+\s*[、.]|\d+\s*[、.)]|\d+\s+)\s*)+"
)
ENGLISH_TAIL = re.compile(r"[A-Za-z][A-Za-z .,'&/\-]*$")
# The last verb or particle before the first name of a list ("…联合发布了" + name).
LEAD_CUT = re.compile(
    r".*(?:发布了?|公布了?|公示了?|新增了?|增设了?|增加了?|推出了?|推介了?|包括|包含|涵盖|确定了?|设立了?"
    r"|新设了?|颁布了?|遴选出?了?|审定了?|上升为|将|的|了|是|:|\s)",
    re.S,
)
LEADING_PREPOSITION = re.compile(r"(?:在(?![线职])|于|对)")
PARENT_IN_LEAD = re.compile(r"(?P<parent>[^\s,、;:“”\"]+?)[”\"]?职业(?:下|中|之下)的?$")

# --- Announcement patterns ---------------------------------------------------------

# "A、B等9个新职业", "A、B和C3个工种", "A等职业信息": the list sits before the match.
COUNT_AFTER_LIST = re.compile(
    rf"(?:(?P<lead>等|在内的|共)\s*(?:(?P<num>{NUM})\s*[个项种])?|(?P<num2>{NUM})\s*[个项种])"
    r"\s*(?P<noun>新职业|新工种|工种|职业信息|职业)"
)
UPGRADED_AFTER = re.compile(r"[^,。;\n]{0,6}?(?:上升|升级)为")
# "包括：", "分别是", "如下：", a bare colon: the list follows.
LIST_CUE = re.compile(
    r"(?:具体包括|主要包括|包括|包含|涵盖|分别是|分别为|依次是|依次为|具体是|具体为|它们是|名单如下|如下"
    r"|(?:分别|依次|具体|名单|名称)?(?:是|为|有)\s*:|即)\s*:?|:"
)
# "在互联网营销师职业下增设直播销售员工种": parent before, work types after.
WORKTYPE_UNDER_PARENT = re.compile(r"职业(?:下|中|之下)的?(?:分别)?(?:增设|新增|增加|设立|新设|增补|设置)了?的?")
WORKTYPE_LIST_END = re.compile(rf"(?:等)?\s*(?:(?:{NUM})\s*[个项种])?\s*(?:新)?工种")
# What a list is of, read from the words before it; the last match wins.
LIST_KIND = re.compile(
    r"(?P<upgraded>(?:上升|升级)为新?职业)"
    r"|(?P<adjusted>(?:调整|变更|更名)(?:变更)?了?(?:\d+个|[一二三四五六七八九十]+个)?的?(?:职业信息|职业)?)"
    r"|(?P<work_type>新工种|工种)"
    r"|(?P<occupation>新职业|新增职业|职业信息)"
)
ANNOUNCING_VERB = re.compile(r"发布|公布|公示|新增|推出|颁布")
COUNT_OF_NEW = re.compile(
    rf"(?P<num>{NUM})\s*[个项种]\s*新职业|新职业(?:共|共计|一共|总共|有)\s*(?P<num2>{NUM})\s*[个项种]"
)
BATCH_ORDINAL = re.compile(rf"第\s*(?P<num>{NUM})\s*批|(?P<first>首批)")
MENTIONS_NEW = re.compile(r"新职业|新工种|职业信息|工种")
# Clauses about earlier batches, totals and other counts: context, not this announcement.
CONTEXT_CUE = re.compile(
    r"此前|之前|先前|以往|上一批|前[一二三四五六七八九十两\d]+批|(?<![第\d一二三四五六七八九十两])[一二三四五六七八九十两\d]+批"
    r"|累计|先后|截至|截止|迄今|至今|至此|净增|总计|共计发布|原劳动(?:和社会)?保障部|曾|绿色职业|数字职业"
)
ADJUSTED_CUE = re.compile(r"调整|变更|更名")
RELEASE_DATE = re.compile(r"(?:(?P<year>\d{4})\s*年\s*)?(?P<month>\d{1,2})\s*月\s*(?P<day>\d{1,2})\s*[日号]")
YEAR_ONLY = re.compile(r"(?P<year>(?:19|20)\d{2})\s*年(?!\s*\d{1,2}\s*月|版|度|以来|起)")
SIGNATURE_DATE_LINE = re.compile(r"^\s*(?P<year>\d{4})年(?P<month>\d{1,2})月(?P<day>\d{1,2})日\s*$", re.M)
PAGE_META = re.compile(r"发布时间|发布日期|来源|作者|责任编辑|浏览次数|字号")
DRAFT_CUE = re.compile(r"公示|拟发布|拟新增|拟增设|征求意见")
FINAL_CUE = re.compile(r"(?<![将拟])正式(?:发布|公布|颁布|推出|向社会发布)|公示期满|经.{0,20}公示")
TABLE_HEADER = re.compile(r"序号|编码|代码|名称")
ENTRY_TOKEN = re.compile(r"[^\s;,。、]+")
PARENT_MARK = re.compile(r"职业(?:下|中|之下)")
MENTIONS_WORK = re.compile(r"职业|工种")
ISSUER_LINE = re.compile(r"(?:厅|室|部|局|中心|委员会)$")

CONTEXT_AGE = timedelta(days=120)  # a release older than this, relative to the page, is history
SHORT_CLAUSE = 12  # "此前，" or "2019年4月，" colours the clause after it


@dataclass(frozen=True)
class Page:
    """One article, normalised: `norm` and `masked` have `original`'s offsets."""

    original: str  # as written, but half-width
    norm: str  # simplified
    masked: str  # norm with the inside of parentheticals blanked
    sentence_ends: tuple[int, ...]
    clause_ends: tuple[int, ...]
    published: date | None
    converted: bool


@dataclass(frozen=True)
class Candidate:
    """A name found in the page, with where it starts."""

    name: str
    start: int
    code: str | None = None
    strong: bool = False  # quoted or coded: trusted without a role suffix

    @property
    def confirmed(self) -> bool:
        """True when the name ends like a role name or the page marked it as one."""
        return self.strong or bool(ROLE_SUFFIX.search(self.name))


@dataclass
class FoundList:
    """A list of names of one kind, found at one place."""

    kind: str  # "occupation", "work_type" or "upgraded"
    names: list[Candidate]
    partial: bool = False  # examples only ("A、B等16个")
    parents: dict[str, str] = field(default_factory=dict)


def parse_chinese(text: str, *, title: str | None = None, published: str | None = None) -> Announcement:
    """Find the announced batch and its names in a Chinese article.

    `title` is read as the first line; `published` (the page's ISO date) only
    supplies the year of a release date written without one and tells old
    events from this one.
    """
    page = make_page(text, title, published)
    ordinal = find_batch_ordinal(page)
    lists = find_lists(page, ordinal)
    occupations, notes = merge_occupations([lst for lst in lists if lst.kind == "occupation"])
    upgraded = merge_names(page, [lst for lst in lists if lst.kind == "upgraded"])
    work_types = merge_names(page, [lst for lst in lists if lst.kind == "work_type"])
    taken = {name.name for name in upgraded} | {name.name for name in work_types}
    occupation_names = tuple(to_name(page, c) for c in occupations if c.name not in taken)
    count = find_announced_count(page, ordinal, len(occupation_names))
    if not (occupation_names or work_types or upgraded or count):
        return Announcement(language="zh")
    if count is not None and occupation_names and count != len(occupation_names):
        notes.append(f"stated count {count} but found {len(occupation_names)} occupation names")
    if count is not None and not occupation_names:
        notes.append(f"stated count {count} but found no occupation names")
    return Announcement(
        language="zh",
        announced_count=count,
        batch_ordinal=ordinal,
        released=find_release_date(page, ordinal),
        stage=find_stage(page, ordinal),
        occupations=occupation_names,
        work_types=work_types,
        upgraded=upgraded,
        notes=tuple(notes),
    )


# --- The page ------------------------------------------------------------------------


def make_page(text: str, title: str | None, published: str | None) -> Page:
    """Normalise the title and text once; every later step reads the result."""
    if title and title.strip() and title.strip() not in text[: len(title) + 200]:
        text = f"{title.strip()}\n{text}"
    original = to_half_width(text)
    converted = looks_traditional(original)
    norm = to_simplified(original) if converted else original
    masked = PARENTHETICAL.sub(lambda m: "(" + " " * (len(m.group()) - 2) + ")", norm)
    return Page(
        original=original,
        norm=norm,
        masked=masked,
        sentence_ends=tuple(m.start() for m in SENTENCE_BREAK.finditer(masked)),
        clause_ends=tuple(m.start() for m in CLAUSE_BREAK.finditer(masked)),
        published=parse_iso_date(published),
        converted=converted,
    )


def parse_iso_date(value: str | None) -> date | None:
    """The date in "YYYY-MM-DD…", or None."""
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def sentence_span(page: Page, pos: int) -> tuple[int, int]:
    """Start and end of the sentence (or line) holding `pos`."""
    index = bisect_right(page.sentence_ends, pos - 1)
    start = page.sentence_ends[index - 1] + 1 if index else 0
    end = page.sentence_ends[index] if index < len(page.sentence_ends) else len(page.masked)
    return start, end


def clause_start(page: Page, pos: int) -> int:
    """Start of the clause holding `pos`, taking in a short clause before it ("此前，")."""
    sentence_start = sentence_span(page, pos)[0]
    index = bisect_right(page.clause_ends, pos - 1)
    start = page.clause_ends[index - 1] + 1 if index else 0
    start = max(start, sentence_start)
    for _ in range(2):
        if start <= sentence_start:
            break
        index -= 1
        previous = page.clause_ends[index - 1] + 1 if index else 0
        previous = max(previous, sentence_start)
        if len(page.masked[previous : start - 1].strip()) > SHORT_CLAUSE:
            break
        start = previous
    return start


def clause_text(page: Page, pos: int) -> str:
    """The clause holding `pos` (with its short lead-in), in masked text."""
    start = clause_start(page, pos)
    index = bisect_right(page.clause_ends, pos - 1)
    end = page.clause_ends[index] if index < len(page.clause_ends) else len(page.masked)
    return page.masked[start:end]


def is_context(page: Page, pos: int, ordinal: int | None) -> bool:
    """True when the clause at `pos` recalls history: earlier batches, totals, old dates."""
    clause = clause_text(page, pos)
    if CONTEXT_CUE.search(clause):
        return True
    if ordinal is not None:
        for match in BATCH_ORDINAL.finditer(clause):
            if ordinal_value(match) not in (None, ordinal):
                return True
    return page.published is not None and names_old_date(clause, page.published)


def names_old_date(clause: str, published: date) -> bool:
    """True when the clause dates itself well before the page's publication."""
    for match in RELEASE_DATE.finditer(clause):
        if match.group("year"):
            when = make_date(int(match.group("year")), int(match.group("month")), int(match.group("day")))
            if when and when < published - CONTEXT_AGE:
                return True
    return any(int(m.group("year")) < published.year for m in YEAR_ONLY.finditer(clause))


# --- Names -------------------------------------------------------------------------


def blank(text: str, pattern: re.Pattern[str]) -> str:
    """`text` with every match of `pattern` replaced by spaces of the same length."""
    return pattern.sub(lambda m: " " * len(m.group()), text)


def clean_item(page: Page, start: int, end: int) -> Candidate | None:
    """The name in page[start:end] once bullets, codes, English and brackets are blanked; None if not a name."""
    raw = page.norm[start:end]
    code_match = OCCUPATION_CODE.search(raw)
    text = blank(blank(raw, OCCUPATION_CODE), PARENTHETICAL)
    text = blank(text, LEADING_BULLET)
    colon = text.find(":")
    if colon >= 0:
        before = text[:colon]
        text = before + " " * (len(text) - colon) if before.strip() else " " * (colon + 1) + text[colon + 1 :]
    english = ENGLISH_TAIL.search(text.rstrip())
    if english and sum(c.isalpha() for c in english.group()) >= 3 and english.start() > 0:
        text = text[: english.start()] + " " * (len(text) - english.start())
    stripped = text.strip(" \"“”‘’「」『』.,;:、。")
    if stripped.endswith("等"):
        stripped = stripped[:-1].rstrip()
    if not stripped or not NAME_TEXT.fullmatch(stripped) or NOT_A_NAME.search(stripped):
        return None
    if len(CJK_CHAR.findall(stripped)) < 2:
        return None
    offset = text.find(stripped)
    quoted = is_quoted(page.masked, start, end)
    code = code_match.group() if code_match else None
    return Candidate(stripped, start + offset, code, strong=quoted or code is not None)


def is_quoted(masked: str, start: int, end: int) -> bool:
    """True when page[start:end] sits between quotation marks."""
    return start > 0 and end < len(masked) and masked[start - 1] in QUOTE_CHARS and masked[end] in QUOTE_CHARS


def trim_lead(page: Page, start: int, end: int) -> tuple[Candidate | None, str]:
    """The name after the last verb or particle in page[start:end], and the text cut off before it."""
    match = LEAD_CUT.match(page.masked, start, end)
    if not match:
        return None, ""
    candidate = clean_item(page, match.end(), end)
    if candidate and not candidate.confirmed:
        candidate = None
    return candidate, page.norm[start : match.end()]


def split_items(page: Page, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the list items in page[start:end], split at separators and at a joining 和/以及."""
    spans, item_start = [], start
    for match in LIST_SEPARATOR.finditer(page.masked, start, end):
        spans.append((item_start, match.start()))
        item_start = match.end()
    spans.append((item_start, end))
    items = []
    for span_start, span_end in spans:
        if not page.masked[span_start:span_end].strip():
            continue
        items.extend(split_joined(page, span_start, span_end))
    return items


def split_joined(page: Page, start: int, end: int) -> list[tuple[int, int]]:
    """Split "A和B" at the joiner when A already ends like a role name."""
    items, item_start = [], start
    for match in SOFT_JOINER.finditer(page.masked, start, end):
        left = page.norm[item_start : match.start()].strip(" \"“”")
        if left and ROLE_SUFFIX.search(left) and page.masked[match.end() : end].strip():
            items.append((item_start, match.start()))
            item_start = match.end()
    items.append((item_start, end))
    return items


def drop_unconfirmed_end(names: list[Candidate]) -> list[Candidate]:
    """Keep a name without a role suffix only when confirmed names stand on both sides."""
    while names and not names[-1].confirmed:
        names.pop()
    return names


def walk_backward(page: Page, start: int, end: int) -> tuple[list[Candidate], str]:
    """Names of a list ending at `end`, read from the back; also the text before the first name."""
    found: list[Candidate] = []
    lead = ""
    for item_start, item_end in reversed(split_items(page, start, end)):
        candidate = clean_item(page, item_start, item_end)
        if candidate:
            found.append(candidate)
            continue
        candidate, lead = trim_lead(page, item_start, item_end)
        if candidate:
            found.append(candidate)
        break
    found = drop_unconfirmed_end(found)
    found.reverse()
    return found, lead


def walk_forward(page: Page, start: int, end: int) -> list[Candidate]:
    """Names of a list starting at `start`, read until something is not a name."""
    found: list[Candidate] = []
    for index, (item_start, item_end) in enumerate(split_items(page, start, end)):
        candidate = clean_item(page, item_start, item_end)
        if not candidate and index == 0:
            candidate = trim_lead(page, item_start, item_end)[0]
        if not candidate:
            break
        found.append(candidate)
    return drop_unconfirmed_end(found)


def parent_before(page: Page, pos: int) -> str | None:
    """The occupation named just before `pos` ("在互联网营销师|职业下…")."""
    start = clause_start(page, pos)
    separators = [m.end() for m in LIST_SEPARATOR.finditer(page.masked, start, pos)]
    item_end = pos
    # "在“互联网营销师”职业下": step back over the closing quote.
    if separators and separators[-1] == pos and page.masked[pos - 1] in QUOTE_CHARS:
        item_end = pos - 1
        separators = [s for s in separators if s < item_end]
    item_start = separators[-1] if separators else start
    lead = LEAD_CUT.match(page.masked, item_start, item_end)
    if lead and lead.end() < item_end:
        item_start = lead.end()
    preposition = LEADING_PREPOSITION.match(page.norm, item_start, item_end)
    if preposition:
        item_start = preposition.end()
    candidate = clean_item(page, item_start, item_end)
    return candidate.name if candidate else None


def parent_in_lead(lead: str) -> str | None:
    """The occupation in a cut-off lead such as "将公共卫生辅助服务员职业下的"."""
    match = PARENT_IN_LEAD.search(lead.rstrip())
    if not match:
        return None
    parent = match.group("parent")
    cut = LEAD_CUT.match(parent)
    if cut and cut.end() < len(parent):
        parent = parent[cut.end() :]
    preposition = LEADING_PREPOSITION.match(parent)
    parent = parent[preposition.end() :] if preposition else parent
    parent = parent.strip("“”\"")
    return parent if NAME_TEXT.fullmatch(parent) and not NOT_A_NAME.search(parent) else None


def to_name(page: Page, candidate: Candidate, parent: str | None = None) -> Name:
    """The public Name, with the page's own spelling when it was converted."""
    original = None
    if page.converted and candidate.start >= 0:
        spelled = page.original[candidate.start : candidate.start + len(candidate.name)]
        original = spelled if spelled != candidate.name else None
    return Name(name=candidate.name, parent=parent, code=candidate.code, name_original=original)


# --- Lists ---------------------------------------------------------------------------


def find_lists(page: Page, ordinal: int | None) -> list[FoundList]:
    """Every list of new names in the page, of any kind, outside context clauses."""
    return [
        *lists_before_counts(page, ordinal),
        *lists_after_cues(page, ordinal),
        *work_types_under_parents(page, ordinal),
        *line_blocks(page, ordinal),
    ]


def lists_before_counts(page: Page, ordinal: int | None) -> list[FoundList]:
    """Lists closed by a count or 等: "A、B等9个新职业", "A、B、C3个工种上升为新职业"."""
    found = []
    for match in COUNT_AFTER_LIST.finditer(page.masked):
        kind = count_noun_kind(page, match)
        if kind is None or is_context(page, match.start(), ordinal):
            continue
        if ADJUSTED_CUE.search(clause_text(page, match.start())):
            continue
        start = list_start(page, match.start())
        names, lead = walk_backward(page, start, match.start())
        if not names:
            continue
        number = to_int(match.group("num") or match.group("num2") or "")
        partial = match.group("lead") in ("等", "在内的") and (number is None or len(names) < number)
        parent = parent_in_lead(lead) if kind != "occupation" else None
        found.append(FoundList(kind, names, partial, {n.name: parent for n in names} if parent else {}))
    return found


def count_noun_kind(page: Page, match: re.Match[str]) -> str | None:
    """What a "N个…"/"等…" match counts: new occupations, work types, upgraded ones, or nothing."""
    noun = match.group("noun")
    if "工种" in noun:
        return "upgraded" if UPGRADED_AFTER.match(page.masked, match.end()) else "work_type"
    if noun == "职业":
        following = page.masked[match.end() : match.end() + 1]
        if CJK_CHAR.match(following) or not ANNOUNCING_VERB.search(clause_text(page, match.start())):
            return None  # "5个职业技能…", or occupations merely counted
    return "occupation"


def list_start(page: Page, end: int) -> int:
    """Where a list ending at `end` may begin: its sentence, after any colon."""
    start = sentence_span(page, end)[0]
    colon = page.masked.rfind(":", start, end)
    return colon + 1 if colon >= 0 else start


def kind_before(page: Page, pos: int) -> tuple[str, int] | None:
    """The kind named last before `pos` in its sentence (or the sentence before a short lead-in)."""
    start = sentence_span(page, pos)[0]
    matches = list(LIST_KIND.finditer(page.masked, start, pos))
    steps = 0
    while not matches and start > 0 and steps < 3 and len(page.masked[start:pos].strip()) <= SHORT_CLAUSE:
        previous = sentence_span(page, start - 1)[0]
        matches = list(LIST_KIND.finditer(page.masked, previous, start))
        start, steps = previous, steps + 1
    if not matches:
        return None
    return matches[-1].lastgroup or "", matches[-1].start()


def lists_after_cues(page: Page, ordinal: int | None) -> list[FoundList]:
    """Lists opened by a cue: "13个新职业，包括：A、B…", "新职业共9个，分别是A、B…"."""
    found = []
    for match in LIST_CUE.finditer(page.masked):
        sentence_end = sentence_span(page, match.start())[1]
        if not page.masked[match.end() : sentence_end].strip():
            continue  # the list is on the lines below: see line_blocks
        kind = kind_before(page, match.start())
        if kind is None or kind[0] == "adjusted":
            continue
        if is_context(page, match.start(), ordinal) or is_context(page, kind[1], ordinal):
            continue
        end, partial = sentence_end, False
        closing = COUNT_AFTER_LIST.search(page.masked, match.end(), sentence_end)
        if closing:
            end = closing.start()
            number = to_int(closing.group("num") or closing.group("num2") or "")
            partial = closing.group("lead") in ("等", "在内的")
        names = walk_forward(page, match.end(), end)
        if not names:
            continue
        if closing and partial:
            partial = number is None or len(names) < number
        parent = parent_marked_before(page, match.start()) if kind[0] != "occupation" else None
        found.append(FoundList(kind[0], names, partial, {n.name: parent for n in names} if parent else {}))
    return found


def parent_marked_before(page: Page, pos: int) -> str | None:
    """The occupation of a "在X职业下增设以下工种：" lead-in, if the sentence has one."""
    start = sentence_span(page, pos)[0]
    marks = list(PARENT_MARK.finditer(page.masked, start, pos))
    return parent_before(page, marks[-1].start()) if marks else None


def work_types_under_parents(page: Page, ordinal: int | None) -> list[FoundList]:
    """"在互联网营销师职业下增设直播销售员工种", "在X职业下新增A、B两个工种"."""
    found = []
    for match in WORKTYPE_UNDER_PARENT.finditer(page.masked):
        if is_context(page, match.start(), ordinal):
            continue
        sentence_end = sentence_span(page, match.start())[1]
        closing = WORKTYPE_LIST_END.search(page.masked, match.end(), sentence_end)
        if not closing:
            continue
        names = walk_forward(page, match.end(), closing.start())
        if not names:
            continue
        parent = parent_before(page, match.start())
        kind = "upgraded" if UPGRADED_AFTER.match(page.masked, closing.end()) else "work_type"
        found.append(FoundList(kind, names, False, {n.name: parent for n in names} if parent else {}))
    return found


# --- Lists with one entry a line ----------------------------------------------------


@dataclass
class LineEntry:
    """A line holding one name (or a parent and a work type), maybe bulleted or coded."""

    names: list[Candidate]
    bulleted: bool
    start: int


def line_blocks(page: Page, ordinal: int | None) -> list[FoundList]:
    """Lists written one name a line, under a heading or a line that says what they are."""
    found = []
    for block in group_entry_lines(page):
        if len(block) < 2 and not any(c.code for c in block[0].names):
            continue
        kind = kind_above(page, block[0].start)
        if kind is None or kind[0] == "adjusted" or is_context(page, kind[1], ordinal):
            continue
        names, parents = [], {}
        for entry in block:
            if kind[0] == "work_type" and len(entry.names) == 2:
                parents[entry.names[1].name] = entry.names[0].name
                names.append(entry.names[1])
            else:
                names.extend(entry.names)
        found.append(FoundList(kind[0], names, False, parents))
    return found


def group_entry_lines(page: Page) -> list[list[LineEntry]]:
    """Runs of entry lines; bulleted entries may have a few description lines between them."""
    blocks: list[list[LineEntry]] = []
    current: list[LineEntry] = []
    gap = 0
    for line in LINE.finditer(page.masked):
        text = line.group()
        if not text.strip():
            continue
        entry = parse_entry_line(page, line.start(), line.end())
        if entry and not (gap and not entry.bulleted):
            current.append(entry)
            gap = 0
            continue
        may_bridge = (
            current
            and all(e.bulleted for e in current)
            and gap < 4
            and not entry
            and not LEADING_BULLET.match(text)
            and not TABLE_HEADER.search(text)
            and not LIST_KIND.search(text)
        )
        if may_bridge:
            gap += 1
            continue
        if current:
            blocks.append(current)
        current, gap = ([entry], 0) if entry else ([], 0)
    if current:
        blocks.append(current)
    return blocks


def parse_entry_line(page: Page, start: int, end: int) -> LineEntry | None:
    """The name(s) a list line holds: "1 2-02-10-15 区块链工程技术人员 Blockchain…", "►A：从事…"."""
    raw = page.masked[start:end]
    colon = raw.find(":")
    if len(raw) > 80 and not 0 <= colon <= 40:
        return None
    code_match = OCCUPATION_CODE.search(page.norm, start, end)
    text = blank(blank(page.norm[start:end], OCCUPATION_CODE), PARENTHETICAL)
    bulleted = bool(LEADING_BULLET.match(raw) or raw.lstrip().startswith("("))
    text = blank(text, LEADING_BULLET)
    if colon >= 0:
        if not text[:colon].strip():
            return None
        text = text[:colon] + " " * (len(text) - colon)
    tokens = [t for t in ENTRY_TOKEN.finditer(text)]
    if not 1 <= len(tokens) <= 2:
        return None
    names = []
    for token in tokens:
        candidate = clean_item(page, start + token.start(), start + token.end())
        if not candidate or not (candidate.confirmed or code_match):
            return None
        names.append(candidate)
    if code_match:
        last = names[-1]
        names[-1] = Candidate(last.name, last.start, code_match.group(), True)
    return LineEntry(names, bulleted, start)


def kind_above(page: Page, line_start: int) -> tuple[str, int] | None:
    """The kind named by the nearest of the few non-blank lines above a block."""
    end, seen = line_start, 0
    while end > 0 and seen < 4:
        start = page.masked.rfind("\n", 0, end - 1) + 1
        text = page.masked[start:end]
        if text.strip():
            seen += 1
            matches = list(LIST_KIND.finditer(text))
            if matches:
                return matches[-1].lastgroup or "", start + matches[-1].start()
        end = start
    return None


# --- Choosing and counting --------------------------------------------------------


def merge_occupations(lists: list[FoundList]) -> tuple[list[Candidate], list[str]]:
    """Occupations from the full lists; examples ("A等9个") only when no full list exists."""
    full = [lst for lst in lists if not lst.partial]
    names = unique(c for lst in (full or lists) for c in lst.names)
    notes = []
    if full:
        known = {c.name for c in names}
        for example in unique(c for lst in lists if lst.partial for c in lst.names):
            if example.name not in known:
                notes.append(f"example {example.name} is not in the full list")
    return names, notes


def unique(candidates: object) -> list[Candidate]:
    """Candidates with one entry per name, in order, keeping a code any of them had."""
    by_name: dict[str, Candidate] = {}
    for candidate in candidates:  # type: ignore[attr-defined]
        known = by_name.get(candidate.name)
        if known is None or (candidate.code and not known.code):
            by_name[candidate.name] = candidate if known is None else Candidate(
                known.name, known.start, candidate.code, True
            )
    return list(by_name.values())


def merge_names(page: Page, lists: list[FoundList]) -> tuple[Name, ...]:
    """Work types or upgraded names from all lists, one per name, with a parent when one was stated."""
    parents: dict[str, str] = {}
    for lst in lists:
        for name, parent in lst.parents.items():
            parents.setdefault(name, parent)
    names = unique(c for lst in lists for c in lst.names)
    return tuple(to_name(page, c, parents.get(c.name)) for c in names)


def ordinal_value(match: re.Match[str]) -> int | None:
    """1 for 首批, else the number in 第N批."""
    return 1 if match.group("first") else to_int(match.group("num"))


def find_batch_ordinal(page: Page) -> int | None:
    """The batch this article announces (第三批, 首批), ignoring batches recalled as context."""
    for match in BATCH_ORDINAL.finditer(page.masked):
        start, end = sentence_span(page, match.start())
        if not MENTIONS_NEW.search(page.masked, start, end) or is_context(page, match.start(), None):
            continue
        return ordinal_value(match)
    return None


def find_announced_count(page: Page, ordinal: int | None, found: int) -> int | None:
    """The stated number of new occupations; the one matching the names found when several are stated."""
    values = []
    for match in COUNT_OF_NEW.finditer(page.masked):
        if match.group("num") and page.masked[match.start() - 1 : match.start()] == "批":
            continue  # "12批122个新职业": a total over many batches
        if is_context(page, match.start(), ordinal):
            continue
        if not found:
            start, end = sentence_span(page, match.start())
            if not ANNOUNCING_VERB.search(page.masked, start, end):
                continue
        value = to_int(match.group("num") or match.group("num2"))
        if value:
            values.append(value)
    if not values:
        return None
    return found if found in values else values[0]


def find_release_date(page: Page, ordinal: int | None) -> str | None:
    """ISO date of the release stated in an announcing sentence, else a notice's signature date."""
    for match in RELEASE_DATE.finditer(page.masked):
        start, end = sentence_span(page, match.start())
        sentence = page.masked[start:end]
        if PAGE_META.search(sentence) or not ANNOUNCING_VERB.search(sentence):
            continue
        if not MENTIONS_WORK.search(sentence) or is_context(page, match.start(), ordinal):
            continue
        when = resolve_date(match.group("year"), match.group("month"), match.group("day"), page.published)
        if when:
            return when.isoformat()
    for match in SIGNATURE_DATE_LINE.finditer(page.norm):
        above = page.norm[: match.start()].rstrip().rsplit("\n", 1)[-1].strip()
        if ISSUER_LINE.search(above):
            when = resolve_date(match.group("year"), match.group("month"), match.group("day"), page.published)
            if when:
                return when.isoformat()
    return None


def resolve_date(year: str | None, month: str, day: str, published: date | None) -> date | None:
    """The date, taking a missing year from the page (the year before if the month is later)."""
    if year:
        return make_date(int(year), int(month), int(day))
    if published is None:
        return None
    guess = published.year - (1 if int(month) > published.month else 0)
    return make_date(guess, int(month), int(day))


def make_date(year: int, month: int, day: int) -> date | None:
    """A date, or None when the numbers make none."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def find_stage(page: Page, ordinal: int | None) -> str:
    """"draft" when the page publicises proposed names (公示, 拟发布) and says nothing final, else "final"."""
    for cue in (FINAL_CUE, DRAFT_CUE):
        for match in cue.finditer(page.masked):
            start, end = sentence_span(page, match.start())
            if MENTIONS_WORK.search(page.masked, start, end) and not is_context(page, match.start(), ordinal):
                return "final" if cue is FINAL_CUE else "draft"
    return "final"
