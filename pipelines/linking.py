"""Which names of one batch are one occupation: link each English rendering (and each Chinese variant) to its
Chinese name, most certain evidence first, and say how each link was made.

1. `code`: the same occupation code (4-01-02-07) on both names.
2. `bilingual`: a page that writes one name with the other in brackets, "internet marketers (互联网营销师)".
3. `list-order`: a report listing as many names as the Chinese list (three or more), in an order the
   dictionary confirms for all names but one and never contradicts.
4. `dictionary`: the best CC-CEDICT translation of the name within its report's list, one to one, clearly
   ahead of the next best.
5. `elimination`: the names left of a report that lists the whole group, once its others are linked, are
   the Chinese names those left: each that prefers one of them takes it (a different one each), and the
   last one left takes the last one.
6. `similar-english`: an English rendering that is a spelling variant of one already linked.

A link the evidence cannot carry is not made: the name stays an entity of its
own, since a wrong merge is worse than a missing one. Pure functions: the
names come from the database, however the parsers found them.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from occuwatch.pipelines.gloss import english_words, translation_score, words_match

DICTIONARY_FLOOR = 0.34  # below this the dictionary says nothing about a pair
DICTIONARY_MARGIN = 0.1  # the best partner must lead the next by this much
SURE = 0.5  # a pair the dictionary is sure of (for checking a list order)
SIMILAR = 0.85  # difflib ratio of two English spellings of one name
COMPLETE_LIST = 3  # list order and elimination need a list of at least this many (two names prove little)
ELIMINATION_LEFT = 3  # a complete list's last names are paired off when no more than this many are left


@dataclass(frozen=True)
class Name:
    """One stored name of a batch: a rendering in one language."""

    id: int
    name: str
    language: str
    group: str  # "occupation", "upgraded" or "work_type": names link only within their group
    code: str | None = None


@dataclass(frozen=True)
class Report:
    """One article's list of names of the batch (ids in the page's order) and its text."""

    url: str
    names: tuple[int, ...]
    text: str = ""


@dataclass(frozen=True)
class Link:
    """`name` is a rendering of `target` (a Chinese name, or the first of several English variants)."""

    name: int
    target: int
    method: str
    evidence: str = ""


@dataclass
class _Group:
    chinese: list[Name]
    english: list[Name]
    links: dict[int, Link] = field(default_factory=dict)

    def target_of(self, name_id: int) -> int | None:
        link = self.links.get(name_id)
        return link.target if link else None


def link_names(names: Iterable[Name], reports: Iterable[Report]) -> dict[int, Link]:
    """Every link the evidence carries, by the linked name's id; names without a link are left out."""
    names = list(names)
    reports = list(reports)
    links: dict[int, Link] = {}
    for group_name in sorted({n.group for n in names}):
        in_group = [n for n in names if n.group == group_name]
        group = _Group([n for n in in_group if n.language == "zh"], [n for n in in_group if n.language != "zh"])
        _by_code(group)
        _by_bilingual_page(group, reports)
        _by_list_order(group, reports)
        _by_dictionary(group, reports)
        _by_elimination(group, reports)
        _by_similar_english(group)
        links.update(group.links)
    return links


def _by_code(group: _Group) -> None:
    first_with_code: dict[str, Name] = {}
    for name in group.chinese:
        if name.code and name.code in first_with_code:
            group.links[name.id] = Link(name.id, first_with_code[name.code].id, "code", name.code)
        elif name.code:
            first_with_code[name.code] = name
    for name in group.english:
        if name.code in first_with_code:
            group.links[name.id] = Link(name.id, first_with_code[name.code].id, "code", name.code)


def _brackets(first: str, second: str) -> re.Pattern[str]:
    return re.compile(re.escape(first) + r"\s*[(（]\s*" + re.escape(second) + r"\s*[)）]", re.IGNORECASE)


def _by_bilingual_page(group: _Group, reports: list[Report]) -> None:
    for report in reports:
        if not report.text:
            continue
        for english in group.english:
            if english.id in group.links or english.id not in report.names:
                continue
            for chinese in group.chinese:
                if chinese.name not in report.text:
                    continue
                if (_brackets(english.name, chinese.name).search(report.text)
                        or _brackets(chinese.name, english.name).search(report.text)):
                    group.links[english.id] = Link(english.id, _root(group, chinese.id), "bilingual", report.url)
                    break


def _root(group: _Group, name_id: int) -> int:
    """A Chinese variant linked by its code stands for the first name with that code."""
    return group.target_of(name_id) or name_id


def _scores(chinese: list[Name], english: list[Name]) -> dict[tuple[int, int], float]:
    return {(c.id, e.id): translation_score(c.name, e.name) for c in chinese for e in english}


def _chinese_list(group: _Group) -> list[Name]:
    """The Chinese names in the order first stored (the first Chinese report's order), variants left out."""
    return [c for c in group.chinese if c.id not in group.links]


