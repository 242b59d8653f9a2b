"""The goals a page can fire (`data-goal` and `data-goal-view` in its template; see
docs/analytics.md): the steps towards a lead. The collector drops any other name."""

# In funnel order, with the words the reports use.
GOALS = {
    "assessment_started": "Assessment started",
    "assessment_result": "Assessment result",
    "contact_opened": "Contact form opened",
    "lead_sent": "Lead sent",
}
