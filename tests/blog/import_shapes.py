"""What each draft shape of issue 14 must come out as (fixtures under fixtures/import/).

Each entry is the full structure an editor would give the draft: title, standfirst, the
lede's paragraphs (their openings), each section's kind, heading and paragraph count, the
quote and list lines, the tags and byline read from the draft, the notes that became
footnotes, and every line left out with its reason (up to the reason's first " (").
"""

CHROME, BYLINE, DATE, BIO = "platform chrome", "byline", "date line", "author bio"
FRONT_MATTER, REPEATED_TITLE = "front matter", "repeated title"

SHAPES = {
    "substack-paywall.txt": {
        "title": "The Quiet Return of the Grain Cartel",
        "dek": "How three trading houses took back the Black Sea routes while everyone "
        "watched the front line",
        "intro": ["When the corridor reopened in the spring", "Nobody announced the purchases"],
        "sections": [
            ("section", "Who Owns the Silos Now?", 2),
            (
                "section",
                "Did Anyone in Brussels Read the Contracts Before Signing the Guarantee?",
                1,
            ),
        ],
        "quotes": (),
        "lists": (),
        "tags": (),
        "byline": "Marta Kovalenko",
        "footnotes": (),
        "not_imported": [(3, BYLINE), (4, DATE)]
        + [(line, CHROME) for line in range(5, 10)]
        + [(10, REPEATED_TITLE), (11, "repeated standfirst"), (17, CHROME), (18, CHROME)]
        + [(21, CHROME), (22, CHROME), (23, CHROME)],
    },
    "wordpress-related.md": {
        "title": "Why the Harbour Strike Matters More Than the Election",
        "dek": "",
        "intro": ["The dockers of Klaipėda have been on strike"],
        "sections": [
            ("section", "What the Dockers Want", 1),
            (
                "section",
                "Threshold One – A Port That Cannot Afford to Stop and a Government That "
                "Cannot Afford to Pay",
                1,
            ),
            ("conclusion", "Conclusion", 1),
        ],
        "quotes": (),
        "lists": (),
        "tags": (),
        "byline": "Tomas Greer",
        "footnotes": (),
        "not_imported": [(3, BYLINE), (5, DATE)]
        + [(line, CHROME) for line in (21, 23, 24, 26, 28, 30, 32, 34, 36, 38, 40, 42)]
        + [(44, BIO)],
    },
    "jekyll-front-matter.md": {
        "title": "Sanctions Leak Through the Caspian",
        "dek": "How Kazakh rail hubs became the back door for European machine tools.",
        "intro": ["European machine tools still reach Russian factories"],
        "sections": [
            ("section", "The Route", 1),
            ("section", "The Evidence", 2),
            ("conclusion", "Conclusion", 1),
        ],
        "quotes": (24,),
        "lists": (),
        "tags": ("sanctions", "caspian", "machine tools", "analysis"),
        "byline": "Leyla Aminova",
        "footnotes": (),
        "not_imported": [(line, FRONT_MATTER) for line in range(1, 11)] + [(12, REPEATED_TITLE)],
    },
    "zola-toml-front-matter.md": {
        "title": "A Parliament That Votes by Phone",
        "dek": "Remote voting was meant for the pandemic; it never went away.",
        "intro": ["Chișinău's parliament still votes by phone"],
        "sections": [
            ("section", "How It Works", 1),
            ("section", "Why It Stayed", 1),
            ("strategic-implications", "Strategic Implications", 1),
        ],
        "quotes": (),
        "lists": (),
        "tags": ("parliaments", "Moldova", "Explainers"),
        "byline": "Ion Ceban",
        "footnotes": (),
        "not_imported": [(line, FRONT_MATTER) for line in (1, 2, 3, 4, 6, 7, 8, 10, 11, 12, 13)]
        + [(15, REPEATED_TITLE)],
    },
    "journal-footnotes.txt": {
        "title": "Gulf Security After the Carrier Age",
        "dek": "",
        "intro": ["For forty years, the security of the Gulf", "This article examines how"],
        "sections": [
            ("section", "1. Origins and State Policy of the Gulf States", 2),
            ("section", "2. The Hedging Years", 1),
            ("section", "Did We Really Have a Plan Beyond the First Five Days?", 1),
            (
                "section",
                "Threshold Two Deterrent – Blood and Water Don't Flow Together to be Taken "
                "to the Hilt",
                1,
            ),
            ("conclusion", "Conclusion", 1),
        ],
        "quotes": (),
        "lists": (),
        "tags": (),
        "byline": "Dr. Samira Haddad",
        "footnotes": (18, 19, 20, 21, 22),
        "not_imported": [(2, BYLINE), (3, BIO), (17, "notes heading")],
    },
    "byline-heading.md": {
        "title": "Ferries Across the Baltic",
        "dek": "",
        "intro": [],
        "sections": [
            ("section", "The Ferry Nobody Wanted", 2),
            ("section", "What Changed in Ventspils", 1),
            ("section", "What Comes Next", 1),
        ],
        "quotes": (),
        "lists": (),
        "tags": (),
        "byline": "Anna Lindqvist",
        "footnotes": (),
        "not_imported": [(3, BYLINE)],
    },
}

SHAPES |= {
    "substack-full-page.txt": {
        "title": "Why the Potash Deal Will Not Last",
        "dek": "The numbers behind Korsk's new trade agreement do not add up, and both sides "
        "know it",
        "intro": ["The agreement signed in Korsk on Friday", "Both governments know the numbers"],
        "sections": [
            ("section", "What the Numbers Say", 1),
            ("section", "Who Pays for the Railway", 1),
            ("conclusion", "Conclusion", 1),
        ],
        "quotes": (),
        "lists": (),
        "tags": (),
        "byline": "Ana Petrenko",
        "footnotes": (),
        # Masthead and menu, byline and date, counters; the sign-up box mid-article; the
        # counters, comments and footer after the article.
        "not_imported": [(1, CHROME), (2, CHROME), (3, CHROME), (6, BYLINE), (7, DATE)]
        + [(line, CHROME) for line in (8, 9, 10, 11, 12, 17, 18, 19)]
        + [(line, CHROME) for line in range(24, 43)],
    },
    "wordpress-page-copy.txt": {
        "title": "The Mayor's Bridge Is Still Not Built",
        "dek": "",
        "intro": ["Four years after the mayor of Tarvel", "The city council was told on Monday"],
        # One sentence-case question alone is read as a paragraph (the author may flip it).
        "sections": [("section", "Where the Money Went", 3)],
        "quotes": (),
        "lists": (),
        "tags": (),
        "byline": "",
        "footnotes": (),
        "not_imported": [(2, DATE)] + [(line, CHROME) for line in range(9, 34)],
    },
    "question-headings.txt": {
        "title": "Five Questions About the Border Deal",
        "dek": "",
        "intro": ["The agreement between Korsk and Vilnius"],
        "sections": [
            ("section", "Why did the talks succeed now?", 1),
            ("section", "Who gave up the most?", 1),
            ("section", "What happens to the sanctions list?", 1),
            ("section", "Is this the end of the dispute?", 1),
            ("section", "What should we watch?", 1),
        ],
        "quotes": (),
        "lists": (),
        "tags": (),
        "byline": "",
        "footnotes": (),
        "not_imported": [],
    },
}
