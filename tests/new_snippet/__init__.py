"""A Django app that exists only in the tests (settings/test.py installs it).

It registers one snippet model the way any app would, and touches nothing in truvisory/ or
pages/: the page cache must notice changes to it by itself (tests/test_page_cache.py).
"""
