"""The reference-string parser: fields per style, exact spans, hostile input."""

from __future__ import annotations

import json
import signal
from contextlib import contextmanager
from pathlib import Path

import pytest

from citelint.model import SourceText
from citelint.readers.refstring import parse_line, parse_reference

CORPUS = Path(__file__).resolve().parents[2] / "fixtures" / "parsing"
SPANNED = ("year", "title", "container", "volume", "issue", "pages", "article_number", "doi", "url",
           "publisher", "edition", "status")

CASES = [
    pytest.param(
        "Jacobson, N, Trojanowski, L, Dewa, C (2012) What do peer support workers do? A job description. "
        "BMC Health Services Research, 2: 205.",
        {"authors": ["Jacobson", "Trojanowski", "Dewa"], "year": "2012",
             "title": "What do peer support workers do? A job description", "container": "BMC Health Services Research",
             "volume": "2", "pages": "205", "type": "article"},
        id="bjpsych-harvard",
    ),
    pytest.param(
        "Department of Health (2007) Best Practice Guidance to Support the Implmentation of New Ways of Working "
        "(NWW) and New Roles. Care Services Improvement Partnership.",
        {"authors": ["=Department of Health"], "year": "2007",
             "title": "Best Practice Guidance to Support the Implmentation of New Ways of Working (NWW) and New Roles",
             "publisher": "Care Services Improvement Partnership", "container": None},
        id="organisation-report",
    ),
    pytest.param(
        "Fazel, S, Wolf, A (2020) Prediction of suicide. Lancet Psychiatry, 31: 8296.",
        {"volume": "31", "pages": "8296", "issue": None}, id="pages-printed-without-separator",
    ),
    pytest.param(
        "Jacobson, N., van der Berg, L. M., & Dewa, C. (2012a). What do peer support workers do? A job description. "
        "BMC Health Services Research, 12(3), 205–215. https://doi.org/10.1186/1472-6963-12-205",
        {"authors": ["Jacobson", "van der Berg", "Dewa"], "year": "2012a", "volume": "12", "issue": "3", "pages": "205–215",
             "doi": "10.1186/1472-6963-12-205", "url": None},
        id="apa",
    ),
    pytest.param(
        "Jacobson N, van der Berg LM, Dewa C, et al. What do peer support workers do? A job description. "
        "BMC Health Serv Res 2012;12(3):205-15. doi:10.1186/1472-6963-12-205.",
        {"authors": ["Jacobson", "van der Berg", "Dewa"], "et_al": True, "year": "2012", "container": "BMC Health Serv Res",
             "volume": "12", "issue": "3", "pages": "205-15", "doi": "10.1186/1472-6963-12-205"},
        id="vancouver",
    ),
    pytest.param(
        "N. Jacobson, L. M. van der Berg, and C. Dewa, “What do peer support workers do?”, "
        "BMC Health Services Research, vol. 12, no. 3, pp. 205–215, 2012, doi: 10.1186/1472-6963-12-205.",
        {"authors": ["Jacobson", "van der Berg", "Dewa"], "title": "What do peer support workers do?",
             "container": "BMC Health Services Research", "volume": "12", "issue": "3", "pages": "205–215", "year": "2012"},
        id="ieee",
    ),
    pytest.param(
        "Jacobson, N., L. M. van der Berg, and C. Dewa. 2012. “What Do Peer Support Workers Do?” "
        "BMC Health Services Research 12 (3): 205–15.",
        {"authors": ["Jacobson", "van der Berg", "Dewa"], "year": "2012", "container": "BMC Health Services Research",
             "volume": "12", "issue": "3", "pages": "205–15"},
        id="chicago",
    ),
    pytest.param(
        "Jacobson, Nora, et al. “What Do Peer Support Workers Do?” BMC Health Services Research, vol. 12, no. 3, "
        "2012, pp. 205–15.",
        {"authors": ["Jacobson"], "et_al": True, "year": "2012", "volume": "12", "issue": "3", "pages": "205–15"},
        id="mla",
    ),
    pytest.param(
        "Jacobson, N.; Dewa, C. J. Am. Chem. Soc. 2012, 134 (3), 205–215.",
        {"authors": ["Jacobson", "Dewa"], "title": None, "container": "J. Am. Chem. Soc", "year": "2012", "volume": "134",
             "issue": "3", "pages": "205–215"},
        id="acs-without-title",
    ),
    pytest.param(
        "N. Jacobson and C. Dewa, Phys. Rev. B 98, 104436 (2018).",
        {"authors": ["Jacobson", "Dewa"], "title": None, "container": "Phys. Rev. B", "volume": "98", "pages": "104436",
             "year": "2018"},
        id="aip-without-title",
    ),
    pytest.param(
        "Smith J, Jones K. Trial of things in the UK. Br J Psychiatry 2019;214(2):e0123456.",
        {"article_number": "e0123456", "pages": None}, id="e-number-is-an-article-number",
    ),
    pytest.param(
        "Rivera, I. S., & Edwards, S. L. (2024). GWAS of cancers. PLOS Genetics, 20(11), Article 1011490.",
        {"article_number": "1011490", "volume": "20", "issue": "11", "pages": None}, id="apa-article-number",
    ),
    pytest.param(
        "Smith, J, Jones, K (in press) Peer workers in crisis teams. Psychiatric Bulletin.",
        {"status": "in press", "year": None, "title": "Peer workers in crisis teams", "container": "Psychiatric Bulletin"},
        id="in-press",
    ),
    pytest.param(
        "Slade, M. (2009). Personal recovery and mental illness (2nd ed.). Cambridge University Press.",
        {"title": "Personal recovery and mental illness", "edition": "2nd", "publisher": "Cambridge University Press",
             "type": "book"},
        id="book-edition",
    ),
    pytest.param(
        "Helyer R, Price A. Learning to learn. In: Smith J, editor. Facilitating Work-based Learning. "
        "London: Macmillan; 2016. p. 207–26.",
        {"title": "Learning to learn", "container": "Facilitating Work-based Learning", "pages": "207–26", "type": "chapter"},
        id="chapter",
    ),
    pytest.param(
        "García-López, A., Müller, B., & Ní Bhriain, É. (2019). Lithium. Acta Psychiatrica Scandinavica, 139, 101–109.",
        {"authors": ["García-López", "Müller", "Ní Bhriain"], "volume": "139", "pages": "101–109"},
        id="accented-and-two-word-names",
    ),
    pytest.param(
        "World Health Organization. Mental health atlas 2017. Geneva: WHO; 2018. https://www.who.int/atlas.",
        {"authors": ["=World Health Organization"], "year": "2018", "url": "https://www.who.int/atlas", "publisher": "WHO"},
        id="organisation-vancouver-with-url",
    ),
]


