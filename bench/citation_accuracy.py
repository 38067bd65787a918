"""Accuracy and speed of the citation rules (CL401-CL405), end to end, on generated manuscripts.

Prints figures; asserts nothing. Run: .venv/bin/python bench/citation_accuracy.py

1. Manuscripts of four kinds, 150 of each, 10-40 entries each, are written to a
   temporary folder and checked by the real command line
   (``citelint check --offline --no-cache --select CL4 --format json``):
   LaTeX with a .bib (varied cite commands, a commented-out and a verbatim
   ``\\cite``, an ``\\input`` section), pandoc Markdown with a CSL-JSON or .bib
   bibliography (with e-mail addresses, ``@fig-x`` references and code as
   distractors), Markdown citing author-year in prose above a typed APA
   References list (with "In March 2010", "(n = 2010)"... as distractors), and
   Markdown citing by number above a list numbered by first citation. The
   entries are the real works of fixtures/matching/snapshot.jsonl; in about a
   third of the author-year manuscripts a second work is given the authors and
   year of another, so the list needs "2010a"/"2010b".
   About a third of the manuscripts are clean; the others plant, at random,
   errors whose place is recorded: a cited key that is a typo of a real one
   or in no entry, a number beyond the list, an entry never cited, a
   duplicate key, a wrong year or a misspelt first author on a written-out
   citation, a numbered reference first cited out of order.
   A plant is caught when its rule reports a finding on the planted line
   whose ``found`` holds the planted key, number, name or year. Every other
   finding is false; up to 20 are listed, as are missed plants.
2. Wall time and peak memory (each in a fresh process) of a LaTeX paper with
   3,000 ``\\cite`` commands against a 10,000-entry .bib (a shared library,
   mostly uncited; keys over the real works repeated), and of a Markdown
   manuscript with 2,000 written-out author-year citations.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from citelint.app.cli import main
from citelint.fields.normalize import name_key, strip_markup
from citelint.match.records import record_from_crossref
from citelint.model import Record

SNAPSHOT = ROOT / "fixtures" / "matching" / "snapshot.jsonl"
SEED = 401
PER_KIND = 150
KINDS = ("latex", "pandoc", "author-year", "numbered")
CODES = ("CL401", "CL402", "CL403", "CL404", "CL405")
SHOWN = 20


# --- the works ---------------------------------------------------------------


@dataclass(frozen=True)
class Work:
    families: tuple[str, ...]  # as printed: family names, or an organisation's name
    givens: tuple[str, ...]
    year: int
    title: str
    journal: str
    volume: str
    issue: str
    pages: str


def load_works() -> list[Work]:
    works = []
    for line in SNAPSHOT.read_text(encoding="utf-8").splitlines():
        record: Record = record_from_crossref(json.loads(line))
        year = record.year_issued or record.year_print or record.year_online
        people = [(author.organisation or author.family, author.given) for author in record.authors]
        if not (year and record.title and record.container and people) or not all(family for family, _ in people):
            continue
        title = strip_markup(record.title) + (f": {strip_markup(record.subtitle)}" if record.subtitle else "")
        works.append(Work(tuple(family for family, _ in people), tuple(given for _, given in people), int(year),
                          " ".join(title.split()), strip_markup(record.container), record.volume or "",
                          record.issue or "", record.page or record.article_number or ""))
    return works


def ascii_letters(text: str) -> str:
    return "".join(char for char in unicodedata.normalize("NFKD", text) if char.isascii() and char.isalpha()).lower()


def base_key(work: Work) -> str:
    return f"{ascii_letters(work.families[0]) or 'anon'}{work.year}"


def with_keys(works: list[Work]) -> list[tuple[str, Work]]:
    """Keys as a reference manager makes them: smith2010, smith2010a when taken."""
    keyed, taken = [], set()
    for work in works:
        key = base_key(work)
        for suffix in ("", *"abcdefghijklmnopqrstuvwxyz"):
            if key + suffix not in taken:
                key += suffix
                break
        taken.add(key)
        keyed.append((key, work))
    return keyed


def initials(given: str, spaced: bool) -> str:
    parts = []
    for token in re.split(r"[\s.]+", given):
        if token:
            parts.append("-".join(f"{piece[0]}." for piece in token.split("-") if piece))
    return (" " if spaced else "").join(parts).replace(".", "" if not spaced else ".")


# --- writing a file while remembering where the plants went -------------------


@dataclass
class Plant:
    kind: str  # what was planted, e.g. "typo key"
    code: str
    token: str  # what the finding's `found` must hold
    file: str = ""  # relative to the manuscript's folder
    offset: int = -1
    line: int = 0


@dataclass
class Writer:
    file: str
    parts: list[str] = field(default_factory=list)
    size: int = 0
    marks: list[Plant] = field(default_factory=list)

    def write(self, text: str) -> None:
        self.parts.append(text)
        self.size += len(text)

    def mark(self, plant: Plant | None, before: str = "") -> None:
        """The plant's finding starts after `before` is written next."""
        if plant is not None:
            plant.file, plant.offset = self.file, self.size + len(before)
            self.marks.append(plant)

    def save(self, folder: Path) -> None:
        text = "".join(self.parts)
        for plant in self.marks:
            plant.line = text.count("\n", 0, plant.offset) + 1
        path = folder / self.file
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


