"""The tests' own site: the shape of guides/content/site.py, in neutral words.

`load_site_content --content tests.content.site` builds it (tests.factories.build_site),
so every test reads a site whose words belong to the tests: the client can edit their
guide, its FAQ answers or its figures without breaking a test. Only tests/test_seed.py
reads the client's seed. Tests that need a figure or a title read it from here, not as a
copy of the words.
"""

from pathlib import Path

from guides.content import privacy
from guides.content.site import EVIDENCE_PAGE

GUIDE_TEXT = Path(__file__).with_name("example-guide.txt")
GUIDE_KEY = "guide"
DEFINITION_TERM = "Example guide"
GUIDE_URL = "/guides/topic/example-guide/"
TOPIC_URL = "/guides/topic/"
ABOUT_URL = "/about/"
AUTHOR_URL = "/about/example-author/"  # the AUTHOR's profile page, its slug from the name

SETTINGS = {
    "organisation_name": "Example Firm",
    "description": "A firm that exists only in the tests.",
    "certifications": ["First certification line", "Second certification line"],
    # The call to action of every page without one of its own.
    "cta_heading": "A question for the example firm?",
    "cta_text": "Tell us where things stand.",
    "cta_link_text": "Write to the example firm",
}

AUTHOR = {
    "name": "Example Author",
    "name_is_placeholder": True,  # as in the client's seed, which gives no personal name
    "role": "Example role",
    "bio": "An author who exists only in the tests.",
    "credentials": "First credential\nSecond credential",
}

SOURCES = {
    "Example Institute, Annual Survey (Jul 2025)": {
        "publisher": "Example Institute",
        "url": "https://example.org/annual-survey-2025",
        "title": "Annual Survey",
        "publication_date": "2025-07",
        "method_note": "A survey invented for the tests.",
    },
    "Example Group Review (Mar 2025)": {
        "publisher": "Example Group",
        "url": "https://example.org/review-2025",
        "title": "Review",
        "cited_as": "Example Group Review",
        "publication_date": "2025-03",
    },
    "Sample Research (late 2024)": {
        "publisher": "Sample Research",
        "url": "https://example.org/sample-research",
        "title": "",
        "publication_date": "2024",
        "publication_date_label": "late 2024",
    },
    "Example Trial (Jul 2025)": {
        "publisher": "Example Trial",
        "url": "https://example.org/trial",
        "title": "A Trial Invented for the Tests",
        "publication_date": "2025-07-10",
        "method_note": "A trial invented for the tests.",
    },
    "Example Pilot Review (2026)": {
        "publisher": "Example Group",
        "url": "https://example.org/pilot-review",
        "title": "Pilot Review 2026",
        "publication_date": "2026",
    },
}

# A cited list item, a paragraph citing four sources each at its own claim, and a claim
# still waiting for its source.
CITED_PASSAGES = [
    {
        "phrase": "took 19% longer",
        "citations": [("Example Trial (Jul 2025)", "the work took 19% longer than planned")],
    },
    {
        "phrase": "Read the figures as test data",
        "citations": [
            ("Example Institute, Annual Survey (Jul 2025)", "a rough count, not a census"),
            ("Example Group Review (Mar 2025)", "The review’s 30% counts tasks that ship"),
            ("Example Pilot Review (2026)", "about half of the example pilots moved forward"),
            ("Sample Research (late 2024)", "rests on interviews with 12 teams"),
        ],
    },
    {
        "phrase": "the largest open question",
        "citations": [],
        "needs_source": "waiting for a source is “the largest open question” of this example",
    },
]

STATISTIC_ANCHORS = ["example-tasks-that-stall", "example-tasks-that-ship", "example-plan-changes"]
STATISTICS_CAPTION = "Example figures, side by side"

GUIDE_HEADINGS = [
    "What is an example guide?",
    "When does an example guide apply?",
    "What does an example guide do?",
    "Working with the example firm",
]
FAQ_HEADING = "Frequently asked"
FAQ_SECTION_HEADING = "Frequently asked questions"

GUIDE_CALLS_TO_ACTION = {
    "first": {
        "before_heading": "What does an example guide do?",
        "heading": "Recognise one of these passages?",
        "text": "<p>Tell us where things stand.</p>",
        "link_text": "Talk to the example firm",
        "secondary_text": "Not sure? Take the self-assessment",
    },
    "closing": {
        "line_starts": "If you have a question about the example",
        "heading": "Talk to the example firm",
        "link_text": "Get in touch",
    },
}

CROSS_REFERENCES = [
    ("the topic guide", "topic"),
    ("a planned page", "planned-guide"),
    ("how the engagements work", "engagements"),
]

