"""Unit tests of the English parser, and a generative test over names nobody has written yet.

The generative test builds occupation names at random from morphemes (a
domain × a role head, some joined with "and", some holding an acronym in
parentheses), renders each set in every way announcements write lists, and
asserts that the parser finds exactly those names and the stated count.
"""

from __future__ import annotations

import random
from collections.abc import Callable

import pytest

from occuwatch.pipelines.announcement import name_key
from occuwatch.pipelines.en_lists import top_level_pieces
from occuwatch.pipelines.en_names import clean_name
from occuwatch.pipelines.en_page import EnPage
from occuwatch.pipelines.english_dates import DATE_ON, date_from_match, parse_iso
from occuwatch.pipelines.english_numbers import parse_cardinal, parse_ordinal
from occuwatch.pipelines.parse_en import parse_english

# ---- the generator ---------------------------------------------------------------------------------------

DOMAINS = [
    "quantum sensor", "hydrogen storage", "marine drone", "carbon credit", "low-altitude logistics",
    "bio-battery", "smart grid", "space tourism", "gene sequencing", "digital twin", "vertical farm",
    "autonomous shuttle", "brain-computer interface", "cold chain", "wind turbine blade", "satellite internet",
    "coral reef", "urban flood", "battery passport", "lunar regolith", "tidal energy", "rural broadband",
]  # fmt: skip
HEADS = [
    "technicians", "operators", "assessors", "coordinators", "engineers", "analysts", "designers", "managers",
    "inspectors", "trainers", "dispatchers", "consultants", "auditors", "installers", "testers", "planners",
    "supervisors", "specialists",
]  # fmt: skip
PROCESSES = ["installation", "maintenance", "testing", "calibration", "repair", "recycling", "commissioning"]
BENEFICIARIES = ["older adults", "rural cooperatives", "small ports", "mountain villages", "rural tourism"]
SINGULAR_HEAD_PAIRS = [("engineer", "technician"), ("designer", "modeller"), ("operator", "maintainer")]
NUMBER_WORDS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]  # fmt: skip
TENS_WORDS = {20: "twenty", 30: "thirty"}


def number_in_words(value: int) -> str:
    """Spell 1-39 the way a news writer would."""
    if value < 20:
        return NUMBER_WORDS[value]
    tens, units = divmod(value, 10)
    return TENS_WORDS[tens * 10] + (f"-{NUMBER_WORDS[units]}" if units else "")


def acronym(words: str) -> str:
    """Initials of a domain, as in "digital twin (DT) engineers"."""
    return "".join(part[0] for part in words.replace("-", " ").split()).upper()


def random_name(rng: random.Random) -> str:
    """One novel occupation name in one of the shapes real names take."""
    domain, head = rng.choice(DOMAINS), rng.choice(HEADS)
    shape = rng.randrange(6)
    if shape == 0:
        return f"{domain} {head} for {rng.choice(BENEFICIARIES)}"
    if shape == 1:
        first, second = rng.sample(PROCESSES, 2)
        return f"{domain} {first} and {second} {head}"
    if shape == 2:
        return f"{domain} ({acronym(domain)}) {head}"
    if shape == 3:
        first, second = rng.choice(SINGULAR_HEAD_PAIRS)
        return f"{domain} {first} and {second}"
    return f"{domain} {head}"


def random_names(rng: random.Random) -> list[str]:
    """A batch of 2-12 distinct novel names (no two that differ only by an acronym: one batch lists an
    occupation once)."""
    names: list[str] = []
    target = rng.randint(2, 12)
    while len(names) < target:
        name = random_name(rng)
        if name_key(name) not in {name_key(n) for n in names}:
            names.append(name)
    return names


def join_and(names: list[str], *, oxford: bool = False) -> str:
    """ "A, B and C" (or "A, B, and C")."""
    if len(names) == 1:
        return names[0]
    comma = "," if oxford and len(names) > 2 else ""
    return ", ".join(names[:-1]) + f"{comma} and {names[-1]}"