@dataclass
class Item:
    """One cited item: an entry, or something planted in its stead."""

    entry: int | None  # index into the manuscript's entries
    text: str | None = None  # a planted key, number, name or year printed instead of the entry's own
    plant: Plant | None = None

    @property
    def index(self) -> int:
        """The entry cited; only asked of an item that cites one."""
        if self.entry is None:
            raise ValueError("a planted item cites no entry")
        return self.entry


@dataclass
class Manuscript:
    kind: str
    main: str
    files: list[Writer]
    plants: list[Plant]


SENTENCES = (
    "Earlier work established the basic mechanism", "The effect was replicated in several cohorts",
    "Similar results were reported with other methods", "This view has been challenged",
    "The measurements agree within their uncertainty", "Several reviews summarise the field",
    "A related approach was proposed independently", "The data were analysed as described before",
    "Comparable designs have been used elsewhere", "The question remains open",
)


def groups_of(rng: random.Random, entries: list[int], recite: float = 0.25) -> list[list[Item]]:
    """Citation groups of 1-3 items covering `entries` in order, with some earlier entries cited again."""
    groups: list[list[Item]] = []
    at = 0
    while at < len(entries):
        size = rng.choice((1, 1, 1, 2, 2, 3))
        groups.append([Item(index) for index in entries[at : at + size]])
        at += size
        if at > 1 and rng.random() < recite:
            groups.append([Item(rng.choice(entries[:at]))])
    return groups


def choose_plants(rng: random.Random, kinds: tuple[str, ...]) -> list[str]:
    chosen = [kind for kind in kinds if rng.random() < 0.45]
    return chosen or [rng.choice(kinds)]


def typo(rng: random.Random, word: str, letters_from: int = 1) -> str:
    """One slip: two neighbouring letters swapped, a letter dropped or doubled."""
    at = rng.randrange(letters_from, max(letters_from + 1, len(word) - 1))
    slip = rng.choice(("swap", "drop", "double"))
    if slip == "swap" and at + 1 < len(word) and word[at] != word[at + 1]:
        return word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    if slip == "drop" and len(word) > 3:
        return word[:at] + word[at + 1 :]
    return word[:at] + word[at] + word[at:]


def stranger(rng: random.Random, works: list[Work], used: list[Work]) -> Work:
    """A work not in the manuscript whose first author no entry shares."""
    names = {name_key(work.families[0]) for work in used}
    while True:
        work = rng.choice(works)
        if name_key(work.families[0]) not in names and work not in used:
            return work


# --- LaTeX with a .bib ---------------------------------------------------------


def latex_escape(text: str) -> str:
    text = re.sub(r"[\\{}~^]", "", text)
    return re.sub(r"([&%$#_])", r"\\\1", text)


def write_bib(writer: Writer, entries: list[tuple[str, Work]], plants: dict[int, Plant]) -> None:
    for index, (key, work) in enumerate(entries):
        writer.mark(plants.get(index))
        authors = " and ".join(f"{{{latex_escape(family)}}}" if not given else f"{latex_escape(family)}, {latex_escape(given)}"
                               for family, given in zip(work.families, work.givens))
        fields = [("author", authors), ("title", "{" + latex_escape(work.title) + "}"),
                  ("journal", latex_escape(work.journal)), ("year", str(work.year)),
                  ("volume", work.volume), ("number", work.issue), ("pages", work.pages.replace("-", "--"))]
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
        writer.write(f"@article{{{key},\n{body}\n}}\n\n")


