"""The check's options are parsed once into a typed CheckOptions, which holds every option the parser has."""

from __future__ import annotations

import argparse
import dataclasses

from citelint.app.check_arguments import CheckOptions, add_check_arguments, parse_check_arguments


def test_every_option_of_the_parser_is_a_field() -> None:
    parser = argparse.ArgumentParser()
    add_check_arguments(parser)
    destinations = {action.dest for action in parser._actions if action.dest != "help"}
    assert destinations == {field.name for field in dataclasses.fields(CheckOptions)}


def test_options_not_given_are_the_defaults_and_lists_are_tuples() -> None:
    assert parse_check_arguments([]) == CheckOptions()
    options = parse_check_arguments(["a.bib", "--ignore", "CL1,title-misspelled", "--output", "x.json", "--fix"])
    assert options.paths == ("a.bib",) and options.ignore == ("CL1", "title-misspelled")
    assert options.output == ("x.json",) and options.fix and options.select == ()