REAL_WORLD = [
    ("Smith J, Jones K, et al. Effect of lithium on renal function. Lancet. 2001;357(9251):1-10.",
     {"title": "Effect of lithium on renal function", "container": "Lancet", "volume": "357", "issue": "9251", "pages": "1-10"}),
    ("LeCun Y, Bengio Y, Hinton G. Deep learning. Nature. 2015 May 28;521(7553):436-44.",
     {"year": "2015", "container": "Nature", "volume": "521", "issue": "7553", "pages": "436-44"}),
    ("Vaswani A, Shazeer N, Parmar N, et al. Attention is all you need. Adv Neural Inf Process Syst. 2017;30.",
     {"container": "Adv Neural Inf Process Syst", "volume": "30", "pages": None}),
    (("He, K., Zhang, X., Ren, S., Sun, J.: Deep residual learning for image recognition. In: Proceedings of the IEEE "
     "Conference on Computer Vision and Pattern Recognition, pp. 770–778 (2016)"),
     {"authors": ["He", "Zhang", "Ren", "Sun"], "title": "Deep residual learning for image recognition", "pages": "770–778",
          "year": "2016", "type": "proceedings"}),
    ("Smith, J., Jones, K., 2012. Peer support in practice. J. Ment. Health 12, 1–5.",
     {"year": "2012", "container": "J. Ment. Health", "volume": "12", "pages": "1–5"}),
    ("Smith, J. & Jones, K. Peer support in practice. Nature 485, 101–105 (2012).",
     {"authors": ["Smith", "Jones"], "container": "Nature", "volume": "485", "pages": "101–105", "year": "2012"}),
    ("Smith, J. (2012) 'Peer support workers' views', Journal of Mental Health, 21(3), pp. 101–105.",
     {"title": "Peer support workers' views", "container": "Journal of Mental Health", "pages": "101–105"}),
    ('Smith, John, and Karen Jones. "Peer Support in Practice." Journal of Mental Health 21, no. 3 (2012): 101–105.',
     {"authors": ["Smith", "Jones"], "volume": "21", "issue": "3", "year": "2012", "pages": "101–105"}),
    ("Smith, J. and Jones, K. (eds) (2012) Handbook of Peer Support. 2nd edn. London: Routledge.",
     {"authors": ["Smith", "Jones"], "title": "Handbook of Peer Support", "edition": "2nd", "publisher": "Routledge"}),
    ("Smith, J. (2012). Peer support. In K. Jones (Ed.), Handbook of peer support (2nd ed., pp. 101–120). Routledge.",
     {"container": "Handbook of peer support", "pages": "101–120", "type": "chapter"}),
    ("Smith, J.; Jones, K. (2012): Peer support in practice. In: Psychiatrische Praxis 39 (3), S. 101–105.",
     {"container": "Psychiatrische Praxis", "volume": "39", "issue": "3", "pages": "101–105", "type": "article"}),
    ("Smith J, Jones K. Peer support: a review. Psychol Med 2012; 42 (Suppl. 1): S12–S20.",
     {"issue": "Suppl. 1", "pages": "S12–S20"}),
    ("NHS England. Five Year Forward View for Mental Health. NHS England, 2016.",
     {"authors": ["=NHS England"], "year": "2016", "publisher": "NHS England"}),
    ("Smith J. Peer support in practice [PhD thesis]. London: King's College London; 2015.",
     {"type": "thesis", "publisher": "King's College London", "year": "2015"}),
]
REAL_WORLD += [
    (("Pitt V, Lowe D, Hill S, et al. Consumer-providers of care for adult clients of statutory mental health services. "
     "Cochrane Database Syst Rev 2013;(3):CD004807."),
     {"container": "Cochrane Database Syst Rev", "volume": None, "issue": "3", "pages": "CD004807"}),
    ("Smith J, Jones K. Peer support in practice. Psychol Med 2019 (in press).",
     {"container": "Psychol Med", "status": "in press", "publisher": None}),
    ("Smith, J. (2020). Peer support (Report No. 123). National Centre for Research.",
     {"issue": None, "publisher": "National Centre for Research", "type": "report"}),
    (("Jacobson, N, Dewa, C (2012) What do peer support workers do? BMC Health Services Research, 12: 205 "
     "(https://doi.org/10.1186/1472-6963-12-205)."),
     {"volume": "12", "pages": "205", "doi": "10.1186/1472-6963-12-205", "url": None}),
]
CASES += [pytest.param(line, expected, id=f"real-world-{number}") for number, (line, expected) in enumerate(REAL_WORLD, 1)]

