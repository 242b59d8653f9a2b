"""Build the seeded site from the content spec: every page, the guide, its FAQ and statistics.

Idempotent: what exists is left as it is (docs/architecture.md, "The seeded site")."""

import importlib
from functools import cached_property

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.text import slugify
from wagtail.models import Page, Site
from wagtail.rich_text import RichText

from guides.content.guide_text import link_pages, paragraph_html, parse_guide
from guides.models import (
    AssessmentPage,
    AssessmentQuestion,
    FaqEntry,
    GuidePage,
    ProfilePage,
    RelatedGuide,
    Source,
    Statistic,
)
from pages.models import HomePage, SiteSettings, Trigger
from pages.site_url import apply_site_url


class Command(BaseCommand):
    help = "Create the seeded pages, guide, FAQ entries and statistics that do not exist yet."

    def add_arguments(self, parser):
        parser.add_argument(
            "--content",
            default="guides.content.site",
            metavar="MODULE",
            help="The content spec to load, as a module path (default: %(default)s, the "
            "client's site). The tests load a neutral site of their own: tests.content.site.",
        )

    def handle(self, *args, **options):
        try:
            self.content = importlib.import_module(options["content"])
        except ModuleNotFoundError as error:
            raise CommandError(f"No content spec {options['content']!r}: {error}") from error
        self.created = self.skipped = 0
        with transaction.atomic():
            self.load()
        self.stdout.write(
            self.style.SUCCESS(f"Site content: {self.created} created, {self.skipped} skipped.")
        )

    def report(self, created, label):
        if created:
            self.created += 1
            self.stdout.write(f"  created  {label}")
        else:
            self.skipped += 1
            self.stdout.write(f"  skipped  {label} (exists; left as it is)")

    def get_or_create(self, model, label, defaults, **lookup):
        row, created = model.objects.get_or_create(**lookup, defaults=defaults)
        self.report(created, label)
        return row

    def load(self):
        self.created_pages = set()
        self.pages = {"home": self.load_home()}
        if message := apply_site_url():
            self.stdout.write(f"  {message}")
        values = dict(self.content.SETTINGS)
        values["certifications"] = [
            ("certification", {"text": text, "url": ""})
            for text in values.get("certifications", [])
        ]
        site = self.pages["home"].get_site()
        self.get_or_create(SiteSettings, "site settings", values, site=site)
        for fields in self.content.TRIGGERS:
            # One is called out only while no trigger is.
            called_out = fields.get("called_out", False)
            called_out = called_out and not Trigger.objects.filter(called_out=True).exists()
            defaults = {"label": fields["label"], "called_out": called_out}
            self.get_or_create(
                Trigger, f"trigger {fields['value']}", defaults, value=fields["value"]
            )
        self.sources = {}
        for key, fields in self.content.SOURCES.items():
            self.sources[key], created = Source.objects.get_or_create(
                publisher=fields["publisher"], title=fields["title"], defaults=fields
            )
            if created:
                self.report(True, f"source {key}")
        # The guide last: its text links the other pages.
        for spec in sorted(self.content.PAGES, key=lambda spec: spec[0] == self.content.GUIDE_KEY):
            self.load_page(*spec)
        self.choose_settings_pages(site)
        self.pages["author"] = self.author  # made also when every guide exists already
        if "home" in self.created_pages:
            home = self.pages["home"]
            # The stored form, with its page links, as for every rich text field: a RichText
            # would be saved as it renders now, its links fixed to today's addresses.
            home.introduction = link_pages(self.content.HOME["introduction"], self.page_ids)
            home.body = self.spec_value("body", self.content.HOME["body"])
            home.featured_page = self.pages[self.content.GUIDE_KEY]
            home.featured_link = self.pages["assessment"]
            home.save_revision().publish()

    @property
    def page_ids(self):
        return {key: page.id for key, page in self.pages.items()}

    def load_home(self):
        """The home page, as a draft published once the pages it links exist."""
        if home := HomePage.objects.first():
            self.report(False, "/ (home page)")
            return home
        # Found before the placeholder page that Wagtail's initial migration creates is
        # deleted, which deletes its Site too; saved again, it is the home page's.
        site = Site.objects.filter(is_default_site=True).first()
        root = Page.get_first_root_node()
        for placeholder in root.get_children().filter(content_type__model="page", numchild=0):
            placeholder.delete()
        fields = {name: value for name, value in self.content.HOME.items() if name != "body"}
        home = HomePage(slug="home", **fields, **self.content.SEARCH_APPEARANCE["home"], live=False)
        root.add_child(instance=home)
        site = site or Site(hostname="localhost", port=80, is_default_site=True)
        site.root_page = home
        site.save()
        self.created_pages.add("home")
        self.report(True, "/ (home page)")
        return home

    def choose_settings_pages(self, site):
        """Point each unset page chooser of SETTINGS_PAGES at its page, if made in this run."""
        site_settings = SiteSettings.for_site(site)
        chosen = []
        for name, key in self.content.SETTINGS_PAGES.items():
            if key in self.created_pages and getattr(site_settings, f"{name}_id") is None:
                setattr(site_settings, name, self.pages[key])
                chosen.append(name)
        if chosen:
            site_settings.save(update_fields=chosen)
            self.stdout.write(f"  chose    {', '.join(chosen)} in the site settings")

    def label(self, page):
        return page.url_path[len(self.pages["home"].url_path) - 1 :]

    def child(self, parent, slug):
        return parent.get_children().filter(slug=slug).specific().first()

    def add_page(self, key, parent, page, live=True):
        """Add a page made from the spec to the tree, its first revision published if live."""
        page.live = False  # until its revision is published
        parent.add_child(instance=page)
        self.pages[key] = page
        if key == self.content.GUIDE_KEY:
            # The self-assessment is the guide's child, and the guide's first call to action
            # links it: the guide is published once that link is in place.
            self.pages["assessment"] = assessment = self.load_assessment(page)
            for child in page.body:
                if child.block_type == "call_to_action" and "secondary_text" in child.value:
                    child.value["secondary_page"] = assessment
        revision = page.save_revision()
        if live:
            revision.publish()
        self.created_pages.add(key)
        self.report(True, f"{self.label(page)} ({'live' if live else 'planned draft'})")
        return page

    def rich(self, html):
        return RichText(link_pages(html, self.page_ids))

    def spec_value(self, name, value):
        """A field's value from the spec: a body as blocks, rich text with its page links."""
        if name == "body":
            return [self.block(kind, block_value) for kind, block_value in value]
        return link_pages(value, self.page_ids) if isinstance(value, str) else value

    def spec_fields(self, key, fields):
        """A page's fields and search appearance (SEARCH_APPEARANCE), as the spec says."""
        values = {**self.content.SEARCH_APPEARANCE.get(key, {}), **fields}
        return {name: self.spec_value(name, value) for name, value in values.items()}

    def block(self, kind, value):
        if kind == "heading":
            return ("heading", {"text": value, "level": "h2", "anchor": ""})
        if kind == "paragraph":
            return ("paragraph", self.rich(value))
        if kind == "call_to_action":
            text = self.rich(value.get("text", ""))
            return ("call_to_action", {"page": None, **value, "text": text})
        if kind in ("contact_email", "analytics_statement"):
            return (kind, value)
        raise ValueError(f"Unknown block kind {kind!r}")

    def load_page(self, key, parent_key, model_label, slug, title, summary, live, fields):
        parent = self.pages[parent_key]
        if page := self.child(parent, slug):
            self.report(False, self.label(page))
            self.pages[key] = page
            if key == self.content.GUIDE_KEY:
                self.pages["assessment"] = self.load_assessment(page)
            return
        model = apps.get_model(model_label)
        values = self.spec_fields(key, {"title": title, "summary": summary, **fields})
        if related := values.pop("related", None):
            values["related_guides"] = [
                RelatedGuide(guide=self.pages[related_key], sort_order=n)
                for n, related_key in enumerate(related)
            ]
        if key == self.content.GUIDE_KEY:
            values.update(self.guide_fields())
        if issubclass(model, GuidePage):
            values["author"] = self.author
        menu = self.content.MENU
        page = model(slug=slug, show_in_menus=key in menu, menu_title=menu.get(key, ""), **values)
        self.add_page(key, parent, page, live)

    def guide_fields(self):
        """The guide's title, body and FAQ entries, from GUIDE_TEXT; its statistics made."""
        guide = parse_guide(self.content.GUIDE_TEXT.read_text(encoding="utf-8"), self.content)
        rows = zip(self.content.STATISTIC_ANCHORS, guide.table_rows, strict=True)
        statistics = []
        for anchor, (finding, figure, source) in rows:
            defaults = {"finding": finding, "figure": figure, "source": self.sources[source]}
            label = f"statistic {figure} ({finding})"
            statistics.append(self.get_or_create(Statistic, label, defaults, anchor=anchor))
        calls = self.content.GUIDE_CALLS_TO_ACTION
        first, closing = calls["first"], calls["closing"]
        body = []
        for kind, value in guide.blocks:
            if kind == "heading" and value == first["before_heading"]:
                body.append(self.call_to_action(first, first["text"]))
            if kind == "paragraph" and value.startswith(closing["line_starts"]):
                body.append(self.call_to_action(closing, self.paragraph_html(value)))
            elif kind == "definition":
                definition = self.rich(self.paragraph_html(value))
                term = self.content.DEFINITION_TERM
                body.append(("definition", {"term": term, "definition": definition}))
            elif kind == "paragraph" and (citation := self.citation(value)):
                text = self.rich(self.paragraph_html(value))
                body.append(("cited_paragraph", {"text": text, **citation}))
            elif kind == "paragraph":
                body.append(self.block("paragraph", self.paragraph_html(value)))
            elif kind == "labelled_list":
                items = [{**item, **self.citation(item["text"])} for item in value]
                body.append(("labelled_list", {"items": items}))
            elif kind == "statistics_table":
                caption = self.content.STATISTICS_CAPTION
                table = {"caption": caption, "statistics": statistics, "note": ""}
                body.append(("statistics_table", table))
            elif kind == "faq_section":
                body.append(("faq_section", {"heading": self.content.FAQ_SECTION_HEADING}))
            else:
                body.append(self.block(kind, value))
        missing = set(guide.faq_questions) ^ set(self.content.FAQ_ANSWERS)
        if missing:
            raise ValueError(f"FAQ answers and the guide's questions differ: {sorted(missing)}")
        # Rows added in code get no sort_order (the admin's form sets one): give each its
        # place, or PostgreSQL lists them in any order.
        answers = self.content.FAQ_ANSWERS  # None: awaiting an answer
        entries = [
            FaqEntry(
                question=question,
                answer=link_pages(answers[question], self.page_ids) if answers[question] else "",
                short_answer=self.content.FAQ_SHORT_ANSWERS.get(question, ""),
                awaiting_answer=answers[question] is None,
                sort_order=n,
            )
            for n, question in enumerate(guide.faq_questions)
        ]
        return {"title": guide.title, "body": body, "faq_entries": entries}

    def call_to_action(self, spec, text):
        value = {"heading": spec["heading"], "text": text, "link_text": spec["link_text"]}
        if "secondary_text" in spec:
            value.update(secondary_page=None, secondary_text=spec["secondary_text"])
        return self.block("call_to_action", value)

    def paragraph_html(self, text):
        return paragraph_html(text, self.content.CROSS_REFERENCES)

    def citation(self, text):
        """A passage's citations and any claim still without a source, from CITED_PASSAGES."""
        for passage in self.content.CITED_PASSAGES:
            if passage["phrase"] in text:
                citations = []
                for key, claim in passage["citations"]:
                    if claim not in text:
                        raise ValueError(f"The claim {claim!r} is not in its passage: {text!r}")
                    citations.append({"source": self.sources[key], "claim": claim})
                return {"citations": citations, "needs_source": passage.get("needs_source", "")}
        return {}

    def load_assessment(self, guide):
        """The guide's self-assessment (the spec's ASSESSMENT), live, unless it exists."""
        values = dict(self.content.ASSESSMENT)
        questions = values.pop("questions")
        if page := self.child(guide, values["slug"]):
            self.report(False, self.label(page))
            return page
        page = AssessmentPage(**self.spec_fields("assessment", values))
        for n, fields in enumerate(questions):
            values = {name: value for name, value in fields.items() if name != "trigger"}
            question = AssessmentQuestion(**values, trigger_id=fields["trigger"], sort_order=n)
            question.clean_fields(exclude=["page"])  # a trigger the contact form knows
            page.questions.add(question)
        return self.add_page("assessment", guide, page)

    @cached_property
    def author(self):
        """The AUTHOR's profile page under the about page, unless it exists: found also by a
        placeholder name (placeholder_name) once an editor gives it a personal one."""
        spec = dict(self.content.AUTHOR)
        placeholder = spec.pop("name_is_placeholder", False)
        name = spec.pop("name")
        parent, slug = self.pages["about"], slugify(name)
        profiles = ProfilePage.objects.child_of(parent)
        existing = profiles.filter(slug=slug).first()
        if existing is None and placeholder:
            existing = profiles.filter(placeholder_name=name).first()
        if existing:
            self.report(False, f"{self.label(parent)}{slug}/")
            return existing
        values = {"title": name, "slug": slug, "placeholder_name": name if placeholder else ""}
        page = ProfilePage(**self.spec_fields("author", {**values, **spec}))
        return self.add_page("author", parent, page)