def count_text(rng: random.Random, count: int) -> str:
    """The count in digits or in words ("twenty-one", or "twenty one" as some writers put it)."""
    if rng.random() < 0.5:
        return str(count)
    words = number_in_words(count)
    return words.replace("-", " ") if rng.random() < 0.5 else words


def name_with_commas(rng: random.Random) -> str:
    """A name that holds commas and "and" ("wind turbine installation, testing and repair technicians")."""
    first, second, third = rng.sample(PROCESSES, 3)
    return f"{rng.choice(DOMAINS)} {first}, {second} and {third} {rng.choice(HEADS)}"


LEAD = "BEIJING, May 14 (Xinhua) -- "
BACKGROUND = (
    "The ministry said the occupations reflect new demand in the digital economy and green industries, "
    "and that training would start in pilot cities including Hefei, Xiamen and Dalian.\n\n"
    '"Young people are already doing these jobs," said a researcher with the Chinese Academy of Labour '
    "and Social Security Sciences."
)


def they_are(rng: random.Random, names: list[str]) -> str:
    """ "... released N new occupations. They are A, B and C." """
    return (
        f"{LEAD}China released {count_text(rng, len(names))} new occupations on May 12, "
        f"the ministry said on Wednesday.\n\nThey are {join_and(names)}.\n\n{BACKGROUND}"
    )


def they_are_oxford(rng: random.Random, names: list[str]) -> str:
    """ "What are the N new occupations? They are A, B, and C." """
    return (
        f"{LEAD}The ministry unveiled the tenth batch of new occupations on May 12. What are the "
        f"{count_text(rng, len(names))} new occupations? They are {join_and(names, oxford=True)}.\n\n{BACKGROUND}"
    )


def including(rng: random.Random, names: list[str]) -> str:
    """ "... N new occupations, including A, B and C, the ministry said." """
    return (
        f"{LEAD}China has added {count_text(rng, len(names))} new occupations to its national list, "
        f"including {join_and(names)}, the Ministry of Human Resources and Social Security said.\n\n{BACKGROUND}"
    )


def curly_comma_inside(rng: random.Random, names: list[str]) -> str:
    """“A,” “B,” and “C” were released ..."""
    quoted = [f"“{name},”" for name in names[:-1]]
    tail = f"and “{names[-1]},”" if len(names) > 2 else f"“{names[-1]},”"
    listed = " ".join([*quoted, tail]) if len(names) > 2 else f"“{names[0]}” and “{names[1]},”"
    return (
        f"{count_text(rng, len(names)).capitalize()} new occupations, including {listed} were released by the "
        f"ministry on May 12.\n\n{BACKGROUND}"
    )


def straight_quotes(rng: random.Random, names: list[str]) -> str:
    """... such as "A", "B" and "C"."""
    listed = join_and([f'"{name}"' for name in names])
    return (
        f"The ministry on Tuesday released {count_text(rng, len(names))} new professions such as {listed}, "
        f"which will be added to the national classification.\n\n{BACKGROUND}"
    )


def bullets(rng: random.Random, names: list[str]) -> str:
    """A lead line, then one bullet or number per name."""
    style = rng.choice(["- {}", "• {}", "* {}", "{n}. {}", "{n}) {}", "({n}) {}"])
    lines = "\n".join(style.format(name, n=n) for n, name in enumerate(names, 1))
    return (
        f"China publishes {count_text(rng, len(names))} new occupations\n\n"
        f"The ministry released the new occupations on May 12. The full list is as follows:\n{lines}\n\n{BACKGROUND}"
    )


def one_per_paragraph(rng: random.Random, names: list[str]) -> str:
    """ "The N new occupations are:" then "A;" "B;" ... "and C." in paragraphs of their own."""
    items = [f"{name};" for name in names[:-1]] + [f"and {names[-1]}."]
    body = "\n\n".join(items)
    return (
        f"{LEAD}China released {count_text(rng, len(names))} new occupations on May 12.\n\n"
        f"The new occupations are:\n\n{body}\n\n{BACKGROUND}"
    )