# Given names first, in full: natbib's plainnat, Chicago notes, MLA after the first author.
FULL_NAMES = {
    "plainnat-middle-initials": (
        ("Steve G. Gillard, Christine Edwards, Sarah L. Gibson, Katherine Owen, and Christine Wright. Introducing peer "
        "worker roles into UK mental health service teams: a qualitative analysis of the organisational benefits and "
        "challenges. BMC Health Services Research, 13: 188, 2013."),
        {"authors": ["Gillard", "Edwards", "Gibson", "Owen", "Wright"], "year": "2013",
         "title": "Introducing peer worker roles into UK mental health service teams: a qualitative analysis of the "
                  "organisational benefits and challenges",
         "container": "BMC Health Services Research", "volume": "13", "pages": "188"},
    ),
    "plainnat-two-authors-bibtex-dashes": (
        ("Julie Repper and Tim Carter. A review of the literature on peer support in mental health services. "
        "Journal of Mental Health, 20(4): 392--411, 2011."),
        {"authors": ["Repper", "Carter"], "year": "2011", "container": "Journal of Mental Health", "volume": "20",
         "issue": "4", "pages": "392--411"},
    ),
    "plainnat-one-author": (
        "Alejandro Rico-Guevara. Relating form to function in the hummingbird feeding apparatus. PeerJ, 5:e3449, 2017.",
        {"authors": ["Rico-Guevara"], "title": "Relating form to function in the hummingbird feeding apparatus",
         "container": "PeerJ", "volume": "5", "article_number": "e3449", "year": "2017"},
    ),
    "plainnat-book": (
        "Gabriel García Márquez. One hundred years of solitude. Harper and Row, New York, 1970.",
        {"authors": ["Márquez"], "title": "One hundred years of solitude", "year": "1970"},
    ),
    "chicago-notes": (
        ("Julie Repper and Tim Carter, “A Review of the Literature on Peer Support in Mental Health Services,” "
        "Journal of Mental Health 20, no. 4 (2011): 392–411."),
        {"authors": ["Repper", "Carter"], "title": "A Review of the Literature on Peer Support in Mental Health Services",
         "container": "Journal of Mental Health", "volume": "20", "issue": "4", "year": "2011", "pages": "392–411"},
    ),
    "chicago-notes-year-in-brackets-is-no-issue": (
        "Kwame Müller, “Barriers to Treatment,” Psychological Medicine 140 (1989): e0203220.",
        {"authors": ["Müller"], "volume": "140", "issue": None, "year": "1989", "article_number": "e0203220"},
    ),
    "chicago-notes-book": (
        "Balfour Hepher, Nutrition of Pond Fishes (Cambridge University Press, 1988).",
        {"authors": ["Hepher"], "title": "Nutrition of Pond Fishes", "year": "1988"},
    ),
    "mla-full-names": (
        ("Repper, Julie, and Tim Carter. “A Review of the Literature on Peer Support in Mental Health Services.” "
        "Journal of Mental Health, vol. 20, no. 4, 2011, pp. 392–411."),
        {"authors": ["Repper", "Carter"], "volume": "20", "issue": "4", "year": "2011", "pages": "392–411"},
    ),
    "mla-two-word-family-name": (
        "Ní Bhriain, Émilie. “Clozapine Monitoring.” Ecology and Evolution, vol. 73, 2014, pp. 55–72.",
        {"authors": ["Ní Bhriain"], "volume": "73", "year": "2014"},
    ),
    "chicago-author-date-full-names": (
        ("Jacobson, Nora, Linda van der Berg, and Carolyn Dewa. 2012. “What Do Peer Support Workers Do?” "
        "BMC Health Services Research 12 (3): 205–15."),
        {"authors": ["Jacobson", "van der Berg", "Dewa"], "year": "2012", "volume": "12", "issue": "3"},
    ),
    "ieee-initials": (
        ("J. Repper and T. Carter, “A review of the literature on peer support in mental health services,” "
        "J. Ment. Health, vol. 20, no. 4, pp. 392–411, 2011."),
        {"authors": ["Repper", "Carter"], "container": "J. Ment. Health", "volume": "20", "pages": "392–411"},
    ),
    "particles-and-suffixes": (
        ("J.-P. Sartre, Ludwig van Beethoven, Ana Paula Le Roux, and Martin Luther King, Jr. Being and nothingness. "
        "Philosophical Review, 12(3): 1--20, 1956."),
        {"authors": ["Sartre", "van Beethoven", "Le Roux", "King"], "title": "Being and nothingness",
         "container": "Philosophical Review", "year": "1956"},
    ),
    "et-al": (
        "Julie Repper, Tim Carter, et al. A review. Journal of Mental Health, 20(4): 392--411, 2011.",
        {"authors": ["Repper", "Carter"], "et_al": True, "title": "A review"},
    ),
    # Shapes the given-first reading must leave alone.
    "vancouver-one-author-is-not-given-first": (
        "Orós J. Gout. Mader's Reptile and Amphibian Medicine and Surgery, Elsevier; 2019, p. 1308–9.",
        {"authors": ["Orós"], "title": "Gout"},
    ),
    "acs-particle-family-is-not-given-first": (
        "St John, H.; MacDonald, K. COVID-19 and Loneliness. Soc Psychiatry Psychiatr Epidemiol 2013, 205, 94.",
        {"authors": ["St John", "MacDonald"], "title": "COVID-19 and Loneliness"},
    ),
    "body-is-not-read-as-a-person": (
        "Health Education England (2017) Stepping Forward to 2020/21. HEE.",
        {"authors": ["Health Education England"], "year": "2017"},
    ),
}
CASES += [pytest.param(line, expected, id=name) for name, (line, expected) in FULL_NAMES.items()]