def _by_list_order(group: _Group, reports: list[Report]) -> None:
    chinese = _chinese_list(group)
    by_id = {e.id: e for e in group.english}
    for report in reports:
        english = [by_id[i] for i in report.names if i in by_id]
        if len(chinese) < COMPLETE_LIST or len(english) != len(chinese) or any(e.id in group.links for e in english):
            continue
        scores = _scores(chinese, english)
        confirmed = 0
        for position, rendering in enumerate(english):
            best = max(chinese, key=lambda c, r=rendering: scores[c.id, r.id])
            if scores[best.id, rendering.id] >= SURE and best is not chinese[position]:
                break  # the dictionary is sure of another partner: the orders differ
            confirmed += best is chinese[position] and scores[best.id, rendering.id] >= DICTIONARY_FLOOR
        else:
            if confirmed >= len(english) - 1:  # position alone carries one name at most
                for position, rendering in enumerate(english):
                    group.links[rendering.id] = Link(rendering.id, chinese[position].id, "list-order", report.url)


def _by_dictionary(group: _Group, reports: list[Report]) -> None:
    chinese = _chinese_list(group)
    if not chinese:
        return
    by_id = {e.id: e for e in group.english}
    listed = {i for report in reports for i in report.names}
    # A report's names are distinct occupations: within one list, each Chinese name is taken once.
    lists = [[by_id[i] for i in report.names if i in by_id] for report in reports]
    lists.append([e for e in group.english if e.id not in listed])
    for english in lists:
        unlinked = [e for e in english if e.id not in group.links]
        taken = {group.target_of(e.id) for e in english if e.id in group.links}
        free = [c for c in chinese if c.id not in taken]
        scores = _scores(free, unlinked)
        for score, chinese_id, english_id in sorted(((s, c, e) for (c, e), s in scores.items()), reverse=True):
            if score < DICTIONARY_FLOOR or english_id in group.links or chinese_id in taken:
                continue
            rivals = [scores[c.id, english_id] for c in free if c.id != chinese_id and c.id not in taken]
            others = [scores[chinese_id, e.id] for e in unlinked if e.id != english_id and e.id not in group.links]
            if score - max(rivals, default=0.0) < DICTIONARY_MARGIN or score - max(others, default=0.0) < 0:
                continue
            group.links[english_id] = Link(english_id, chinese_id, "dictionary", f"{score:.2f}")
            taken.add(chinese_id)


def _by_elimination(group: _Group, reports: list[Report]) -> None:
    chinese = _chinese_list(group)
    by_id = {e.id: e for e in group.english}
    for report in reports:
        english = [by_id[i] for i in report.names if i in by_id]
        if len(english) != len(chinese) or len(chinese) < COMPLETE_LIST:
            continue
        unlinked = [e for e in english if e.id not in group.links]
        taken = {group.target_of(e.id) for e in english if e.id in group.links}
        left = [c for c in chinese if c.id not in taken]
        if not unlinked or len(unlinked) != len(left) or len(unlinked) > ELIMINATION_LEFT:
            continue
        pairs = _pair_off(unlinked, left)
        if pairs is None:
            continue
        for rendering, target in pairs:
            group.links[rendering.id] = Link(rendering.id, target.id, "elimination", report.url)


def _pair_off(english: list[Name], chinese: list[Name]) -> list[tuple[Name, Name]] | None:
    """The last names of a complete list, paired: those that prefer one of the Chinese names left (each a
    different one) first, then the single one left with the single name left; None if that does not
    come out even."""
    scores = _scores(chinese, english)
    pairs: list[tuple[Name, Name]] = []
    english, chinese = list(english), list(chinese)
    while len(english) > 1:
        preferred = {}
        for rendering in english:
            ranked = sorted(chinese, key=lambda c, r=rendering: -scores[c.id, r.id])
            if scores[ranked[0].id, rendering.id] > scores[ranked[1].id, rendering.id]:
                preferred[rendering.id] = ranked[0]
        if not preferred or len({c.id for c in preferred.values()}) != len(preferred):
            return None
        for rendering in [e for e in english if e.id in preferred]:
            pairs.append((rendering, preferred[rendering.id]))
            english.remove(rendering)
            chinese.remove(preferred[rendering.id])
    pairs += list(zip(english, chinese, strict=True))
    return pairs


def _spelling(name: str) -> str:
    return " ".join(word[:-1] if word.endswith("s") else word for word in english_words(name))


def similar_english(first: str, second: str) -> bool:
    """Two spellings of one English name: the same words but for a plural or a hyphen, or nearly the same
    letters (e-sportsmen, e-sports men)."""
    one, two = _spelling(first), _spelling(second)
    if not one or not two:
        return False
    if one == two:
        return True
    same_words = len(one.split()) == len(two.split()) and all(
        words_match(a, b) for a, b in zip(one.split(), two.split(), strict=True))
    return same_words or difflib.SequenceMatcher(None, one, two).ratio() >= SIMILAR


def _by_similar_english(group: _Group) -> None:
    for english in group.english:
        if english.id in group.links:
            continue
        for other in group.english:
            if other.id == english.id or not similar_english(english.name, other.name):
                continue
            if other.id in group.links:
                group.links[english.id] = Link(english.id, group.links[other.id].target, "similar-english",
                                               other.name)
                break
            if other.id < english.id:  # two unlinked variants: the later joins the first
                group.links[english.id] = Link(english.id, other.id, "similar-english", other.name)
                break
