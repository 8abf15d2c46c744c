"""The strict JSON reader: values kept exactly, and every refusal at its line and column."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reviewer.core.errors import InputRefused
from reviewer.importers.base import MAX_DOCUMENT_BYTES
from reviewer.importers.jsonstrict import head_object, load_file, loads


def refusal(text: str, first_line: int = 1) -> list[tuple[str, int | None, int | None]]:
    with pytest.raises(InputRefused) as caught:
        loads(text, "x.json", first_line=first_line)
    assert all(p.file == "x.json" for p in caught.value.problems)
    return [(p.code, p.line, p.column) for p in caught.value.problems]


def test_numbers_keep_their_type() -> None:
    data = loads('{"int": 4, "float": 4.5, "exp": 1e3, "neg": -0, "text": "4.5", "big": 1e308}', "x")
    assert data == {"int": 4, "float": 4.5, "exp": 1000.0, "neg": 0, "text": "4.5", "big": 1e308}
    assert isinstance(data, dict)
    assert type(data["int"]) is int
    assert type(data["float"]) is float
    assert type(data["exp"]) is float
    assert type(data["text"]) is str


def test_duplicate_key_is_refused_at_the_second_key() -> None:
    text = '{\n  "a": 1,\n  "b": {"c": 1},\n    "a": 2\n}'
    with pytest.raises(InputRefused) as caught:
        loads(text, "x.json")
    (problem,) = caught.value.problems
    assert (problem.code, problem.line, problem.column) == ("E-DUPLICATE-KEY", 4, 5)
    assert problem.params == {"key": "a"}


def test_nested_duplicates_are_each_found_and_equal_keys_in_sibling_objects_are_fine() -> None:
    assert loads('[{"a": 1}, {"a": 2}, {"b": {"a": 3}, "a": 4}]', "x") == [
        {"a": 1},
        {"a": 2},
        {"b": {"a": 3}, "a": 4},
    ]
    text = '{"x": [{"k": 1, "k": 2}], "y": {"k": 1, "j": "k", "k": 3}}'
    assert refusal(text) == [("E-DUPLICATE-KEY", 1, 17), ("E-DUPLICATE-KEY", 1, 51)]


def test_a_key_written_with_escapes_is_the_same_key() -> None:
    assert refusal('{"ab": 1, "a\\u0062": 2}') == [("E-DUPLICATE-KEY", 1, 11)]


@pytest.mark.parametrize(
    ("text", "value", "column"),
    [
        ('{"v": NaN}', "NaN", 7),
        ('{"v": Infinity}', "Infinity", 7),
        ('{"v": -Infinity}', "-Infinity", 7),
        ('{"v": 1e400}', "1e400", 7),
        ('{"v": -2.5E+999}', "-2.5E+999", 7),
    ],
)
def test_non_finite_numbers_are_refused_at_their_place(text: str, value: str, column: int) -> None:
    with pytest.raises(InputRefused) as caught:
        loads(text, "x.json")
    (problem,) = caught.value.problems
    assert (problem.code, problem.line, problem.column) == ("E-NOT-FINITE", 1, column)
    assert problem.params == {"value": value}


def test_every_bad_number_is_listed_and_first_line_offsets_the_lines() -> None:
    text = '[1.5, NaN,\n "NaN", 1e400]'
    assert refusal(text, first_line=41) == [("E-NOT-FINITE", 41, 7), ("E-NOT-FINITE", 42, 9)]


def test_truncated_json_is_a_syntax_error_at_its_end() -> None:
    problems = refusal('{"results": {"arc": {"acc": 0.5,\n')
    assert problems == [("E-JSON-SYNTAX", 2, 1)]


def test_a_syntax_error_after_a_bad_number_is_still_a_syntax_error() -> None:
    assert refusal('{"a": NaN, "b": }') == [("E-JSON-SYNTAX", 1, 17)]


def test_syntax_errors_are_offset_by_first_line() -> None:
    assert refusal('{"a" 1}', first_line=7) == [("E-JSON-SYNTAX", 7, 6)]


def test_absurdly_long_integers_and_deep_nesting_are_refused_not_crashed() -> None:
    assert refusal("1" * 5000)[0][0] == "E-NUMBER-TOO-LONG"
    assert refusal("[" * 200_000 + "]" * 200_000)[0][0] == "E-JSON-SYNTAX"


def test_load_file_accepts_a_bom_and_keeps_text_exact(tmp_path: Path) -> None:
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps({"name": "髙橋①"}, ensure_ascii=False).encode())
    assert load_file(path, "bom.json") == {"name": "髙橋①"}


def test_load_file_reads_clean_cp932_and_refuses_mixed_bytes_at_their_line(tmp_path: Path) -> None:
    # SPEC §4: every text file's encoding is decided once, JSON's too: clean CP932 is CP932
    path = tmp_path / "cp932.json"
    path.write_bytes(b'{\n"a": 1,\n"name": "' + "髙橋".encode("cp932") + b'"}')
    assert load_file(path, "cp932.json") == {"a": 1, "name": "髙橋"}
    # UTF-8 on one line, CP932 on the next: neither throughout, refused at the first non-UTF-8 line
    path.write_bytes('{\n"a": "é",\n"name": "'.encode() + "髙橋".encode("cp932") + b'"}')
    with pytest.raises(InputRefused) as caught:
        load_file(path, "cp932.json")
    (problem,) = caught.value.problems
    assert (problem.code, problem.line, problem.column) == ("E-ENCODING", 3, 10)


def test_load_file_refuses_nul_at_its_line(tmp_path: Path) -> None:
    path = tmp_path / "nul.json"
    path.write_bytes(b'{\n"a":\n "x\x00"}')
    with pytest.raises(InputRefused) as caught:
        load_file(path, "nul.json")
    assert [(p.code, p.line) for p in caught.value.problems] == [("E-NUL", 3)]


@pytest.mark.parametrize("content", [b"", b"   \n\t\n", b"\xef\xbb\xbf"])
def test_load_file_refuses_an_empty_file_as_no_data(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.json"
    path.write_bytes(content)
    with pytest.raises(InputRefused) as caught:
        load_file(path, "empty.json")
    assert [p.code for p in caught.value.problems] == ["E-NO-DATA"]


def test_load_file_refuses_a_file_over_50_mib_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    with path.open("wb") as stream:  # sparse: costs no disk
        stream.truncate(MAX_DOCUMENT_BYTES + 1)
    with pytest.raises(InputRefused) as caught:
        load_file(path, "big.json")
    (problem,) = caught.value.problems
    assert problem.code == "E-TOO-LARGE"
    assert problem.params == {"size": MAX_DOCUMENT_BYTES + 1, "limit": MAX_DOCUMENT_BYTES}


def test_a_file_of_exactly_50_mib_is_read(tmp_path: Path) -> None:
    path = tmp_path / "edge.json"
    body = b'{"pad": "' + b"x" * (MAX_DOCUMENT_BYTES - 12) + b'"}'
    path.write_bytes(body + b" " * (MAX_DOCUMENT_BYTES - len(body)))
    data = load_file(path, "edge.json")
    assert isinstance(data, dict)
    assert len(data["pad"]) == MAX_DOCUMENT_BYTES - 12


def test_head_object_only_answers_for_a_whole_object() -> None:
    assert head_object(b'\xef\xbb\xbf {"a": 1}') == {"a": 1}
    assert head_object(b'{"a": [1, 2') is None
    assert head_object(b"[1, 2]") is None
    assert head_object(b"\xff\xfe{") is None