# Shapes found in typed reference lists (citeproc's Vancouver and APA): no volume or pages, particles in initials.
TYPED_LISTS = {
    "apa-volume-issue-without-pages": (
        "Smith, J. (2015). Single-molecule FRET studies. Scientific Reports, 5(1). https://doi.org/10.1038/srep1",
        {"container": "Scientific Reports", "volume": "5", "issue": "1", "pages": None, "type": "article"},
    ),
    "apa-volume-double-issue-without-pages": (
        "Tkaczyk, D., & Bolikowski, Ł. (2015). Affiliations Extraction. D-Lib Magazine, 21(11/12).",
        {"container": "D-Lib Magazine", "volume": "21", "issue": "11/12"},
    ),
    "vancouver-container-year-online-first": (
        ("Shafiq M, Gu Z. Deep residual learning for image recognition: a survey. Applied Sciences 2022. "
        "https://doi.org/10.3390/app12188972"),
        {"authors": ["Shafiq", "Gu"], "title": "Deep residual learning for image recognition: a survey",
         "container": "Applied Sciences", "year": "2022", "publisher": None},
    ),
    "vancouver-preprint-after-acronym-plural": (
        "Memarzadeh M, Boettiger C. Measurement uncertainty matters: ecological management using POMDPs. bioRxiv 2016.",
        {"title": "Measurement uncertainty matters: ecological management using POMDPs", "container": "bioRxiv",
         "year": "2016"},
    ),
    "vancouver-proceedings-comma-year": (
        ("Lu W, Liu W. EEG-based Drowsiness and Alertness Recognition Using Feature Fusion and Deep Residual Networks. "
        "2023 4th International Conference on Computer Vision, Image and Deep Learning (CVIDL), 2023."),
        {"authors": ["Lu", "Liu"], "year": "2023",
         "title": "EEG-based Drowsiness and Alertness Recognition Using Feature Fusion and Deep Residual Networks",
         "container": "2023 4th International Conference on Computer Vision, Image and Deep Learning (CVIDL)",
         "type": "proceedings"},
    ),
    "vancouver-publisher-before-semicolon-year-is-no-container": (
        "Putterman L, Weil D. Population Flows and Growth. Cambridge, MA: National Bureau of Economic Research; 2008.",
        {"container": None, "year": "2008"},
    ),
    "apa-conference-without-volume": (
        ("Du, Y., & Li, X. (2018). Recursive Deep Residual Learning for Single Image Dehazing. 2018 IEEE/CVF Conference "
        "on Computer Vision and Pattern Recognition Workshops (CVPRW). https://doi.org/10.1109/cvprw.2018.00116"),
        {"year": "2018", "title": "Recursive Deep Residual Learning for Single Image Dehazing",
         "container": "2018 IEEE/CVF Conference on Computer Vision and Pattern Recognition Workshops (CVPRW)"},
    ),
    "apa-meeting-with-pages-only": (
        "Mendes, P., & Caceres, M. (2009). A review of the widget landscape. AFRICON 2009, 1–6. https://doi.org/10.1109/x",
        {"title": "A review of the widget landscape", "container": "AFRICON 2009", "pages": "1–6"},
    ),
    "apa-book-publisher-is-no-container": (
        "Smith, J. (2020). A history of peer support. Oxford University Press.",
        {"container": None, "publisher": "Oxford University Press"},
    ),
    "vancouver-particle-in-initials": (
        "Hussain S, Ali S, Akram Q ul A. Nastalique segmentation-based approach for Urdu OCR. IJDAR 2015;18:357–74.",
        {"authors": ["Hussain", "Ali", "Akram"], "title": "Nastalique segmentation-based approach for Urdu OCR"},
    ),
    "apa-lower-case-initial": (
        "Hussain, S., Ali, S., & Akram, Q. u. A. (2015). Nastalique segmentation. IJDAR, 18(4), 357–374.",
        {"authors": ["Hussain", "Ali", "Akram"], "year": "2015", "title": "Nastalique segmentation"},
    ),
    "apa-particle-in-initials": (
        "Akram, Q. ul A. (2015). Nastalique segmentation. IJDAR, 18(4), 357–374.",
        {"authors": ["Akram"], "year": "2015", "title": "Nastalique segmentation"},
    ),
    "apa-lower-case-hyphenated-initial": (
        "Lee, H. J., & Bae, J.-s. (2012). Human cord blood cells. Neurobiology of Aging, 33(3), 588–602.",
        {"authors": ["Lee", "Bae"], "year": "2012", "title": "Human cord blood cells"},
    ),
    "vancouver-two-letter-families-are-no-initials": (
        "Xu J, Qu S, Li A, Na C. A reference panel. Journal of Clinical Pathology 2020;74:314–20.",
        {"authors": ["Xu", "Qu", "Li", "Na"]},
    ),
    "vancouver-capitals": (
        "COBERN W, ADAMS B. When interviewing: how many is enough? J Biol. 2001;3:1-2.",
        {"authors": ["COBERN", "ADAMS"], "container": "J Biol", "volume": "3"},
    ),
    "abbreviated-journal-is-kept-whole": (
        "Smith J. Loneliness. Br. J. Psychiatry 1997, 195 (6), 837–851.",
        {"container": "Br. J. Psychiatry", "title": "Loneliness"},
    ),
    "no-date-after-authors": (
        "Rovira, J. n.d. “Accessibility Widget Shortcomings”. Louisiana State University Libraries.",
        {"title": "Accessibility Widget Shortcomings", "year": None},
    ),
}
TYPED_LISTS.update({
    "nature-abbreviated-journal-without-volume-stays-whole": (
        "Singh S, Cohen D. On the nutrition of late images. Inf. Process. Manag. (2012).",
        {"title": "On the nutrition of late images", "year": "2012"},
    ),
    "vancouver-abbreviated-journal-is-not-split": (
        "Almeida AG, Yilmaz D. Migration drives late retrieval in seabirds. Wat. Resou. Resea. 2001.",
        {"title": "Migration drives late retrieval in seabirds", "year": "2001"},
    ),
    "nature-et-al-ends-the-author-list": (
        "Bécares, J. et al. Correction: Modelling habitats. PLoS ONE (2015).",
        {"authors": ["Bécares"], "title": "Correction: Modelling habitats", "container": "PLoS ONE", "year": "2015"},
    ),
    "nature-two-authors-et-al": (
        "Smith, J., Jones, K. et al. A title. Nature 500, 1-2 (2013).",
        {"authors": ["Smith", "Jones"], "title": "A title", "container": "Nature"},
    ),
    "unplaced-details-are-not-a-container": (  # the rules find no container; the labeller the right one
        " (2003). Table of Contents. Journal of Biomedical Informatics, 36(4-5), i-ii.",
        {"title": "Table of Contents", "container": "Journal of Biomedical Informatics", "volume": "36"},
    ),
})
CASES += [pytest.param(line, expected, id=name) for name, (line, expected) in TYPED_LISTS.items()]

