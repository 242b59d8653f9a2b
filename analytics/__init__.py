"""Cookie-free, first-party analytics: page views, visitors, sources, campaigns, goals and
site-search terms, counted per page and day without a cookie or any stored identifier.

How it fits together (see README.md in this folder):
- static/js/analytics.js posts one beacon per page view, goal and site search to the
  collector (views.collect, at /_a/), which answers 204 at once.
- counting.py turns a beacon into counts: Redis counters flushed by a task, or straight into
  the database without Redis.
- sources.py names a referrer's source (ChatGPT, Google, LinkedIn...) from an editable list.
- goals.py is the vocabulary of goals a page can fire.
"""