def latex_command(rng: random.Random, keys: list[str]) -> tuple[str, list[str], str]:
    """(text before the keys, separators between them, text after) for one citation command."""
    if len(keys) >= 2 and rng.random() < 0.15:
        return "\\cites{", ["}{"] * (len(keys) - 1), "}"
    head = rng.choice(("\\cite{", "\\citep[p.~3]{", "\\citet*{", "\\parencite{", "\\textcite{",
                       "\\autocite[see][12]{", "\\citep{", "\\footcite[][p.~5]{"))
    separator = ",\n  " if len(keys) >= 2 and rng.random() < 0.3 else rng.choice((",", ", "))
    return head, [separator] * (len(keys) - 1), "}"


@dataclass
class KeyedPlan:
    """A keyed bibliography and the citation groups of a manuscript, with what was planted in them."""

    keys: list[str]
    listed: list[tuple[str, Work]]  # the bibliography's entries, a planted duplicate included
    entry_plants: dict[int, Plant]  # by position in listed
    nocited: list[int]
    groups: list[list[Item]]


def keyed_plan(rng: random.Random, works: list[Work], clean: bool) -> KeyedPlan:
    """Entries with keys, their citations in groups, and the plants of a LaTeX or pandoc manuscript."""
    chosen = rng.sample(works, rng.randint(10, 40))
    entries = with_keys(chosen)
    keys = [key for key, _ in entries]
    planted = [] if clean else choose_plants(rng, ("typo key", "unknown key", "never cited", "duplicate key"))
    order = list(range(len(entries)))
    rng.shuffle(order)
    entry_plants: dict[int, Plant] = {}
    listed = list(entries)
    if "never cited" in planted:
        uncited = order.pop()
        entry_plants[uncited] = Plant("never cited", "CL402", keys[uncited])
    nocited = [order.pop() for _ in range(rng.choice((0, 1, 2)))]
    groups = groups_of(rng, order)
    if "typo key" in planted:
        item = rng.choice([item for group in groups for item in group])
        key = keys[item.index]
        wrong = typo(rng, key)
        while wrong in keys or wrong == key:
            wrong = typo(rng, key)
        item.text, item.plant = wrong, Plant("typo key", "CL401", wrong)
    if "unknown key" in planted:
        key = base_key(stranger(rng, works, chosen))
        if key not in keys:
            rng.choice(groups).insert(0, Item(None, key, Plant("key in no entry", "CL401", key)))
    if "duplicate key" in planted:
        first = rng.randrange(len(entries))
        at = rng.randint(first + 1, len(listed))
        listed.insert(at, (keys[first], stranger(rng, works, chosen)))
        entry_plants = {(index + 1 if index >= at else index): plant for index, plant in entry_plants.items()}
        entry_plants[at] = Plant("duplicate key", "CL403", keys[first])
    return KeyedPlan(keys, listed, entry_plants, nocited, groups)


def latex_manuscript(rng: random.Random, works: list[Work], clean: bool) -> Manuscript:
    plan = keyed_plan(rng, works, clean)
    keys, entry_plants, nocited, groups = plan.keys, plan.entry_plants, plan.nocited, plan.groups
    bib = Writer("refs.bib")
    write_bib(bib, plan.listed, entry_plants)

    main_file = Writer("paper.tex")
    section = Writer("sections/methods.tex")
    use_biblatex = rng.random() < 0.5
    main_file.write("\\documentclass{article}\n")
    main_file.write("\\usepackage[style=authoryear]{biblatex}\n\\addbibresource{refs.bib}\n" if use_biblatex
                    else "\\usepackage[numbers]{natbib}\n")
    main_file.write("\\begin{document}\n\\section{Introduction}\n")
    split = len(groups) * 2 // 3
    for number, group in enumerate(groups):
        writer = main_file if number < split else section
        if number == split:
            main_file.write("\\input{sections/methods}\n")
            section.write("\\section{Methods}\n")
        sentence = rng.choice(SENTENCES)
        texts = [item.text or keys[item.index] for item in group]
        head, separators, tail = latex_command(rng, texts)
        writer.write(f"{sentence}~{head}")
        for index, (item, text) in enumerate(zip(group, texts)):
            if index:
                writer.write(separators[index - 1])
            writer.mark(item.plant)
            writer.write(text)
        writer.write(f"{tail}.\n")
        if number == 1:
            writer.write(f"% An older draft cited \\cite{{{keys[group[0].entry or 0]}x}} here.\n")
        if number == 2:
            writer.write("\\begin{verbatim}\nThe macro \\cite{verbatimonly2001} is shown, not used.\n\\end{verbatim}\n")
    if nocited:
        main_file.write("\\nocite{" + ",".join(keys[index] for index in nocited) + "}\n")
    main_file.write("\\printbibliography\n" if use_biblatex else "\\bibliographystyle{plainnat}\n\\bibliography{refs}\n")
    main_file.write("\\end{document}\n")
    return Manuscript("latex", "paper.tex", [main_file, section, bib], list(entry_plants.values()) + [
        item.plant for group in groups for item in group if item.plant])


