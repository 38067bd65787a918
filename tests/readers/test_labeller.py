"""The token labeller: tokens with exact spans, training labels that agree across sources, trimmed runs."""

from __future__ import annotations

import subprocess
import sys

from citelint.readers.labeller import label_fields, runs, tokenize, training_labels


def test_tokens_keep_their_offsets_and_identifiers_are_one_token() -> None:
    text = "Smith J. Title. Lancet 2000;355(9222):2220-1. doi:10.1016/S0140-6736(18)31470-3 https://x.org/a?b=1"
    tokens = tokenize(text)
    assert all(text[token.start : token.end] == token.text for token in tokens)
    words = [token.text for token in tokens]
    assert "10.1016/S0140-6736(18)31470-3" in words
    assert "https://x.org/a?b=1" in words
    assert words[words.index("2000") : words.index("2000") + 4] == ["2000", ";", "355", "("]


def test_punctuation_inside_or_outside_a_labelled_span_gives_the_same_labels() -> None:
    text = "Smith, J., (2009). Title. Journal, 66: 1-5."
    inside = [("author", 0, 10), ("year", 11, 18), ("title", 19, 25), ("container", 26, 34), ("volume", 35, 38),
              ("pages", 39, 43)]
    outside = [("author", 0, 8), ("year", 12, 16), ("title", 19, 24), ("container", 26, 33), ("volume", 35, 37),
               ("pages", 39, 42)]
    tokens = tokenize(text)
    assert training_labels(tokens, inside) == training_labels(tokens, outside)


def test_runs_leave_out_label_words_and_edge_punctuation_but_keep_a_closed_bracket() -> None:
    text = "Title (the STEP trial). pp. 12-15"
    tokens = tokenize(text)
    labels = ["title"] * 7 + ["pages"] * 6
    fields = runs(text, tokens, labels)
    assert [(field.label, text[field.start : field.end]) for field in fields] == [
        ("title", "Title (the STEP trial)"), ("pages", "12-15")]


def test_the_shipped_model_labels_a_journal_reference() -> None:
    text = "Jacobson N, Dewa C. What do peer support workers do? BMC Health Serv Res 2012;12(3):205-15."
    found = {field.label: text[field.start : field.end] for field in label_fields(text)}
    assert found["author"] == "Jacobson N, Dewa C"
    assert found["title"] == "What do peer support workers do?"
    assert found["container"] == "BMC Health Serv Res"
    assert (found["year"], found["volume"], found["issue"], found["pages"]) == ("2012", "12", "3", "205-15")


def test_the_model_is_not_loaded_by_the_command_line_until_a_reference_is_parsed() -> None:
    probe = "import sys, citelint.app.cli; print('pycrfsuite' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