# What the trained labeller still reads wrongly (the hand-written rules read these right; the labeller reads
# more of every other style right): kept as expected failures so that a better model shows up here.
LABELLER_MISREADS = {
    "acs-without-title": "the initials 'C.' run on into 'J. Am. Chem. Soc.'",
    "organisation-vancouver-with-url": "'World Health Organization.' read as the start of the title",
    "real-world-14": "\"King's College London\" is cut at the apostrophe (a token of its own)",
    "apa-volume-double-issue-without-pages": "'D-Lib Magazine' taken with the title before it",
    "apa-meeting-with-pages-only": "'2009' of 'AFRICON 2009' read as a volume",
}
CASES = [pytest.param(*case.values, id=case.id, marks=pytest.mark.xfail(strict=True, reason=LABELLER_MISREADS[case.id]))
         if case.id in LABELLER_MISREADS else case for case in CASES]


@pytest.mark.parametrize(("line", "expected"), CASES)
def test_fields(line: str, expected: dict) -> None:
    reference = parse_line(line)
    for name, value in expected.items():
        if name == "authors":
            got = ["=" + a.organisation if a.organisation else a.family for a in reference.authors]
            assert got == value
        else:
            assert getattr(reference, name) == value, name
    assert reference.parse_problem is None


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Steve G. Gillard, Christine Edwards, and Jean-Pierre Le Roux. A title. J Ment Health, 2: 1-5, 2013.",
         [("Gillard", "Steve G."), ("Edwards", "Christine"), ("Le Roux", "Jean-Pierre")]),
        ("J.-P. Sartre and Martin Luther King Jr. Being and nothingness. Philosophical Review, 12(3): 1--20, 1956.",
         [("Sartre", "J.-P."), ("King", "Martin Luther")]),
        ("Kari E Norman and Gabriel García Márquez. A title. PLOS ONE, 24(1):e70021, 2025.",
         [("Norman", "Kari E"), ("Márquez", "Gabriel García")]),
        ("Repper, Julie, and Tim Carter. “A Review.” Journal of Mental Health, vol. 20, no. 4, 2011, pp. 392–411.",
         [("Repper", "Julie"), ("Carter", "Tim")]),
    ],
    ids=["middle-initial-and-particle", "hyphenated-initials-and-suffix", "undotted-initial-and-three-words", "mla"],
)
def test_given_names_printed_first(line: str, expected: list[tuple[str, str]]) -> None:
    assert [(author.family, author.given) for author in parse_line(line).authors] == expected


