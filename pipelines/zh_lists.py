"""Names in the sentences that report a batch: lists, quoted runs, examples, work types, upgraded, tables.

Pure. Each reader takes a span of the page and returns the candidates it
finds, with where they stand. A list is read from its delimiting end — the
count that closes it ("…等16个新职业"), the cue that opens it ("包括", "分别是",
"——") — item by item while the items are shaped like names; an item without
an occupational head is kept only between two that have one.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from occuwatch.pipelines.zh_names import has_head, is_clean, is_name, trim_lead
from occuwatch.pipelines.zh_page import JOINER, Item, ZhPage

OCCUPATION_CODE = re.compile(r"\d-\d{2}-\d{2}-\d{2}(?:-\d{2})?(?![\d-])")
LEADING_BULLET = re.compile(
    r"^(?:[►▶▸●◆◇■□○•·▪★☆\-*✅]+|\([一二三四五六七八九十百]+\)|[一二三四五六七八九十百]+[、.]|\(\d+\)|\d+[、.)]|\d+(?=\s))\s*"
)
# What a bullet opens with: a quick test before LEADING_BULLET.
BULLET_STARTS = frozenset("►▶▸●◆◇■□○•·▪★☆-*✅(0123456789一二三四五六七八九十百")
LATIN_ONLY = re.compile(r"[A-Za-z][A-Za-z .,'&/\-]*")
# Words between the last name of a list and the count that closes it: "A、B等在内的9个", "“A”就在这13个".
TRAILING_LINK = re.compile(
    r"(?:等在内的|在内的|等|共|共计|就在这|都在这|均在这|也在这|就在|这|其中的?|在内)$"
)
# Cues after which a list of names follows within the sentence.
LIST_CUE = re.compile(
    r"包括|包含|涵盖|分别是|分别为|依次是|具体是|具体为|如下|它们是|其中(?:就|还|也)?(?:有|包括|包含)(?:了)?"
    r"(?:个|一个|一项|一种)?(?:名为|叫做|叫)?|里面(?:就)?有(?:个|一个)?|(?:比如|例如|诸如|譬如)|正名了?|——|:"
    r"|,即(?!将|使|便|可|可以)"
)
# A name just before one of these stands for the batch: "农业经理人位列其中", "X作为其中唯一一项".
AMONG_THEM = re.compile(r"位列其中|名列其中|赫然在列|也在其中|就在其中|在列|入选|作为其中|是其中之一|为其中之一")
# "X(已经)正式成为(国家认可的)一个新职业": one name, singular.
BECAME_ONE = re.compile(
    r"(?:已经?|已|也)?(?:正式)?(?:被)?(?:确定)?(?:成为|列为|确定为|认定为)(?:了)?(?:国家认可的|正式的|一名)?"
    r"(?:一[个项种])?(?:正式的)?\s*[“\"]?新职业"
)
# "在X职业下增设Y工种", "X职业下设置了“Y”", "X职业下还增设了“Y”".
UNDER_PARENT = re.compile(
    r"(?:等)?职业(?:下|中|之下)的?(?:还|又|分别|同时|也)?"
    r"(?:增设|新增|增加|设立|新设|增补|设置|设有|下设)(?:了)?(?:以下)?"
)
# "成为互联网营销师下 “直播销售员”的一个新工种".
BELOW_QUOTED = re.compile(r"下\s*[“\"](?P<name>[^”\"]{2,24})[”\"]\s*的?(?:一个|一项)?新?工种")
# "3个", "三个": a count of what follows it.
COUNTED = r"[\d一二三四五六七八九十两]+个"
WORK_TYPE_TAIL = re.compile(rf"(?:等)?(?:{COUNTED})?(?:新)?工种$")
# Where a list of work types ends: its noun, or the end of the clause.
LIST_END = re.compile(r"工种|[,;。]")
# "将A、B和C3个工种上升为新职业", "A由工种调整为职业".
UPGRADED = re.compile(r"(?:上升|升级|升格|调整|提升)(?:成)?为(?:新)?职业(?![下中])")
UPGRADE_LINK = re.compile(
    rf"(?:由|从)?(?:{COUNTED})?(?:工种)?(?:由|从)?工种$|(?:等)?{COUNTED}工种$"
)
UPGRADED_LIST_AFTER = re.compile(rf"的(?:{COUNTED})?工种(?:是|有|包括|为|分别是)?\s*:?")
PARENT_OF = re.compile(r"(?:将)?(?:原有的?)?(?P<parent>.{2,24}?)职业下的")
LEADING_JOINER = re.compile(r"以及|及|与|和")
# A list that goes on after an aside: "…，以及B、C等".
RESUME = re.compile(r"(?<=[,;])\s*(?:以及|还有|另外还有)")
# "除了X，还…": X is of the batch too.
BESIDES = re.compile(r"除了?(?P<name>[\u4e00-\u9fff]{3,24}?)(?:之外|以外|外)?[,、]")
# A nickname after the name: "也就是人们熟知的“带货主播”", "俗称".
NICKNAME_CUE = re.compile(r"也就是|俗称|人称|被称为|即人们|人们熟知的|俗话说")


BACKWARD_WINDOWS = (160, 480)  # characters a list before its count is looked for in, before the whole sentence


class Candidate(NamedTuple):
    """A name found on the page: its folded text and where it stands."""

    name: str
    start: int
    end: int
    code: str | None = None
    headless: bool = False  # kept inside a list without an occupational head


def clean_item(page: ZhPage, item: Item, *, cut: bool = True) -> tuple[str, int, str | None]:
    """An item's text without bullets and codes: (text, offset, code).

    With `cut`, the item ends at a 等 that closes a list ("直播销售员等8个工种"); without, only a 等 at its
    very end goes (a list read backwards from its count ends where the item does).
    """
    text, offset, code = item.text, 0, None
    bullet = LEADING_BULLET.match(text) if text[:1] in BULLET_STARTS else None
    if bullet and bullet.end() < len(text):
        text, offset = text[bullet.end() :], bullet.end()
    coded = OCCUPATION_CODE.match(text) if text[:1].isdigit() else None
    if coded:
        code = coded.group()
        stripped = text[coded.end() :].lstrip()
        offset += len(text) - len(stripped)
        text = stripped
    closing = text.find("等", 3) if cut else (len(text) - 1 if text.endswith("等") else -1)
    if closing > 0:
        text = text[:closing]
    return text, offset, code


def read_name(page: ZhPage, item: Item, *, first: bool = False, cut: bool = True) -> Candidate | None:
    """The name an item holds; with `first`, after cutting the verb a list may start with ("发布了A")."""
    text, offset, code = clean_item(page, item, cut=cut)
    if is_name(text, quoted=item.quoted):
        return Candidate(text, item.start + offset, item.start + offset + len(text), code)
    if first:
        tail, cut = trim_lead(text)
        if tail and is_name(tail):
            start = item.start + offset + cut
            return Candidate(tail, start, start + len(tail), code)
    return None


def has_joiner(text: str) -> bool:
    """True when `text` holds a character JOINER needs (a quick test before the pattern)."""
    return "和" in text or "及" in text or "与" in text or "或" in text


def split_joined(page: ZhPage, item: Item) -> list[Item]:
    """"A和B" as two items when A is a name by itself ("铁路综合维修工和装配式建筑施工员")."""
    if not has_joiner(item.text):
        return [item]
    pieces, start = [], item.start
    for match in JOINER.finditer(page.masked, item.start, item.end):
        left = page.masked[start : match.start()]
        if has_head(left) and is_clean(trim_lead(left)[0] or left):
            pieces.append(Item(start, match.start(), left, item.quoted))
            start = match.end()
    if not pieces:
        return [item]
    pieces.append(Item(start, item.end, page.masked[start : item.end], item.quoted))
    return pieces


def list_items(page: ZhPage, start: int, end: int) -> list[Item]:
    """The items of page[start:end], joiners split, English renderings left out."""
    items = []
    for item in page.items(start, end):
        if LATIN_ONLY.fullmatch(item.text) or (len(item.text) <= 2 and JOINER.fullmatch(item.text)):
            continue  # "…人员 Blockchain Engineer" (an English rendering beside the name), "“A”和“B”"
        joiner = LEADING_JOINER.match(item.text)
        if joiner and (joiner.group() != "和" or is_name(item.text[joiner.end() :])):
            # "A(English)、B(English)和C": the joiner opens the last item (和 also begins names: 和田…)
            items.extend(split_joined(page, Item(item.start + joiner.end(), item.end, item.text[joiner.end() :],
                                                 item.quoted)))
        else:
            items.extend(split_joined(page, item))
    return items


def read_entry(page: ZhPage, item: Item, *, first: bool = False, cut: bool = True) -> Candidate | None:
    """An item as a list entry: a name, or a clean name-like text without an occupational head."""
    name = read_name(page, item, first=first, cut=cut)
    if name:
        return name
    text, offset, code = clean_item(page, item, cut=cut)
    if is_clean(text, quoted=item.quoted):
        start = item.start + offset
        return Candidate(text, start, start + len(text), code, headless=True)
    if first:
        tail, at = trim_lead(text)
        if tail:
            start = item.start + offset + at
            return Candidate(tail, start, start + len(tail), code, headless=True)
    return None


def settle(entries: list[Candidate], count: int | None, closed_start: bool, closed_end: bool) -> list[Candidate]:
    """The names of a run of list entries.

    An entry with an occupational head is a name. One without is kept between two that have one, or alone
    at an end the list's cue or count closes (never two such in a row); all are kept when the stated count
    says the run is the whole list.
    """
    if count and len(entries) == count and any(not e.headless for e in entries):
        return entries
    kept = []
    for index, entry in enumerate(entries):
        if not entry.headless:
            kept.append(entry)
            continue
        before = index > 0 and not entries[index - 1].headless
        after = index < len(entries) - 1 and not entries[index + 1].headless
        at_start = index == 0 and closed_start and after
        at_end = index == len(entries) - 1 and closed_end and before
        if (before and after) or at_start or at_end:
            kept.append(entry)
    return kept


def names_before(page: ZhPage, start: int, end: int, count: int | None = None,
                 windows: tuple[int, ...] = BACKWARD_WINDOWS) -> list[Candidate]:
    """The list that ends at `end` (where "等16个新职业" begins), read backwards no further than `start`."""
    for reach in windows:
        window = max(start, end - reach)
        if window == start:
            break
        # A long sentence: its end is read first, and more of it only if the list runs further.
        found = names_before(page, window, end, count, ())
        if not found or found[0].start > window + reach // 4:
            return found
    items = list_items(page, start, end)
    if items:
        last = items[-1]
        link = TRAILING_LINK.search(last.text)
        if link:
            items[-1] = Item(last.start, last.start + link.start(), last.text[: link.start()], last.quoted)
            if not items[-1].text:
                items.pop()
    entries: list[Candidate] = []
    closed_start = False
    for index in range(len(items) - 1, -1, -1):
        entry = read_entry(page, items[index], cut=False)
        if entry is None or (entry.headless and not entries and index == 0):
            cut = read_entry(page, items[index], first=True, cut=False)  # "…发布了A": the verb opens the list
            if cut is not None and cut.start > items[index].start:
                entries.append(cut)
                closed_start = True
            break
        entries.append(entry)
    entries.reverse()
    closed_start = closed_start and count is not None  # a verb opens the list; a count says it is whole
    if entries and entries[0].headless and not closed_start:
        entries = entries[1:]  # an open end: a text without a head there may be anything
    return settle(entries, count, closed_start, closed_end=count is not None)


def names_after(page: ZhPage, start: int, end: int, count: int | None = None) -> list[Candidate]:
    """The list that starts at `start` (after "包括", "分别是", "——"), read forwards no further than `end`."""
    entries: list[Candidate] = []
    closed_end = False
    for index, item in enumerate(list_items(page, start, end)):
        if NICKNAME_CUE.search(item.text):
            break  # "…，也就是人们熟知的“带货主播”": what follows are nicknames
        entry = read_entry(page, item, first=index == 0)
        if entry is None:
            if not entries and index == 0:
                continue  # "其中，" or a lead-in clause before the first name
            resumed = RESUME.search(page.masked, item.end, end) if entries else None
            if resumed:  # "包括A(定义…),以及B、C": the list goes on after an aside
                return settle(entries, None, True, False) + names_after(page, resumed.start(), end)
            break
        entries.append(entry)
        if page.masked.startswith("等", entry.end) or TRAILING_LINK.search(item.text):
            closed_end = True  # "…、C等": the list ends here
            break
    else:
        closed_end = bool(entries)
    if entries and not closed_end and entries[-1].headless:
        closed_end = False
    return settle(entries, count, closed_start=True, closed_end=closed_end and count is None)


def after_dash(page: ZhPage, start: int, end: int) -> int:
    """Where a list begins in page[start:end]: after its last em dash, if any ("新岗位——A、B")."""
    dash = page.masked.rfind("——", start, end)
    return dash + 2 if dash >= 0 else start


def parent_before(page: ZhPage, pos: int) -> str | None:
    """The occupation named just before `pos` ("在“X”|职业下", "成为X|下")."""
    window_start = max(0, pos - 30)
    text = page.masked[window_start:pos].rstrip("”\"」 ")
    opening = max(text.rfind("“"), text.rfind('"'), text.rfind("「"))
    if opening >= 0 and opening >= len(text) - 26:
        quoted = text[opening + 1 :]
        if is_name(quoted):
            return quoted
    piece = re.split(r"[、,;:。\s]", text)[-1]
    preposition = piece.rfind("在")
    if preposition >= 0 and not piece.startswith("在线", preposition):
        bounded = piece[preposition + 1 :]  # "在网络与信息安全管理员职业下": 在 and 职业下 bound it, joiners and all
        if is_name(bounded, quoted=True):
            return bounded
    tail, _ = trim_lead(piece)
    preposition = tail.find("在")
    if preposition >= 0 and not tail.startswith("在线", preposition) and is_name(tail[preposition + 1 :]):
        tail = tail[preposition + 1 :]  # "(当局)在X职业下": the preposition (but 在线… begins names)
    return tail if tail and has_head(tail) else None


def work_types_under_parents(page: ZhPage, start: int, end: int) -> list[tuple[Candidate, str | None]]:
    """Work types added under an occupation: "在X职业下增设Y工种", "X下“Y”的一个新工种"."""
    found = []
    for match in UNDER_PARENT.finditer(page.masked, start, end):
        parent = parent_before(page, match.start())
        if page.masked.startswith("等", match.start()):
            parent = None  # "在互联网营销师等职业下增设4个新工种": several parents
        list_start = after_dash(page, match.end(), end)
        closing = LIST_END.search(page.masked, match.end(), end)
        list_end = end
        if closing and page.masked.find("工种", closing.start(), closing.end()) >= 0:
            tail = WORK_TYPE_TAIL.search(page.masked, match.end(), closing.end())
            list_end = tail.start() if tail else closing.start()
        names = names_after(page, list_start, list_end)
        if not names and closing and list_end < end:
            # "增加一个新工种，那就是…——“Y”": the count comes first, the name after it.
            names = names_after(page, after_dash(page, closing.end(), end), end)[:1]
        found += [(name, parent) for name in names]
    for match in BELOW_QUOTED.finditer(page.masked, start, end):
        name = match.group("name")
        if is_name(name):
            found.append((Candidate(name, match.start("name"), match.end("name")), parent_before(page, match.start())))
    return found


def upgraded_names(page: ZhPage, start: int, end: int) -> list[tuple[Candidate, str | None]]:
    """Work types raised to occupations: "将X职业下的三个工种——A、B、C上升为新职业", "上升为新职业的3个工种是：A、B"."""
    found = []
    for match in UPGRADED.finditer(page.masked, start, end):
        named_after = UPGRADED_LIST_AFTER.match(page.masked, match.end(), end)
        if named_after:
            found += [(name, None) for name in names_after(page, named_after.end(), end)]
            continue
        before = page.masked[start : match.start()]
        link = UPGRADE_LINK.search(before)
        list_end = start + (link.start() if link else len(before))
        list_start = after_dash(page, start, list_end)
        parent_match = None
        for parent_match in PARENT_OF.finditer(page.masked, start, list_end):  # noqa: B007 - the last one
            continue
        parent = parent_before(page, parent_match.end() - len("职业下的")) if parent_match else None
        for name in names_before(page, max(list_start, parent_match.end() if parent_match else start), list_end):
            found.append((name, parent))
    return found
