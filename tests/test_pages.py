"""Page arithmetic, as tables."""

from __future__ import annotations

import pytest

from citelint.fields.pages import (
    Pages,
    RangeStyle,
    Split,
    expand_end,
    format_range,
    lost_separator_splits,
    page_key,
    parse_pages,
    range_style,
)
from tests.helpers import make_reference


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("82-96", Pages("82", "96", "-")),
        ("82\u201396", Pages("82", "96", "\u2013")),
        ("82--96", Pages("82", "96", "--")),
        ("82 - 96", Pages("82", "96", "-")),
        ("pp. 82-96", Pages("82", "96", "-", "pp. ")),
        ("p. 82", Pages("82", label="p. ")),
        ("436", Pages("436")),
        ("e0123456", Pages("e0123456")),
        ("S12-S19", Pages("S12", "S19", "-")),
        ("xi-xv", Pages("xi", "xv", "-")),
        ("1493-6", Pages("1493", "6", "-")),
        ("82-96, 100-110", None),
        ("see text", None),
        ("", None),
    ],
)
def test_parse_pages(text: str, expected: Pages | None) -> None:
    assert parse_pages(text) == expected


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        ("1493", "6", "1496"),
        ("1493", "96", "1496"),
        ("1493", "1496", "1496"),
        ("238", "49", "249"),
        ("82", "96", "96"),
        ("S12", "19", "S19"),
        ("S12", "S19", "S19"),
        ("xi", "xv", "xv"),
        ("96", "104", "104"),
    ],
)
def test_expand_end(first: str, last: str, expected: str) -> None:
    assert expand_end(first, last) == expected


@pytest.mark.parametrize(
    ("first", "second", "equal"),
    [
        ("e0123456", "E0123456", True),
        ("e0020476", "e20476", True),
        ("S12", "12", True),
        ("82", "83", False),
        ("xi", "XI", True),
        ("12a", "12b", False),
    ],
)
def test_page_key(first: str, second: str, equal: bool) -> None:
    assert (page_key(first) == page_key(second)) is equal


@pytest.mark.parametrize(
    ("digits", "abbreviated", "max_span", "expected"),
    [
        ("8296", False, 100, [Split(82, 96, False)]),
        ("87110", False, 100, [Split(87, 110, False)]),
        ("411", False, 100, [Split(4, 11, False)]),
        ("188", False, 100, [Split(1, 88, False)]),
        ("188", False, 60, []),
        ("14936", False, 100, []),
        ("14936", True, 100, [Split(1493, 1496, True)]),
        ("238249", False, 100, [Split(238, 249, False)]),
        ("104436", False, 100, []),  # an APS article number
        ("16696", False, 100, []),  # a Scientific Reports article number
        ("1005", False, 100, []),  # no leading zeros
        ("8296", False, None, [Split(8, 296, False), Split(82, 96, False)]),
    ],
)
def test_lost_separator_splits(digits: str, abbreviated: bool, max_span: int | None, expected: list[Split]) -> None:
    assert lost_separator_splits(digits, abbreviated=abbreviated, max_span=max_span) == expected


@pytest.mark.parametrize(
    ("first", "last", "style", "expected"),
    [
        ("82", "96", RangeStyle("-"), "82-96"),
        ("82", "96", RangeStyle("\u2013"), "82\u201396"),
        ("82", "96", RangeStyle("--"), "82--96"),
        ("1493", "1496", RangeStyle("-", 1), "1493-6"),
        ("1493", "1496", RangeStyle("-", 2), "1493-96"),
        ("1493", "6", RangeStyle("-"), "1493-1496"),
        ("281", "291", RangeStyle("-", 2), "281-91"),
        ("82", "96", RangeStyle("-", 1), "82-96"),
        ("98", "104", RangeStyle("-", 2), "98-104"),
        ("S12", "S19", RangeStyle("\u2013", 1), "S12\u2013S19"),
    ],
)
def test_format_range(first: str, last: str, style: RangeStyle, expected: str) -> None:
    assert format_range(first, last, style) == expected


@pytest.mark.parametrize(
    ("pages", "bibtex", "expected"),
    [
        (["82-96", "1-10"], False, RangeStyle("-")),
        (["82\u201396", "1\u201310", "5-9"], False, RangeStyle("\u2013")),
        (["1493-6", "238-49"], False, RangeStyle("-", 1)),
        (["1493-96", "238-49"], False, RangeStyle("-", 2)),
        (["1493-1496", "238-249"], False, RangeStyle("-")),
        (["82-96"], True, RangeStyle("--")),
        ([], False, RangeStyle("-")),
    ],
)
def test_range_style(pages: list[str], bibtex: bool, expected: RangeStyle) -> None:
    references = [make_reference(f"Title. J 1: {page}.", pages=page, index=n) for n, page in enumerate(pages, 1)]
    assert range_style(references, bibtex=bibtex) == expected