def dashes(rng: random.Random, names: list[str]) -> str:
    """ "The N new occupations — A, B and C — were released ..." """
    return (
        f"The {count_text(rng, len(names))} new occupations — {join_and(names)} — were released by the "
        f"ministry on May 12, 2031.\n\n{BACKGROUND}"
    )


def colon(rng: random.Random, names: list[str]) -> str:
    """ "... released N new occupations: A, B and C." """
    count = count_text(rng, len(names))
    return f"The ministry on May 12 released {count} new occupations: {join_and(names)}.\n\n{BACKGROUND}"


def numbered_with_descriptions(rng: random.Random, names: list[str]) -> str:
    """Numbered items, each a name, a colon and a description."""
    lines = "\n".join(f"{n}. {name}: people who plan, run and check this work." for n, name in enumerate(names, 1))
    return (
        f"The ministry released {count_text(rng, len(names))} new occupations on Thursday. "
        f"They are listed below:\n{lines}\n\n{BACKGROUND}"
    )


def namely_one_per_line(rng: random.Random, names: list[str]) -> str:
    """A lead sentence that points back at the batch and ends in "namely:", then one name per paragraph."""
    body = "\n\n".join(names)
    return (
        f"{LEAD}China on May 12 released {count_text(rng, len(names))} new occupations, the ministry said.\n\n"
        f"The ministry said the batch reflects demand in energy, care and transport, namely:\n\n{body}\n\n{BACKGROUND}"
    )


def the_n_are_with_chinese(rng: random.Random, names: list[str]) -> str:
    """ "The N are: A (中文), B (中文) and C (中文)." after a sentence that names the batch."""
    glossed = [f"{name} ({'新职业' * rng.randint(1, 2)})" for name in names]
    return (
        f"{LEAD}The ministry announced {count_text(rng, len(names))} new occupations on May 12.\n\n"
        f"The {len(names)} are: {join_and(glossed)}.\n\n{BACKGROUND}"
    )


def semicolons(rng: random.Random, names: list[str]) -> str:
    """ "..., namely A; B, C and D; and E." where an item may hold commas and "and"."""
    return (
        f"{LEAD}The ministry released {count_text(rng, len(names))} new occupations on May 12, namely "
        f"{'; '.join(names[:-1])}; and {names[-1]}.\n\n{BACKGROUND}"
    )


def subject_of_release(rng: random.Random, names: list[str]) -> str:
    """ "On Thursday, A, B and C were officially released as new occupations." (no cue word, no quotes)."""
    return (
        f"{LEAD}The ministry released {count_text(rng, len(names))} new occupations on May 12.\n\n"
        f"On Thursday, {join_and(names)} were officially released as new occupations in a notice.\n\n{BACKGROUND}"
    )


def relative_clause(rng: random.Random, names: list[str]) -> str:
    """ "They include A, who work in fast-growing fields, B and C." """
    rest = join_and(names[1:]) if len(names) > 2 else f"and {names[1]}"
    return (
        f"{LEAD}China released {count_text(rng, len(names))} new occupations on May 12.\n\n"
        f"They include {names[0]}, who work in fast-growing fields, {rest}.\n\n{BACKGROUND}"
    )


TEMPLATES: list[Callable[[random.Random, list[str]], str]] = [
    they_are,
    they_are_oxford,
    including,
    curly_comma_inside,
    straight_quotes,
    bullets,
    one_per_paragraph,
    dashes,
    colon,
    numbered_with_descriptions,
    namely_one_per_line,
    the_n_are_with_chinese,
    semicolons,
    subject_of_release,
    relative_clause,
]


