"""The corpus of broken banks: edits to the good bank and the exact problems they cause.

Each case is ``(edits, expected)``: edits turn a copy of ``tests/data/banks/good`` into a
bank with one kind of mistake; expected lists every problem it must cause, as (path relative
to the bank, line, a substring of the message), in the order they are reported.
"""

from __future__ import annotations

from .conftest import DATA

COMP = "competencies.yaml"
INT = "items/manajerial/int.yaml"
KS = "items/manajerial/ks.yaml"
PB = "items/sosiokultural/pb.yml"
PK = "items/teknis/tek-pk.yaml"
MANSOS = "tests/mansos.yaml"
TPK = "tests/tek-pk.yaml"

TEK_SJT_ITEM = """competency: TEK-PK
items:
  - id: TEK-PK-0100
    type: sjt
    stem: Server aplikasi lambat saat jam sibuk. Apa yang Anda lakukan?
    options:
      - {key: A, text: Menganalisis log dan beban server, score: 5}
      - {key: B, text: Menyalakan ulang server setiap jam, score: 1}
"""


def patch(relative: str, old: str, new: str) -> tuple[str, ...]:
    """Describe an edit replacing ``old`` with ``new`` in one file."""
    return ("patch", relative, old, new)


def write(relative: str, content: str | bytes) -> tuple:
    """Describe an edit writing a whole file."""
    return ("write", relative, content)


def remove(relative: str) -> tuple[str, ...]:
    """Describe an edit deleting a file or directory."""
    return ("remove", relative)


