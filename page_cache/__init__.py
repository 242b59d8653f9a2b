"""The page cache: whole pages and their fragments kept for visitors, and emptied (with a CDN
purge and an IndexNow post) by any change a visitor could see. cache.py states the rule."""