def test_a_suffix_is_in_the_author_span() -> None:
    line = "Martin Luther King, Jr., and Julie Repper. A title. Journal of Mental Health, 20(4): 392--411, 2011."
    king = parse_line(line).authors[0]
    assert (king.family, king.given) == ("King", "Martin Luther")
    assert line[king.span.start : king.span.end] == "Martin Luther King, Jr."


def test_spans_are_in_file_coordinates() -> None:
    text = "References\n\nSmith, J (2019) Title here. British Journal of Psychiatry, 31: 8296.\n"
    source = SourceText("refs.txt", text)
    start = text.index("Smith")
    end = text.rindex(".") + 1
    reference = parse_reference(source, start, end, index=3, key="[3]")
    assert reference.text == text[start:end]
    assert (reference.index, reference.key, reference.kind, reference.file) == (3, "[3]", "text", "refs.txt")
    assert reference.span.line == 3 and reference.span.column == 1
    pages = reference.spans["pages"]
    assert text[pages.start : pages.end] == "8296" and pages.line == 3
    assert reference.printed("container") == "British Journal of Psychiatry"
    assert text[reference.authors[0].span.start : reference.authors[0].span.end] == "Smith, J"


def test_wrapped_reference_keeps_exact_spans() -> None:
    line = "Smith, J (2019) A title that\n   wraps. British Journal\n   of Psychiatry, 31: 82-96."
    reference = parse_line(line)
    assert reference.title == "A title that wraps"
    assert reference.container == "British Journal of Psychiatry"
    assert reference.printed("title") == "A title that\n   wraps"