# --- pandoc Markdown ---------------------------------------------------------


def write_csl_json(writer: Writer, entries: list[tuple[str, Work]], plants: dict[int, Plant]) -> None:
    writer.write("[\n")
    for index, (key, work) in enumerate(entries):
        writer.mark(plants.get(index))
        item = {"id": key, "type": "article-journal", "title": work.title, "container-title": work.journal,
                "author": [{"family": family, "given": given} if given else {"literal": family}
                           for family, given in zip(work.families, work.givens)],
                "issued": {"date-parts": [[work.year]]}}
        item.update({name: value for name, value in (("volume", work.volume), ("issue", work.issue),
                                                      ("page", work.pages)) if value})
        writer.write(json.dumps(item, ensure_ascii=False) + (",\n" if index + 1 < len(entries) else "\n"))
    writer.write("]\n")


def pandoc_group(rng: random.Random, writer: Writer, texts: list[str], plants: list[Plant | None]) -> None:
    style = rng.random()
    if len(texts) == 1 and style < 0.3:  # in-text, sometimes with a locator
        writer.write("as shown by ")
        writer.mark(plants[0], "@")
        writer.write(f"@{texts[0]}" + (" [p. 4]" if rng.random() < 0.5 else ""))
        return
    if len(texts) == 1 and style < 0.4:  # the author named in the sentence, the year alone in brackets
        writer.write("as its authors showed ")
        writer.mark(plants[0], "[-@")
        writer.write(f"[-@{texts[0]}]")
        return
    writer.write("[")
    for index, (text, plant) in enumerate(zip(texts, plants)):
        prefix = ("; " if index else "") + ("see " if index == 0 and rng.random() < 0.2 else "")
        writer.mark(plant, prefix + "@")
        writer.write(f"{prefix}@{text}" + (", p. 3" if rng.random() < 0.2 else ""))
    writer.write("]")


def pandoc_manuscript(rng: random.Random, works: list[Work], clean: bool) -> Manuscript:
    plan = keyed_plan(rng, works, clean)
    keys, entry_plants, nocited, groups = plan.keys, plan.entry_plants, plan.nocited, plan.groups
    json_list = rng.random() < 0.5
    bibliography = Writer("refs.json" if json_list else "refs.bib")
    (write_csl_json if json_list else write_bib)(bibliography, plan.listed, entry_plants)

    paper = Writer("paper.md")
    paper.write(f"---\ntitle: \"A generated study\"\nbibliography: {bibliography.file}\n")
    if nocited:
        paper.write("nocite: |\n  " + ", ".join(f"@{keys[index]}" for index in nocited) + "\n")
    paper.write("---\n\n# Introduction\n\n")
    for number, group in enumerate(groups):
        paper.write(rng.choice(SENTENCES) + " ")
        pandoc_group(rng, paper, [item.text or keys[item.index] for item in group], [item.plant for item in group])
        paper.write(".\n")
        if number % 5 == 4:
            paper.write("\n")
        if number == 1:
            paper.write("Questions go to the authors at lab@example.org, and @fig-results sums them up.\n\n")
        if number == 2:
            paper.write("In R the handle is `@codekey`; the call was\n\n```r\nx <- \"@fencedkey\"\n```\n\n")
    paper.write("\n![Results](results.png){#fig-results}\n")
    return Manuscript("pandoc", "paper.md", [paper, bibliography], list(entry_plants.values()) + [
        item.plant for group in groups for item in group if item.plant])


# --- author-year written out in prose ---------------------------------------


def apa_authors(work: Work) -> str:
    names = [f"{family}, {initials(given, True)}" if given else family
             for family, given in zip(work.families, work.givens)]
    if len(names) > 20:
        names = names[:19] + ["...", names[-1]]
        return ", ".join(names[:-2]) + ", . . . " + names[-1]
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + ", & " + names[-1]


def in_text(work: Work, narrative: bool) -> str:
    families = work.families
    if len(families) == 1:
        return families[0]
    if len(families) == 2:
        return f"{families[0]} {'and' if narrative else '&'} {families[1]}"
    return f"{families[0]} et al."


