"""The site search: its view (views.py), its ranking (search_rank.py) and what a result shows
(highlight.py). What a page offers it is SiteSearchMixin's (pages/models/mixins.py)."""
