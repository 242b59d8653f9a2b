"""A Django app that exists only in the tests (settings/test.py installs it).

It adds a snippet model and a page type the way any app would (CONTRIBUTING.md), and
touches nothing in page_cache/, pages/ or guides/: the page cache must notice changes to
the snippet by itself (page_cache/tests/test_page_cache.py), and the page type must link only live
pages and be cached with nothing else edited (tests/test_new_page_type.py).
"""