def author_year_manuscript(rng: random.Random, works: list[Work], clean: bool, size: int | None = None,
                           citations: int | None = None) -> Manuscript:
    chosen = rng.sample(works, size or rng.randint(10, 40))
    if rng.random() < 0.33 and size is None:  # two works by the same authors in one year
        first, second = rng.sample(range(len(chosen)), 2)
        chosen[second] = Work(chosen[first].families, chosen[first].givens, chosen[first].year,
                              *(getattr(chosen[second], name) for name in ("title", "journal", "volume", "issue", "pages")))
    chosen.sort(key=lambda work: (name_key(work.families[0]), name_key(" ".join(work.families)), work.year, work.title))
    labels = [(in_text(work, False), work.year) for work in chosen]
    counts = Counter(labels)
    seen: Counter = Counter()
    years = []
    for label, work in zip(labels, chosen):
        suffix = "abcdefghij"[seen[label]] if counts[label] > 1 else ""
        seen[label] += 1
        years.append(f"{work.year}{suffix}")
    planted = [] if clean else choose_plants(rng, ("unknown author", "never cited", "wrong year", "misspelt author"))
    order = list(range(len(chosen)))
    rng.shuffle(order)
    entry_plants: dict[int, Plant] = {}
    if "never cited" in planted:
        uncited = order.pop()
        entry_plants[uncited] = Plant("never cited", "CL402", chosen[uncited].families[0])
    groups = groups_of(rng, order) if citations is None else many_groups(rng, order, citations)
    for label in (label for label, count in counts.items() if count > 1 and citations is None):
        pair = [index for index in order if labels[index] == label][:2]
        if len(pair) == 2:  # "(Smith, 2010a, 2010b)"
            groups.insert(rng.randrange(len(groups) + 1), [Item(index) for index in sorted(pair)])
    items = [item for group in groups for item in group]
    firsts = {name_key(work.families[0]) for work in chosen}
    if "wrong year" in planted:
        item = rng.choice(items)
        work = chosen[item.index]
        same = {entry.year for entry in chosen if name_key(entry.families[0]) == name_key(work.families[0])}
        wrong_year = rng.choice([year for year in range(work.year - 3, work.year + 4) if year not in same])
        item.text, item.plant = f"year:{wrong_year}", Plant("wrong year", "CL404", str(wrong_year))
    if "misspelt author" in planted:
        item = rng.choice([item for item in items if item.plant is None])
        family = chosen[item.index].families[0]
        wrong = typo(rng, family)
        while name_key(wrong) in firsts or wrong == family:
            wrong = typo(rng, family)
        item.text, item.plant = f"name:{wrong}", Plant("misspelt first author", "CL404", wrong)
    if "unknown author" in planted:
        work = stranger(rng, works, chosen)
        rng.choice(groups).insert(0, Item(None, f"stranger:{work.families[0]}:{work.year}",
                                          Plant("author-year in no entry", "CL401", work.families[0])))

    paper = Writer("paper.md")
    paper.write("# A generated study\n\n")
    distractors = ("In March 2010 the protocol changed.", "The sample was large (n = 2010).",
                   "Costs rose sharply (Table 2, 2010).", "The difference was significant (p < .05).",
                   "Since 2012 the registry has grown.", "The 2015 survey was repeated in 2018.")
    for number, group in enumerate(groups):
        sentence = rng.choice(SENTENCES)
        if len(group) == 1 and group[0].entry is not None and rng.random() < 0.35:
            write_narrative(paper, chosen, years, group[0], sentence)
        else:
            paper.write(sentence + " (" + ("see " if rng.random() < 0.15 else ""))
            write_parenthetical(rng, paper, chosen, years, group)
            paper.write(").\n")
        if rng.random() < 0.15:
            paper.write(rng.choice(distractors) + "\n")
        if number % 5 == 4:
            paper.write("\n")
    paper.write("\n## References\n\n")
    for index, (work, year) in enumerate(zip(chosen, years)):
        paper.mark(entry_plants.get(index))
        details = f"*{work.journal}*" + (f", *{work.volume}*" if work.volume else "")
        details += f"({work.issue})" if work.issue and work.volume else ""
        details += f", {work.pages}" if work.pages else ""
        paper.write(f"{apa_authors(work)} ({year}). {work.title}. {details}.\n\n")
    plants = list(entry_plants.values()) + [item.plant for group in groups for item in group if item.plant]
    return Manuscript("author-year", "paper.md", [paper], plants)


