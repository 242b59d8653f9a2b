"""The address of each page of a content spec (guides/content/site.py, or the tests' own
tests/content/site.py), where `load_site_content` puts it: the scripts that measure the
seeded site (scripts/bench.py, loadtest.py, audit.py, sqlmap_contact.py) read their URLs
here, so that a client's new slugs need no change to them."""

from django.utils.text import slugify


def page_paths(content):
    """{key: path} for every page of the spec's PAGES and the home page ("home"), with the
    guide as "guide", its parent as "pillar", its self-assessment as "assessment" and the
    author's profile page as "profile"."""
    specs = {spec[0]: spec for spec in content.PAGES}

    def path(key):
        if key == "home":
            return "/"
        _key, parent, _model, slug, *_rest = specs[key]
        return f"{path(parent)}{slug}/"

    paths = {"home": "/", **{key: path(key) for key in specs}}
    paths["guide"] = paths[content.GUIDE_KEY]
    paths["pillar"] = path(specs[content.GUIDE_KEY][1])
    paths["assessment"] = f"{paths['guide']}{content.ASSESSMENT['slug']}/"
    paths["profile"] = f"{paths['about']}{slugify(content.AUTHOR['name'])}/"
    return paths
