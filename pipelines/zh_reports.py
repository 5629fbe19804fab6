"""Where a Chinese page reports a batch, and what it says of it: count, ordinal, stage, date, context.

Pure. A report is a sentence that says a set of new occupations (or work
types) was released or proposed: "发布了…等16个新职业", "第四批新职业",
"拟新增…等10个新职业", "在X职业下增设Y工种". Whether it speaks of the
page's own batch or recalls another one ("此前", "去年", an older date, a
total "累计发布…") is read from its clause.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import NamedTuple

from occuwatch.pipelines.chinese_numbers import NUMBER_PATTERN, to_int
from occuwatch.pipelines.zh_page import Sentence, ZhPage

NUM = NUMBER_PATTERN

# "16个新职业", "18项新职业", "18种新職業", "9个新工种", "16个新作业" (a spun copy's 职业), "一批“新职业”".
# (Patterns scanned across sentences open with a test of their first character, "(?=[…])": 2-5x faster.)
FIRST_OF_NUMBER = r"(?=[0-9零〇一二两三四五六七八九十百千万])"
COUNTED_NOUN = re.compile(
    rf"{FIRST_OF_NUMBER}(?P<num>{NUM}|一批)\s*(?:个|项|种|大)?\s*[“\"「]?\s*"
    r"(?P<noun>新职业|新增职业|新的职业|新兴职业|新作业|新工种|职业|工种)"
)
# A count after its noun: "新职业共13个", "新工种有3个".
COUNT_AFTER = re.compile(
    rf"(?P<noun>新职业|新工种)(?:信息)?\s*(?:共|共计|一共|总共|合计|有)\s*(?P<num>{NUM})\s*[个项种]"
)
# What a counted noun may qualify instead of being the batch: "新职业技能标准", "新职业赛项".
NOUN_QUALIFIES = re.compile(r"[”\"」]?\s*(?:技能|标准|培训|赛|从业|人才|岗位|项目|就业|申报|发展|政策|补贴|大典|分类)")
# A noun without a count that still reports a set: "等新职业", "等职业信息" (a notice's title).
UNCOUNTED_NOUN = re.compile(r"等\s*[“\"「]?\s*(?:新职业|新工种|(?:新)?职业信息)|(?:新)?职业信息")
NEW_OCCUPATIONS = re.compile(r"新职业|新工种|职业信息|新作业")
ORDINAL = re.compile(rf"第\s*(?P<num>{NUM})\s*[批次]|(?P<first>首批)")
ORDINAL_OF = re.compile(r"[^,。;\n]{0,9}?(?:新职业|新工种|新作业|职业(?!技能|资格|培训|标准|等级)|工种)")
# Verbs of releasing, proposing or officially naming occupations.
RELEASE_VERB = re.compile(
    r"发布|公布|公示|颁布|推出|遴选|确定|认定|新增|增设|增加|设立|设置|纳入|列入|收录|正名|批准|审定|出炉|上升为"
)
# (A look-behind here follows the character it guards: a pattern that opens with one is tried at every position.)
DRAFT_CUE = re.compile(
    r"拟(?<![虚模]拟)(?=发布|新增|增设|设立|调整|将|新设|增加|确定|纳入|列入|推出|公布|变更|更名|把)"
    r"|公示|征求意见|或将|有望|即将|准备|行将|将要|计划"
)
# A final release that recalls its own publicity: "经公示…后确定", "公示等程序", "正式发布".
FINAL_CUE = re.compile(
    r"正式(?<![将拟]正式)(?:向社会)?(?:发布|公布|颁布|推出)|予以发布|公示[^,。]{0,6}(?:程序|工作|无异议)"
    r"|(?:经|经过|在)[^。]{0,30}(?:公示|征求意见)"
)
EARLIER_CUE = re.compile(r"此前|之前|先前|以往|以前|上一批|上次|去年|前年|上年|曾(?!经营)")
CUMULATIVE_CUE = re.compile(
    r"累计|共计|总计|合计|总共|先后|陆续|截至|截止|迄今|至今|已有|批次|净增|收录|"
    r"以来[^。]{0,12}(?:共|已|累计)"
)
# Dates: "2021年3月18日", "3月18日", "二〇二一年三月十八日", "2019年4月".
YEAR = r"\d{4}|[〇○零一二三四五六七八九]{4}"
DAY = r"\d{1,2}|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九]"
FULL_DATE = re.compile(
    rf"(?=[0-9〇○零一二三四五六七八九十])(?:(?P<year>{YEAR})\s*年\s*)?(?P<month>{DAY})\s*月\s*(?:(?P<day>{DAY})\s*[日号])?(?!\s*电)"
)
YEAR_ALONE = re.compile(r"(?P<year>(?:19|20)\d{2})\s*年(?![\d一二三四五六七八九十]{1,2}\s*月|版|度|以来|起|底|前)")
SINCE = re.compile(r"自[^,。;]{0,24}?(?:以来|起)")
# A sentence about the batch just reported: "这是…第二批新职业", "此次发布的…".
SELF_REFERENCE = re.compile(r"\s*(?:这是|这也是|此为|这批|此批|此次|本次|这次)")
NEAR_TIME = re.compile(r"近日|日前|近期|不久前|前不久")
DATELINE = re.compile(r"(?P<month>\d{1,2})\s*月\s*(?P<day>\d{1,2})\s*日\s*电")
BARE_DAY = re.compile(r"(?=\d)(?<![\d月])(?P<day>\d{1,2})\s*日(?!\s*电)")
CONTEXT_AGE = timedelta(days=120)  # a release older than this, relative to the page, is recalled history


class Count(NamedTuple):
    """A counted noun: "等16个新职业" — where it starts and ends, its value, what it counts."""

    start: int
    end: int
    value: int | None  # None for "一批"
    kind: str  # "occupation" or "work_type"


class SentenceFacts(NamedTuple):
    """What one sentence says of a batch."""

    counts: tuple[Count, ...]
    uncounted: tuple[tuple[int, int], ...]  # "等新职业" spans
    ordinal: int | None
    released: date | None
    stage: str  # "draft" or "final"
    role: str  # "current", "earlier" or "cumulative"
    reports: bool  # the sentence reports a release (or a proposal) of new occupations or work types


def find_counts(page: ZhPage, start: int, end: int) -> list[Count]:
    """Every counted noun of page[start:end]."""
    masked = page.masked
    found = []
    for match in COUNTED_NOUN.finditer(masked, start, end):
        noun = match.group("noun")
        if NOUN_QUALIFIES.match(masked, match.end()):
            continue
        if noun in ("职业", "工种") and not bare_noun_counts(masked, match):
            continue
        number = match.group("num")
        value = None if number == "一批" else to_int(number)
        before = masked[match.start() - 1] if match.start() > 0 else ""
        if number != "一批" and (value is None or (before and before in "第年月")):
            continue  # an ordinal or a date, not a count
        if number != "一批" and match.start() > 0 and masked[match.start() - 1].isdigit():
            continue  # the end of a longer number
        kind = "work_type" if noun.endswith("工种") else "occupation"
        found.append(Count(match.start(), match.end(), value, kind))
    for match in COUNT_AFTER.finditer(masked, start, end):  # "本批新职业共13个，分别是…"
        value = to_int(match.group("num"))
        if value:
            kind = "work_type" if match.group("noun").endswith("工种") else "occupation"
            found.append(Count(match.start("num"), match.end(), value, kind))
    return sorted(found, key=lambda c: c.start)


def bare_noun_counts(masked: str, match: re.Match[str]) -> bool:
    """A count of plain 职业/工种 counts new ones after 新增 ("新增16个职业") or before "成为新职业"."""
    before = masked[max(0, match.start() - 6) : match.start()]
    after = masked[match.end() : match.end() + 8]
    if match.group("noun") == "工种":
        return any(word in before for word in ("新增", "增设", "增加", "等")) or "上升为" in after
    return "新增" in before or "新职业" in after


def find_ordinal(page: ZhPage, start: int, end: int) -> int | None:
    """The batch ordinal of page[start:end] (第三批新职业, 首批, 第二批…之一)."""
    for match in ORDINAL.finditer(page.masked, start, end):
        if ORDINAL_OF.match(page.masked, match.end()):
            return 1 if match.group("first") else to_int(match.group("num"))
    return None


def find_stage(page: ZhPage, start: int, end: int) -> str:
    """"draft" when the sentence proposes (拟, 公示, 征求意见) and does not recall a done publicity."""
    masked = page.masked[start:end]
    if FINAL_CUE.search(masked):
        return "final"
    return "draft" if DRAFT_CUE.search(masked) else "final"


def find_role(page: ZhPage, start: int, end: int, released: date | None) -> str:
    """"cumulative" for totals, "earlier" for a batch recalled as history, else "current"."""
    masked = SINCE.sub("", page.masked[start:end])  # "自2019年4月以来": when counting starts, not this batch's date
    if CUMULATIVE_CUE.search(masked):
        return "cumulative"
    if SELF_REFERENCE.match(masked):
        return "current"  # "这是…发布的第二批新职业"
    if EARLIER_CUE.search(masked):
        return "earlier"
    if released and page.published and released < page.published - CONTEXT_AGE:
        return "earlier"
    if page.published and any(is_past_year(int(m.group("year")), page.published) for m in YEAR_ALONE.finditer(masked)):
        return "earlier"
    return "current"


def is_past_year(year: int, published: date) -> bool:
    """True for a year before the page's, unless the page is from the first months after it."""
    return year < published.year - 1 or (year == published.year - 1 and published.month > 3)


