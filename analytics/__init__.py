"""Cookie-free, first-party analytics, counted per page and day without storing anything that
names a visitor (docs/analytics.md says how)."""
