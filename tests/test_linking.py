"""Linking renderings of one batch into occupations (pure functions; names invented for a batch to come)."""

from __future__ import annotations

from occuwatch.pipelines.gloss import translation_score
from occuwatch.pipelines.linking import Name, Report, link_names, similar_english

# A batch nobody has published: names written the way the ministry writes them, with the English a
# translator would choose.
CHINESE = ["氢能储运工程技术人员", "宠物营养师", "海洋牧场养殖员", "文物数字化保护员"]
ENGLISH = ["hydrogen energy storage and transport engineering technicians", "pet nutritionists",
           "ocean pasture stewards", "cultural relics digital protection workers"]


def names(chinese: list[str], english: list[str], group: str = "occupation") -> list[Name]:
    found = [Name(i + 1, name, "zh", group) for i, name in enumerate(chinese)]
    return found + [Name(100 + i, name, "en", group) for i, name in enumerate(english)]


def linked(found: dict, all_names: list[Name]) -> dict[str, tuple[str, str]]:
    by_id = {n.id: n.name for n in all_names}
    return {by_id[i]: (by_id[link.target], link.method) for i, link in found.items()}


def test_the_dictionary_links_names_it_has_never_seen_one_to_one_in_any_order() -> None:
    shuffled = [ENGLISH[2], ENGLISH[0], ENGLISH[3], ENGLISH[1]]
    batch = names(CHINESE, shuffled)
    report = Report("en-page", tuple(n.id for n in batch if n.language == "en"))
    result = linked(link_names(batch, [report]), batch)
    assert {en: zh for en, (zh, _) in result.items()} == dict(zip(ENGLISH, CHINESE, strict=True))
    assert {method for _, method in result.values()} == {"dictionary"}


def test_a_rendering_the_dictionary_cannot_carry_stays_unlinked() -> None:
    batch = names(CHINESE[:2], ["team leaders", "pet nutritionists"])
    result = linked(link_names(batch, [Report("en", (100, 101))]), batch)
    # "team leaders" translates neither Chinese name; a list of two proves nothing by order or elimination.
    assert result == {"pet nutritionists": ("宠物营养师", "dictionary")}
    assert translation_score("氢能储运工程技术人员", "team leaders") == 0.0


def test_names_link_only_within_their_group() -> None:
    batch = names(["宠物营养师"], [], "work_type") + names([], ["pet nutritionists"], "occupation")
    assert link_names(batch, [Report("en", (100,))]) == {}


def test_a_list_order_the_dictionary_contradicts_is_not_used() -> None:
    # Same length as the Chinese list, but in another order: position would pair names wrongly.
    reordered = [ENGLISH[1], ENGLISH[0], ENGLISH[2], ENGLISH[3]]
    batch = names(CHINESE, reordered)
    result = linked(link_names(batch, [Report("en", tuple(range(100, 104)))]), batch)
    assert all(method != "list-order" for _, method in result.values())
    assert result["pet nutritionists"][0] == "宠物营养师"


def test_a_list_order_the_dictionary_confirms_links_even_its_weak_names() -> None:
    # The third rendering translates loosely (the dictionary says "marine ranch" nothing of 海洋牧场 it is sure
    # of); order and count carry it, since the dictionary confirms all the others.
    english = [ENGLISH[0], ENGLISH[1], "marine ranch farmers", ENGLISH[3]]
    batch = names(CHINESE, english)
    result = linked(link_names(batch, [Report("en", tuple(range(100, 104)))]), batch)
    assert result["marine ranch farmers"] == ("海洋牧场养殖员", "list-order")


def test_codes_and_bilingual_pages_link_before_the_dictionary() -> None:
    batch = [Name(1, "宠物营养师", "zh", "occupation", "4-14-09-01"),
             Name(2, "寵物營養師", "zh", "occupation", "4-14-09-01"),
             Name(3, "animal diet advisers", "en", "occupation", "4-14-09-01"),
             Name(4, "海洋牧场养殖员", "zh", "occupation"),
             Name(5, "sea farm keepers", "en", "occupation")]
    text = "The list also names sea farm keepers (海洋牧场养殖员), a trade of the coast."
    result = linked(link_names(batch, [Report("bilingual", (5,), text), Report("coded", (3,))]), batch)
    assert result["寵物營養師"] == ("宠物营养师", "code")
    assert result["animal diet advisers"] == ("宠物营养师", "code")
    assert result["sea farm keepers"] == ("海洋牧场养殖员", "bilingual")


def test_the_last_name_of_a_complete_list_is_linked_by_elimination() -> None:
    english = [ENGLISH[0], ENGLISH[1], ENGLISH[2], "heritage scanning crew"]  # the dictionary misses the last
    batch = names(CHINESE, [english[3], english[1], english[0], english[2]])
    result = linked(link_names(batch, [Report("en", tuple(range(100, 104)))]), batch)
    assert result["heritage scanning crew"] == ("文物数字化保护员", "elimination")


def test_english_spelling_variants_join_the_linked_rendering() -> None:
    batch = names(["宠物营养师"], ["pet nutritionists", "pet-nutritionist"])
    result = linked(link_names(batch, [Report("a", (100,)), Report("b", (101,))]), batch)
    assert result["pet nutritionists"][0] == "宠物营养师"
    assert result["pet-nutritionist"] == ("宠物营养师", "dictionary") or result["pet-nutritionist"][1] in {
        "similar-english"}
    assert similar_english("e-sports players", "esports players")
    assert not similar_english("pet nutritionists", "pet groomers")