@pytest.mark.parametrize("template", TEMPLATES, ids=[t.__name__ for t in TEMPLATES])
def test_generated_names_in_every_template(template: Callable[[random.Random, list[str]], str]) -> None:
    rng = random.Random(f"occuwatch-{template.__name__}")
    for _ in range(60):
        names = random_names(rng)
        if template is semicolons:
            names = [name_with_commas(rng) if rng.random() < 0.3 else name for name in names]
        text = template(rng, names)
        found = parse_english(text, published="2031-05-16")
        assert [n.name for n in found.occupations] == names, text
        assert found.announced_count == len(names), text
        assert found.stage == "final"
        assert not found.work_types
        assert not found.upgraded


WORK_TYPE_TEMPLATES = [
    "In addition, {count} new work types — {plain} — were added under the {parent} occupation.",
    "Under the {parent} occupation, {count} new types of work were created, including {quoted}.",
    "The new work types include {plain}, all under the occupation of “{parent}”.",
]
UPGRADE_TEMPLATES = [
    "Meanwhile, the types of work of {quoted} became occupations in their own right.",
    "The work types under the original {parent} occupation, including {plain}, were upgraded to new occupations.",
]


def render_list(names: list[str], *, quoted: bool) -> str:
    """A list in plain words or in curly quotes."""
    return join_and([f"“{name}”" for name in names] if quoted else names)


@pytest.mark.parametrize("template", WORK_TYPE_TEMPLATES)
def test_generated_work_types_with_their_parent(template: str) -> None:
    rng = random.Random(f"occuwatch-work-types-{template}")
    for _ in range(40):
        names = random_names(rng)
        parent = f"{rng.choice(DOMAINS)} {rng.choice(HEADS)[:-1]}"
        sentence = template.format(
            count=count_text(rng, len(names)),
            plain=render_list(names, quoted=False),
            quoted=render_list(names, quoted=True),
            parent=parent,
        )
        text = f"The ministry released 4 new occupations on May 12. {sentence}\n\n{BACKGROUND}"
        found = parse_english(text, published="2031-05-16")
        assert [(n.name, n.parent) for n in found.work_types] == [(name, parent) for name in names], text
        assert found.announced_count == 4
        assert not found.occupations


@pytest.mark.parametrize("template", UPGRADE_TEMPLATES)
def test_generated_upgraded_work_types(template: str) -> None:
    rng = random.Random(f"occuwatch-upgraded-{template}")
    for _ in range(40):
        names = random_names(rng)
        sentence = template.format(
            plain=render_list(names, quoted=False),
            quoted=render_list(names, quoted=True),
            parent=f"{rng.choice(DOMAINS)} {rng.choice(HEADS)[:-1]}",
        )
        text = f"The ministry released 4 new occupations on May 12. {sentence}\n\n{BACKGROUND}"
        found = parse_english(text, published="2031-05-16")
        assert [n.name for n in found.upgraded] == names, text
        assert not found.occupations
        assert not found.work_types


def test_generated_work_types_each_under_its_parent() -> None:
    rng = random.Random("occuwatch-work-types-each-under")
    for _ in range(40):
        names = random_names(rng)[:4]
        parents = [f"{rng.choice(DOMAINS)} {rng.choice(HEADS)[:-1]}" for _ in names]
        pairs = list(zip(names, parents, strict=True))
        listed = join_and([f"“{name}” under the {parent} occupation" for name, parent in pairs])
        text = f"The ministry released 4 new occupations on May 12. New work types were also created, such as {listed}."
        found = parse_english(text, published="2031-05-16")
        assert [(n.name, n.parent) for n in found.work_types] == pairs, text


def test_generated_work_types_in_a_dash_aside_and_one_upgraded() -> None:
    rng = random.Random("occuwatch-work-types-dash-aside")
    for _ in range(40):
        names = random_names(rng)
        *added, upgraded = names if len(names) > 2 else [*names, "tidal energy assessor"]
        text = (
            f"The ministry released 4 new occupations on May 12. Besides, {count_text(rng, len(added))} new work types "
            f"— {join_and([f'“{name}”' for name in added])} — were added, and “{upgraded}” was upgraded from a "
            "work type to an occupation."
        )
        found = parse_english(text, published="2031-05-16")
        assert [(n.name, n.parent) for n in found.work_types] == [(name, None) for name in added], text
        assert [n.name for n in found.upgraded] == [upgraded], text


