"""The CSV formats of CONTRACT §7: round trips, and bad input named by file, row and column."""

from __future__ import annotations

import io

import numpy as np
import pytest

from assessment_app.psychometrics import (
    CsvFormatError,
    ItemParameters,
    ResponseMatrix,
    Scores,
    read_params,
    read_responses,
    read_scores,
    write_params,
    write_responses,
    write_scores,
)


def _file(tmp_path, text: str, name: str = "data.csv", bom: bool = False) -> str:
    path = tmp_path / name
    path.write_bytes(("\ufeff" if bom else "").encode() + text.encode("utf-8"))
    return str(path)


def _written(write, *args) -> str:
    out = io.StringIO()
    write(*args, out)
    return out.getvalue()


def test_responses_round_trip_with_empty_cells(tmp_path):
    values = np.array([[0, -1, 3], [-1, 1, -1], [2, 0, 0]])
    matrix = ResponseMatrix(("198001", "198002", "198003"), ("A-1", "B-2", "C-3"), values)
    text = _written(write_responses, matrix)
    assert text == "person,A-1,B-2,C-3\n198001,0,,3\n198002,,1,\n198003,2,0,0\n"
    back = read_responses(_file(tmp_path, text, bom=True))
    assert back.persons == matrix.persons and back.items == matrix.items
    assert (back.values == values).all()


def test_grm_params_header_runs_to_the_largest_k_and_round_trips(tmp_path):
    params = ItemParameters.from_thresholds(
        ["X", "Y", "Z"], [1.25, 0.5, 2.0], [[-1.0, 0.5, 1.75], [0.1], [-0.3, 0.3]]
    )
    text = _written(lambda p, out: write_params(p, out, "grm"), params)
    lines = text.splitlines()
    assert lines[0] == "item,a,b1,b2,b3"
    assert lines[2] == "Y,0.5,0.1,," and lines[3] == "Z,2.0,-0.3,0.3,"
    model, back = read_params(_file(tmp_path, text))
    assert model == "grm" and back.items == params.items
    np.testing.assert_array_equal(back.n_categories, [4, 2, 3])
    np.testing.assert_allclose(back.a, params.a, rtol=0, atol=0)
    for b1, b2 in zip(back.thresholds(), params.thresholds(), strict=True):
        np.testing.assert_allclose(b1, b2, rtol=1e-15)


def test_2pl_params_and_scores_round_trip(tmp_path):
    params = ItemParameters.from_thresholds(["q1", "q2"], [0.987545898883712, 1.7], [[-1.9], [0.2]])
    text = _written(lambda p, out: write_params(p, out, "2pl"), params)
    assert text.splitlines()[0] == "item,a,b"
    model, back = read_params(_file(tmp_path, text))
    assert model == "2pl" and back.a[0] == 0.987545898883712
    scores = Scores(np.array([0.1, -1.25]), np.array([0.5, 0.75]))
    text = _written(lambda s, out: write_scores(["p1", "p2"], s, out), scores)
    assert text == "person,theta,se\np1,0.1,0.5\np2,-1.25,0.75\n"
    persons, back_scores = read_scores(_file(tmp_path, text))
    assert persons == ["p1", "p2"]
    np.testing.assert_array_equal(back_scores.theta, scores.theta)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "data.csv: berkas kosong"),
        ("nip,A\n1,0\n", "data.csv, baris 1, kolom 1 (nip): kolom pertama harus 'person'"),
        ("person,A,A\n1,0,1\n", "baris 1, kolom 3 (A): judul 'A' sudah ada di kolom 2"),
        ("person,A,\n1,0,1\n", "baris 1, kolom 3: judul kolom kosong"),
        ("person,A,B\n1,0,x\n", "data.csv, baris 2, kolom 3 (B): 'x' bukan kategori"),
        ("person,A,B\n1,0,1\n2,-1,0\n", "baris 3, kolom 2 (A): '-1' bukan kategori"),
        ("person,A,B\n1,0,1.5\n", "baris 2, kolom 3 (B): '1.5' bukan kategori"),
        ("person,A\n1,0,1\n", "baris 2, kolom 3: sel di luar kolom judul"),
        ("person,A\n1,0\n\n1,1\n", "baris 4, kolom 1 (person): person '1' sudah ada di baris 2"),
        ("person,A\n,0\n", "baris 2, kolom 1 (person): person kosong"),
    ],
)
def test_bad_responses_name_file_row_and_column(tmp_path, text, message):
    with pytest.raises(CsvFormatError) as raised:
        read_responses(_file(tmp_path, text))
    assert message in str(raised.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("item,a,c\nX,1,0\n", "baris 1: judul harus item,a,b"),
        ("item,a,b1,b3\nX,1,0,1\n", "baris 1: judul harus item,a,b"),
        ("item,a,b\nX,abc,0\n", "baris 2, kolom 2 (a): 'abc' bukan angka"),
        ("item,a,b\nX,0,0\n", "baris 2, kolom 2 (a): a tidak boleh 0"),
        ("item,a,b\nX,1,nan\n", "baris 2, kolom 3 (b): 'nan' bukan angka"),
        ("item,a,b1,b2\nX,1,,\n", "baris 2, kolom 3 (b1): butir tanpa ambang b"),
        ("item,a,b1,b2,b3\nX,1,0,,1\n", "baris 2, kolom 4 (b2): sel kosong di tengah"),
        ("item,a,b1,b2\nX,1,0.5,0.5\n", "baris 2, kolom 4 (b2): ambang b harus naik"),
        ("item,a,b1,b2\nX,-1,0,1\n", "baris 2, kolom 4 (b2): ambang b harus turun (a negatif)"),
        ("item,a,b\n", "baris 1: tidak ada baris parameter"),
    ],
)
def test_bad_params_name_file_row_and_column(tmp_path, text, message):
    with pytest.raises(CsvFormatError) as raised:
        read_params(_file(tmp_path, text, name="params.csv"))
    assert f"params.csv, {message}" in str(raised.value)


def test_missing_and_non_utf8_files(tmp_path):
    with pytest.raises(CsvFormatError, match="nope.csv: berkas tidak ditemukan"):
        read_responses(str(tmp_path / "nope.csv"))
    path = tmp_path / "latin.csv"
    path.write_bytes("person,Ä\n1,0\n".encode("latin-1"))
    with pytest.raises(CsvFormatError, match="latin.csv: bukan teks UTF-8"):
        read_responses(str(path))
