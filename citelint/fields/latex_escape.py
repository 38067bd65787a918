"""Writing accented letters the way a LaTeX source already writes them.

A fix that puts "Müller" into a .bib file whose entries spell umlauts
``{\\"u}`` must write ``M{\\"u}ller``, not a raw "ü" the file never uses.
"""

from __future__ import annotations

import re
import unicodedata

# Combining mark -> the LaTeX accent command that draws it.
_ACCENTS = {
    "\u0301": "'", "\u0300": "`", "\u0302": "^", "\u0308": '"', "\u0303": "~", "\u0304": "=", "\u0307": ".",
    "\u0327": "c", "\u030c": "v", "\u030a": "r", "\u030b": "H", "\u0306": "u", "\u0328": "k",
}
_LETTERS = {"ß": "\\ss", "ø": "\\o", "Ø": "\\O", "æ": "\\ae", "Æ": "\\AE", "œ": "\\oe", "Œ": "\\OE",
            "å": "\\aa", "Å": "\\AA", "ł": "\\l", "Ł": "\\L", "ı": "\\i"}
# An accent command as sources write it: {\"u}, \"{u} or \"u.
_COMMAND = re.compile(r"(\{)?\\[\"'`^~=.cvrHuk]\s?(\{)?[A-Za-z]")


def uses_latex_accents(text: str) -> bool:
    return bool(_COMMAND.search(text))


def escape_like(replacement: str, model: str) -> str:
    """``replacement`` with its accented letters written as ``model`` (the surrounding source) writes them."""
    if replacement.isascii():
        return replacement
    found = _COMMAND.search(model)
    inner_braces = bool(found and found.group(2))  # \"{u} rather than {\"u}
    out = []
    for char in replacement:
        if char in _LETTERS:
            out.append("{" + _LETTERS[char] + "}")
            continue
        decomposed = unicodedata.normalize("NFD", char)
        base, marks = decomposed[0], decomposed[1:]
        if len(marks) == 1 and marks[0] in _ACCENTS and base.isascii():
            command = _ACCENTS[marks[0]]
            separator = " " if command.isalpha() else ""
            out.append(f"\\{command}{{{base}}}" if inner_braces else f"{{\\{command}{separator}{base}}}")
        else:
            out.append(char)
    return "".join(out)