FAQ_ANSWERS = {
    "What is an example guide?": (
        "<p>A neutral page the tests build. The broader idea is in [[topic|the topic guide]].</p>"
    ),
    "Why do the tests build their own guide?": (
        "<p>So that the client can rewrite their guide and no test breaks. The plan for more "
        "is in [[planned-guide|a planned guide]].</p>"
    ),
    # As in the client's seed: a question the spec gives no answer, awaiting one.
    "What does an example guide cost?": None,
}

FAQ_SHORT_ANSWERS = {
    "What is an example guide?": "One the tests make for themselves.",
    "Why do the tests build their own guide?": "So that no edit of the client’s breaks them.",
}

# No page of the tests' site spells the organisation's name: tests/test_identity.py renames
# it in Site settings and expects the old name nowhere (page words are the editors' to change).
HOME = {
    "title": "The example home",
    "summary": "A firm that exists only in the tests.",
    "headline": "An example home page for the tests",
    "introduction": "<p>One example firm, one [[guide|example guide]], and a few pages.</p>",
    "body": [
        ("heading", "The first home section"),
        ("paragraph", "<p>The home page’s first paragraph.</p>"),
        ("heading", "The second home section"),
        ("paragraph", "<p>See [[engagements|how the engagements work]].</p>"),
    ],
    "featured_text": "What an example guide covers, when it applies, and what it does.",
    "featured_link_text": "Take the self-assessment",
    "cta_heading": "Have a question for the example firm?",
    "cta_text": "Tell us where it stands.",
    "cta_link_text": "Talk to the example firm",
}

# The triggers (Snippets › Triggers), by the short names the tests send; one is called out.
TRIGGERS = [
    {"value": "roadmap", "label": "A plan with nobody to own it"},
    {"value": "pilot", "label": "A trial that stalls", "called_out": True},
    {"value": "build-vs-buy", "label": "A choice between making and buying"},
    {"value": "infrastructure", "label": "A foundation still to choose"},
    {"value": "board", "label": "Pressure from above"},
    {"value": "governance", "label": "Rules that start to matter"},
]

ASSESSMENT = {
    "slug": "assessment",
    "title": "Does an example guide apply to you?",
    "summary": "A self-assessment: the passages the example guide names. Tick the ones that "
    "are true for you.",
    "introduction": "<p>[[guide|The example guide]] names three kinds of passage.</p>",
    "form_heading": "Which of these are true for you?",
    "submit_text": "See what the guide says",
    "several_from": 2,
    "verdict_none": "The example guide is not for you",
    "verdict_some": "The example guide has something for you",
    "verdict_several": "The example guide was written for you",
    "result_none": "<p>None of them. Read [[topic|the topic guide]] instead.</p>",
    "result_some": "<p>The guide has something to say about that.</p>",
    "result_several": "<p>The guide has a lot to say about those.</p>",
    "cta_heading": "Talk to the example firm",
    "cta_text": "The passages you ticked go into your message.",
    "cta_link_text": "Talk to the example firm",
    "questions": [
        {
            "trigger": "governance",
            "question": "You have a claim with a source",
            "guide_says": "An example guide is built by the tests from these words alone.",
            "section": "what-is-an-example-guide",
        },
        {
            "trigger": "pilot",
            "question": "You have a claim without a source",
            "guide_says": "The words stay short on purpose, and none of them makes a claim "
            "about the world.",
            "section": "what-is-an-example-guide",
            "callout": "The guide calls this the common one.",
        },
        {
            "trigger": "board",
            "question": "You have a passage with no claim at all",
            "guide_says": "It gives every test the same small site to read, and the real "
            "guide stays out of their way.",
            "section": "what-does-an-example-guide-do",
        },
    ],
}

