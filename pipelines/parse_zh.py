"""Chinese announcements → Announcement.

Pure: imports neither Scrapy nor SQLite, and knows no occupation by name. It
recognises the shapes announcements take — lists closed by `等N个新职业`, lists
opened by `包括：`/`分别是`, one name a line under a `新职业信息` heading, table
rows of code and name, `在X职业下增设Y工种`, `将A、B3个工种上升为新职业`,
`X职业下的“A”“B”工种升格为职业`, `A由工种调整为职业` — and checks each
candidate against what names look like (a role suffix such as 员/师/工/人员 is
a soft signal, never a list of names: a name without one is kept inside a list,
or at an end the list's cue or count delimits).

The page is normalised once (half-width ASCII, simplified characters, same
offsets). Parentheticals are blanked in a "masked" copy so that separators or
keywords inside `（俗称“X”）` or `（Engineer, Technician）` do not count.
Clauses that recall history (此前, 累计, an older date, another batch's ordinal)
are context: nothing in them is new.

Speed: Python's `re` scans slowly with patterns that start with a character
class, so scans start from literal pivots (职业, 工种) or run only over the
sentences that mention 职业 or 工种.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from typing import NamedTuple

from occuwatch.pipelines.announcement import Announcement, Name
from occuwatch.pipelines.chinese_numbers import NUMBER_PATTERN, to_int
from occuwatch.pipelines.chinese_text import looks_traditional, to_half_width, to_simplified

NUM = NUMBER_PATTERN

# --- Text structure -------------------------------------------------------------

PARENTHETICAL = re.compile(r"\([^()\n]{0,80}\)")
OCCUPATION_CODE = re.compile(r"\d-\d{2}-\d{2}-\d{2}(?:-\d{2})?(?![\d-])")
DASH = re.compile("-")
OCCUPATION_WORD = re.compile("职业")
WORK_TYPE_WORD = re.compile("工种")
SENTENCE_BREAKS = "。!?\n"
# Between two names of a list (masked text; full-width commas are ASCII by now).
LIST_SEPARATOR = re.compile(r"[、,;“”\"「」『』‘’\n]")
QUOTE_CHARS = frozenset('“”"「」『』‘’')
# Joins the last name of a list; splits only after something that ends like a name.
SOFT_JOINER = re.compile(r"以及|和|及|与")
JOINERS = frozenset(("以及", "和", "及", "与"))
# A joiner opening an item ("A、B、以及C", "A，及C"); not 和, which also begins names (和田…).
LEADING_JOINER = re.compile(r"\s*(?:以及|及|与)(?=\S)")

# --- What a name looks like -------------------------------------------------------

# Up to 30 characters, at least two of them Chinese.
NAME_TEXT = re.compile(
    r"(?=[^\u4e00-\u9fff]*[\u4e00-\u9fff][^\u4e00-\u9fff]*[\u4e00-\u9fff])[\u4e00-\u9fffA-Za-z0-9·]{2,30}"
)
CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")
# What occupation names do not contain: sentence glue, the nouns and verbs of announcements,
# counts and dates, the endings of organisations. Split in four because a single alternation
# is several times slower in `re`.
GLUE_CHAR = re.compile(r"[的了是将把被我你他她它这那该此]")
ANNOUNCEMENT_WORD = re.compile(
    r"新职业|新工种|职业信息|发布|公布|公示|包括|如下|以下|通知|公告|附件|名单|部门|近日|日前|目前|今年|去年"
    r"|首批|增设|新增|增加|设立|推出|颁布|上升为|职业下|职业中|人社部|社会保障部|总局|统计局|国务院|政府|记者"
)
COUNT_OR_DATE = re.compile(r"第.{1,3}批|\d+年|[一二三四五六七八九十两\d]+个")
NOT_NAME_ENDINGS = ("职业", "工种", "部", "局", "厅", "委", "办", "中心")
# Typical endings of role names: a soft signal, not a vocabulary.
ROLE_ENDINGS = (*"员师工人手家官长士匠", "顾问", "经理", "专家", "主播", "教练", "管家", "司机", "代表")
BULLET_FIRST_CHARS = frozenset("►▶▸●◆◇■□○•·▪★☆-*一二三四五六七八九十百0123456789")
LEADING_BULLET = re.compile(
    r"\s*(?:(?:[►▶▸●◆◇■□○•·▪★☆\-*]+|[一二三四五六七八九十百]+\s*[、.]|\d+\s*[、.)]|\d+\s+)\s*)+"
)
ENGLISH_TAIL = re.compile(r"[A-Za-z][A-Za-z .,'&/\-]*$")
# Verbs and particles that may stand before the first name of a list ("…联合发布了" + name).
# The first cut that leaves a well-formed name wins, so a name holding one (…更新设计师 holds 新设) stays whole.
LEAD_WORD = re.compile(
    r"发布了?|公布了?|公示了?|新增了?|增设了?|增加了?|推出了?|推介了?|包括|包含|涵盖|确定了?|设立了?|新设了?"
    r"|颁布了?|遴选出?了?|审定了?|上升为|纳入|列入|收录|认定了?|评选出?|征集|例如|比如|诸如|如|将|的|了|是|有"
    r"|以及|和|及|与|:|\s(?![^()]*\))"
)
# The last "在" before a parent occupation: "当局在|X职业下" (not 在线, 在职).
PARENT_PREPOSITION = re.compile(r".*在(?![线职])", re.S)
TABLE_CELL = re.compile(r"\S+")

# --- Announcement patterns ---------------------------------------------------------

# Before a noun (新职业, 工种, 职业信息…): "等9个", "3个", "等", "在内的": the list sits before it.
COUNT_BEFORE_NOUN = re.compile(
    rf"(?:(?P<lead>等|在内的|共)\s*(?:(?P<num>{NUM})\s*[个项种大])?|(?P<num2>{NUM})\s*[个项种大])\s*$"
)
COUNT_ENDINGS = frozenset("等的个项种大共 ")
ANNOUNCEMENT_NOUNS = ("新职业", "工种", "职业信息")  # a page without any of these announces nothing
# A work type made an occupation: "上升为(新)职业", "升格为职业", "调整为职业" (调整 alone renames).
UPGRADED_TO_OCCUPATION = r"(?:上升|升级|升格|调整|提升)(?:成)?为新?职业(?![下中])"
UPGRADED_AFTER = re.compile(rf"[^,。;\n]{{0,6}}?(?:(?:上升|升级|升格)(?:成)?为|{UPGRADED_TO_OCCUPATION})")
UPGRADED_BEFORE = re.compile(rf"{UPGRADED_TO_OCCUPATION}的")
# "A、B由工种上升为职业": 由 (or 从) opens the closing "工种".
UPGRADED_FROM = frozenset("由从")
# "新职业赛项", "新职业技能培训": the noun qualifies something else.
NOUN_QUALIFIES = re.compile(r"赛|技能|培训|从业|人才|岗位|标准|项目|就业|申报|发展|政策|补贴")
# "包括：", "分别是", "如下：", "名单为：", a bare colon: the list follows. (No optional prefix
# group: `re` scans three times faster when every branch starts with a literal.)
LIST_CUE = re.compile(r"(?:包括|包含|涵盖|分别[是为]|依次[是为]|具体[是为]|它们是|如下|[是为有]\s*:|即)\s*:?|:")
# "在X职业下增设Y工种": parent before, work types after.
WORKTYPE_UNDER_PARENT = re.compile(r"职业(?:下|中|之下)的?(?:分别)?(?:增设|新增|增加|设立|新设|增补|设置)了?的?")
WORKTYPE_LIST_END = re.compile(rf"(?:等)?\s*(?:(?:{NUM})\s*[个项种])?\s*(?:新)?工种")
PARENT_MARK = re.compile(r"职业(?:下|中|之下)")
# A parent in a gloss after the work type: "A（所属职业：X）", "A（隶属于X职业）".
PARENT_GLOSS = re.compile(
    r"\s*\(\s*(?:所属|隶属|归属|属于)于?(?:职业)?\s*[:为是]?\s*(?P<parent>[^()\n:]{2,30}?)\s*(?:职业)?\s*\)"
)
# What a list is of, read from the words before it; the last match wins.
LIST_KIND = re.compile(
    rf"(?P<upgraded>{UPGRADED_TO_OCCUPATION})"
    r"|(?P<adjusted>(?:调整|变更|更名)(?:变更)?了?(?:\d+个|[一二三四五六七八九十]+个)?的?(?:职业信息|职业)?)"
    r"|(?P<work_type>新工种|工种)"
    r"|(?P<occupation>新职业|新增职业|职业信息)"
)
ADJUSTED_CUE = re.compile(r"调整|变更|更名")
ANNOUNCING_VERB = re.compile(r"发布|公布|公示|新增|推出|颁布")
NUMBER_BEFORE = re.compile(rf"(?P<num>{NUM})\s*[个项种大]\s*$")
NUMBER_AFTER = re.compile(rf"(?:共|共计|一共|总共|有)\s*(?P<num>{NUM})\s*[个项种]")
ORDINAL_JUST_BEFORE = re.compile(rf"(?:第\s*(?:{NUM})|首)\s*批$")
BATCH_ORDINAL = re.compile(rf"第\s*(?P<num>{NUM})\s*批|(?P<first>首批)")
# What a batch ordinal must count: "第三批新职业", "首批13个新职业" (not "首批从业者").
ORDINAL_OF_NEW = re.compile(r"[^,。;\n]{0,8}?(?:新职业|职业|新工种|工种)")
MENTIONS_NEW = re.compile(r"新职业|新工种|职业信息|工种")
# Clauses about earlier batches, totals and other counts: context, not this announcement.
CONTEXT_CUE = re.compile(
    r"此前|之前|先前|以往|上一批|前[一二三四五六七八九十两\d]+批|(?<![第\d一二三四五六七八九十两])[一二三四五六七八九十两\d]+批"
    r"|累计|先后|陆续|截至|截止|迄今|至今|至此|净增|总计|共计发布|原劳动(?:和社会)?保障部|曾|去年|前年|上年|近年"
    r"|绿色职业|数字职业"
)
CONTINUATION = re.compile(r"\s*(?:并|同时|还|又|且|以及|其中)")
# Dates in digits or Chinese numerals ("2021年3月18日", "二〇二一年三月十八日").
YEAR_NUMBER = r"\d{4}|[〇○零一二三四五六七八九]{4}"
DAY_NUMBER = r"\d{1,2}|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九]"
RELEASE_DATE = re.compile(
    rf"(?:(?P<year>{YEAR_NUMBER})\s*年\s*)?(?P<month>{DAY_NUMBER})\s*月\s*(?P<day>{DAY_NUMBER})\s*[日号](?!\s*电)"
)
# "新华社北京7月6日电 …人社部6日发布…": the dateline gives the month of a bare day.
DATELINE = re.compile(r"(?P<month>\d{1,2})\s*月\s*(?P<day>\d{1,2})\s*日\s*电")
# What ends a dateline: its byline "(记者 X)" (masked, so blank inside) or a space.
DATELINE_END = re.compile(r"\s*\([^()\n]*(?=\))|(?=\s)")
DAY_ONLY = re.compile(r"(?<![月\d])(?P<day>\d{1,2})\s*日(?!\s*电)")
YEAR_ONLY = re.compile(r"(?P<year>(?:19|20)\d{2})\s*年(?!\s*\d{1,2}\s*月|版|度|以来|起)")
SIGNATURE_DATE = re.compile(rf"\s*(?P<year>{YEAR_NUMBER})年(?P<month>{DAY_NUMBER})月(?P<day>{DAY_NUMBER})日\s*")
ISSUER_LINE = re.compile(r"(?:厅|室|部|局|中心|委员会)$")
NEAR_TIME = re.compile(r"近日|日前|近期|不久前")  # "近日" gives no date
PAGE_META = re.compile(r"发布时间|发布日期|来源|作者|责任编辑|浏览次数|字号")
# A draft publicises proposed names ("拟发布…予以公示"); a final notice may recall that publicity
# as a step done ("经过…公示等程序", "开展了…公示等工作") and releases ("予以发布", "正式发布").
DRAFT_CUE = re.compile(r"拟发布|拟新增|拟增设|拟调整|予以公示|进行公示|公示期|公示时间|征求意见")
FINAL_CUE = re.compile(
    r"(?<![将拟再])正式(?:发布|公布|颁布|推出|向社会发布)|予以发布|公示[^,。]{0,4}等(?:程序|工作)"
    r"|(?:经|经过)[^。]{0,30}公示[^,。]{0,6}(?:程序|无异议)"
)
TABLE_HEADER = re.compile(r"序号|编码|代码|名称")
RELATED_LINKS_HEADINGS = ("相关新闻", "相关链接", "相关阅读", "相关文章", "相关稿件", "延伸阅读", "推荐阅读")

CONTEXT_AGE = timedelta(days=120)  # a release older than this, relative to the page, is history
SHORT_CLAUSE = 12  # "此前，" or "2019年4月，" colours the clause after it
DATELINE_REACH = 400  # a dateline sits at the top of the page


# --- Data ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    """One article, normalised: every text field has the offsets of `original`."""

    original: str  # as written, but half-width
    norm: str  # simplified
    masked: str  # norm with the inside of parentheticals blanked
    plain: str  # norm with whole parentheticals and occupation codes blanked
    sentence_ends: tuple[int, ...]
    clause_ends: tuple[int, ...]
    noun_positions: tuple[int, ...]  # every 职业 and 工种
    relevant: tuple[tuple[int, int], ...]  # sentences that mention 职业 or 工种
    published: date | None
    converted: bool
    context_cache: dict[tuple[int, int, int | None], bool] = field(default_factory=dict, compare=False, hash=False)
    item_cache: dict[tuple[int, int], Candidate | None] = field(default_factory=dict, compare=False, hash=False)

    @cached_property
    def anchors(self) -> tuple[CountAnchor, ...]:
        """Every count anchor of the page, found once."""
        return tuple(count_anchors(self))

    @cached_property
    def lines(self) -> tuple[tuple[int, int], ...]:
        """Start and end of each non-blank line."""
        spans, start = [], 0
        for end in (*char_positions(self.masked, "\n"), len(self.masked)):
            if self.masked[start:end].strip():
                spans.append((start, end))
            start = end + 1
        return tuple(spans)


class Candidate(NamedTuple):
    """A name found in the page, with where it starts (a tuple: thousands are made per second)."""

    name: str
    start: int
    code: str | None = None
    strong: bool = False  # quoted or coded: trusted without a role suffix

    @property
    def confirmed(self) -> bool:
        """True when the name ends like a role name or the page marked it as one."""
        return self.strong or self.name.endswith(ROLE_ENDINGS)


@dataclass
class FoundList:
    """A list of names of one kind, found at one place."""

    kind: str  # "occupation", "work_type" or "upgraded"
    names: list[Candidate]
    partial: bool = False  # examples only ("A、B等16个")
    parents: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class CountAnchor:
    """The end of a list and what it counts: "等9个新职业", "3个工种", "等职业信息"."""

    start: int  # where 等 or the number begins
    end: int  # after the noun
    lead: str | None
    number: int | None
    noun: str


@dataclass
class LineEntry:
    """A line holding one name (or a parent and a work type), maybe bulleted or coded."""

    names: list[Candidate]
    bulleted: bool
    start: int


# --- Entry point --------------------------------------------------------------------


def parse_chinese(text: str, *, title: str | None = None, published: str | None = None) -> Announcement:
    """Find the announced batch and its names in a Chinese article.

    `title` is read as the first line; `published` (the page's ISO date) only
    supplies the year of a release date written without one and tells old
    events from this one.
    """
    page = make_page(text, title, published)
    if not any(word in page.masked for word in ANNOUNCEMENT_NOUNS):
        return Announcement(language="zh")  # most pages: nothing about new occupations or work types
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
    if count is not None and count != len(occupation_names):
        notes.append(f"stated count {count} but found {len(occupation_names)} occupation names")
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
    original = to_half_width(without_related_links(text))
    converted = looks_traditional(original)
    norm = to_simplified(original) if converted else original
    masked = PARENTHETICAL.sub(lambda m: "(" + " " * (len(m.group()) - 2) + ")", norm)
    sentence_ends = char_positions(masked, SENTENCE_BREAKS)
    clause_ends = tuple(sorted(sentence_ends + char_positions(masked, ",;") + dateline_end(masked)))
    nouns = tuple(sorted(m.start() for word in (OCCUPATION_WORD, WORK_TYPE_WORD) for m in word.finditer(masked)))
    return Page(
        original=original,
        norm=norm,
        masked=masked,
        plain=blank_codes(blank(norm, PARENTHETICAL)),
        sentence_ends=sentence_ends,
        clause_ends=clause_ends,
        noun_positions=nouns,
        relevant=tuple(dict.fromkeys(span_around(sentence_ends, len(masked), pos) for pos in nouns)),
        published=parse_iso_date(published),
        converted=converted,
    )


def without_related_links(text: str) -> str:
    """`text` up to a "相关新闻"-style heading: the links below it are other articles' titles."""
    for heading in RELATED_LINKS_HEADINGS:
        pos = text.find(heading)
        while pos >= 0:
            line_start = text.rfind("\n", 0, pos) + 1
            line_end = text.find("\n", pos)
            line = text[line_start : line_end if line_end >= 0 else len(text)]
            if line.strip(" \t\u3000:：【】[]") == heading:
                return text[:line_start]
            pos = text.find(heading, pos + 1)
    return text


def dateline_end(masked: str) -> tuple[int, ...]:
    """Where a dateline and its byline end ("…11月7日电(记者 X)|"): the clause after starts afresh."""
    dateline = DATELINE.search(masked, 0, DATELINE_REACH) if "电" in masked[:DATELINE_REACH] else None
    end = DATELINE_END.match(masked, dateline.end()) if dateline else None
    return (end.end(),) if end else ()


def char_positions(text: str, chars: str) -> tuple[int, ...]:
    """Sorted positions of any of `chars` in `text` (str.find beats a character-class scan)."""
    found = []
    for char in chars:
        pos = text.find(char)
        while pos >= 0:
            found.append(pos)
            pos = text.find(char, pos + 1)
    return tuple(sorted(found))


def blank(text: str, pattern: re.Pattern[str]) -> str:
    """`text` with every match of `pattern` replaced by spaces of the same length."""
    return pattern.sub(lambda m: " " * len(m.group()), text)


def find_codes(text: str) -> Iterator[re.Match[str]]:
    """Occupation codes such as 2-02-10-15, found from their first dash."""
    for dash in DASH.finditer(text):
        start = dash.start() - 1
        if start < 0 or not text[start].isdigit() or (start and text[start - 1] in "0123456789-"):
            continue
        match = OCCUPATION_CODE.match(text, start)
        if match:
            yield match


def blank_codes(text: str) -> str:
    """`text` with its occupation codes blanked."""
    for match in list(find_codes(text)):
        text = text[: match.start()] + " " * len(match.group()) + text[match.end() :]
    return text


def parse_iso_date(value: str | None) -> date | None:
    """The date in "YYYY-MM-DD…", or None."""
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def span_around(ends: tuple[int, ...], length: int, pos: int) -> tuple[int, int]:
    """Start and end of the stretch between two of `ends` that holds `pos`."""
    index = bisect_right(ends, pos - 1)
    start = ends[index - 1] + 1 if index else 0
    end = ends[index] if index < len(ends) else length
    return start, end


def sentence_span(page: Page, pos: int) -> tuple[int, int]:
    """Start and end of the sentence (or line) holding `pos`."""
    return span_around(page.sentence_ends, len(page.masked), pos)


def clause_start(page: Page, pos: int) -> int:
    """Start of the clause holding `pos`, taking in a short clause before it ("此前，")."""
    sentence_start = sentence_span(page, pos)[0]
    index = bisect_right(page.clause_ends, pos - 1)
    start = max(page.clause_ends[index - 1] + 1 if index else 0, sentence_start)
    for _ in range(2):
        if start <= sentence_start:
            break
        index -= 1
        previous = max(page.clause_ends[index - 1] + 1 if index else 0, sentence_start)
        if len(page.masked[previous : start - 1].strip()) > SHORT_CLAUSE:
            break
        start = previous
    return start


def clause_text(page: Page, pos: int) -> str:
    """The clause holding `pos` (with its short lead-in), in masked text."""
    end = span_around(page.clause_ends, len(page.masked), pos)[1]
    return page.masked[clause_start(page, pos) : end]


def cue_spans(page: Page) -> list[tuple[int, int, int]]:
    """(start, end, sentence end) of where a cue may stand: relevant sentences and the next one's start."""
    spans = []
    for start, end in page.relevant:
        spans.append((start, end, end))
        if end < len(page.masked):
            next_start, next_end = sentence_span(page, end + 1)
            spans.append((next_start, min(next_end, next_start + SHORT_CLAUSE + 4), next_end))
    return list(dict.fromkeys(spans))


# --- Context ----------------------------------------------------------------------


def is_context(page: Page, pos: int, ordinal: int | None) -> bool:
    """True when the clause at `pos` recalls history: earlier batches, totals, old dates."""
    start = clause_start(page, pos)
    end = span_around(page.clause_ends, len(page.masked), pos)[1]
    key = (start, end, ordinal)
    if key not in page.context_cache:
        page.context_cache[key] = recalls_history(page, start, end, ordinal)
    return page.context_cache[key]


def recalls_history(page: Page, start: int, end: int, ordinal: int | None) -> bool:
    """True when page[start:end] (or the clause it goes on from) speaks of the past."""
    sentence_start = sentence_span(page, start)[0]
    # "去年7月，人社部发布了…，并在…增设…": a clause that goes on from the one before shares its time.
    while CONTINUATION.match(page.masked, start) and start > sentence_start:
        start = clause_start(page, start - 1)
    clause = page.masked[start:end]
    if CONTEXT_CUE.search(clause):
        return True
    if ordinal is not None and any(ordinal_value(m) not in (None, ordinal) for m in BATCH_ORDINAL.finditer(clause)):
        return True
    return page.published is not None and names_old_date(clause, page.published)


def names_old_date(clause: str, published: date) -> bool:
    """True when the clause dates itself well before the page's publication."""
    if "年" not in clause:
        return False  # both patterns need a year; str search is far quicker than the regexes
    for match in RELEASE_DATE.finditer(clause):
        if match.group("year"):
            when = stated_date(match, None)
            if when and when < published - CONTEXT_AGE:
                return True
    return any(int(m.group("year")) < published.year for m in YEAR_ONLY.finditer(clause))


# --- Names -------------------------------------------------------------------------


def clean_item(page: Page, start: int, end: int) -> Candidate | None:
    """The name in page[start:end] once bullets, codes, English and brackets are blanked; None if not a name."""
    key = (start, end)
    if key not in page.item_cache:
        page.item_cache[key] = read_item(page, start, end)
    return page.item_cache[key]


def read_item(page: Page, start: int, end: int) -> Candidate | None:
    """clean_item without the cache."""
    text = blank_bullet(page.plain[start:end])
    colon = text.find(":")
    if colon >= 0:
        before = text[:colon]
        text = before + " " * (len(text) - colon) if before.strip() else " " * (colon + 1) + text[colon + 1 :]
    text = blank_english_tail(text)
    stripped = text.strip(' "“”‘’「」『』.,;:、。…')
    if stripped.endswith("等"):
        stripped = stripped[:-1].rstrip()
    if not stripped or not NAME_TEXT.fullmatch(stripped) or unlike_a_name(stripped):
        return None
    code = next(find_codes(page.norm[start:end]), None) if "-" in page.norm[start:end] else None
    quoted = is_quoted(page.masked, start, end)
    return Candidate(stripped, start + text.find(stripped), code.group() if code else None, quoted or bool(code))


def unlike_a_name(text: str) -> bool:
    """True when `text` holds what names never do: 的/了/是, 发布/新职业, a count, an organisation's ending."""
    return bool(
        GLUE_CHAR.search(text)
        or text.endswith(NOT_NAME_ENDINGS)
        or ANNOUNCEMENT_WORD.search(text)
        or (("批" in text or "年" in text or "个" in text) and COUNT_OR_DATE.search(text))
    )


def blank_bullet(text: str) -> str:
    """`text` with a leading bullet or number ("►", "一、", "1.", "1 ") blanked."""
    first = text.lstrip()[:1]
    if not first or first not in BULLET_FIRST_CHARS:
        return text
    bullet = LEADING_BULLET.match(text)
    return " " * bullet.end() + text[bullet.end() :] if bullet else text


def blank_english_tail(text: str) -> str:
    """`text` with an English rendering after the Chinese name blanked ("…人员 Blockchain Engineer")."""
    last = text.rstrip()[-1:]
    if not (last.isascii() and last.isalpha()):
        return text
    english = ENGLISH_TAIL.search(text.rstrip())
    if english and english.start() > 0 and sum(c.isalpha() for c in english.group()) >= 3:
        return text[: english.start()] + " " * (len(text) - english.start())
    return text


def is_quoted(masked: str, start: int, end: int) -> bool:
    """True when page[start:end] sits between quotation marks."""
    return start > 0 and end < len(masked) and masked[start - 1] in QUOTE_CHARS and masked[end] in QUOTE_CHARS


def trim_lead(page: Page, start: int, end: int, *, weak: bool = False) -> Candidate | None:
    """The name left in page[start:end] after the first verb or particle that leaves a confirmed one.

    With `weak`, failing that, the first cut that leaves any well-formed name.
    """
    fallback = None
    for match in LEAD_WORD.finditer(page.masked, start, end):
        candidate = clean_item(page, match.end(), end)
        if candidate and candidate.confirmed:
            return candidate
        if weak and fallback is None and len(match.group()) > 1:
            fallback = candidate  # after a verb ("发布了"), not a particle ("的")
    return fallback


def split_items(page: Page, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the list items in page[start:end], split at separators and at a joining 和/以及."""
    spans, item_start = [], start
    for match in LIST_SEPARATOR.finditer(page.masked, start, end):
        spans.append((item_start, match.start()))
        item_start = match.end()
    spans.append((item_start, end))
    items = []
    for span_start, span_end in spans:
        text = page.masked[span_start:span_end].strip()
        if not text or text in JOINERS:
            continue  # nothing, or the joiner of "“A”及“B”"
        joiner = LEADING_JOINER.match(page.masked, span_start, span_end)
        items.extend(split_joined(page, joiner.end() if joiner else span_start, span_end))
    return items


def split_joined(page: Page, start: int, end: int) -> list[tuple[int, int]]:
    """Split "A和B" at the joiner when A already ends like a role name."""
    items, item_start = [], start
    text = page.masked[start:end]
    if "和" not in text and "及" not in text and "与" not in text:
        return [(start, end)]
    for match in SOFT_JOINER.finditer(page.masked, start, end):
        left = page.plain[item_start : match.start()].strip(' "“”')
        if left and left.endswith(ROLE_ENDINGS) and page.masked[match.end() : end].strip():
            items.append((item_start, match.start()))
            item_start = match.end()
    items.append((item_start, end))
    return items


def gap_kind(page: Page, start: int, end: int) -> str:
    """What separates two items: "、" within a list (also quotes and joiners), else the comma, semicolon or line."""
    gap = page.masked[start:end]
    if any(joiner in gap for joiner in JOINERS):
        return "、"
    return next((char for char in ",;\n" if char in gap), "、")


class Item(NamedTuple):
    """An item of a walked list: its name (None for the item that stopped the walk) and its span."""

    name: Candidate | None
    start: int
    end: int


def delimited_names(page: Page, items: list[Item], count: int | None, open_ends: tuple[bool, bool]) -> list[Candidate]:
    """The names between confirmed ones, and an end name without a role suffix where the list is delimited.

    The list is the run of items joined like its confirmed names (a comma does not join a 、-list).
    All of it is kept when it holds exactly `count` names; otherwise, at an end that `open_ends`
    (start, end) marks as delimited, a single unconfirmed name that nothing joins from beyond.
    """
    confirmed = [i for i, item in enumerate(items) if item.name and item.name.confirmed]
    if not confirmed:
        return []
    first, last = confirmed[0], confirmed[-1]

    def joined(gap: int) -> bool:
        kind = gap_kind(page, items[gap].end, items[gap + 1].start)
        if kind == "、":
            return True
        inner = {gap_kind(page, items[i].end, items[i + 1].start) for i in range(first, last)}
        return inner == {kind}

    low, high = first, last
    while low > 0 and items[low - 1].name and joined(low - 1):
        low -= 1
    while high < len(items) - 1 and items[high + 1].name and joined(high):
        high += 1
    if count == high - low + 1:
        first, last = low, high
    # One name beyond the confirmed ones, and nothing joined beyond it: the list ends there.
    if open_ends[0] and low == first - 1 and not (low > 0 and joined(low - 1)):
        first = low
    if open_ends[1] and high == last + 1 and not (high < len(items) - 1 and joined(high)):
        last = high
    return [item.name for item in items[first : last + 1] if item.name]


def walk_backward(page: Page, start: int, end: int, count: int | None = None) -> list[Candidate]:
    """Names of a list ending at `end` (before "等N个…", whose N is `count`), read from the back."""
    items: list[Item] = []
    for item_start, item_end in reversed(split_items(page, start, end)):
        candidate = clean_item(page, item_start, item_end)
        if candidate:
            items.append(Item(candidate, item_start, item_end))
            continue
        items.append(Item(trim_lead(page, item_start, item_end, weak=True), item_start, item_end))
        break
    items.reverse()
    numbered = count is not None
    return delimited_names(page, items, count, (numbered, numbered))


def walk_forward(page: Page, start: int, end: int, count: int | None = None, closed: bool = False) -> list[Candidate]:
    """Names of a list just after a cue, read until something is not a name; `closed` when a count ends it."""
    items: list[Item] = []
    for index, (item_start, item_end) in enumerate(split_items(page, start, end)):
        candidate = clean_item(page, item_start, item_end)
        if not candidate and index == 0:
            candidate = trim_lead(page, item_start, item_end)
        items.append(Item(candidate, item_start, item_end))
        if not candidate:
            break
    return delimited_names(page, items, count, (True, closed))


def parent_before(page: Page, pos: int) -> str | None:
    """The occupation named just before `pos` ("在X|职业下…")."""
    start = clause_start(page, pos)
    separators = [m.end() for m in LIST_SEPARATOR.finditer(page.masked, start, pos)]
    item_end = pos
    # "在“X”职业下": step back over the closing quote.
    if separators and separators[-1] == pos and page.masked[pos - 1] in QUOTE_CHARS:
        item_end = pos - 1
        separators = [s for s in separators if s < item_end]
    item_start = separators[-1] if separators else start
    preposition = PARENT_PREPOSITION.match(page.masked, item_start, item_end)
    if preposition:
        item_start = preposition.end()
    candidate = clean_item(page, item_start, item_end)
    if not (candidate and candidate.confirmed):
        candidate = trim_lead(page, item_start, item_end)
    return candidate.name if candidate else None


def parent_marked_in(page: Page, start: int, end: int) -> str | None:
    """The occupation of the last "X职业下" in page[start:end] ("将X职业下的A、B…", "在X职业下增设以下工种：")."""
    marks = list(PARENT_MARK.finditer(page.masked, start, end))
    return parent_before(page, marks[-1].start()) if marks else None


def to_name(page: Page, candidate: Candidate, parent: str | None = None) -> Name:
    """The public Name, with the page's own spelling when it was converted."""
    original = None
    if page.converted and candidate.start >= 0:
        spelled = page.original[candidate.start : candidate.start + len(candidate.name)]
        original = spelled if spelled != candidate.name else None
    return Name(name=candidate.name, parent=parent, code=candidate.code, name_original=original)


# --- Lists in running text -----------------------------------------------------------


def find_lists(page: Page, ordinal: int | None) -> list[FoundList]:
    """Every list of new names in the page, of any kind, outside context clauses."""
    return [
        *lists_before_counts(page, ordinal),
        *lists_after_cues(page, ordinal),
        *work_types_under_parents(page, ordinal),
        *line_blocks(page, ordinal),
    ]


def count_anchors(page: Page) -> Iterator[CountAnchor]:
    """Each 职业/工种 with 等 or a count just before it ("等9个新职业", "3个工种"), or 工种 made an occupation."""
    masked = page.masked
    for pos in page.noun_positions:
        noun_start = pos - 1 if masked[pos - 1 : pos] == "新" else pos
        noun_end = pos + 4 if masked.startswith("职业信息", pos) else pos + 2
        # Cheap test before the regex: a counted anchor ends in 等, 的, 个, 项, 种, 共 or a space.
        match = None
        if masked[noun_start - 1 : noun_start] in COUNT_ENDINGS:
            match = COUNT_BEFORE_NOUN.search(masked, max(0, noun_start - 16), noun_start)
        if match:
            number = to_int(match.group("num") or match.group("num2") or "")
            yield CountAnchor(match.start(), noun_end, match.group("lead"), number, masked[noun_start:noun_end])
        elif masked.startswith("工种", pos) and UPGRADED_AFTER.match(masked, noun_end):
            # "“A”“B”工种上升为新职业", "A由工种上升为职业": the phrase closes the list as a count would.
            start = noun_start - 1 if masked[noun_start - 1 : noun_start] in UPGRADED_FROM else noun_start
            yield CountAnchor(start, noun_end, None, None, masked[noun_start:noun_end])


def anchor_kind(page: Page, anchor: CountAnchor) -> str | None:
    """What an anchor counts: new occupations, work types, upgraded ones, or nothing."""
    if NOUN_QUALIFIES.match(page.masked, anchor.end):
        return None
    if "工种" in anchor.noun:
        if UPGRADED_AFTER.match(page.masked, anchor.end) or UPGRADED_BEFORE.search(clause_text(page, anchor.start)):
            return "upgraded"
        return "work_type"
    if anchor.noun == "职业":
        following = page.masked[anchor.end : anchor.end + 1]
        if CJK_CHAR.match(following) or not ANNOUNCING_VERB.search(clause_text(page, anchor.start)):
            return None  # "5个职业资格…", or occupations merely counted
    return "occupation"


def is_partial(anchor: CountAnchor | None, found: int) -> bool:
    """True when a list closed by "等" holds fewer names than its count (or gives none)."""
    if anchor is None or anchor.lead not in ("等", "在内的"):
        return False
    return anchor.number is None or found < anchor.number


def lists_before_counts(page: Page, ordinal: int | None) -> list[FoundList]:
    """Lists closed by a count or 等: "A、B等9个新职业", "A、B、C3个工种上升为新职业"."""
    found = []
    for anchor in page.anchors:
        kind = anchor_kind(page, anchor)
        if kind is None or is_context(page, anchor.start, ordinal):
            continue
        if kind != "upgraded" and ADJUSTED_CUE.search(clause_text(page, anchor.start)):
            continue  # renamed or adjusted, not new ("调整为职业" is an upgrade)
        names = walk_backward(page, list_start(page, anchor.start), anchor.start, anchor.number)
        if not names:
            continue
        first = names[0].start
        parent = parent_marked_in(page, clause_start(page, first), first) if kind != "occupation" else None
        parents = {n.name: parent for n in names} if parent else {}
        found.append(FoundList(kind, names, is_partial(anchor, len(names)), parents))
    return found


def list_start(page: Page, end: int) -> int:
    """Where a list ending at `end` may begin: its sentence, after any colon."""
    start = sentence_span(page, end)[0]
    colon = page.masked.rfind(":", start, end)
    return colon + 1 if colon >= 0 else start


def kind_before(page: Page, pos: int) -> tuple[str, int] | None:
    """The kind named last before `pos` in its sentence (or the sentence before a short lead-in)."""
    start = sentence_span(page, pos)[0]
    found = last_kind(page, start, pos)
    steps = 0
    while not found and start > 0 and steps < 3 and len(page.masked[start:pos].strip()) <= SHORT_CLAUSE:
        previous = sentence_span(page, start - 1)[0]
        found = last_kind(page, previous, start)
        start, steps = previous, steps + 1
    return found


def last_kind(page: Page, start: int, end: int) -> tuple[str, int] | None:
    """The last kind word in page[start:end] and where it is; "新职业培训" and the like name no kind."""
    found, upgraded = None, False
    for match in LIST_KIND.finditer(page.masked, start, end):
        if match.lastgroup in ("occupation", "work_type") and NOUN_QUALIFIES.match(page.masked, match.end()):
            continue
        found = (match.lastgroup or "", match.start())
        upgraded = upgraded or match.lastgroup == "upgraded"
    if found and found[0] == "work_type" and upgraded:
        return "upgraded", found[1]  # "上升为新职业的3个工种是："
    return found


def lists_after_cues(page: Page, ordinal: int | None) -> list[FoundList]:
    """Lists opened by a cue: "13个新职业，包括：A、B…", "新职业共9个，分别是A、B…"."""
    found = []
    for span_start, cue_end, span_end in cue_spans(page):
        for cue in LIST_CUE.finditer(page.masked, span_start, cue_end):
            if not page.masked[cue.end() : span_end].strip():
                continue  # the list is on the lines below: see line_blocks
            kind = kind_before(page, cue.start())
            if kind is None or kind[0] == "adjusted":
                continue
            if is_context(page, cue.start(), ordinal) or is_context(page, kind[1], ordinal):
                continue
            closing = next((a for a in count_anchors_between(page, cue.end(), span_end)), None)
            count = closing.number if closing else count_beside(page, kind[1])
            closed = closing is not None and closing.number is not None
            names = walk_forward(page, cue.end(), closing.start if closing else span_end, count, closed)
            if not names:
                continue
            before = sentence_span(page, cue.start())[0]
            parent = parent_marked_in(page, before, cue.start()) if kind[0] != "occupation" else None
            parents = {n.name: parent for n in names} if parent else {}
            found.append(FoundList(kind[0], names, is_partial(closing, len(names)), parents))
    return found


def count_beside(page: Page, kind_start: int) -> int | None:
    """The count stated with a kind word: "这14个新职业", "新职业共9个"."""
    before = NUMBER_BEFORE.search(page.masked, max(0, kind_start - 8), kind_start)
    word = LIST_KIND.match(page.masked, kind_start)
    after = NUMBER_AFTER.match(page.masked, word.end()) if word and not before else None
    return to_int((before or after).group("num")) if before or after else None


def count_anchors_between(page: Page, start: int, end: int) -> Iterator[CountAnchor]:
    """Count anchors that begin inside page[start:end]."""
    return (a for a in page.anchors if start <= a.start < end)


def work_types_under_parents(page: Page, ordinal: int | None) -> list[FoundList]:
    """Work types under a named parent: "在X职业下增设Y工种", "在X职业下新增A、B两个工种"."""
    found = []
    for pos in page.noun_positions:
        match = WORKTYPE_UNDER_PARENT.match(page.masked, pos)
        if not match or is_context(page, pos, ordinal):
            continue
        sentence_end = sentence_span(page, pos)[1]
        closing = WORKTYPE_LIST_END.search(page.masked, match.end(), sentence_end)
        if not closing:
            continue
        names = walk_forward(page, match.end(), closing.start())
        if not names:
            continue
        parent = parent_before(page, pos)
        kind = "upgraded" if UPGRADED_AFTER.match(page.masked, closing.end()) else "work_type"
        found.append(FoundList(kind, names, False, {n.name: parent for n in names} if parent else {}))
    return found


# --- Lists with one entry a line ----------------------------------------------------


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
                parent, work_type = entry.names
                parents[work_type.name] = parent.name
                # A code in such a row is the parent occupation's.
                names.append(Candidate(work_type.name, work_type.start, None, True))
            else:
                names.extend(entry.names)
        found.append(FoundList(kind[0], names, False, parents))
    return found


def group_entry_lines(page: Page) -> list[list[LineEntry]]:
    """Runs of entry lines; bulleted entries may have a few description lines between them."""
    blocks: list[list[LineEntry]] = []
    current: list[LineEntry] = []
    gap = 0
    for start, end in page.lines:
        entry = parse_entry_line(page, start, end)
        if entry and not (gap and not entry.bulleted):
            current.append(entry)
            gap = 0
            continue
        if not entry and current and gap < 4 and may_bridge(page.masked[start:end], current):
            gap += 1
            continue
        if current:
            blocks.append(current)
        current, gap = ([entry] if entry else []), 0
    if current:
        blocks.append(current)
    return blocks


def may_bridge(text: str, block: list[LineEntry]) -> bool:
    """True for a description line between bulleted entries ("一、A" / definition / "二、B")."""
    if not all(entry.bulleted for entry in block):
        return False
    return not (LEADING_BULLET.match(text) or TABLE_HEADER.search(text) or LIST_KIND.search(text))


def parse_entry_line(page: Page, start: int, end: int) -> LineEntry | None:
    """The name(s) a list line or table row holds ("1 2-02-10-15 X Engineer…", "►X：从事…")."""
    raw = page.masked[start:end]
    colon = raw.find(":")
    head = raw[:colon] if 0 <= colon <= 40 else raw
    # Chinese prose has no spaces between words: cells separated by spaces make a table row.
    if " " not in head.strip() and (len(head) > 120 or "," in head.rstrip(",;") or "。" in head.rstrip("。;, ")):
        return None  # a sentence, not an entry
    bullet = LEADING_BULLET.match(raw) if raw.lstrip()[:1] in BULLET_FIRST_CHARS else None
    bulleted = bool(bullet) or raw.lstrip().startswith("(")
    if colon >= 0 and not (bulleted and raw[:colon].strip()):
        return None  # only a bulleted line may carry a description after its name
    text = page.plain[start : start + len(head)]
    if bullet:
        text = " " * bullet.end() + text[bullet.end() :]
    cells = list(TABLE_CELL.finditer(blank_english_tail(text)))
    code = next(find_codes(page.norm[start:end]), None) if "-" in raw else None
    names: list[Candidate] = []
    for index, cell in enumerate(cells):
        candidate = clean_item(page, start + cell.start(), start + cell.end())
        if candidate and (candidate.confirmed or code):
            names.append(candidate)
        elif not (names and index == len(cells) - 1):
            return None  # only a last cell may be something else: the description
    if not 1 <= len(names) <= 2:
        return None
    if code:
        names[-1] = Candidate(names[-1].name, names[-1].start, code.group(), True)
    return LineEntry(names, bulleted, start)


def kind_above(page: Page, line_start: int) -> tuple[str, int] | None:
    """The kind named by the nearest of the few non-blank lines above a block."""
    end, seen = line_start, 0
    while end > 0 and seen < 4:
        start = page.masked.rfind("\n", 0, end - 1) + 1
        if page.masked[start:end].strip():
            seen += 1
            found = last_kind(page, start, end)
            if found:
                return found
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


def unique(candidates: Iterable[Candidate]) -> list[Candidate]:
    """Candidates with one entry per name, in order, keeping a code any of them had."""
    by_name: dict[str, Candidate] = {}
    for candidate in candidates:
        known = by_name.get(candidate.name)
        if known is None:
            by_name[candidate.name] = candidate
        elif candidate.code and not known.code:
            by_name[candidate.name] = Candidate(known.name, known.start, candidate.code, True)
    return list(by_name.values())


def merge_names(page: Page, lists: list[FoundList]) -> tuple[Name, ...]:
    """Work types or upgraded names from all lists, one per name, with a parent when one was stated."""
    parents: dict[str, str] = {}
    for lst in lists:
        for name, parent in lst.parents.items():
            parents.setdefault(name, parent)
    names = unique(c for lst in lists for c in lst.names)
    return tuple(to_name(page, c, parents.get(c.name) or glossed_parent(page, c)) for c in names)


def glossed_parent(page: Page, candidate: Candidate) -> str | None:
    """The parent a gloss right after the name states ("A（所属职业：X）"), if it looks like a name."""
    gloss = PARENT_GLOSS.match(page.norm, candidate.start + len(candidate.name))
    parent = gloss.group("parent").strip() if gloss else ""
    return parent if NAME_TEXT.fullmatch(parent) and not unlike_a_name(parent) else None


def ordinal_value(match: re.Match[str]) -> int | None:
    """1 for 首批, else the number in 第N批."""
    return 1 if match.group("first") else to_int(match.group("num"))


def find_batch_ordinal(page: Page) -> int | None:
    """The batch this article announces (第三批, 首批), ignoring batches recalled as context."""
    for start, end in page.relevant:
        if not MENTIONS_NEW.search(page.masked, start, end):
            continue
        for match in BATCH_ORDINAL.finditer(page.masked, start, end):
            if ORDINAL_OF_NEW.match(page.masked, match.end()) and not is_context(page, match.start(), None):
                return ordinal_value(match)
    return None


def stated_counts(page: Page) -> Iterator[tuple[int, int]]:
    """(position, value) of each "N个新职业" and "新职业共N个"."""
    masked = page.masked
    for pos in page.noun_positions:
        if masked[pos - 1 : pos] != "新" or not masked.startswith("职业", pos):
            continue
        before = NUMBER_BEFORE.search(masked, max(0, pos - 13), pos - 1)
        after = NUMBER_AFTER.match(masked, pos + 2)
        for match in (before, after):
            value = to_int(match.group("num")) if match else None
            if match and value and not (match is before and is_batch_total(page, match.start())):
                yield match.start(), value


def find_announced_count(page: Page, ordinal: int | None, found: int) -> int | None:
    """The stated number of new occupations; the one matching the names found when several are stated."""
    values = []
    for pos, value in stated_counts(page):
        if is_context(page, pos, ordinal) or NOUN_QUALIFIES.match(page.masked, page.masked.find("职业", pos) + 2):
            continue
        start, end = sentence_span(page, pos)
        if found or ANNOUNCING_VERB.search(page.masked, start, end):
            values.append(value)
    if not values:
        return None
    return found if found in values else values[0]


def is_batch_total(page: Page, pos: int) -> bool:
    """True for a count after "N批" ("12批122个"), not after an ordinal ("第七批8个")."""
    before = page.masked[max(0, pos - 12) : pos]
    return before.endswith("批") and not ORDINAL_JUST_BEFORE.search(before)


def announcing_sentences(page: Page) -> Iterator[tuple[int, int]]:
    """Relevant sentences with a verb of announcing, page furniture excluded."""
    for start, end in page.relevant:
        if ANNOUNCING_VERB.search(page.masked, start, end) and not PAGE_META.search(page.masked, start, end):
            yield start, end


def find_release_date(page: Page, ordinal: int | None) -> str | None:
    """ISO date of the release, stated in the clause that announces it, else a notice's signature date."""
    for start, end in announcing_sentences(page):
        for verb in ANNOUNCING_VERB.finditer(page.masked, start, end):
            when = date_in_clause(page, verb.start(), ordinal)
            if when:
                return when.isoformat()
    when = find_signature_date(page)
    return when.isoformat() if when else None


def date_in_clause(page: Page, pos: int, ordinal: int | None) -> date | None:
    """The date of the clause at `pos` ("7月6日，人社部发布…", "人社部6日发布…"); none when it says 近日."""
    start = clause_start(page, pos)
    end = span_around(page.clause_ends, len(page.masked), pos)[1]
    if NEAR_TIME.search(page.masked, start, end) or is_context(page, pos, ordinal):
        return None
    if page.masked.find("日", start, end) < 0 and page.masked.find("号", start, end) < 0:
        return None  # no day in the clause: skip the regexes
    match = RELEASE_DATE.search(page.masked, start, end)
    if match:
        return stated_date(match, page.published)
    match = DAY_ONLY.search(page.masked, start, end)
    return resolve_bare_day(page, int(match.group("day"))) if match else None


def resolve_bare_day(page: Page, day: int) -> date | None:
    """A bare day ("6日") in the month of the dateline ("7月6日电"), else of the page, else the month before."""
    dateline = DATELINE.search(page.masked, 0, DATELINE_REACH)
    if dateline:
        return resolve_date(None, int(dateline.group("month")), day, page.published)
    if page.published is None:
        return None
    month = page.published.month if day <= page.published.day else page.published.month - 1 or 12
    return resolve_date(None, month, day, page.published)


def find_signature_date(page: Page) -> date | None:
    """The date line under a notice's issuing office ("统计局办公室 / 2020年7月6日")."""
    previous = ""
    for start, end in page.lines:
        text = page.norm[start:end]
        match = SIGNATURE_DATE.fullmatch(text) if len(text) <= 20 else None
        if match and ISSUER_LINE.search(previous):
            return stated_date(match, None)
        previous = text.strip()
    return None


def stated_date(match: re.Match[str], published: date | None) -> date | None:
    """The date a RELEASE_DATE or SIGNATURE_DATE match states, in digits or Chinese numerals."""
    year, month, day = (to_int(match.group(part) or "") for part in ("year", "month", "day"))
    return resolve_date(year, month, day, published) if month and day else None


def resolve_date(year: int | None, month: int, day: int, published: date | None) -> date | None:
    """The date, taking a missing year from the page (the year before if the month is later)."""
    if year:
        return make_date(year, month, day)
    if published is None:
        return None
    return make_date(published.year - (1 if month > published.month else 0), month, day)


def make_date(year: int, month: int, day: int) -> date | None:
    """A date, or None when the numbers make none."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def find_stage(page: Page, ordinal: int | None) -> str:
    """The stage: "draft" when the page publicises proposed names (公示, 拟发布) and says nothing final."""
    for cue, hint in ((FINAL_CUE, ("正式", "公示", "予以发布")), (DRAFT_CUE, ("公示", "拟", "征求"))):
        for start, end in page.relevant:
            sentence = page.masked[start:end]
            if not any(word in sentence for word in hint):
                continue
            for match in cue.finditer(page.masked, start, end):
                if not is_context(page, match.start(), ordinal):
                    return "final" if cue is FINAL_CUE else "draft"
    return "final"
