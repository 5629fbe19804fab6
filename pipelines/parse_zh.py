"""Chinese pages → Announcement: every report of a batch on the page, and the names each gives.

Pure: imports neither Scrapy nor SQLite, and knows no occupation by name.
Reading goes in three steps: the page is folded (zh_page: glosses, injected
commas, traditional characters), each sentence that reports a batch is found
and read for its facts (zh_reports), and the names are read around it by
their shape and the list they stand in (zh_lists, zh_tables). The reports are
then gathered into batches (batches).
"""

from __future__ import annotations

import re
from datetime import date

from occuwatch.pipelines.announcement import Announcement, Name
from occuwatch.pipelines.batches import Report, compose
from occuwatch.pipelines.chinese_numbers import to_int
from occuwatch.pipelines.normalise import GLOSS_SHAPE
from occuwatch.pipelines.zh_lists import (
    AMONG_THEM,
    BECAME_ONE,
    BESIDES,
    LIST_CUE,
    UNDER_PARENT,
    Candidate,
    after_dash,
    names_after,
    names_before,
    upgraded_names,
    work_types_under_parents,
)
from occuwatch.pipelines.zh_names import is_name
from occuwatch.pipelines.zh_page import Sentence, ZhPage
from occuwatch.pipelines.zh_reports import (
    DAY,
    RELEASE_VERB,
    YEAR,
    SentenceFacts,
    find_role,
    find_stage,
    read_sentence,
    resolve,
    settle,
)
from occuwatch.pipelines.zh_tables import PARENT_GLOSS, coded_entries, read_blocks

# Signature of a notice: the issuing office on one line, the date on the next.
SIGNATURE_DATE = re.compile(rf"\s*(?P<year>{YEAR})年(?P<month>{DAY})月(?P<day>{DAY})日\s*")
ISSUER_LINE = re.compile(r"(?:厅|室|部|局|中心|委员会)\s*$")
# What a sentence that reports or names must mention (not 职业 of "职业技能", "职业教育": labour news).
MENTION = re.compile(
    r"新职业|职业(?!技能|教育|培训|资格|院校|学校|病|发展|道德|生涯|规划|素养|能力|经理人)|工种|新作业|正名"
)
# A page that reports new occupations or work types names them so (its counted nouns, "职业信息", "正名"),
# in simplified or traditional characters.
PAGE_KEYS = ("新职业", "新增职业", "新的职业", "新兴职业", "工种", "职业信息", "新作业", "正名",
             "新職業", "新增職業", "新興職業", "工種", "職業信息", "新作業")
COUNTED_OCCUPATIONS = re.compile(r"[个個项項](?:新)?(?:职业|職業)")  # "18个职业"
WORK_TYPE_CLAUSE = re.compile(r"工种[^,。;]{0,6}$")
ELLIPSIS = re.compile(r"…+|\.{3,}")
# "该职业", "这一职业": a sentence about an occupation named before it.
THIS_OCCUPATION = re.compile(r"(?:该|这一|此|这个|这项)职业")
# A line that opens with an occupation as its subject: "官方定义:潮汐能运维师是“…”", "潮汐能运维师:…".
SUBJECT = re.compile(r"\s*(?:[^:,。]{1,8}:)?\s*(?P<name>[\u4e00-\u9fff]{3,24}?)(?:是|为|:|,)")
REFERENCE_REACH = 3  # sentences back


def parse_chinese(text: str, *, title: str | None = None, published: str | None = None) -> Announcement:
    """Find every batch a Chinese page reports and the names it gives.

    `title` is read as the page's headline; `published` (the page's ISO date)
    supplies the year of a date written without one and tells recalled
    history from the page's own news.
    """
    if not may_report(f"{title or ''}\n{text}"):
        return Announcement(language="zh")  # most pages: no word a report needs, read no further
    page = ZhPage(text, title, parse_iso_date(published))
    reports: dict[int, Report] = {}
    for sentence in page.sentences:
        if not MENTION.search(page.masked, sentence.start, sentence.end):
            continue
        report = read_report(page, sentence, read_sentence(page, sentence))
        if report:
            reports[sentence.start] = report
    add_neighbour_examples(page, reports)
    add_blocks(page, reports)
    if not any(r.count or r.ordinal for r in reports.values()) and not any(r.names() for r in reports.values()):
        return Announcement(language="zh")
    if not any((r.count and r.count >= 2) or r.ordinal for r in reports.values()):
        # No batch stated anywhere: a lone "X成为一个新职业" is talk, not a report.
        reports = {k: r for k, r in reports.items() if not r.singular}
    return compose("zh", list(reports.values()), fallback_date=signature_date(page))


def may_report(text: str) -> bool:
    """False when `text` holds none of the words without which nothing is reported (looked for in the text as
    written, in both scripts; a page glossed with pinyin is always read)."""
    return any(word in text for word in PAGE_KEYS) or bool(COUNTED_OCCUPATIONS.search(text)) or bool(
        GLOSS_SHAPE.search(text))