# Titles of at most 60 characters and descriptions of 110 to 160, each unique.
SEARCH_APPEARANCE = {
    "privacy": privacy.SEARCH_APPEARANCE,
    "home": {
        "seo_title": "The example firm: the home page of the tests' own site",
        "search_description": "The home page of a site that exists only in the tests, with "
        "one example guide, its questions and its figures, and a few other pages.",
    },
    "guides": {
        "seo_title": "Example guides, written for the tests' own site",
        "search_description": "Every guide of the tests' own site, starting with the example "
        "guide, which covers what it is, when it applies and what it does.",
    },
    "topic": {
        "seo_title": "The topic guide of the tests' own site, in brief",
        "search_description": "The broader guide of the tests' own site: what the topic "
        "covers, with deeper guides on specific questions, starting with the example guide.",
    },
    "guide": {
        "seo_title": "Example Guide: What It Covers, When It Applies",
        "search_description": "A neutral page written for the tests, so that the client can "
        "rewrite their own guide without breaking a test: sections, a list, figures and FAQ.",
    },
    "about": {
        "seo_title": "About the example firm and the author of its guides",
        "search_description": "Who writes the guides of the tests' own site: one example "
        "author, with a role, a short bio and two credentials, and the guides they wrote.",
    },
    "author": {
        "search_description": "The example author of the tests' own site: an example role, "
        "a short bio that exists only in the tests, two credentials and the example guide.",
    },
    "engagements": {
        "search_description": "How the example firm’s engagements work: a page of the tests' "
        "own site, with a list, a call to action and a link to a page that is still planned.",
    },
    "faq": {
        "seo_title": "Example guide: frequently asked questions, answered",
        "search_description": "Every question answered in the example firm’s guides: what an "
        "example guide is, why the tests build one, and what an example guide costs.",
    },
    "assessment": {
        "seo_title": "Does an example guide apply to you? A self-assessment",
        "search_description": "The three kinds of passage the example guide names, from a cited "
        "claim to a plain passage: tick the ones that are true for you and see what it says.",
    },
    "evidence": {
        "seo_title": "Evidence: every figure and source of the tests' own site",
        "search_description": "Every statistic and cited source of the tests' own site, with "
        "its method note, caveat, the date it was last verified and the pages that use it.",
    },
    "contact": {
        "seo_title": "Contact the example firm about the tests' own site",
        "search_description": "Have a question for the example firm? Tell us where things "
        "stand: every message of the tests' own site is read by the tests themselves.",
    },
}

MENU = {"guides": "", "engagements": "Engagements", "faq": "FAQ", "contact": ""}

# The site settings' page choosers, set to the page of this key when the loader makes it.
SETTINGS_PAGES = {"privacy_page": "privacy"}

# key: (parent key, model, slug, title, summary, live, extra fields)
PAGES = [
    (
        "guides",
        "home",
        "guides.GuideIndexPage",
        "guides",
        "Guides",
        "Every guide of the tests' own site.",
        True,
        {},
    ),
    (
        "about",
        "home",
        "guides.ProfileIndexPage",
        "about",
        "About",
        "Who writes the example firm’s guides.",
        True,
        {"introduction": "<p>The example firm’s guides are written by one example author.</p>"},
    ),
    (
        "topic",
        "guides",
        "guides.GuidePage",
        "topic",
        "The topic guide",
        "What the topic covers.",
        True,
        {"body": [("paragraph", "<p>The broader guide, with deeper guides below it.</p>")]},
    ),
    (
        "planned-guide",
        "topic",
        "guides.GuidePage",
        "planned-guide",
        "A planned guide",
        "A guide that is still a draft.",
        False,
        {},
    ),
    (
        "another-planned-guide",
        "guides",
        "guides.GuidePage",
        "another-planned-guide",
        "Another planned guide",
        "Another guide that is still a draft.",
        False,
        {},
    ),
    (
        "planned-page",
        "home",
        "pages.StandardPage",
        "planned-page",
        "A planned page",
        "A page that is still a draft.",
        False,
        {},
    ),
    (
        "engagements",
        "home",
        "pages.StandardPage",
        "engagements",
        "How the engagements work",
        "How the example firm works.",
        True,
        {
            "body": [
                ("paragraph", "<p>The example firm works in two ways.</p>"),
                ("heading", "Two ways to work together"),
                (
                    "paragraph",
                    "<ul><li><b>The first way</b>: one thing.</li>"
                    "<li><b>The second way</b>: another, described in "
                    "[[planned-page|a planned page]].</li></ul>",
                ),
                (
                    "call_to_action",
                    {
                        "heading": "Have a question?",
                        "text": "<p>Tell us.</p>",
                        "link_text": "Talk to the example firm",
                    },
                ),
            ]
        },
    ),
    (
        "faq",
        "home",
        "guides.FaqIndexPage",
        "faq",
        "Frequently asked questions",
        "Every question answered in the guides, grouped by guide.",
        True,
        {},
    ),
    EVIDENCE_PAGE,
    (
        "contact",
        "home",
        "pages.ContactPage",
        "contact",
        "Contact",
        "Tell us where things stand.",
        True,
        {
            "introduction": "<p>Tell us what prompted you to get in touch.</p>",
            "thank_you_text": "<p>Thank you. Your message has been received.</p>",
        },
    ),
    privacy.PAGE,
    (
        "guide",
        "topic",
        "guides.GuidePage",
        "example-guide",
        None,
        "What an example guide covers, when it applies, and what it does.",
        True,
        {"related": ["planned-guide", "another-planned-guide"]},
    ),
]
