"""The goals a page can fire, and how it fires one.

A goal is one step towards a lead. The script (static/js/analytics.js) sends it to the
collector with the path of the page it happened on; any other name is dropped there.

How a page fires a goal, in its template (no script of its own):
- `data-goal="NAME"` on a <form>: fired when the form is submitted.
- `data-goal="NAME"` on a link or button (or anything else): fired when it is clicked.
- `data-goal-view="NAME"` on any element: fired once when the page loads, for a page that is
  itself the step (the assessment's result, the contact form shown, the thanks after a lead).

Site search works the same way: the results page carries `data-search-term="..."` and
`data-search-results="N"` on one element, and the script sends the term and whether it found
anything (counted in aggregate per day; nothing is written by the search page's own GET).
"""

ASSESSMENT_STARTED = "assessment_started"
ASSESSMENT_RESULT = "assessment_result"
CONTACT_OPENED = "contact_opened"
LEAD_SENT = "lead_sent"

# In funnel order, with the words the reports use.
GOALS = {
    ASSESSMENT_STARTED: "Assessment started",
    ASSESSMENT_RESULT: "Assessment result",
    CONTACT_OPENED: "Contact form opened",
    LEAD_SENT: "Lead sent",
}
