"""The Chinese parser: helpers, edge cases, and a generative test over list styles.

The generative test builds names nobody has published (domain × role suffix),
renders each set in every style an announcement uses, and checks that the
parser returns exactly those names and the stated count. It guards against a
parser that has only learned the names in the fixtures.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
import zhconv

from occuwatch.pipelines.chinese_numbers import to_int
from occuwatch.pipelines.chinese_text import looks_traditional, to_half_width, to_simplified
from occuwatch.pipelines.parse_zh import parse_chinese

# --- helpers -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("9", 9),
        ("十", 10),
        ("十九", 19),
        ("二十", 20),
        ("二十三", 23),
        ("一百零八", 108),
        ("两", 2),
        ("一〇八", 108),
        ("一千零一", 1001),
        ("二○三一", 2031),
        ("三万五千", 35000),
        ("三四十", None),
        ("多", None),
        ("", None),
    ],
)
def test_zh_to_int(numeral: str, value: int | None) -> None:
    assert to_int(numeral) == value


def test_zh_half_width_keeps_length() -> None:
    text = "１６个新职业，包括：（一）Ａ　Ｂ"
    assert to_half_width(text) == "16个新职业,包括:(一)A B"
    assert len(to_half_width(text)) == len(text)


def test_zh_traditional_detection_and_conversion() -> None:
    assert looks_traditional("國家統計局發佈9個新職業")
    assert not looks_traditional("国家统计局发布9个新职业")
    assert to_simplified("區塊鏈工程技術人員") == "区块链工程技术人员"


# --- edge cases ----------------------------------------------------------------


def test_zh_empty_text_announces_nothing() -> None:
    found = parse_chinese("")
    assert found.language == "zh"
    assert not found.announces
    assert (found.announced_count, found.batch_ordinal, found.stage, found.released) == (None, None, None, None)


def test_zh_count_mismatch_is_noted() -> None:
    found = parse_chinese("人社部近日发布甲乙丙测试员、丁戊己评估师等5个新职业。")
    assert [n.name for n in found.occupations] == ["甲乙丙测试员", "丁戊己评估师"]
    assert found.announced_count == 5
    assert any("5" in note for note in found.notes)


def test_zh_release_year_comes_from_the_page_and_may_be_the_year_before() -> None:
    text = "12月28日，人社部发布了星舰装配工程技术人员、月壤采样员等2个新职业。"
    assert parse_chinese(text, published="2031-01-05").released == "2030-12-28"
    assert parse_chinese(text, published="2030-12-30").released == "2030-12-28"
    assert parse_chinese(text).released is None


def test_zh_title_is_read() -> None:
    found = parse_chinese("正文没有名单。", title="人社部发布深空通信调度员等3个新职业")
    assert [n.name for n in found.occupations] == ["深空通信调度员"]
    assert found.announced_count == 3


def test_zh_renamed_and_adjusted_are_not_new() -> None:
    text = (
        "人社部正式发布了海藻养殖工程技术人员、极地科考保障员等2个新职业。"
        "同时，将“网络直播运营员”更名为“直播运营师”，调整变更的职业包括：数据录入员、资料整理员。"
    )
    found = parse_chinese(text, published="2030-05-01")
    assert [n.name for n in found.occupations] == ["海藻养殖工程技术人员", "极地科考保障员"]


def test_zh_abridged_list_gives_examples_and_a_note() -> None:
    found = parse_chinese("人社部发布了星际导航调度员、月面基地运维员……等9个新职业。")
    assert [n.name for n in found.occupations] == ["星际导航调度员", "月面基地运维员"]
    assert found.announced_count == 9
    assert found.notes


@pytest.mark.parametrize(
    "text",
    [
        "新职业申报主体包括：用人单位、行业协会、院校教师和科研人员。",
        "新职业从业人员主要分布在以下城市：北京、上海、深圳。",
        "新职业培训补贴标准如下：\n1.初级工1000元\n2.中级工1500元\n3.高级工2000元",
        "北京、上海等10个城市将开展新职业培训。",
        "人社部等部门近日发布新职业，引发关注。",
        "去年发布的新职业如星际导航调度员、月面基地运维员等受到年轻人青睐。",
    ],
)
def test_zh_talk_about_new_occupations_is_not_an_announcement(text: str) -> None:
    assert not parse_chinese(text, published="2031-05-01").announces


def test_zh_upgraded_named_before_the_list() -> None:
    found = parse_chinese("此外，上升为新职业的3个工种是：海藻养殖巡检员、深海网箱运维员、海水淡化监测员。")
    assert [n.name for n in found.upgraded] == ["海藻养殖巡检员", "深海网箱运维员", "海水淡化监测员"]
    assert found.occupations == ()


@pytest.mark.parametrize(
    ("text", "upgraded"),
    [
        ("另外，原“海藻养殖员”职业下的“网箱巡检员”工种上升为职业。", ["网箱巡检员"]),
        ("此外，海藻巡检员、网箱运维员等工种升格为职业。", ["海藻巡检员", "网箱运维员"]),
        ("此外，“海藻巡检员”和“网箱运维员”由工种调整为新职业。", ["海藻巡检员", "网箱运维员"]),
        ("此外，将海藻巡检员工种调整为网箱运维员职业下的工种。", []),
    ],
)
def test_zh_upgrade_phrasings(text: str, upgraded: list[str]) -> None:
    found = parse_chinese(text, published="2031-05-01")
    assert [n.name for n in found.upgraded] == upgraded
    assert found.occupations == ()


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # A name without a role suffix beside the count, or after the verb that opens the list.
        (
            "人社部发布了星际导航调度员、月面基地运维员、极地科考领队等9个新职业。",
            ["星际导航调度员", "月面基地运维员", "极地科考领队"],
        ),
        (
            "人社部发布了极地科考领队、星际导航调度员、月面基地运维员等9个新职业。",
            ["极地科考领队", "星际导航调度员", "月面基地运维员"],
        ),
        (
            "这3个新职业分别是：星际导航调度员；月面基地运维员；极地科考领队。",
            ["星际导航调度员", "月面基地运维员", "极地科考领队"],
        ),
        (
            "3个新职业包括：极地科考领队、星际导航调度员、月面基地运维员。",
            ["极地科考领队", "星际导航调度员", "月面基地运维员"],
        ),
        # Not delimited: two such names in a row, a comma, or a list that runs on past the stated count.
        ("人社部发布了深海探测、极地科考领队、星际导航调度员等9个新职业。", ["星际导航调度员"]),
        ("记者表示，星际导航调度员、月面基地运维员等3个新职业。", ["星际导航调度员", "月面基地运维员"]),
        ("5个新职业包括：星际导航调度员、月面基地运维员、极地科考领队。", ["星际导航调度员", "月面基地运维员"]),
        ("人社部发布了深空通信、星际导航调度员等新职业。", ["星际导航调度员"]),
    ],
)
def test_zh_end_names_without_a_role_suffix(text: str, names: list[str]) -> None:
    assert [n.name for n in parse_chinese(text).occupations] == names


@pytest.mark.parametrize(
    ("text", "released"),
    [
        ("二〇三一年三月十八日，人社部发布星际导航调度员、月面基地运维员等2个新职业。", "2031-03-18"),
        ("人社部二○三一年十二月三十一日发布星际导航调度员、月面基地运维员等2个新职业。", "2031-12-31"),
        ("三月十八日，人社部发布星际导航调度员、月面基地运维员等2个新职业。", "2031-03-18"),
        (
            "现将星际导航调度员、月面基地运维员等2个新职业信息予以发布。\n\n人力资源社会保障部办公厅\n二〇三一年三月二十日\n",
            "2031-03-20",
        ),
        # The byline after a dateline does not hide the date that leads the clause.
        (
            "人民网北京3月19日电（记者 王五）2031年3月18日，人社部发布星际导航调度员、月面基地运维员等2个新职业。",
            "2031-03-18",
        ),
    ],
)
def test_zh_release_date_in_chinese_numerals_and_after_a_byline(text: str, released: str) -> None:
    assert parse_chinese(text, published="2031-05-01").released == released


def test_zh_parent_stated_in_a_gloss() -> None:
    text = "同时，新增座舱语音调校员（所属职业：智能座舱测试员）、网箱巡检员（隶属于海藻养殖员职业）2个新工种。"
    found = parse_chinese(text, published="2031-05-01")
    assert [(n.name, n.parent) for n in found.work_types] == [
        ("座舱语音调校员", "智能座舱测试员"),
        ("网箱巡检员", "海藻养殖员"),
    ]


def test_zh_dateline_month_completes_a_bare_day() -> None:
    text = "新华社北京7月6日电 人社部6日发布星际导航调度员、月面基地运维员等2个新职业。"
    assert parse_chinese(text, published="2031-07-07").released == "2031-07-06"


def test_zh_near_day_gives_no_date() -> None:
    text = "新华社北京3月2日电 记者2日从人社部获悉，人社部近日发布星际导航调度员、月面基地运维员等2个新职业。"
    assert parse_chinese(text, published="2031-03-02").released is None


def test_zh_parent_of_work_type_is_not_a_new_occupation() -> None:
    found = parse_chinese("人社部在智能座舱测试员职业下增设座舱语音调校员工种。", published="2030-01-01")
    assert found.occupations == ()
    assert [(n.name, n.parent) for n in found.work_types] == [("座舱语音调校员", "智能座舱测试员")]
    assert found.stage == "final"


# --- generative ------------------------------------------------------------------

DOMAINS = [
    ("量子传感", "Quantum Sensing"),
    ("海洋牧场", "Marine Ranching"),
    ("碳汇计量", "Carbon Sink Measurement"),
    ("储能电站", "Energy Storage Station"),
    ("低空飞行", "Low-altitude Flight"),
    ("氢能储运", "Hydrogen Logistics"),
    ("数字孪生", "Digital Twin"),
    ("算力网络", "Computing Network"),
    ("脑机接口", "Brain-computer Interface"),
    ("智能网联汽车", "Connected Vehicle"),
    ("光伏电站", "Photovoltaic Plant"),
    ("海上风电", "Offshore Wind"),
    ("跨境电商", "Cross-border E-commerce"),
    ("农村电商", "Rural E-commerce"),
    ("文物数字化", "Heritage Digitisation"),
    ("宠物健康", "Pet Health"),
    ("智慧养老", "Smart Elderly Care"),
    ("无人配送", "Unmanned Delivery"),
    ("卫星遥感", "Satellite Remote Sensing"),
    ("生物育种", "Biological Breeding"),
    ("工业软件", "Industrial Software"),
    ("城市更新", "Urban Renewal"),
    ("社区团购", "Community Group Buying"),
    ("具身智能", "Embodied Intelligence"),
    ("深海探测", "Deep-sea Exploration"),
    ("数据资产", "Data Asset"),
    ("应急救援", "Emergency Rescue"),
    ("康养旅居", "Wellness Tourism"),
    ("种业振兴", "Seed Industry"),
    ("冷链物流", "Cold Chain"),
]
ROLES = [
    ("工程技术人员", "Engineering Technician"),
    ("运维员", "Maintainer"),
    ("评估师", "Assessor"),
    ("调度员", "Dispatcher"),
    ("测试员", "Tester"),
    ("管理师", "Manager"),
    ("操作员", "Operator"),
    ("设计师", "Designer"),
    ("咨询师", "Consultant"),
    ("分析师", "Analyst"),
    ("训练师", "Trainer"),
    ("装调工", "Assembler"),
    ("检修工", "Repairer"),
    ("顾问", "Adviser"),
    ("经纪人", "Broker"),
    ("规划师", "Planner"),
    ("审核员", "Auditor"),
    ("监测员", "Monitor"),
]
FULL_WIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")
CHINESE_DIGITS = "零一二三四五六七八九"


def chinese_numeral(number: int) -> str:
    """19 → 十九, 23 → 二十三 (the counts a batch has)."""
    tens, units = divmod(number, 10)
    if tens == 0:
        return CHINESE_DIGITS[units]
    return ("" if tens == 1 else CHINESE_DIGITS[tens]) + "十" + (CHINESE_DIGITS[units] if units else "")


def render_count(number: int, rng: random.Random) -> str:
    """A count as digits, full-width digits, a Chinese numeral, or digits and a space."""
    style = rng.randrange(4)
    if style == 1:
        return str(number).translate(FULL_WIDTH_DIGITS) + "个"
    if style == 2:
        return chinese_numeral(number) + "个"
    if style == 3:
        return f"{number} 个"
    return f"{number}个"


def random_code(rng: random.Random) -> str:
    """An occupation code shaped like 2-02-10-15."""
    return f"{rng.randint(1, 8)}-{rng.randint(1, 40):02d}-{rng.randint(1, 20):02d}-{rng.randint(1, 30):02d}"


@dataclass
class Batch:
    """Generated names, their English renderings and codes."""

    names: list[str]
    english: list[str]
    codes: list[str]
    parents: list[str] = field(default_factory=list)


def make_batch(rng: random.Random, low: int = 3, high: int = 14) -> Batch:
    """A set of novel, distinct occupation names."""
    pairs = [(d, r) for d in DOMAINS for r in ROLES]
    chosen = rng.sample(pairs, rng.randint(low, high))
    return Batch(
        names=[d[0] + r[0] for d, r in chosen],
        english=[f"{d[1]} {r[1]}" for d, r in chosen],
        codes=[random_code(rng) for _ in chosen],
        parents=[rng.choice(DOMAINS)[0] + rng.choice(ROLES)[0] for _ in chosen],
    )


def joined(names: list[str], rng: random.Random) -> str:
    """A、B、C和D (or 以及 / 及 / only 、)."""
    if len(names) == 1:
        return names[0]
    last = rng.choice(["和", "以及", "及", "、"])
    return "、".join(names[:-1]) + last + names[-1]


PREAMBLE = "近日，人力资源社会保障部会同国家市场监督管理总局、国家统计局向社会正式发布了"
CLOSING = "\n\n人社部有关负责人表示，新职业的发布将进一步拓宽就业渠道。"


@dataclass
class Rendered:
    """A page and what the parser must find in it."""

    text: str
    occupations: list[str]
    count: int | None
    title: str | None = None
    codes: dict[str, str] = field(default_factory=dict)
    work_types: list[tuple[str, str | None]] = field(default_factory=list)
    upgraded: list[str] = field(default_factory=list)
    originals: dict[str, str] = field(default_factory=dict)


def count_after(b: Batch, rng: random.Random) -> Rendered:
    n = len(b.names)
    return Rendered(f"{PREAMBLE}{joined(b.names, rng)}等{render_count(n, rng)}新职业。{CLOSING}", b.names, n)


def count_before(b: Batch, rng: random.Random) -> Rendered:
    n = len(b.names)
    cue = rng.choice(["包括：", "包括", "分别是", "分别为：", "具体是："])
    return Rendered(f"{PREAMBLE}{render_count(n, rng)}新职业，{cue}{joined(b.names, rng)}。{CLOSING}", b.names, n)


def total_first(b: Batch, rng: random.Random) -> Rendered:
    n = len(b.names)
    return Rendered(f"本批新职业共{render_count(n, rng)}，分别是{joined(b.names, rng)}。{CLOSING}", b.names, n)


def one_per_line(b: Batch, rng: random.Random) -> Rendered:
    n = len(b.names)
    lines = "\n".join(name + rng.choice(["", "；", "。"]) for name in b.names)
    return Rendered(f"{PREAMBLE}{render_count(n, rng)}新职业，名单如下：\n{lines}\n{CLOSING}", b.names, n)


def quoted_run(b: Batch, rng: random.Random) -> Rendered:
    n = len(b.names)
    quotes = rng.choice([("“", "”"), ('"', '"'), ("「", "」")])
    quoted = [f"{quotes[0]}{name}{quotes[1]}" for name in b.names]
    run = "".join(quoted) if rng.random() < 0.5 else joined(quoted, rng)  # “A”“B” or “A”、“B”及“C”
    return Rendered(f"{PREAMBLE}{run}等{render_count(n, rng)}新职业。{CLOSING}", b.names, n)


def traditional_quoted_after_cue(b: Batch, rng: random.Random) -> Rendered:
    n = len(b.names)
    names = joined([f"「{name}」" for name in b.names], rng)
    page = f"人社部聯合公佈第七批共{render_count(n, rng)}新職業，{rng.choice(['即', '包括', '分別是'])}{names}。"
    text = zhconv.convert(page, "zh-hant")
    originals = {name: zhconv.convert(name, "zh-hant") for name in b.names}
    return Rendered(text, b.names, n, originals={k: v for k, v in originals.items() if k != v})


def arrow_bullets(b: Batch, rng: random.Random) -> Rendered:
    n = len(b.names)
    mark = rng.choice(["►", "●", "◆", "■"])
    lines = "\n".join(f"{mark}{name}：从事相关领域技术研发、运行维护和服务的人员。" for name in b.names)
    return Rendered(f"此次发布的{render_count(n, rng)}新职业如下：\n{lines}\n{CLOSING}", b.names, n)


def numbered_bullets(b: Batch, rng: random.Random) -> Rendered:
    n = len(b.names)
    style = rng.randrange(4)

    def bullet(i: int) -> str:
        return [f"{chinese_numeral(i)}、", f"{i}.", f"（{i}）", f"({chinese_numeral(i)})"][style]

    lines = "\n".join(f"{bullet(i + 1)}{name}" for i, name in enumerate(b.names))
    return Rendered(f"{PREAMBLE}{render_count(n, rng)}新职业，具体如下：\n{lines}\n{CLOSING}", b.names, n)


def sections_with_definitions(b: Batch, rng: random.Random) -> Rendered:
    n = len(b.names)
    body = "\n".join(
        f"{chinese_numeral(i + 1)}、{name}\n从事相关设备安装、调试、运行和维护工作的人员。"
        for i, name in enumerate(b.names)
    )
    return Rendered(f"这{render_count(n, rng)}新职业都是做什么的？一起来看：\n\n{body}\n", b.names, n)


def stuck_codes(b: Batch, rng: random.Random) -> Rendered:
    pairs = zip(b.codes, b.names, strict=True)
    lines = "\n".join(f"({chinese_numeral(i + 1)}){code}{name}" for i, (code, name) in enumerate(pairs))
    text = f"附件\n新职业信息\n{lines}\n"
    return Rendered(text, b.names, None, codes=dict(zip(b.names, b.codes, strict=True)))


def table_with_english(b: Batch, rng: random.Random) -> Rendered:
    n = len(b.names)
    sep = rng.choice(["　", " ", "\t", "  "])
    rows = "\n".join(
        sep.join([str(i + 1), code, name, english])
        for i, (code, name, english) in enumerate(zip(b.codes, b.names, b.english, strict=True))
    )
    title = f"人社部发布{b.names[0]}等{render_count(n, rng)}新职业"
    text = f"详见附件。\n\n附件：新职业信息\n\n序号{sep}职业编码{sep}职业名称{sep}英文名称\n{rows}\n"
    return Rendered(text, b.names, n, title=title, codes=dict(zip(b.names, b.codes, strict=True)))


def english_in_brackets(b: Batch, rng: random.Random) -> Rendered:
    n = len(b.names)
    items = [f"{name}（{english}）" for name, english in zip(b.names, b.english, strict=True)]
    if rng.random() < 0.5:
        return Rendered(f"{PREAMBLE}{joined(items, rng)}等{render_count(n, rng)}新职业。", b.names, n)
    return Rendered(f"{render_count(n, rng)}新职业的中英文名称如下：\n" + "\n".join(items) + "\n", b.names, n)


def traditional(b: Batch, rng: random.Random) -> Rendered:
    page = count_after(b, rng)
    locale = "zh-hant"  # script only: zh-hk and zh-tw also swap vocabulary (数字化→數碼化)
    text = zhconv.convert(page.text, locale)
    originals = {name: zhconv.convert(name, locale) for name in b.names}
    return Rendered(text, b.names, page.count, originals={k: v for k, v in originals.items() if k != v})


def work_types_under_parent(b: Batch, rng: random.Random) -> Rendered:
    names = b.names[:3]
    parent = b.parents[0]
    count = chinese_numeral(len(names)).replace("二", "两")
    text = f"同时，在{parent}职业下新增{joined(names, rng)}{count}个工种。"
    if len(names) == 1:
        text = f"同时，在“{parent}”职业下增设“{names[0]}”工种。"
    return Rendered(text, [], None, work_types=[(name, parent) for name in names])


def upgraded(b: Batch, rng: random.Random) -> Rendered:
    names = b.names[:3]
    verb = rng.choice(["上升为新职业", "上升为职业", "升格为职业", "升级为新职业", "调整为职业"])
    style = rng.randrange(4)
    if style == 0:  # 将A、B3个工种上升为新职业
        count = rng.choice([f"{len(names)}个", f"{chinese_numeral(len(names))}个", "等"])
        text = f"此外，将{'、'.join(names)}{count}工种{verb}。"
    elif style == 1:  # 将原“P”职业下的“A”“B”工种上升为新职业
        text = f"此外，将原“{b.parents[0]}”职业下的{''.join(f'“{name}”' for name in names)}工种{verb}。"
    elif style == 2:  # 将P职业下的A、B两个工种上升为新职业
        count = chinese_numeral(len(names)).replace("二", "两")
        text = f"同时，将{b.parents[0]}职业下的{joined(names, rng)}{count}个工种{verb}。"
    else:  # A、B由工种上升为职业
        text = f"另外，{joined(names, rng)}由工种{verb}。"
    return Rendered(text, [], None, upgraded=names)


def announcement_with_context(b: Batch, rng: random.Random) -> Rendered:
    n = len(b.names)
    history = (
        "此前发布的第一批13个新职业包括甲乙工程技术人员、丙丁操作员等。"
        "至此，已累计发布74个新职业。2004年至2009年，原劳动保障部发布了12批122个新职业。"
    )
    text = f"{PREAMBLE}{joined(b.names, rng)}等{render_count(n, rng)}新职业，这是第五批新职业。{history}"
    return Rendered(text, b.names, n)


TEMPLATES: list[Callable[[Batch, random.Random], Rendered]] = [
    count_after,
    count_before,
    total_first,
    one_per_line,
    quoted_run,
    traditional_quoted_after_cue,
    arrow_bullets,
    numbered_bullets,
    sections_with_definitions,
    stuck_codes,
    table_with_english,
    english_in_brackets,
    traditional,
    work_types_under_parent,
    upgraded,
    announcement_with_context,
]
ROUNDS = 25


def test_zh_morphemes_survive_a_round_trip_through_traditional() -> None:
    """The traditional template relies on zh-hant → zh-hans giving the name back."""
    for domain, _ in DOMAINS:
        for role, _ in ROLES:
            name = domain + role
            assert to_simplified(zhconv.convert(name, "zh-hant")) == name


@pytest.mark.parametrize("template", TEMPLATES, ids=[t.__name__ for t in TEMPLATES])
def test_zh_generated_announcements(template: Callable[[Batch, random.Random], Rendered]) -> None:
    rng = random.Random(f"occuwatch-{template.__name__}")
    for _ in range(ROUNDS):
        batch = make_batch(rng)
        page = template(batch, rng)
        found = parse_chinese(page.text, title=page.title, published="2030-06-30")
        context = f"\n--- page ---\n{page.title or ''}\n{page.text}\n--- found ---\n{found}"
        main = found.batches[0]  # the page's own batch (the names of a batch it recalls are the others')
        assert [n.name for n in main.occupations] == page.occupations, context
        assert [n.name for n in found.occupations][: len(page.occupations)] == page.occupations, context
        assert found.announced_count == page.count, context
        assert [(n.name, n.parent) for n in found.work_types] == page.work_types, context
        assert [n.name for n in found.upgraded] == page.upgraded, context
        for name in main.occupations:
            assert name.code == page.codes.get(name.name), context
            assert name.name_original == page.originals.get(name.name), context
        assert found.stage == "final", context
