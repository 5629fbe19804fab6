"""Names one a line: bulleted or numbered lists under a cue, a notice's tables of codes and names.

Pure. A block starts after a line that announces it — one ending in a cue
("如下：", "分别是：", "一起来看："), a heading ("新职业信息", "新工种信息") or a
table header ("序号 职业编码 职业名称") — and holds entry lines: a bullet or a
number, maybe a code, then the name (and maybe a definition after a colon or
in the lines below). A coded entry ("(十四)4-09-07-04碳排放管理员") is an
entry wherever it stands.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from occuwatch.pipelines.zh_lists import BULLET_STARTS, LEADING_BULLET, OCCUPATION_CODE, Candidate
from occuwatch.pipelines.zh_names import is_clean, is_name
from occuwatch.pipelines.zh_page import ZhPage

BLOCK_CUE = re.compile(r"(?:如下|分别是|分别为|包括|名单|具体是|具体为|一起来看|列表|以下\S{0,8})\s*[:]?\s*$|:\s*$")
# A short line naming what is listed below it: "新职业信息", "附件2 新工种信息", "一、拟发布新职业(11个)".
HEADING = re.compile(r"(?P<kind>上升为新职业|新职业|新工种|新增职业)")
HEADING_LENGTH = 24
TABLE_HEADER = re.compile(r"序号|编码|代码|名称")
WORK_TYPE_HEADER = re.compile(r"工种名称|新工种")
PARENT_HEADER = re.compile(r"所属职业|职业名称")
CELL = re.compile(r"\S+")
PARENTHESES = re.compile(r"\([^()]*\)")
TRAILING_MARKS = re.compile(r"[;,。.、]+\s*$")
SENTENCE_MARKS = re.compile(r"[,。;!?]")
# Definition lines under an entry: "定义：…", "主要工作任务：", "1.监测…".
DEFINITION = re.compile(r"^\s*(?:定义|主要工作任务|主要工作内容|工作任务|职业定义|\d+[.、]|\(\d+\))")
# Where the name of an entry ends: a colon, a dash, a bracket or a space (a definition or a gloss follows).
NAME_END = re.compile(r"[:—(\s]")
# What a bare entry line may hold after its name: nothing, a gloss in brackets, an English rendering.
BARE_REMAINDER = re.compile(r"\s*(?:\([^()]*\))?\s*[A-Za-z][A-Za-z .,'&/()\-]*|\s*(?:\([^()]*\))?\s*")
# "热泵安装调试工(所属职业:制冷空调系统安装维修工)".
PARENT_GLOSS = re.compile(
    r"\s*\(\s*(?:所属|隶属|归属|属于)于?(?:职业)?\s*[:为是]?\s*(?P<parent>[^()\n:]{2,30}?)\s*(?:职业)?\s*\)"
)
# What a line that opens a block holds one of (a cheap check before the patterns).
BLOCK_KEYS = (
    "职业", "工种", "序号", "名称", "编码", "如下", "分别", "包括", "名单", "以下", "具体", "一起来看", "列表", ":",
)  # fmt: skip
MAX_GAP = 12  # definition lines allowed between two entries of one block


class Entry(NamedTuple):
    """One entry line: its name, and for a row of a work-type table the occupation it sits under."""

    name: Candidate
    parent: str | None
    bulleted: bool


def read_entry(page: ZhPage, start: int, end: int, work_type_table: bool) -> Entry | None:
    """The entry a line holds, or None."""
    line = page.text[start:end]  # not masked: "(1)" numbers entries
    stripped = line.lstrip()
    offset = len(line) - len(stripped)
    bullet = LEADING_BULLET.match(stripped) if stripped[:1] in BULLET_STARTS else None
    bulleted = bool(bullet and bullet.end())
    if bulleted:
        offset += bullet.end()
    rest = line[offset:]
    code = None
    cells = list(CELL.finditer(rest))
    coded = next((i for i, cell in enumerate(cells) if OCCUPATION_CODE.fullmatch(cell.group())), None)
    if coded is not None:
        code = cells[coded].group()
        after = cells[coded + 1 :]
        if work_type_table and len(after) >= 2 and is_name(after[0].group()) and is_name(after[1].group()):
            return Entry(candidate(start + offset, after[1], code), after[0].group(), True)
        rest_start = after[0].start() if after else len(rest)
        bulleted = True
    else:
        run_together = OCCUPATION_CODE.match(rest)  # "4-09-07-04碳排放管理员"
        if run_together:
            code, bulleted = run_together.group(), True
        rest_start = run_together.end() if run_together else 0
    body = TRAILING_MARKS.sub("", rest[rest_start:].lstrip())  # "深海探测规划师；", "…人员。"
    rest_start = len(rest) - len(rest[rest_start:].lstrip())
    name_text = NAME_END.split(body, 1)[0]
    remainder = body[len(name_text) :]
    gloss = PARENT_GLOSS.match(remainder)
    parent = gloss.group("parent").strip() if gloss else None
    if not is_name(name_text):
        return None
    if not bulleted and not BARE_REMAINDER.fullmatch(remainder):
        return None  # a bare line must hold the name alone (maybe with a gloss or an English rendering)
    name_start = start + offset + rest_start
    return Entry(Candidate(name_text, name_start, name_start + len(name_text), code), parent, bulleted)


def candidate(base: int, cell: re.Match[str], code: str) -> Candidate:
    return Candidate(cell.group(), base + cell.start(), base + cell.end(), code)


def block_kind(text: str) -> str | None:
    """The kind of names a line announces below it, or None if it announces none."""
    bare = PARENTHESES.sub("", LEADING_BULLET.sub("", text.strip())).strip()
    headings = list(HEADING.finditer(bare)) if len(bare) <= HEADING_LENGTH and not SENTENCE_MARKS.search(bare) else []
    if headings:
        kind = headings[-1].group("kind")
        return "work_type" if kind == "新工种" else ("upgraded" if kind == "上升为新职业" else "occupation")
    if TABLE_HEADER.search(text) and len(CELL.findall(text)) >= 2:
        return "work_type" if WORK_TYPE_HEADER.search(text) else "occupation"
    if BLOCK_CUE.search(text):
        return "work_type" if "工种" in text and "职业" not in text else "occupation"
    return None


def read_blocks(page: ZhPage) -> list[tuple[int, str, list[Entry], int]]:
    """Every block of entry lines: (position of the line that opens it, kind, entries, where it ends)."""
    lines = page.line_spans
    blocks = []
    index = 0
    while index < len(lines):
        start, end = lines[index]
        text = page.masked[start:end]
        kind = block_kind(text) if any(key in text for key in BLOCK_KEYS) else None
        work_type_table = bool(kind == "work_type" and TABLE_HEADER.search(text) and PARENT_HEADER.search(text))
        if kind is None:
            index += 1
            continue
        entries: list[Entry] = []
        gap = 0
        scan = index + 1
        while scan < len(lines) and gap <= MAX_GAP:
            line_start, line_end = lines[scan]
            line_text = page.masked[line_start:line_end]
            if not entries and TABLE_HEADER.search(line_text) and len(CELL.findall(line_text)) >= 2:
                work_type_table = bool(WORK_TYPE_HEADER.search(line_text) and PARENT_HEADER.search(line_text))
                scan += 1
                continue
            entry = read_entry(page, line_start, line_end, work_type_table)
            if entry and (entry.bulleted or not entries or not entries[-1].bulleted):
                entries.append(entry)
                gap = 0
            elif entries and (entries[-1].bulleted and (DEFINITION.match(line_text) or len(line_text) > 20)):
                gap += 1  # a definition under the entry
            elif not entries and gap < 1 and not block_kind(line_text):
                gap += 1
            else:
                break
            scan += 1
        if entries:
            blocks.append((start, kind, entries, lines[scan - 1][1] if scan > index else end))
            index = scan
        else:
            index += 1
    return blocks


def coded_entries(page: ZhPage, skip: list[tuple[int, int]]) -> list[Entry]:
    """Coded entry lines outside the `skip` spans ("(七)4-03-02-10  调饮师"): a code marks an official name."""
    found = []
    for start, end in page.line_spans:
        line = page.masked[start:end]
        if "-" not in line or len(line) > 60 or any(low <= start < high for low, high in skip):
            continue
        if OCCUPATION_CODE.search(line):
            entry = read_entry(page, start, end, False)
            if entry and entry.name.code and is_clean(entry.name.name):
                found.append(entry)
    return found
