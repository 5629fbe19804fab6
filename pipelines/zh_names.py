"""What a Chinese occupation or work-type name looks like: grammar, never a list of names.

Pure. An occupation name is a noun phrase that ends in an occupational head
(员, 师, 工, 人员, 经理人, 主播, 管家, 顾问 …), holds no sentence glue (的, 了,
是 …) and none of the words an announcement is made of (发布, 职业, 工种 …).
The head is grammar: it tells a name of a trade from a field ("人工智能",
"云计算") or a nickname ("带货网红"); which names exist is data, found on the page.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Occupational heads, longest first where one ends another.
HEADS = (
    "员", "师", "工", "经理人", "经纪人", "代理人", "传承人", "策划人", "制作人", "主持人",
    "主播", "管家", "顾问", "教练", "司机", "骑手", "科学家", "设计家", "护士", "助产士", "工匠",
)  # fmt: skip
# Role nouns that end in a head but name nobody's trade in particular.
GENERIC_ROLES = frozenset({
    "人员", "员工", "职工", "工人", "成员", "学员", "会员", "官员", "职员", "店员",
    "演员", "党员", "队员", "雇员", "委员", "专员", "议员", "社员", "教员", "团员",
    "球员", "从业人员", "工作人员", "技术人员", "专业人员", "管理人员", "相关人员",
    "专业技术人员", "技能人员", "服务人员", "辅助人员", "老师", "教师", "律师", "医师",
    "工程师", "技师", "导师", "大师", "厨师", "讲师", "分析师", "设计师", "咨询师",
    "管理师", "记者", "程序员", "领导", "专家", "员工们", "打工", "务工", "用工",
    "员师", "人工", "手工", "加工", "分工", "女工", "童工", "民工", "职工们", "施工",
    "开工", "复工", "完工", "竣工", "停工", "怠工", "罢工", "招工", "做工", "上工",
    "义工", "帮工", "长工", "零工", "临时工", "小时工", "农民工", "灵活用工",
})  # fmt: skip
# Characters that never occur in a name: particles, pronouns, sentence glue.
GLUE = re.compile(r"[的了是这那该其我你他她它们吗呢吧啊着被把将很也还又却之于]")
# Words of announcements, organisations, time and quantity: a run holding one is not a name.
NOT_IN_NAME = re.compile(
    r"新职业|职业信息|职业下|职业中|工种|发布|公布|公示|颁布|包括|包含|新增|增设|以及|部门|人社|社会保障|总局|统计局|国务院|政府|"
    r"近日|日前|目前|今年|去年|此前|记者|通知|公告|名单|等|如|和|与|及|或|成为|作为|属于|通过|进行|开展|从事|"
    r"负责|提供|我国|全国|有关|相关|一些|这些|哪些|什么|怎么|如何|可以|能够|需要|已经|正式|官方|认可|认定|"
    r"确定|下设|设立|设置|上升|纳入|列入|"
    # counts, ordinals and dates: "16个", "第三批", "首批", "2020年", "7月"
    r"[\d一二三四五六七八九十两百]+[个项位名批届年月日号]|第.{1,3}[批届次]|首批"
)
# Where a name may not begin: prepositions and conjunctions that open a clause.
BAD_FIRST = frozenset("从由对向给让使与和及或而但并且因为所以如若将把被叫称即乃")
JOINERS = re.compile(r"和|与|及")
NAME_CHARS = re.compile(r"[\u4e00-\u9fffA-Za-z0-9·]+")
CJK = re.compile(r"[\u4e00-\u9fff]")
MIN_LENGTH, MAX_LENGTH = 3, 24

# Words that may stand right before the first name of a list, to be cut off ("…发布了" + name).
LEAD_WORDS = re.compile(
    r"(?:正式|联合|共同|近日|日前|分别|已|还|又|也|就|都|均)?"
    r"(?:发布|公布|公示|颁布|推出|推介|新增|增设|增加|设立|新设|设置|确定|认定|遴选|评选|审定|批准|纳入|列入|收录|"
    r"正名|上升为|包括|包含|涵盖|例如|比如|诸如|譬如|像|如|即|有个|有|是|为|叫做|叫|称为|名为|那就是|也就是|就是|"
    r"还有|以及|和|及|与|其中|将|的|了|在|对)(?:了|出|出了|为)?$"
)


def has_head(name: str) -> bool:
    """True when `name` ends in an occupational head."""
    return name.endswith(HEADS)


@lru_cache(maxsize=16384)
def is_clean(name: str, *, quoted: bool = False) -> bool:
    """True when `name` could be a name: name characters only, no glue, no announcement words.

    A `quoted` name may hold a joiner ("碳捕集利用和封存工程技术人员"): its quotes, not the joiner, bound it.
    """
    if quoted and JOINERS.search(name):
        name = JOINERS.sub("", name) if len(name) > MIN_LENGTH + 1 else name
    return (
        MIN_LENGTH <= len(name) <= MAX_LENGTH
        and NAME_CHARS.fullmatch(name) is not None
        and len(CJK.findall(name)) >= 2
        and name[0] not in BAD_FIRST
        and not GLUE.search(name)
        and not NOT_IN_NAME.search(name)
    )


@lru_cache(maxsize=16384)
def is_name(name: str, *, quoted: bool = False) -> bool:
    """True when `name` looks like the name of an occupation or work type."""
    return has_head(name) and is_clean(name, quoted=quoted) and name not in GENERIC_ROLES


@lru_cache(maxsize=16384)
def trim_lead(piece: str) -> tuple[str, int]:
    """The longest tail of `piece` that is clean, after a lead word or at its start; and where it begins.

    "正式向社会发布了人工智能工程技术人员" → ("人工智能工程技术人员", 11).
    """
    piece_end = len(piece.rstrip())
    for start in range(len(piece) - len(piece.lstrip()), piece_end - MIN_LENGTH + 1):
        tail = piece[start:piece_end]
        if is_clean(tail) and (start == 0 or not piece[start - 1].strip() or LEAD_WORDS.search(piece, 0, start)):
            return tail, start
    return "", piece_end