def many_groups(rng: random.Random, order: list[int], citations: int) -> list[list[Item]]:
    """Groups of one or two items, `citations` items in all, every entry cited first in turn."""
    groups: list[list[Item]] = []
    made = 0
    while made < citations:
        size = min(rng.choice((1, 1, 2)), citations - made)
        groups.append([Item(order[(made + index) % len(order)] if made + index < len(order) else rng.choice(order))
                       for index in range(size)])
        made += size
    return groups


def cited_parts(chosen: list[Work], years: list[str], item: Item, narrative: bool) -> tuple[str, str]:
    """(names, year) as printed for one item, with what is planted in it."""
    if item.text and item.text.startswith("stranger:"):
        _, name, year = item.text.split(":")
        return name, year
    work = chosen[item.index]
    names, year = in_text(work, narrative), years[item.index]
    if item.text and item.text.startswith("year:"):
        year = item.text[5:]
    if item.text and item.text.startswith("name:"):
        names = item.text[5:] + names[len(work.families[0]) :]
    return names, year


def write_narrative(paper: Writer, chosen: list[Work], years: list[str], item: Item, sentence: str) -> None:
    names, year = cited_parts(chosen, years, item, narrative=True)
    paper.write(f"{sentence}, as ")
    plant = item.plant
    paper.mark(plant if plant and plant.kind != "wrong year" else None)
    paper.write(f"{names} (")
    paper.mark(plant if plant and plant.kind == "wrong year" else None)
    paper.write(f"{year}) showed.\n")


def write_parenthetical(rng: random.Random, paper: Writer, chosen: list[Work], years: list[str],
                        group: list[Item]) -> None:
    parts = [cited_parts(chosen, years, item, narrative=False) for item in group]
    index = 0
    while index < len(group):
        names, year = parts[index]
        plant = group[index].plant
        paper.write("; " if index else "")
        paper.mark(plant if plant and plant.kind != "wrong year" else None)
        paper.write(f"{names}, ")
        paper.mark(plant if plant and plant.kind == "wrong year" else None)
        paper.write(year)
        # "(Smith, 2010a, 2010b)": the next item by the same names follows with its year alone
        while (index + 1 < len(group) and parts[index + 1][0] == names and group[index + 1].plant is None
               and parts[index + 1][1] != year):
            index += 1
            paper.write(f", {parts[index][1]}")
        if rng.random() < 0.1:
            paper.write(", p. 4")
        index += 1


# --- numbered citations ------------------------------------------------------


def vancouver(work: Work) -> str:
    names = [f"{family} {initials(given, False)}".strip() for family, given in zip(work.families, work.givens)]
    authors = ", ".join(names[:6]) + (", et al" if len(names) > 6 else "")
    volume = f";{work.volume}" + (f"({work.issue})" if work.issue else "") if work.volume else ""
    pages = f":{work.pages}" if work.pages else ""
    return f"{authors}. {work.title}. {work.journal}. {work.year}{volume}{pages}."


def number_bracket(numbers: list[int]) -> list[tuple[str, list[int]]]:
    """The bracket's parts: a run of three or more as a range ("4-6"), others alone."""
    parts: list[tuple[str, list[int]]] = []
    at = 0
    while at < len(numbers):
        end = at
        while end + 1 < len(numbers) and numbers[end + 1] == numbers[end] + 1:
            end += 1
        if end - at >= 2:
            parts.append((f"{numbers[at]}-{numbers[end]}", numbers[at : end + 1]))
            at = end + 1
        else:
            parts.append((str(numbers[at]), [numbers[at]]))
            at += 1
    return parts