def find_date(page: ZhPage, start: int, end: int) -> tuple[date | None, bool]:
    """The date the sentence gives its release ("7月6日", "2021年3月18日", "2019年4月", "人社部6日发布"), and
    whether it names the day."""
    masked = SINCE.sub("", page.masked[start:end])
    if NEAR_TIME.search(masked):
        return None, False
    if "月" in masked:
        for match in FULL_DATE.finditer(masked):
            year = to_int(match.group("year") or "")
            month = to_int(match.group("month"))
            day = to_int(match.group("day") or "")
            if month and (day or year) and 1 <= month <= 12:
                when = resolve(year, month, day or 1, page.published)
                if when:
                    return when, bool(day)
    day = BARE_DAY.search(masked) if "日" in masked else None
    dateline = DATELINE.search(page.masked, 0, 400) if day else None
    if day and dateline:  # "新华社北京7月6日电 …人社部6日发布…": the dateline gives the month
        return resolve(None, int(dateline.group("month")), int(day.group("day")), page.published), True
    return None, False


def resolve(year: int | None, month: int, day: int, published: date | None) -> date | None:
    """The date, taking a missing year from the page (the year before if the month is later)."""
    if not year:
        if published is None:
            return None
        year = published.year - (1 if month > published.month else 0)
    try:
        return date(year, month, day)
    except ValueError:
        return None