def parse_iso_date(value: str | None) -> date | None:
    """The date in "YYYY-MM-DD…", or None."""
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def to_name(page: ZhPage, candidate: Candidate, parent: str | None = None) -> Name:
    """The public Name: folded (simplified, glosses removed), with the page's own spelling when it differs."""
    written = page.as_written(candidate.start, candidate.end)
    return Name(candidate.name, parent=parent, code=candidate.code,
                name_original=written if written != candidate.name else None)


WorkTypes = list[tuple[Candidate, str | None]]  # (name, the occupation it sits under)


def read_report(page: ZhPage, sentence: Sentence, facts: SentenceFacts) -> Report | None:
    """The report a sentence makes, with the names it gives; None if it reports nothing."""
    start, end = sentence.start, sentence.end
    upgraded = upgraded_names(page, start, end)
    work_types = work_types_under_parents(page, start, end)
    occupations = counted_lists(page, sentence, facts, work_types)
    if facts.reports or "正名" in page.masked[start:end]:
        occupations += cued_lists(page, sentence, facts, work_types)
    singular = singular_names(page, sentence) or referred_back(page, sentence, facts)
    if not (facts.reports or occupations or work_types or upgraded or singular):
        return None
    facts = facts if facts.reports else settle(page, sentence, facts)
    if singular and facts.role == "earlier" and not (facts.counts or facts.ordinal):
        singular = []  # "此前还认可了一个新职业——X": an older occupation, not a batch's
    listed = bool(occupations or work_types or upgraded)
    count = next((c.value for c in facts.counts if c.kind == "occupation" and c.value and c.value >= 2), None)
    report = Report(position=start, count=count, ordinal=facts.ordinal, released=facts.released, stage=facts.stage,
                    role=facts.role, title=sentence.title, singular=bool(singular) and not listed)
    taken: set[str] = set()
    report.upgraded = [to_name(page, c, p) for c, p in dedupe(upgraded, taken)]
    report.work_types = [to_name(page, c, p or glossed_parent(page, c)) for c, p in dedupe(work_types, taken)]
    report.occupations = [to_name(page, c) for c, _ in dedupe([(c, None) for c in occupations + singular], taken)]
    return report


def referred_back(page: ZhPage, sentence: Sentence, facts: SentenceFacts) -> list[Candidate]:
    """"该职业是…第二批新职业之一": the occupation the lines before it named ("X是“…的人员”", "X：定义…")."""
    if not (facts.reports and THIS_OCCUPATION.search(page.masked, sentence.start, sentence.end)):
        return []
    previous = sentence
    for _ in range(REFERENCE_REACH):
        previous = page.neighbour(previous, -1)
        if previous is None:
            break
        subject = SUBJECT.match(page.masked, previous.start, previous.end)
        if subject and is_name(subject.group("name")):
            return [Candidate(subject.group("name"), subject.start("name"), subject.end("name"))]
    return []


def counted_lists(page: ZhPage, sentence: Sentence, facts: SentenceFacts, work_types: WorkTypes) -> list[Candidate]:
    """Lists a count or 等 closes ("A、B等16个新职业", "等新职业", "A、B……"); work types among them go to
    `work_types`."""
    start, end = sentence.start, sentence.end
    occupations: list[Candidate] = []
    for count in facts.counts:
        found = names_before(page, start, count.start, count.value)
        if count.kind == "work_type":
            work_types += [(name, None) for name in found]
        else:
            occupations += found
    if facts.reports:
        for span_start, _ in facts.uncounted:
            occupations += names_before(page, start, span_start)
        for dots in ELLIPSIS.finditer(page.masked, start, end):
            occupations += names_before(page, start, dots.start())  # "“A、B、C……”人社部发布…"
    return occupations


def cued_lists(page: ZhPage, sentence: Sentence, facts: SentenceFacts, work_types: WorkTypes) -> list[Candidate]:
    """Lists a cue opens ("包括", "分别是", "——", "正名了"), and "除了X，…" beside them."""
    start, end = sentence.start, sentence.end
    occupations: list[Candidate] = []
    under = [name.end for name, _ in work_types]
    for cue in LIST_CUE.finditer(page.masked, start, end):
        if UNDER_PARENT.search(page.masked, max(start, cue.start() - 12), cue.start()) or any(
                cue.start() < pos for pos in under):
            continue  # read as work types already
        found = names_after(page, after_dash(page, cue.end(), end), end, stated_before(facts, cue.start()))
        if WORK_TYPE_CLAUSE.search(page.masked, start, cue.start()):
            work_types += [(name, None) for name in found]
        else:
            occupations += found
    for besides in BESIDES.finditer(page.masked, start, end):
        if is_name(besides.group("name")):
            occupations.append(Candidate(besides.group("name"), besides.start("name"), besides.end("name")))
    return occupations