def numbered_manuscript(rng: random.Random, works: list[Work], clean: bool) -> Manuscript:
    chosen = rng.sample(works, rng.randint(10, 40))
    count = len(chosen)
    planted = [] if clean else choose_plants(rng, ("number beyond the list", "never cited", "out of order"))
    cited = list(range(1, count + 1))
    plants: list[Plant] = []
    entry_plants: dict[int, Plant] = {}
    if "never cited" in planted:
        uncited = rng.randint(2, count)
        cited.remove(uncited)
        entry_plants[uncited] = Plant("never cited", "CL402", f"[{uncited}]")
    groups = [[item.index for item in group] for group in groups_of(rng, cited, recite=0.3)]
    groups = [sorted(set(group)) for group in groups]
    if "out of order" in planted:
        candidates = [k for k in cited if k > 1 and all(n in cited for n in range(k, k + 4))]
        if candidates:
            moved = rng.choice(candidates)
            after = next(index for index, group in enumerate(groups) if moved + 3 in group)
            kept = [[n for n in group if n != moved] if index <= after else group for index, group in enumerate(groups)]
            groups = [group for group in kept[: after + 1] if group] + [[moved]] + kept[after + 1 :]
            plants.append(Plant("first cited out of order", "CL405", f"[{moved}]"))
    beyond = None
    if "number beyond the list" in planted:
        beyond = count + rng.randint(1, 3)
        plants.append(Plant("number beyond the list", "CL401", f"[{beyond}]"))
        where = rng.randrange(len(groups))
        groups[where] = groups[where] + [beyond]
    paper = Writer("paper.md")
    paper.write("# A generated study\n\n")
    labels = rng.random() < 0.5
    for number, group in enumerate(groups):
        paper.write(rng.choice(SENTENCES) + " [")
        for index, (printed, numbers) in enumerate(number_bracket(group)):
            prefix = ", " if index else ""
            for plant in plants:
                if plant.token in (f"[{n}]" for n in numbers) and plant.offset < 0:
                    paper.mark(plant, prefix)
            paper.write(prefix + printed)
        paper.write("].\n")
        if number % 4 == 3:
            paper.write("\n")
    paper.write("\n## References\n\n")
    for index, work in enumerate(chosen, 1):
        paper.mark(entry_plants.get(index))
        paper.write((f"[{index}] " if labels else f"{index}. ") + vancouver(work) + "\n" + ("\n" if labels else ""))
    return Manuscript("numbered", "paper.md", [paper], plants + list(entry_plants.values()))


# --- running the pipeline and scoring -----------------------------------------


@dataclass(frozen=True)
class Finding:
    file: str
    code: str
    line: int
    found: str
    message: str


def check(folder: Path, main_file: str) -> list[Finding]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        main(["check", "--offline", "--no-cache", "--select", "CL4", "--format", "json", str(folder / main_file)])
    report = json.loads(out.getvalue())
    found = [(item["file"], item) for item in report["citation_findings"]]
    found += [(reference["file"], item) for reference in report["references"] for item in reference["findings"]]
    return [Finding(os.path.relpath(file, folder), item["code"], item["span"]["line"], item["found"] or "",
                    item["message"]) for file, item in found]


def caught(plant: Plant, finding: Finding) -> bool:
    return (finding.code == plant.code and finding.file == plant.file and finding.line == plant.line
            and plant.token in finding.found)


def near(plant: Plant, finding: Finding) -> bool:
    """A finding at the plant's place under another rule: the plant misreported."""
    return finding.file == plant.file and finding.line == plant.line and plant.token in finding.found


def accuracy(works: list[Work]) -> None:
    rng = random.Random(SEED)
    makers = {"latex": latex_manuscript, "pandoc": pandoc_manuscript, "author-year": author_year_manuscript,
              "numbered": numbered_manuscript}
    planted: Counter = Counter()
    hits: Counter = Counter()
    false: Counter = Counter()
    clean_false: Counter = Counter()
    clean_count: Counter = Counter()
    false_listed: list[str] = []
    clean_listed: list[str] = []
    missed_listed: list[str] = []
    by_plant: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as temporary:
        for kind in KINDS:
            for number in range(PER_KIND):
                clean = number % 3 == 0
                manuscript = makers[kind](rng, works, clean)
                folder = Path(temporary) / kind / f"m{number:02d}"
                for writer in manuscript.files:
                    writer.save(folder)
                findings = check(folder, manuscript.main)
                clean_count[kind] += clean
                used: set[int] = set()
                for plant in manuscript.plants:
                    planted[kind, plant.code] += 1
                    by_plant[kind, plant.kind][0] += 1
                    hit = next((index for index, finding in enumerate(findings)
                                if index not in used and caught(plant, finding)), None)
                    if hit is not None:
                        used.add(hit)
                        hits[kind, plant.code] += 1
                        by_plant[kind, plant.kind][1] += 1
                        continue
                    other = [finding for finding in findings if near(plant, finding)]
                    how = f"reported as {other[0].code}: {other[0].message}" if other else "nothing reported there"
                    missed_listed.append(f"{kind}/m{number:02d} {plant.code} {plant.kind} '{plant.token}' "
                                         f"{plant.file}:{plant.line}: {how}")
                for index, finding in enumerate(findings):
                    if index in used:
                        continue
                    line = f"{kind}/m{number:02d} {finding.code} {finding.file}:{finding.line} {finding.message}"
                    if clean:
                        clean_false[kind, finding.code] += 1
                        clean_listed.append(line)
                    else:
                        false[kind, finding.code] += 1
                        false_listed.append(line)
    elapsed = time.perf_counter() - started
    total = len(KINDS) * PER_KIND
    print(f"1. {total} generated manuscripts ({PER_KIND} per kind, {sum(clean_count.values())} clean), "
          f"checked end to end in {elapsed:.1f} s")
    print(f"   {'kind':<12} {'rule':<6} {'planted':>7} {'caught':>6} {'missed':>6} {'false':>5}  (false on clean)")
    for kind in KINDS:
        for code in CODES:
            row = (planted[kind, code], hits[kind, code], false[kind, code], clean_false[kind, code])
            if any(row):
                print(f"   {kind:<12} {code:<6} {row[0]:>7} {row[1]:>6} {row[0] - row[1]:>6} {row[2]:>5}  ({row[3]})")
    print("\n   By what was planted: caught / planted")
    for (kind, what), (count, got) in sorted(by_plant.items()):
        print(f"   {kind:<12} {what:<28} {got:>3} / {count:<3}")
    for title, listed in (("Missed plants", missed_listed), ("False findings on manuscripts with plants", false_listed),
                          ("False findings on clean manuscripts", clean_listed)):
        print(f"\n   {title}: {len(listed)}" + (f" (first {SHOWN})" if len(listed) > SHOWN else ""))
        for line in listed[:SHOWN]:
            print(f"     {line}")


