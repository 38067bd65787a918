"""Word lists that tell author-year citations from other capitalised words before a year (lower case)."""

from __future__ import annotations

# Capitalised words that stand before a year without being an author. Quarters
# ("Q1") and the like hold digits, so are never read as names anyway.
NOT_AUTHORS = frozenset({
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "monday",
    "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tue", "tues", "wed", "thu", "thur",
    "thurs", "fri", "sat", "spring", "summer", "autumn", "fall", "winter", "in", "since", "from", "until", "till",
    "before", "after", "by", "during", "between", "around", "circa", "ca", "through", "to", "of", "for", "on", "at",
    "as", "up", "early", "late", "mid", "end", "approximately", "approx", "about", "only", "both", "all", "each",
    "every", "per", "total", "overall", "year", "years", "quarter", "term", "semester", "session", "week", "weeks",
    "day", "days", "month", "months", "decade", "century", "era", "period", "cycle", "table", "tables", "figure",
    "figures", "fig", "figs", "appendix", "chapter", "section", "pages", "part", "article", "paragraph", "para",
    "line", "item", "annex", "schedule", "note", "notes", "panel", "exhibit", "equation", "eq", "example",
    "footnote", "version", "release", "update", "updates", "phase", "wave", "study", "studies", "experiment",
    "trial", "census", "survey", "cohort", "round", "edition", "ed", "eds", "vol", "volume", "issue", "no",
    "number", "series", "sample", "dataset", "data", "source", "sources", "windows", "python", "linux", "excel",
    "word", "office", "matlab", "stata", "spss", "sas", "java", "javascript", "android", "ubuntu", "model",
    "models", "class", "grade", "level", "stage", "type", "group", "age", "aged", "born", "died", "est", "founded",
    "released", "published", "updated", "accessed", "retrieved", "revised", "amended", "adopted", "enacted",
    "signed", "filed", "received", "accepted", "submitted", "reprinted", "translated", "original", "dated", "date",
    "last", "first", "next", "previous", "covid", "sars", "mers", "copyright", "act", "law", "decree", "directive",
    "regulation", "protocol", "agreement", "convention", "treaty", "bill", "statute", "constitution", "code",
    "standard", "rule", "rules", "conference", "workshop", "symposium", "meeting", "congress", "summit",
    "proceedings", "games", "olympics", "cup", "election", "elections", "budget", "fiscal", "fy", "neurips", "nips",
    "icml", "iclr", "cvpr", "iccv", "eccv", "acl", "emnlp", "naacl", "coling", "aaai", "ijcai", "kdd", "sigir",
    "siggraph", "sigmod", "vldb", "www", "chi", "icse", "icassp", "interspeech", "miccai", "uai", "aistats", "colt",
    "wsdm", "cikm", "nature", "science", "cell", "lancet", "neuron", "pnas", "plos", "bmj", "jama", "nejm",
    "results", "methods", "discussion", "introduction", "conclusion", "conclusions", "abstract", "background",
    "summary", "overview", "supplementary", "report", "reports", "us", "usa", "uk", "ad", "bc", "bce", "ce",
    "mean", "median", "average", "baseline", "control", "treatment", "usd", "eur", "gbp", "jpy", "cny", "cad",
    "aud", "gdp", "gni", "ppp", "cpi",
    # places, for "surveyed in Germany (2010)"
    "europe", "africa", "asia", "america", "americas", "oceania", "australia", "canada", "china", "japan", "india",
    "germany", "france", "italy", "spain", "portugal", "brazil", "mexico", "russia", "england", "scotland",
    "ireland", "britain", "sweden", "norway", "denmark", "finland", "netherlands", "switzerland", "austria",
    "belgium", "poland", "greece", "turkey", "korea", "taiwan", "iran", "iraq", "egypt", "nigeria", "kenya",
    "ghana", "ethiopia", "uganda", "tanzania", "argentina", "chile", "peru", "colombia", "pakistan", "bangladesh",
    "indonesia", "vietnam", "thailand", "malaysia", "singapore", "philippines", "zealand", "california", "texas",
    "florida", "ontario", "quebec",
    # software and standards, for "(RFC 2008)"
    "rfc", "pep", "cve", "pr", "bug", "build", "patch", "ticket", "revision", "rev", "gpl", "lgpl", "bsd", "mpl",
})
# Before a narrative citation's names, these make it another construction: "the Smith (2010) model".
ARTICLES = frozenset({"the", "a", "an", "this", "that", "these", "those", "our", "their", "its", "his", "her",
                       "my", "your", "each", "every", "any", "no", "some"})
# Capitalised words that may stand right before a narrative citation's names; any
# other ("New York (2010)", "John Smith (2010)", "Toy Story (1995)") makes the
# names part of a longer proper noun.
OPENERS = frozenset({
    "as", "in", "on", "at", "by", "for", "from", "with", "without", "unlike", "like", "following", "per", "after",
    "before", "since", "because", "although", "though", "while", "whereas", "when", "where", "if", "unless",
    "until", "whether", "both", "either", "neither", "only", "even", "thus", "hence", "so", "but", "and", "or",
    "nor", "yet", "also", "then", "later", "earlier", "recently", "here", "there", "see", "cf", "citing", "using",
    "adapting", "extending", "replicating", "similarly", "likewise", "conversely", "however", "moreover",
    "furthermore", "indeed", "notably", "specifically", "originally", "subsequently", "finally", "first", "second",
    "third", "next", "lastly", "to", "of", "via", "against", "among", "compare", "including", "especially",
    "particularly", "contrary", "instead", "regardless", "irrespective", "ahead", "outside", "inside",
})
# "Department of Health (2007)", "University of Oxford (2010)": the end of an organisation's name.
INSIDE_NAMES = frozenset({"of", "for", "on"})
CONNECTORS = frozenset({"of", "for", "and", "on", "the", "in", "&", "de", "du", "des", "der", "für"})
# Stoplisted words that open organisations' names: "Office for National Statistics", "UK Biobank".
ORGANISATION_OPENERS = frozenset({"office", "us", "uk", "usa"})
# Last words of capitalised phrases before a year that name no author: a product, a document, an event, a place.
NOT_ORGANISATION_ENDS = frozenset({
    "word", "excel", "windows", "studio", "report", "reports", "study", "studies", "trial", "trials", "cohort",
    "census", "dataset", "index", "edition", "version", "release", "update", "guideline", "guidelines", "election",
    "elections", "games", "olympics", "cup", "war", "pandemic", "crisis", "city", "county", "states", "kingdom",
    "province", "island", "islands", "republic",
})
