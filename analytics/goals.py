"""The goals a page can fire (`data-goal` and `data-goal-view` in its template; see
docs/analytics.md): the steps towards a lead. The collector drops any other name."""

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
