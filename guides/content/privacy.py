"""The privacy page's seeded text: what the site's software stores, and nothing it doesn't.

Every statement here was read off the code, and tests/test_privacy.py checks the ones a test
can: no public page sets a cookie, and the contact form's one cookie lasts for the browser
session (`CSRF_COOKIE_AGE`); the list of what the form stores is exactly the stored fields of
`ContactSubmission`; who may read and delete a submission (pages/roles.py and the submissions'
permission policy); nothing deletes a submission by itself; the request log's fields
(truvisory/request_log.py); Sentry gets no IP address, cookie or form body; and what the
analytics count (analytics/), which the page's analytics statement says from Site settings.
Change the software, and these words and their tests change with it.

The page is the same on every site built from a spec (the client's and the tests'): it
describes the software, not the firm, so it names neither. An editor can change every word
of it in the admin; the loader never overwrites it.
"""

# What the contact form stores (pages/models/submissions.py): the model's fields, each
# group with the words the page lists it in. tests/test_privacy.py checks that the groups
# are exactly the model's stored fields, so a new field cannot go unmentioned.
CONTACT_FORM_STORES = [
    (
        ("name", "email", "company"),
        "your name, your email address and, if you give one, your company",
    ),
    (("prompted_by", "message"), "what prompted you to get in touch, and your message"),
    (("consent",), "that you agreed to us keeping these details to reply to you"),
    (
        ("cta_page", "triggers"),
        "which page’s call to action brought you to the form, such as a guide or the "
        "self-assessment, and the triggers you ticked in the self-assessment if you came from it",
    ),
    (
        (
            "landing_page",
            "referrer_host",
            "source",
            "source_kind",
            "utm_source",
            "utm_medium",
            "utm_campaign",
            "guides_read",
        ),
        "where your visit came from: the first page you opened, the site whose link led there "
        "(such as a search engine or an AI assistant) and the campaign its link named, if any, "
        "and the guides you read in that visit",
    ),
    (
        (
            "created_at",
            "notification_sent",
            "notification_attempts",
            "last_error",
            "sending_since",
            "notified_at",
            "held_in",
        ),
        "when it arrived, and whether the email telling us about it has gone out",
    ),
    (
        ("start_token",),
        "a fingerprint of the form you filled in, so that the same message sent twice is "
        "stored once",
    ),
]

STORED_LIST = "<ul>" + "".join(f"<li>{words}</li>" for _fields, words in CONTACT_FORM_STORES)
STORED_LIST += "</ul>"

SUMMARY = "What this site stores about you and why, who can read it, how long it is kept, and "
SUMMARY += "how to have it deleted."

# The body, in the loader's block kinds. Page links are written [[key|text]].
BODY = [
    (
        "paragraph",
        "<p>Reading this site sets no cookie, and no script from another site runs on it: "
        "no tracking pixel, no advertising. Only people who sign in to edit the site get a "
        "cookie, which keeps them signed in.</p>",
    ),
    ("heading", "Counting visits"),
    # Written from Site settings › Analytics at each render (pages/blocks.py), so that it
    # follows the switch, the retention and an outside endpoint.
    ("analytics_statement", None),
    ("heading", "The contact form"),
    (
        "paragraph",
        "<p>The [[contact|contact form]] sets one cookie, named csrftoken, which "
        "protects the form against forgery: a message sent in your name from another site. It "
        "holds a random value, not who you are, and your browser deletes it when you close "
        "it.</p><p>When you send a message, the site stores:</p>" + STORED_LIST + "<p>We keep "
        "these details to reply to you. The site also emails a copy of your message to us, so "
        "that we see it at once. To stop floods of messages, it counts the messages sent from "
        "each address (or IPv6 network) for an hour, under a keyed hash of it, and then forgets "
        "the count.</p>",
    ),
    (
        "paragraph",
        "<p>So that the form can send where your visit came from and the pages you read, your "
        "browser keeps a note of them in this tab’s session storage, not in a cookie, until "
        "you close the tab; without JavaScript, nothing is kept or sent.</p>",
    ),
    ("heading", "The self-assessment"),
    (
        "paragraph",
        "<p>The self-assessment under a guide stores nothing. Your answers are part of the "
        "address of its result page. They reach us only if you carry them on to the contact "
        "form, where they start your message, for you to change before you send it.</p>",
    ),
    ("heading", "Who can read it"),
    (
        "paragraph",
        "<p>People who sign in to the site’s administration as editors or moderators, and its "
        "administrators, can read the messages and download them as a spreadsheet. Moderators "
        "and administrators can delete one; nobody can change one. The email copy goes to the "
        "address the site is set up to notify.</p>",
    ),
    ("heading", "How long it is kept"),
    (
        "paragraph",
        "<p>A message is kept until someone deletes it: the site deletes none by itself.</p>",
    ),
    ("heading", "Seeing or deleting what we hold"),
    ("contact_email", {"text": "To see what we hold about you, or to have it deleted, write to"}),
    ("heading", "Server logs and errors"),
    (
        "paragraph",
        "<p>For each request, the site writes a line to its log: the time, the address of the "
        "page without anything after a question mark, the answer’s status, how long it took, "
        "and your IP address. The web server’s own access log, where it is switched on, also "
        "records the full address, the page you came from and your browser’s name. The logs "
        "are there to find faults. The site keeps no copy of them: they go to wherever it is "
        "hosted, which decides how long they are kept.</p><p>If a page fails with an error "
        "and error reporting is set up, a report of the error goes to Sentry, an "
        "error-tracking service, with the page’s full address and your browser’s name, but "
        "not your IP address, your cookies or a message you sent.</p>",
    ),
]

# key: (parent key, model, slug, title, summary, live, extra fields), as in a spec's PAGES.
# It comes after the contact page, which it links.
PAGE = (
    "privacy",
    "home",
    "pages.StandardPage",
    "privacy",
    "Privacy",
    SUMMARY,
    True,
    {"body": BODY},
)

SEARCH_APPEARANCE = {
    "seo_title": "Privacy: what this site stores about you, and why",
    "search_description": "No cookie for reading, and visits counted without one: what the "
    "site counts and stores, who can read it, how long it is kept, and how to have it deleted.",
}