def read_sentence(page: ZhPage, sentence: Sentence) -> SentenceFacts:
    """What `sentence` says of a batch."""
    start, end = sentence.start, sentence.end
    counts = tuple(find_counts(page, start, end))
    uncounted = tuple((m.start(), m.end()) for m in UNCOUNTED_NOUN.finditer(page.masked, start, end))
    ordinal = find_ordinal(page, start, end)
    masked = page.masked[start:end]
    batch_counts = [c for c in counts if c.value is None or c.value >= 2]
    reports = bool(
        batch_counts
        or ordinal
        or (uncounted and (sentence.title or RELEASE_VERB.search(masked)))
        or (NEW_OCCUPATIONS.search(masked) and RELEASE_VERB.search(masked))
    )
    facts = SentenceFacts(counts=counts, uncounted=uncounted, ordinal=ordinal, released=None, stage="final",
                          role="current", reports=reports)
    return settle(page, sentence, facts) if reports else facts


def settle(page: ZhPage, sentence: Sentence, facts: SentenceFacts) -> SentenceFacts:
    """`facts` with the date, stage and role read (done only for sentences that become reports)."""
    when, has_day = find_date(page, sentence.start, sentence.end)
    return facts._replace(released=when if has_day else None, stage=find_stage(page, sentence.start, sentence.end),
                          role=find_role(page, sentence.start, sentence.end, when))  # "2019年4月": history
