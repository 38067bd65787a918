"""citelint: a citation-integrity linter for manuscripts."""

__version__ = "0.1.0"
