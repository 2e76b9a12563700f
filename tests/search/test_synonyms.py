"""search.analysis expands a query through the synonym and abbreviation
table."""

from search.analysis import DEFAULT_SYNONYMS, expand_query, fold

# --- synonyms --------------------------------------------------------------


def test_expand_query_tw4():
    assert expand_query("Nghị quyết TW4") == [
        "nghị quyết tw4",
        "nghị quyết tw 4",
        "nghị quyết trung ương 4",
        "nghị quyết hội nghị trung ương 4",
    ]


def test_expand_query_prefers_the_longest_phrase():
    assert expand_query("hội nghị trung ương 4") == [
        "hội nghị trung ương 4",
        "tw4",
        "tw 4",
        "trung ương 4",
    ]


def test_expand_query_ubnd_both_ways():
    assert expand_query("UBND phường") == ["ubnd phường", "ủy ban nhân dân phường"]
    assert expand_query("uỷ ban nhân dân quận Đống Đa") == [
        "ủy ban nhân dân quận đống đa",
        "ubnd quận đống đa",
    ]


def test_expand_query_matches_without_diacritics_and_restores_them():
    assert expand_query("uy ban nhan dan") == [
        "uy ban nhan dan",
        "ubnd",
        "ủy ban nhân dân",
    ]


def test_expand_query_type_codes_only_before_a_number():
    assert expand_query("CT 16") == ["ct 16", "chỉ thị 16"]
    assert expand_query("chỉ thị 16") == ["chỉ thị 16", "ct 16"]
    assert expand_query("ct") == ["ct"]
    assert expand_query("29-CT/TU") == ["29-ct-tu"]
    assert expand_query("chi thi 29 ct tu") == ["chi thi 29-ct-tu"]


def test_expand_query_takes_the_table_as_a_parameter():
    table = (("hộ nghèo", "hộ có hoàn cảnh khó khăn"),)
    assert expand_query("ho ngheo phuong", synonyms=table) == [
        "ho ngheo phuong",
        "hộ nghèo phuong",
        "hộ có hoàn cảnh khó khăn phuong",
    ]
    assert expand_query("UBND", synonyms=()) == ["ubnd"]
    # The admin hands over lists, not tuples.
    assert expand_query("TDP 5", synonyms=[["TDP", "tổ dân phố"]]) == [
        "tdp 5",
        "tổ dân phố 5",
    ]


def test_expand_query_is_bounded_and_empty_for_blank_input():
    variants = expand_query("UBND HĐND MTTQ TDP KDC", limit=5)
    assert len(variants) == len(set(variants)) == 5
    assert variants[0] == "ubnd hđnd mttq tdp kdc"
    assert expand_query("  ,  ") == []


def test_default_synonyms_groups_do_not_overlap():
    seen = {}
    for group in DEFAULT_SYNONYMS:
        assert len(group) >= 2
        for phrase in group:
            folded = fold(phrase)
            assert folded not in seen, (phrase, seen.get(folded))
            seen[folded] = group
