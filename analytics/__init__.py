"""Cookie-free, first-party analytics: page views, visitors, sources, campaigns, goals and
site-search terms, counted per page and day without storing anything that names a visitor
(docs/analytics.md says how)."""
