"""How fast the structured readers read large files: RIS, CSL-JSON, CSL-YAML, JATS, .docx.

Generates one synthetic file per format with the same references (fixed
seed; names with accents, titles with non-ASCII characters and, in XML, an
entity and inline markup) and prints the best of three reads of each.

    .venv/bin/python bench/structured_read.py [REFERENCES]
"""

from __future__ import annotations

import io
import json
import random
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from citelint.model import SourceText
from citelint.readers.csl import read_csl_json, read_csl_yaml
from citelint.readers.docx import read_docx
from citelint.readers.jats import read_jats
from citelint.readers.ris import read_ris

FAMILIES = ["Müller", "Smith", "van der Berg", "García", "Nguyen", "O'Brien", "Dvořák", "Kowalski", "Østergaard", "Li"]
GIVENS = ["Hans", "J. A.", "Jan", "María", "Thi", "Seán", "Antonín", "Piotr", "Lars"]
WORDS = ["analysis", "of", "the", "DNA", "repair", "pathway", "in", "E. coli", "under", "stress", "étude", "des",
         "systèmes", "control", "&", "climate", "change", "Bayesian", "inference", "neural", "networks"]


def items(count: int) -> list[dict]:
    rng = random.Random(7)
    found = []
    for number in range(count):
        first = number * 7 % 900 + 1
        found.append({
            "id": f"key{number}", "type": "article-journal",
            "author": [{"family": f"{rng.choice(FAMILIES)}{rng.randrange(300)}", "given": rng.choice(GIVENS)}
                       for _ in range(rng.randint(1, 6))],
            "title": " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 14))) + f" {number}",
            "container-title": f"Journal of {rng.choice(WORDS)} {number % 700}",
            "issued": {"date-parts": [[1980 + number % 45]]}, "volume": str(number % 300), "issue": str(number % 12),
            "page": f"{first}-{first + rng.randint(1, 30)}", "DOI": f"10.{1000 + number % 9000}/x.{number}",
        })
    return found


def ris(data: list[dict]) -> str:
    lines = []
    for item in data:
        first, last = item["page"].split("-")
        lines += ["TY  - JOUR", *(f"AU  - {a['family']}, {a['given']}" for a in item["author"]),
                  f"TI  - {item['title']}", f"T2  - {item['container-title']}",
                  f"PY  - {item['issued']['date-parts'][0][0]}", f"VL  - {item['volume']}", f"IS  - {item['issue']}",
                  f"SP  - {first}", f"EP  - {last}", f"DO  - {item['DOI']}", f"ID  - {item['id']}", "ER  - ", ""]
    return "\n".join(lines)


def yaml_text(data: list[dict]) -> str:
    import yaml

    return yaml.safe_dump({"references": data}, allow_unicode=True, sort_keys=False)


def jats(data: list[dict]) -> str:
    refs = []
    for item in data:
        first, last = item["page"].split("-")
        names = "".join(f"<name><surname>{escape(a['family'])}</surname><given-names>{a['given']}</given-names></name>"
                        for a in item["author"])
        refs.append(
            f'<ref id="{item["id"]}"><element-citation publication-type="journal">'
            f'<person-group person-group-type="author">{names}</person-group>'
            f"<article-title><italic>{escape(item['title'])}</italic></article-title>"
            f"<source>{escape(item['container-title'])}</source><year>{item['issued']['date-parts'][0][0]}</year>"
            f"<volume>{item['volume']}</volume><issue>{item['issue']}</issue><fpage>{first}</fpage>"
            f"<lpage>{last}</lpage><pub-id pub-id-type=\"doi\">{item['DOI']}</pub-id></element-citation></ref>\n")
    return f"<article><back><ref-list>\n{''.join(refs)}</ref-list></back></article>\n"


def docx(data: list[dict]) -> bytes:
    paragraphs = [f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>" for text in ["Introduction", "References"]]
    for number, item in enumerate(data, 1):
        names = ", ".join(f"{a['family']} {a['given'][0]}" for a in item["author"])
        printed = (f"{number}. {names}. {item['title']}. {item['container-title']}. "
                   f"{item['issued']['date-parts'][0][0]};{item['volume']}({item['issue']}):{item['page']}.")
        paragraphs.append(f"<w:p><w:r><w:t>{escape(printed)}</w:t></w:r></w:p>")
    body = "".join(paragraphs)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", '<w:document xmlns:w="http://schemas.openxmlformats.org/'
                         f'wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>')
    return buffer.getvalue()


def best_of_three(read: Callable[[], int]) -> tuple[float, int]:
    times, count = [], 0
    for _ in range(3):
        started = time.perf_counter()
        count = read()
        times.append(time.perf_counter() - started)
    return min(times), count


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    data = items(count)
    texts = {"ris": ris(data), "csl-json": json.dumps(data, ensure_ascii=False, indent=2), "csl-yaml": yaml_text(data),
             "jats": jats(data)}
    readers = {"ris": read_ris, "csl-json": read_csl_json, "csl-yaml": read_csl_yaml, "jats": read_jats}
    print(f"{count} references per file; best of three reads")
    for name, text in texts.items():
        source = SourceText(f"refs.{name}", text)
        seconds, found = best_of_three(lambda read=readers[name], source=source: len(read(source)))
        print(f"  {name:9} {len(text) / 1e6:6.1f} MB  {seconds:6.2f} s  {found / seconds:8.0f} refs/s  ({found} read)")
    document = docx(data)
    seconds, found = best_of_three(lambda: len(read_docx("refs.docx", document)[1]))
    print(f"  {'docx':9} {len(document) / 1e6:6.1f} MB  {seconds:6.2f} s  {found / seconds:8.0f} refs/s  ({found} read)")


if __name__ == "__main__":
    main()