# --- the big cases ---------------------------------------------------------------

CHILD = """
import contextlib, io, json, resource, sys, time
from citelint.app.cli import main
out = io.StringIO()
started = time.perf_counter()
with contextlib.redirect_stdout(out):
    main(["check", "--offline", "--no-cache", "--select", "CL4", "--format", "json", sys.argv[1]])
elapsed = time.perf_counter() - started
report = json.loads(out.getvalue())
codes = [item["code"] for item in report["citation_findings"]]
codes += [item["code"] for reference in report["references"] for item in reference["findings"]]
counts = {code: codes.count(code) for code in sorted(set(codes))}
print(json.dumps({"seconds": elapsed, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "findings": counts}))
"""


def run_child(path: Path) -> dict:
    done = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, check=False)
    if done.returncode != 0:
        return {"error": done.stderr.strip()[-500:]}
    return json.loads(done.stdout)


def big_cases(works: list[Work]) -> None:
    rng = random.Random(SEED + 1)
    print("\n2. Big cases (each in a fresh process: wall time of main(), peak resident memory)")
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        library = [(f"{base_key(work)}x{index}", work) for index, work in
                   enumerate(works[index % len(works)] for index in range(10_000))]
        bib = Writer("library.bib")
        write_bib(bib, library, {})
        bib.save(folder)
        cited = [key for key, _ in library[:1500]]
        paper = Writer("paper.tex")
        paper.write("\\documentclass{article}\n\\usepackage{natbib}\n\\begin{document}\n")
        for number in range(3000):
            keys = rng.sample(cited, rng.choice((1, 1, 2, 3)))
            paper.write(f"{SENTENCES[number % len(SENTENCES)]}~\\citep{{{','.join(keys)}}}.\n")
            if number % 8 == 7:
                paper.write("\n")
        paper.write("\\cite{notinthelibrary2020}\n\\bibliography{library}\n\\end{document}\n")
        paper.save(folder)
        result = run_child(folder / "paper.tex")
        print(f"   LaTeX, 3,000 \\cite against a 10,000-entry .bib: {describe(result)}")
        prose = author_year_manuscript(rng, works, clean=True, size=min(300, len(works)), citations=2000)
        (folder / "prose").mkdir()
        prose.files[0].save(folder / "prose")
        result = run_child(folder / "prose" / "paper.md")
        print(f"   Author-year written out, 2,000 citations against 300 entries: {describe(result)}")


def describe(result: dict) -> str:
    if "error" in result:
        return f"FAILED: {result['error']}"
    return f"{result['seconds']:.2f} s, peak {result['peak_mb']:.0f} MB, findings {result['findings']}"


if __name__ == "__main__":
    all_works = load_works()
    print(f"{len(all_works)} real works from {SNAPSHOT.relative_to(ROOT)}\n")
    accuracy(all_works)
    big_cases(all_works)