def singular_names(page: ZhPage, sentence: Sentence) -> list[Candidate]:
    """Names given one at a time: "农业经理人位列其中", "X已经正式成为…一个新职业", "新职业——“Y”"."""
    start, end = sentence.start, sentence.end
    found: list[Candidate] = []
    for match in AMONG_THEM.finditer(page.masked, start, end):
        before = names_before(page, start, match.start())
        found += before if page.masked.startswith("等", match.start() - 1) else before[-1:]  # "A、B等入选"
    masked = page.masked[start:end]
    for match in BECAME_ONE.finditer(page.masked, start, end) if "为" in masked and "新职业" in masked else ():
        found += names_before(page, start, match.start())[-1:]
        if page.masked.startswith("——", match.end()):
            found += names_after(page, match.end() + 2, end)[:1]
    return found


def glossed_parent(page: ZhPage, candidate: Candidate) -> str | None:
    """The occupation a gloss after a work type names: "网箱巡检员（隶属于海藻养殖员职业）"."""
    gloss = PARENT_GLOSS.match(page.text, candidate.end)
    return gloss.group("parent") if gloss and is_name(gloss.group("parent")) else None


def stated_before(facts: SentenceFacts, pos: int) -> int | None:
    """The count a cue's list follows in its sentence ("这3个新职业分别是：…"), if any."""
    return next((c.value for c in reversed(facts.counts) if c.end <= pos and c.value), None)


def dedupe(found: list[tuple[Candidate, str | None]], taken: set[str]) -> list[tuple[Candidate, str | None]]:
    """Each name once (the first reading that has a parent wins), skipping names in `taken`."""
    best: dict[str, tuple[Candidate, str | None]] = {}
    for candidate, parent in found:
        if candidate.name in taken:
            continue
        if candidate.name not in best or (parent and not best[candidate.name][1]):
            best[candidate.name] = (candidate, parent)
    taken.update(best)
    return list(best.values())


def add_neighbour_examples(page: ZhPage, reports: dict[int, Report]) -> None:
    """Names the sentence after a report gives as its examples: "碳排放管理员作为其中唯一一项…"."""
    for start in sorted(reports):
        sentence = page.sentence_at(start)
        following = page.neighbour(sentence, 1) if sentence else None
        if following is None or following.start in reports:
            continue
        found = []
        for match in AMONG_THEM.finditer(page.masked, following.start, following.end):
            found += names_before(page, following.start, match.start())[-1:]
        if found:
            reports[start].occupations += [to_name(page, c) for c in found]


def add_blocks(page: ZhPage, reports: dict[int, Report]) -> None:
    """Names one a line, under a cue, a heading or a table header, join the report above them."""
    blocks = read_blocks(page)
    for position, kind, entries, _ in blocks:
        sentence = page.sentence_at(position)
        report = reports.get(sentence.start) if sentence else None
        if report is None:
            report = nearest_report(reports, position)
        if report is None:
            heading = page.masked[position : position + 40]
            if kind == "occupation" and not RELEASE_VERB.search(heading) and not any(
                    word in heading[:30] for word in ("新职业", "职业信息")):
                continue  # a list under some other heading
            role = find_role(page, sentence.start, sentence.end, None) if sentence else "current"
            stage = find_stage(page, sentence.start, sentence.end) if sentence else "final"
            report = reports[position] = Report(position=position, role=role, stage=stage)
        for entry in entries:
            name = to_name(page, entry.name, entry.parent)
            if kind == "work_type":
                report.work_types.append(name)
            elif kind == "upgraded":
                report.upgraded.append(name)
            else:
                report.occupations.append(name)
    known = {name.name for report in reports.values() for name in report.occupations}
    main = nearest_report(reports, len(page.masked))
    for entry in coded_entries(page, [(start, end) for start, _, _, end in blocks]):
        if entry.name.name not in known and main is not None:
            main.occupations.append(to_name(page, entry.name, entry.parent))
            known.add(entry.name.name)


def nearest_report(reports: dict[int, Report], position: int) -> Report | None:
    """The last report that starts before `position` (a current one if there is one)."""
    before = [reports[k] for k in sorted(reports) if k < position]
    current = [r for r in before if r.role == "current"]
    return (current or before or [None])[-1]


def signature_date(page: ZhPage) -> date | None:
    """The date line under a notice's issuing office ("统计局办公室 / 2020年7月6日")."""
    previous = ""
    for line in page.text.split("\n"):
        match = SIGNATURE_DATE.fullmatch(line) if len(line) <= 20 else None
        if match and ISSUER_LINE.search(previous):
            year, month, day = (to_int(match.group(part)) for part in ("year", "month", "day"))
            return resolve(year, month, day, None) if year and month and day else None
        if line.strip():
            previous = line.strip()
    return None
