"""The reading vocabulary (config/vocabulary.yaml): the shipped file loads, and a wrong entry is
refused with the file, the entry and the problem."""

from __future__ import annotations

import pytest
import yaml

from pipeline.core.config import ConfigError
from pipeline.core.vocabulary import VOCABULARY_FILE, load_vocabulary, vocabulary
from pipeline.read.doctypes import ND30_CODES, TYPE_NAMES, detect_doc_type


def test_shipped_vocabulary_loads_and_the_readers_use_it():
    v = vocabulary()
    assert {"KH", "BC", "QĐ", "CV", "QyĐ", "TTr"} <= v.codes == ND30_CODES
    assert TYPE_NAMES["KH"] == "Kế hoạch"
    assert v.abbreviations["CCHC"] == "cải cách hành chính"


def test_every_title_word_of_the_vocabulary_is_read_as_its_type():
    # The reader's type words are the file's: each one, printed in capitals, reads as its code.
    for t in vocabulary().document_types:
        for word in t.title_words:
            assert detect_doc_type(word.upper() + " HÀNH ĐỘNG") == t.code, word


def _write(tmp_path, mutate) -> str:
    data = yaml.safe_load(VOCABULARY_FILE.read_text(encoding="utf-8"))
    mutate(data)
    p = tmp_path / "vocabulary.yaml"
    p.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return str(p)


@pytest.mark.parametrize("mutate, words", [
    (lambda d: d["document_types"].append({"code": "KH", "name": "Kế hoạch"}), "KH is listed twice"),
    (lambda d: d["document_types"].append({"code": "XX", "name": "X", "title_words": ["kế hoạch"]}),
     "belongs to both KH and XX"),
    (lambda d: d["score_table_columns"]["self"].append("tu(cham"), "not a regular expression"),
    (lambda d: d["score_table_columns"].pop("name"), "missing: ['name']"),
])
def test_a_wrong_entry_is_refused_with_where_and_why(tmp_path, mutate, words):
    with pytest.raises(ConfigError) as e:
        load_vocabulary(_write(tmp_path, mutate))
    assert words in str(e.value) and "vocabulary.yaml" in str(e.value)