# ---- the pieces ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("chunk", "expected"),
    [
        ("ability assessors for older adults and additive manufacturing equipment operators",
         ["ability assessors for older adults", "additive manufacturing equipment operators"]),
        ("micro-sized and small loan officers", ["micro-sized and small loan officers"]),
        ("integrated circuit engineer and technician", ["integrated circuit engineer and technician"]),
        ("drone pilots and e-sportsmen", ["drone pilots", "e-sportsmen"]),
        ("e-sportsmen and drone pilots", ["e-sportsmen", "drone pilots"]),
        ("drone operation and maintenance personnel and railway general maintenance personnel",
         ["drone operation and maintenance personnel", "railway general maintenance personnel"]),
        ("health carers and environmental monitors of electrical and electronic products",
         ["health carers", "environmental monitors of electrical and electronic products"]),
        ("logistics and warehousing planners", ["logistics and warehousing planners"]),
    ],
)  # fmt: skip
def test_final_and_splits_between_names_only(chunk: str, expected: list[str]) -> None:
    assert [chunk[start:end] for start, end in top_level_pieces(chunk, 0)] == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ('" micro-sized and small loan officers"', "micro-sized and small loan officers"),
        ("“carbon emission manager,”", "carbon emission manager"),
        ("the “livestreaming salesperson”", "livestreaming salesperson"),
        ("network anchor (also called live-streamer)", "network anchor"),
        (
            "artificial intelligence (AI) engineering technicians",
            "artificial intelligence (AI) engineering technicians",
        ),
        ("and additive   manufacturing equipment operators.", "additive manufacturing equipment operators"),
        ("elderly capacity evaluators; and", "elderly capacity evaluators"),
    ],
)
def test_clean_name(raw: str, expected: str) -> None:
    assert clean_name(raw) == expected


@pytest.mark.parametrize(
    ("text", "value"),
    [("9", 9), ("nine", 9), ("Nineteen", 19), ("twenty-one", 21), ("twenty one", 21), ("ninety nine", 99), ("13", 13)],
)
def test_cardinals(text: str, value: int) -> None:
    assert parse_cardinal(text) == value


@pytest.mark.parametrize(("text", "value"), [("3rd", 3), ("third", 3), ("Fourth", 4), ("twenty-first", 21)])
def test_ordinals(text: str, value: int) -> None:
    assert parse_ordinal(text) == value


@pytest.mark.parametrize(
    ("phrase", "published", "expected"),
    [
        ("On July 6, the ministry", "2020-07-17", "2020-07-06"),
        ("on March 18, 2021", None, "2021-03-18"),
        ("on July 6th", "2020-07-17", "2020-07-06"),
        ("on 6 July", "2020-07-17", "2020-07-06"),
        ("On December 28", "2021-01-05", "2020-12-28"),  # the month is after the page's: last year
        ("on Thursday", "2021-03-20", "2021-03-18"),
        ("on Thursday", "2021-03-18", "2021-03-18"),
        ("On July 6", None, None),
    ],
)
def test_dates(phrase: str, published: str | None, expected: str | None) -> None:
    match = DATE_ON.search(phrase)
    found = date_from_match(match, parse_iso(published))
    assert (found.isoformat() if found else None) == expected


def test_sentences_do_not_break_at_abbreviations() -> None:
    page = EnPage("BEIJING, Jan. 28 -- It said so. Dr. Li agreed. The list follows.", None, None)
    assert [page.of(s) for s in page.sentences] == ["BEIJING, Jan. 28 -- It said so.", "Dr. Li agreed.",
                                                    "The list follows."]


# ---- whole articles ---------------------------------------------------------------------------------------------


