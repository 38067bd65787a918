"""What a run can end with: its exit codes, and the error that ends it with a one-line message.

Kept apart from ``cli`` so that every step of a run (reading, checking, reporting) can raise
``UsageError`` without importing the command line, which imports them.
"""

from __future__ import annotations

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = 130  # Ctrl-C, as shells report SIGINT


class UsageError(Exception):
    """A problem with what was asked for: one line, exit 2."""