# case: (edits, [(relative path, line, message substring), ...]) -- exactly these problems
CASES: dict[str, tuple[list[tuple], list[tuple[str, int, str]]]] = {
    "yaml_syntax": (
        [patch(KS, "stem: Dua anggota tim", "stem: Dua anggota: tim")],
        [(KS, 13, "YAML syntax error: mapping values are not allowed here")],
    ),
    "yaml_syntax_in_competencies": (
        [patch(COMP, "  - code: KS\n", "  - code: [KS\n")],
        [(COMP, 13, "YAML syntax error")],
    ),
    "not_utf8": (
        [write(TPK, b"code: X\ntitle: \xff\n")],
        [(TPK, 2, "not valid UTF-8")],
    ),
    "empty_file": ([write(TPK, "# nothing here\n")], [(TPK, 1, "file is empty")]),
    "file_not_mapping": ([write(TPK, "- TEK-PK\n- 3\n")], [(TPK, 1, "test must be a mapping")]),
    "item_file_not_mapping": ([write(PB, "- PB-0001\n")], [(PB, 1, "must be a mapping")]),
    "missing_competencies_file": ([remove(COMP)], [(COMP, 1, "competencies.yaml is missing")]),
    "no_item_files": ([remove("items")], [("items", 1, "no item files")]),
    "unknown_key_item": (
        [patch(INT, "    level: 3\n", "    levle: 3\n")],
        [(INT, 32, "item INT-0004: unknown key 'levle'")],
    ),
    "unknown_key_option": (
        [patch(PK, "{key: A, text: Switch}", "{key: A, text: Switch, weight: 2}")],
        [(PK, 8, "option A: unknown key 'weight'")],
    ),
    "unknown_key_competency": (
        [patch(COMP, "    name: Kerja Sama\n", "    name: Kerja Sama\n    desc: Tim\n")],
        [(COMP, 14, "competency KS: unknown key 'desc'")],
    ),
    "unknown_key_level_map": (
        [patch(COMP, "      3: Merancang", "      6: Merancang")],
        [(COMP, 35, "level keys must be integers 1..5, got integer 6")],
    ),
    "unknown_key_test": (
        [patch(MANSOS, "shuffle_items: true", "shuffle_item: true")],
        [(MANSOS, 4, "test MANSOS: unknown key 'shuffle_item'")],
    ),
    "unknown_key_section": (
        [patch(TPK, "  - title: Teknis\n", "  - title: Teknis\n    note: x\n")],
        [(TPK, 7, "section 1: unknown key 'note'")],
    ),
    "unknown_key_draw": (
        [patch(MANSOS, "{competency: PB, count: 2}", "{competency: PB, count: 2, lvl: 1}")],
        [(MANSOS, 14, "draw 1: unknown key 'lvl'")],
    ),
    "unknown_key_scoring": (
        [patch(MANSOS, "  scale_max: 5", "  scale_maks: 5")],
        [(MANSOS, 16, "scoring: unknown key 'scale_maks'")],
    ),
    "unknown_key_item_file": (
        [patch(KS, "competency: KS\n", "competency: KS\nauthor: Budi\n")],
        [(KS, 2, "item file: unknown key 'author'")],
    ),
    "duplicate_yaml_key": (
        [patch(INT, "    level: 1\n", "    level: 1\n    level: 2\n")],
        [(INT, 6, "duplicate key 'level' (first at line 5)")],
    ),
    "duplicate_item_id_across_files": (
        [patch(KS, "id: KS-0003", "id: INT-0001")],
        [(KS, 18, "duplicate item id 'INT-0001' (first at bank/items/manajerial/int.yaml:3)")],
    ),
    "duplicate_competency_code": (
        [
            patch(
                COMP,
                "      3: Merancang",
                "      3: Merancang x\n  - code: KS\n    name: K\n    group: teknis\n#",
            )
        ],
        [(COMP, 36, "duplicate competency code 'KS' (first at bank/competencies.yaml:12)")],
    ),
    "duplicate_test_code": (
        [write("tests/z-copy.yaml", (DATA / "good" / TPK).read_text(encoding="utf-8"))],
        [
            (
                "tests/z-copy.yaml",
                1,
                "duplicate test code 'TEK-PK' (first at bank/tests/tek-pk.yaml:1)",
            )
        ],
    ),
    "duplicate_option_key": (
        [patch(PK, "{key: C, text: Hub}", "{key: B, text: Hub}")],
        [(PK, 10, "duplicate option key 'B' (first at line 9)")],
    ),
    "dangling_competency": (
        [
            write(
                "items/extra.yaml", TEK_SJT_ITEM.replace("competency: TEK-PK", "competency: TEK-XX")
            )
        ],
        [("items/extra.yaml", 1, "competency 'TEK-XX' is not defined in competencies.yaml")],
    ),
    "bad_group": (
        [patch(COMP, "group: teknis", "group: technical")],
        [(COMP, 32, "group must be one of manajerial | sosiokultural | teknis")],
    ),
    "levels_incomplete_for_sosiokultural": (
        [patch(COMP, "group: teknis", "group: sosiokultural")],
        [(COMP, 33, "competency TEK-PK: levels is missing level(s) 2, 4, 5")],
    ),
    "missing_level_description": (
        [
            patch(
                COMP,
                "      4: Membangun komitmen tim dan sinergi untuk mencapai tujuan organisasi\n",
                "",
            )
        ],
        [(COMP, 15, "competency KS: levels is missing level(s) 4")],
    ),
    "empty_level_description": (
        [patch(COMP, "      3: Mempromosikan sikap toleransi dan persatuan", '      3: ""')],
        [(COMP, 27, "level 3 description must not be empty")],
    ),
    "bad_competency_code": (
        [
            patch(
                COMP,
                "      3: Merancang",
                "      3: Merancang x\n  - code: x\n    name: X\n    group: teknis\n#",
            )
        ],
        [(COMP, 36, "code 'x' does not match [A-Z0-9_-]{2,16}")],
    ),
    "bad_item_id": (
        [patch(INT, "id: INT-0004", "id: INT 0004")],
        [(INT, 30, "id 'INT 0004' does not match [A-Za-z0-9_-]{1,40}")],
    ),
    "bad_test_code": (
        [patch(MANSOS, "code: MANSOS", "code: mansos")],
        [(MANSOS, 1, "code 'mansos' does not match [A-Z0-9_-]{2,32}")],
    ),
    "bad_option_key": (
        [patch(PK, "{key: C, text: Hub}", "{key: CC, text: Hub}")],
        [(PK, 10, "key 'CC' does not match [A-Z]")],
    ),
    "missing_required_key": (
        [
            patch(
                INT,
                "    stem: Anda melihat rekan memakai kendaraan dinas untuk urusan pribadi. "
                "Sikap Anda ...\n",
                "",
            )
        ],
        [(INT, 13, "item INT-0002: missing required key 'stem'")],
    ),
    "wrong_type_string_for_int": (
        [
            patch(
                MANSOS,
                "{competency: INT, count: 2, level: 2}",
                '{competency: INT, count: "2", level: 2}',
            )
        ],
        [(MANSOS, 9, "count must be an integer of at least 1, got string '2'")],
    ),
    "wrong_type_bool_for_int": (
        [patch(INT, "    level: 1\n", "    level: true\n")],
        [(INT, 5, "level must be an integer 1..5, got boolean true")],
    ),
    "bad_item_type": (
        [patch(INT, "    type: sjt\n    level: 3\n", "    type: essay\n    level: 3\n")],
        [(INT, 31, "type must be one of sjt | mcq, got string 'essay'")],
    ),
    "item_level_out_of_range": (
        [patch(KS, "    level: 3\n", "    level: 6\n")],
        [(KS, 20, "level must be an integer 1..5, got integer 6")],
    ),
    "empty_stem": (
        [patch(PK, "stem: Port bawaan protokol HTTPS adalah ...", 'stem: ""')],
        [(PK, 16, "item TEK-PK-0002: stem must not be empty")],
    ),
    "stem_not_string": (
        [patch(PK, "stem: Port bawaan protokol HTTPS adalah ...", "stem: [Port, HTTPS]")],
        [(PK, 16, "stem must be a string, got a list")],
    ),
    "too_few_options": (
        [
            patch(
                KS,
                "      - {key: B, text: Mengerjakan semuanya sendiri agar cepat, score: 2}\n",
                "",
            )
        ],
        [(KS, 22, "item KS-0003: has 1 option(s); an item needs 2 to 6")],
    ),
    "options_empty": (
        [
            patch(PK, "      - {key: A, text: Perpres 95/2018}\n", ""),
            patch(PK, "      - {key: B, text: PP 11/2017}\n", ""),
            patch(PK, "    options:\n      - {key: C, text: UU 5/2014}\n", "    options: []\n"),
        ],
        [(PK, 34, "item TEK-PK-0004: options must not be empty")],
    ),
    "too_many_options": (
        [
            patch(
                PK,
                "      - {key: D, text: Repeater}\n",
                "".join(f"      - {{key: {k}, text: {k}}}\n" for k in "DEFG"),
            )
        ],
        [(PK, 7, "item TEK-PK-0001: has 7 option(s)")],
    ),
    "option_text_not_string": (
        [patch(PK, "{key: C, text: Hub}", "{key: C, text: yes}")],
        [(PK, 10, "text must be a string, got boolean yes")],
    ),
    "sjt_option_without_score": (
        [
            patch(
                PB,
                "{key: B, text: Menunggu dia menyesuaikan diri sendiri, score: 2}",
                "{key: B, text: Menunggu}",
            )
        ],
        [(PB, 10, "item PB-0001 option B: an sjt option needs an integer score")],
    ),
    "sjt_score_below_one": (
        [patch(KS, "keduanya sendiri, score: 2}", "keduanya sendiri, score: 0}")],
        [(KS, 16, "item KS-0002 option B: score must be at least 1, got 0")],
    ),
    "sjt_score_not_int": (
        [patch(KS, "keduanya sendiri, score: 2}", "keduanya sendiri, score: 2.5}")],
        [(KS, 16, "score must be an integer, got number 2.5")],
    ),
    "sjt_score_above_scale_max": (
        [patch(KS, "memantau kemajuannya, score: 5}", "memantau kemajuannya, score: 6}")],
        [(KS, 23, "option A: score 6 is above scale_max 5 of test MANSOS")],
    ),
    "sjt_with_answer": (
        [patch(KS, "agar cepat, score: 2}\n", "agar cepat, score: 2}\n    answer: A\n")],
        [(KS, 25, "item KS-0003: an sjt item must not have an answer")],
    ),
    "mcq_answer_not_an_option": (
        [patch(PK, "    answer: C\n", "    answer: E\n")],
        [(PK, 21, "item TEK-PK-0002: answer 'E' is not one of its option keys (A, B, C)")],
    ),
    "mcq_without_answer": (
        [patch(PK, "    answer: A\n", "")],
        [(PK, 30, "item TEK-PK-0004: an mcq item needs an answer")],
    ),
    "mcq_option_with_score": (
        [patch(PK, "{key: B, text: Router}", "{key: B, text: Router, score: 1}")],
        [(PK, 9, "item TEK-PK-0001 option B: an mcq option must not carry a score")],
    ),
    "mixed_sjt_and_mcq": (
        [write("items/teknis/tek-pk-sjt.yaml", TEK_SJT_ITEM)],
        [
            (
                "items/teknis/tek-pk-sjt.yaml",
                4,
                "item TEK-PK-0100 is sjt but competency TEK-PK is mcq (4 of its 5 items, "
                "first at bank/items/teknis/tek-pk.yaml:3)",
            )
        ],
    ),
    "duration_zero": (
        [patch(MANSOS, "duration_minutes: 30", "duration_minutes: 0")],
        [(MANSOS, 3, "duration_minutes must be a positive number, got integer 0")],
    ),
    "duration_bool": (
        [patch(TPK, "duration_minutes: 0.5", "duration_minutes: true")],
        [(TPK, 3, "duration_minutes must be a positive number, got boolean true")],
    ),
    "shuffle_flag_not_bool": (
        [patch(TPK, "shuffle_options: false", 'shuffle_options: "no"')],
        [(TPK, 4, "shuffle_options must be true or false, got string 'no'")],
    ),
    "title_empty": (
        [patch(TPK, "title: Tes Kompetensi Teknis Pengelolaan TI", 'title: "  "')],
        [(TPK, 2, "test TEK-PK: title must not be empty")],
    ),
    "sections_empty": (
        [
            patch(
                TPK,
                "sections:\n  - title: Teknis\n    draw:\n      - {competency: TEK-PK, count: 3}\n",
                "sections: []\n",
            )
        ],
        [(TPK, 5, "test TEK-PK: sections must not be empty")],
    ),
    "section_without_draws": (
        [patch(MANSOS, "    draw:\n      - {competency: PB, count: 2}\n", "    draw: []\n")],
        [(MANSOS, 13, "section 2: draw must not be empty")],
    ),
    "section_missing_draw": (
        [patch(MANSOS, "    draw:\n      - {competency: PB, count: 2}\n", "")],
        [(MANSOS, 12, "section 2: missing required key 'draw'")],
    ),
    "draw_unknown_competency": (
        [patch(MANSOS, "{competency: PB, count: 2}", "{competency: PBB, count: 2}")],
        [(MANSOS, 14, "draw competency 'PBB' is not defined in competencies.yaml")],
    ),
    "draw_count_zero": (
        [patch(MANSOS, "{competency: KS, count: 2}", "{competency: KS, count: 0}")],
        [(MANSOS, 11, "count must be an integer of at least 1, got integer 0")],
    ),
    "draw_level_out_of_range": (
        [patch(MANSOS, "count: 2, level: 2}", "count: 2, level: 0}")],
        [(MANSOS, 9, "level must be an integer 1..5, got integer 0")],
    ),
    "draw_larger_than_pool": (
        [patch(TPK, "count: 3}", "count: 5}")],
        [(TPK, 8, "test TEK-PK: draws 5 TEK-PK items but the pool has only 4")],
    ),
    "draws_together_larger_than_pool": (
        [patch(MANSOS, "{competency: INT, count: 1}", "{competency: INT, count: 3}")],
        [(MANSOS, 10, "draws of INT total 5 items but the pool has only 4")],
    ),
    "level_draw_larger_than_level_pool": (
        [patch(MANSOS, "count: 2, level: 2}", "count: 2, level: 3}")],
        [(MANSOS, 9, "draws 2 INT items at level 3 but the pool has only 1")],
    ),
    "scale_max_too_small": (
        [patch(MANSOS, "  scale_max: 5", "  scale_max: 1")],
        [(MANSOS, 16, "scale_max must be an integer of at least 2, got integer 1")],
    ),
    "cuts_not_increasing": (
        [patch(MANSOS, "[20, 40, 60, 80]", "[20, 60, 40, 80]")],
        [(MANSOS, 17, "level_cuts must be strictly increasing, got [20, 60, 40, 80]")],
    ),
    "cuts_wrong_length": (
        [patch(TPK, "[20, 40, 60, 80]", "[20, 40, 60]")],
        [(TPK, 10, "level_cuts must be a list of exactly 4 numbers, got [20, 40, 60]")],
    ),
    "old_sjt_cuts_key": (
        [patch(MANSOS, "  level_cuts: [20, 40, 60, 80]", "  sjt_level_cuts: [1.8, 2.6, 3.4, 4.2]")],
        [(MANSOS, 17, "sjt_level_cuts is no longer supported: use level_cuts")],
    ),
    "old_mcq_cuts_key": (
        [patch(TPK, "  level_cuts: [20, 40, 60, 80]", "  mcq_level_cuts: [20, 40, 60, 80]")],
        [(TPK, 10, "mcq_level_cuts is no longer supported: use level_cuts")],
    ),
    "answered_share_above_one": (
        [patch(MANSOS, "  scale_max: 5", "  scale_max: 5\n  min_answered_share: 1.5")],
        [(MANSOS, 17, "min_answered_share must be a number from 0 to 1, got")],
    ),
    "sjt_options_all_same_score": (
        [
            patch(INT, "hanya formalitas, score: 1", "hanya formalitas, score: 3"),
            patch(INT, "Menolak dan menjelaskan alasannya, score: 5", "Menolak, score: 3"),
        ],
        [(INT, 9, "every option scores 3; an sjt item needs options that score differently")],
    ),
}