def corpus_lines() -> list[str]:
    return [json.loads(row)["text"] for part in ("dev", "test") for row in (CORPUS / f"{part}.jsonl").open()]


def test_every_span_of_every_corpus_line_is_the_printed_field() -> None:
    for line in corpus_lines():
        reference = parse_line(line)
        for name in SPANNED:
            value = getattr(reference, name)
            span = reference.spans.get(name)
            assert (value is None) == (span is None), (name, line)
            if span is not None:
                printed = line[span.start : span.end]
                assert " ".join(printed.split()) == value, (name, line)
                assert printed == printed.strip(), (name, line)
        for author in reference.authors:
            printed = line[author.span.start : author.span.end]
            assert (author.organisation or author.family) in " ".join(printed.split()), line
        if reference.authors:
            assert "authors" in reference.spans


@pytest.mark.parametrize(
    "line",
    ["", "   ", "\x00\x01\x02\xff\ufffd" * 200, "?!?!", "lorem ipsum dolor sit amet consectetur"],
    ids=["empty", "blank", "binary", "punctuation", "no-structure"],
)
def test_unparsable_lines_are_kept_with_a_reason(line: str) -> None:
    reference = parse_line(line)
    assert reference.text == line
    assert reference.parse_problem == "no year or title found"


@contextmanager
def time_guard(seconds: int):
    """Fail instead of hanging if a pattern backtracks catastrophically (generous: a parse takes milliseconds)."""

    def expire(signum, frame):
        raise AssertionError(f"parsing took over {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


HOSTILE = {
    "initials": "A. " * 4000,
    "commas": "Smith, " * 2000,
    "brackets": "(" * 10000,
    "digits": "1" * 10000,
    "dashes": "12-" * 3000,
    "years": "(2012) " * 1500,
    "colons": "12: " * 3000,
    "quotes": "“a" * 5000,
    "dots": "Ab. " * 3000,
    "long-title": "Smith J. " + "word " * 2000 + "Lancet 2001;1:2.",
    "doi-like": "10.1234/" + "x" * 10000,
    "binary": "".join(chr(c) for c in range(1, 2000)) * 5,
    "year-then-spaces": "Smith J. Title. J 2012" + " " * 10000 + ";",
    "volume-then-spaces": "Smith J. Title. J 12" + " " * 10000 + ":",
    "bracket-then-spaces": "Smith J (" + " " * 10000,
    "spaces-then-and": "Smith J" + " " * 10000 + "and K",
    "letters": "x" * 10000,
    "slashes": "a/" * 5000,
    "ordinal-digits": "1" * 10000 + "st ed",
    "full-names": "Julie Repper, " * 2000,
    "full-names-then-and": "Julie Repper, " * 1000 + "and Tim Carter",
    "name-words": "Julie " * 5000,
    "suffixes": "Tim Carter Jr, " * 1500,
    "particles": "Ana van " * 3000,
    "hyphenated-words": "Jae-sung-" * 3000,
    "dotted-words-then-container-year": "Smith J. " + "Ab. " * 3000 + "bioRxiv 2016.",
    "spaces-then-year": "Smith J. Title. J" + " " * 10000 + "2016",
    "commas-then-year": "Smith J. Title. J" + ", " * 5000 + "(2016)",
    "lower-case-initials": "Smith, Q. " + "u. " * 4000,
}


@pytest.mark.parametrize("line", list(HOSTILE.values()), ids=list(HOSTILE))
def test_hostile_lines_parse_in_bounded_time(line: str) -> None:
    with time_guard(20):
        reference = parse_line(line)
    assert reference.text == line


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_spans_of_a_reference_on_a_later_line_have_file_lines_and_columns(newline: str) -> None:
    line = "Smith, J (2019) Title here. British Journal of Psychiatry, 31: 8296."
    text = f"References{newline}{newline}  {line}{newline}"
    start = text.index("Smith")
    reference = parse_reference(SourceText("refs.txt", text), start, start + len(line), index=1)
    expected = SourceText("refs.txt", text)
    for span in [reference.span, *reference.spans.values(), *(a.span for a in reference.authors)]:
        assert span == expected.span(span.start, span.end)