def test_alongside_other_new_occupations_counts_the_one_named() -> None:
    text = 'China recognised "sea-ice pilots" as a new occupation on June 2, alongside 16 other new occupations.'
    found = parse_english(text, published="2032-06-03")
    assert found.announced_count == 17
    assert [n.name for n in found.occupations] == ["sea-ice pilots"]
    assert found.released == "2032-06-02"
    assert any("implied" in note for note in found.notes)


def test_running_total_is_not_the_count() -> None:
    text = (
        "China on Monday released 11 new occupations, bringing the total to 74 new occupations since 2019. "
        "They include kelp farm managers and geothermal drillers."
    )
    found = parse_english(text, published="2031-03-04")
    assert found.announced_count == 11
    assert [n.name for n in found.occupations] == ["kelp farm managers", "geothermal drillers"]


def test_earlier_batch_names_stay_with_their_batch() -> None:
    text = (
        "The ministry released the fifth batch of 12 new occupations on June 3, including glacier guides and "
        "peat bog restorers. Last year's fourth batch included rooftop farmers and cave divers. "
        "The first batch, released in April 2019, included drone pilots and e-sportsmen."
    )
    found = parse_english(text, published="2031-06-05")
    assert (found.batch_ordinal, found.announced_count) == (5, 12)
    own, *recalled = found.batches
    assert [n.name for n in own.occupations] == ["glacier guides", "peat bog restorers"]
    assert {(b.batch_ordinal, b.earlier, tuple(n.name for n in b.occupations)) for b in recalled} == {
        (4, True, ("rooftop farmers", "cave divers")), (1, True, ("drone pilots", "e-sportsmen"))}
    # The page's name lists hold every name it gives, its own batch's first.
    assert [n.name for n in found.occupations][:2] == ["glacier guides", "peat bog restorers"]


def test_draft_list() -> None:
    text = (
        "The center is seeking comments on six proposed new occupations until May 17. "
        "The proposed occupations include hail suppression operators and seed vault keepers."
    )
    found = parse_english(text, published="2031-05-05")
    assert found.stage == "draft"
    assert found.announced_count == 6
    assert [n.name for n in found.occupations] == ["hail suppression operators", "seed vault keepers"]


def test_work_types_with_parent_and_upgraded() -> None:
    text = (
        "The ministry released 4 new occupations on May 2. Two new work types, “kite surf instructors” and "
        "“sand yacht instructors”, were added under the outdoor sports coach occupation. Meanwhile, the types "
        "of work of “avalanche dog handlers” and “snow groomers” were upgraded to occupations."
    )
    found = parse_english(text, published="2031-05-05")
    assert [(n.name, n.parent) for n in found.work_types] == [
        ("kite surf instructors", "outdoor sports coach"),
        ("sand yacht instructors", "outdoor sports coach"),
    ]
    assert [n.name for n in found.upgraded] == ["avalanche dog handlers", "snow groomers"]


def test_semicolon_list_after_colon_and_release_in_next_sentence() -> None:
    text = (
        "The new occupations are: tidal turbine riggers; kelp farm managers; and rural tourism planners. "
        "They were released by the ministry on March 1."
    )
    found = parse_english(text, published="2031-03-02")
    assert [n.name for n in found.occupations] == [
        "tidal turbine riggers",
        "kelp farm managers",
        "rural tourism planners",
    ]
    assert found.released == "2031-03-01"
    assert found.stage == "final"


def test_one_name_per_paragraph_after_namely() -> None:
    text = (
        "The ministry released three new occupations on April 2, namely\n\n"
        "glacier guides,\n\npeat bog restorers,\n\nand seed vault keepers.\n\n"
        "The ministry said training would begin this year."
    )
    found = parse_english(text, published="2031-04-03")
    assert [n.name for n in found.occupations] == ["glacier guides", "peat bog restorers", "seed vault keepers"]
    assert found.announced_count == 3


def test_work_types_named_after_of() -> None:
    text = (
        "China released 19 new occupations on July 31. Meanwhile, the work types of livestreaming salespersons "
        "and livestreaming curators were added under the occupation of network marketer."
    )
    found = parse_english(text, published="2031-07-31")
    assert [(n.name, n.parent) for n in found.work_types] == [
        ("livestreaming salespersons", "network marketer"),
        ("livestreaming curators", "network marketer"),
    ]


def test_a_sentence_about_all_batches_so_far_is_context() -> None:
    text = (
        "Nearly 100 new occupations have been released since 2019, including drone pilots and health carers. "
        "The latest batch of 18 new occupations, released on Thursday, includes ice road truckers and moss farmers."
    )
    found = parse_english(text, published="2031-03-22")
    assert found.announced_count == 18
    assert [n.name for n in found.occupations] == ["ice road truckers", "moss farmers"]
    assert found.released == "2031-03-20"


def test_list_as_subject_added_to_the_list_of_occupations() -> None:
    text = (
        "The ministry said on Monday that kelp farm managers, glacier guides and moss farmers have been added to "
        "the national list of occupations."
    )
    found = parse_english(text, published="2031-05-05")
    assert [n.name for n in found.occupations] == ["kelp farm managers", "glacier guides", "moss farmers"]
    assert found.stage == "final"


def test_a_contest_page_with_new_occupations_such_as_announces_nothing() -> None:
    text = (
        "The competition, organized by the ministry, features 16 events covering new occupations such as drone "
        "pilots and blockchain application operators.\n\nSince 2019, China has recognized dozens of new "
        "occupations, many of them in the digital economy."
    )
    found = parse_english(text, title="New occupation skills contest opens", published="2031-10-19")
    assert found == parse_english("", published=None)


@pytest.mark.parametrize(
    "text",
    [
        "Job fairs in cities including Beijing, Shanghai and Guangzhou offered 30,000 new jobs on Friday.",
        "A guideline released on Tuesday said workers in new occupations such as drone pilots will get subsidies.",
        "Drone pilots, welders and electricians were included in the training plan released on Monday.",
        "Training centres will offer courses in new occupations, including drone pilots and AI trainers, under a "
        "plan published on Tuesday.",
        "Retirees spend most of their income on basic needs such as wages, pensions and housing.",
        "The platform economy has created new jobs such as food delivery riders and ride-hailing drivers.",
        "Skilled workers such as welders, electricians and toolmakers are the backbone of manufacturing.",
    ],
)
def test_ordinary_news_announces_nothing(text: str) -> None:
    found = parse_english(text, published="2021-05-05")
    assert found == parse_english("", published=None)
    assert found.stage is None
    assert not found.announces


@pytest.mark.parametrize("digit", ["²", "①", "³"])
def test_digits_int_cannot_read_are_not_counts_and_do_not_crash(digit: str) -> None:
    # str.isdigit() is True for these, but int() raises on them: the parser used to.
    text = f"The ministry released {digit} new occupations on Monday. They are drone pilots and data annotators."
    found = parse_english(text, title=f"Last year {digit} new jobs", published="2021-06-08")
    assert found.announced_count is None
    assert [n.name for n in found.occupations] == ["drone pilots", "data annotators"]


def test_full_width_digits_are_read_as_a_count() -> None:
    found = parse_english("China released ３ new occupations on Monday. They are drone pilots, data annotators "
                          "and carbon managers.", published="2021-06-08")
    assert found.announced_count == 3 and len(found.occupations) == 3


def test_a_long_article_that_names_occupations_only_at_its_end_is_read_whole() -> None:
    # Most articles are answered before being split into sentences; one that announces late must not be.
    filler = "The district held a job fair on Saturday, offering more than 2,000 positions to graduates. " * 80
    text = filler + "\n\nThe ministry released two new occupations on Monday: tidal energy technicians and " \
                    "lunar regolith analysts."
    found = parse_english(text, published="2021-06-08")
    assert [n.name for n in found.occupations] == ["tidal energy technicians", "lunar regolith analysts"]
    assert found.announced_count == 2
