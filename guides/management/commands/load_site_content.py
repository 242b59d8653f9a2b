"""Build the seeded site from the content spec: every page, the guide, its FAQ and statistics.

Idempotent: what exists is left as it is, so a second run creates nothing and an editor's
changes are never overwritten; the one exception is the spec's SEED_CORRECTIONS
(docs/architecture.md, "The seeded site").
"""

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

VERDICTS = ("verdict_none", "verdict_some", "verdict_several")


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

    def load(self):
        home, home_is_new = self.load_home()
        message = apply_site_url()
        if message:
            self.stdout.write(f"  {message}")
        self.load_settings(home.get_site())
        self.load_triggers()
        self.sources = self.load_sources()
        self.pages = {"home": home}
        self.created_pages = set()
        specs = {spec[0]: spec for spec in self.content.PAGES}
        for key, spec in specs.items():
            if key != self.content.GUIDE_KEY:
                self.pages[key] = self.load_page(*spec)
        self.pages[self.content.GUIDE_KEY] = self.load_guide(*specs[self.content.GUIDE_KEY])
        self.correct_pages(specs)
        self.choose_settings_pages(home.get_site())
        self.pages["author"] = self.author  # made also when every guide exists already
        if home_is_new:
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
        existing = HomePage.objects.first()
        if existing:
            self.report(False, "/ (home page)")
            return existing, False
        site = Site.objects.filter(is_default_site=True).first()
        root = Page.get_first_root_node()
        # Replace the placeholder page that Wagtail's initial migration creates.
        for placeholder in root.get_children().filter(content_type__model="page"):
            if not placeholder.get_children().exists():
                placeholder.delete()
        fields = {name: value for name, value in self.content.HOME.items() if name != "body"}
        home = HomePage(slug="home", **fields, **self.content.SEARCH_APPEARANCE["home"], live=False)
        root.add_child(instance=home)
        site = site or Site(hostname="localhost", port=80, is_default_site=True)
        site.root_page = home
        site.save()
        self.report(True, "/ (home page)")
        return home, True

    def load_settings(self, wagtail_site):
        exists = SiteSettings.objects.filter(site=wagtail_site).exists()
        if not exists:
            values = dict(self.content.SETTINGS)
            values["certifications"] = [
                ("certification", {"text": text, "url": ""})
                for text in values.get("certifications", [])
            ]
            SiteSettings.objects.create(site=wagtail_site, **values)
        self.report(not exists, "site settings")

    def choose_settings_pages(self, wagtail_site):
        """Point the site settings' page choosers (SETTINGS_PAGES) at the pages made in this
        run, unless one is chosen already: the editor may have chosen otherwise."""
        site_settings = SiteSettings.for_site(wagtail_site)
        chosen = []
        for name, key in self.content.SETTINGS_PAGES.items():
            if key in self.created_pages and getattr(site_settings, f"{name}_id") is None:
                setattr(site_settings, name, self.pages[key])
                chosen.append(name)
        if chosen:
            site_settings.save(update_fields=chosen)
            self.stdout.write(f"  chose    {', '.join(chosen)} in the site settings")

    def label(self, parent, slug):
        return f"{parent.url_path[len(self.pages['home'].url_path) - 1 :]}{slug}/"

    def existing(self, parent, slug):
        return parent.get_children().filter(slug=slug).specific().first()

    def publish_new(self, key, page, live, label):
        """Save a page just added to the tree as its first revision, published if live."""
        revision = page.save_revision()
        if live:
            revision.publish()
        self.created_pages.add(key)
        self.report(True, f"{label} ({'live' if live else 'planned draft'})")

    def spec_value(self, name, value):
        """A field's value from the spec: a body as blocks, rich text with its page links."""
        if name == "body":
            return [self.block(kind, block_value) for kind, block_value in value]
        return link_pages(value, self.page_ids) if isinstance(value, str) else value

    def spec_fields(self, key, summary, fields):
        """A page of PAGES's summary, search appearance and extra fields, as the spec says."""
        values = {"summary": summary, **self.content.SEARCH_APPEARANCE.get(key, {}), **fields}
        return {name: self.spec_value(name, value) for name, value in values.items()}

    def add_related(self, page, fields):
        for n, related_key in enumerate(fields.get("related", [])):
            page.related_guides.add(RelatedGuide(guide=self.pages[related_key], sort_order=n))

    def load_page(self, key, parent_key, model_label, slug, title, summary, live, fields):
        parent = self.pages[parent_key]
        label = self.label(parent, slug)
        if existing := self.existing(parent, slug):
            self.report(False, label)
            return existing
        values = self.spec_fields(key, summary, fields)
        values.pop("related", None)
        page = apps.get_model(model_label)(title=title, slug=slug, live=False, **values)
        if key in self.content.MENU:
            page.show_in_menus, page.menu_title = True, self.content.MENU[key]
        if isinstance(page, GuidePage):
            page.author = self.author
        self.add_related(page, fields)
        parent.add_child(instance=page)
        self.publish_new(key, page, live, label)
        return page

    def block(self, kind, value):
        if kind == "heading":
            return ("heading", {"text": value, "level": "h2", "anchor": ""})
        if kind == "paragraph":
            return ("paragraph", RichText(link_pages(value, self.page_ids)))
        if kind == "call_to_action":
            text = RichText(link_pages(value.get("text", ""), self.page_ids))
            return ("call_to_action", {"page": None, **value, "text": text})
        if kind in ("contact_email", "analytics_statement"):
            return (kind, value)
        raise ValueError(f"Unknown block kind {kind!r}")

    def load_guide(self, key, parent_key, model_label, slug, title, summary, live, fields):
        parent = self.pages[parent_key]
        label = self.label(parent, slug)
        if existing := self.existing(parent, slug):
            self.report(False, label)
            self.pages[key] = existing
            self.pages["assessment"] = self.load_assessment(existing)
            self.correct_faq(existing, label)
            return existing
        guide = parse_guide(self.content.GUIDE_TEXT.read_text(encoding="utf-8"), self.content)
        statistics = self.load_statistics(guide.table_rows)
        calls = self.content.GUIDE_CALLS_TO_ACTION
        body = []
        for kind, value in guide.blocks:
            if kind == "heading" and value == calls["first"]["before_heading"]:
                body.append(self.call_to_action(calls["first"]))
            if kind == "paragraph" and value.startswith(calls["closing"]["line_starts"]):
                body.append(self.call_to_action(calls["closing"], text=self.paragraph_html(value)))
            elif kind == "definition":
                definition = RichText(link_pages(self.paragraph_html(value), self.page_ids))
                term = self.content.DEFINITION_TERM
                body.append(("definition", {"term": term, "definition": definition}))
            elif kind == "paragraph":
                body.append(self.paragraph(value))
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
        page = GuidePage(
            title=guide.title,
            slug=slug,
            summary=summary,
            **self.content.SEARCH_APPEARANCE[key],
            author=self.author,
            live=False,
            body=body,
        )
        # Rows added in code get no sort_order (the admin's form sets one): give each its
        # place, or PostgreSQL lists them in any order.
        short_answers = getattr(self.content, "FAQ_SHORT_ANSWERS", {})
        for n, question in enumerate(guide.faq_questions):
            answer = self.content.FAQ_ANSWERS[question]  # None: awaiting an answer
            entry = FaqEntry(
                question=question,
                answer=link_pages(answer, self.page_ids) if answer else "",
                short_answer=short_answers.get(question, ""),
                awaiting_answer=answer is None,
                sort_order=n,
            )
            page.faq_entries.add(entry)
        self.add_related(page, fields)
        parent.add_child(instance=page)
        self.pages[key] = page
        # The self-assessment is the guide's child, and the guide's first call to action
        # links it: the guide is published once that link is in place.
        self.pages["assessment"] = assessment = self.load_assessment(page)
        for child in page.body:
            if child.block_type == "call_to_action" and "secondary_text" in child.value:
                child.value["secondary_page"] = assessment
        self.publish_new(key, page, live, label)
        return page

    @property
    def corrections(self):
        return getattr(self.content, "SEED_CORRECTIONS", {})

    def unchanged(self, page, name, earlier):
        """Whether a field still holds what an earlier spec wrote (a body: its paragraphs)."""
        if name == "body":
            stored = [(block["type"], block["value"]) for block in page.body.raw_data]
            return stored == [(kind, link_pages(html, self.page_ids)) for kind, html in earlier]
        return getattr(page, name) == self.spec_value(name, earlier)

    def correct_pages(self, specs):
        """SEED_CORRECTIONS["pages"] on the pages that existed before this run: all of a
        page's listed fields still as the earlier spec wrote them, or none is changed."""
        for key, earlier in self.corrections.get("pages", {}).items():
            page = self.pages.get(key)
            if page is None or key in self.created_pages:
                continue
            if not all(self.unchanged(page, name, value) for name, value in earlier.items()):
                continue  # an editor has changed it: theirs
            label = f"{page.url_path}: {', '.join(earlier)}"
            if self.draft_in_progress(page, label):
                continue
            _key, _parent, _model, _slug, _title, summary, _live, fields = specs[key]
            now = self.spec_fields(key, summary, fields)
            for name in earlier:
                setattr(page, name, now[name])
            self.publish_correction(page, label)

    def correct_faq(self, guide, label):
        """On a guide an earlier spec made: hold back as awaiting an answer each question
        whose answer is still the one SEED_CORRECTIONS["awaiting_answers"] says that spec
        wrote; and, when no entry has a short answer yet (a guide from before short answers),
        give each the spec's."""
        entries = list(guide.faq_entries.all())
        earlier = self.corrections.get("awaiting_answers", {})
        changed = []
        for entry in entries:
            answer = earlier.get(entry.question)
            if (
                answer
                and not entry.awaiting_answer
                and entry.answer == link_pages(answer, self.page_ids)
            ):
                entry.awaiting_answer, entry.answer = True, ""
                changed.append("awaiting an answer")
        short_answers = getattr(self.content, "FAQ_SHORT_ANSWERS", {})
        if not any(entry.short_answer for entry in entries):
            for entry in entries:
                if entry.question in short_answers:
                    entry.short_answer = short_answers[entry.question]
                    changed.append("short answers")
        label = f"{label}: FAQ {', '.join(sorted(set(changed)))}"
        if changed and not self.draft_in_progress(guide, label):
            guide.faq_entries = entries
            self.publish_correction(guide, label)

    def draft_in_progress(self, page, label):
        """A page with a draft in progress is left as it is: a correction would publish the
        editor's draft, or be lost under it."""
        if page.has_unpublished_changes:
            self.stdout.write(f"  skipped  {label} (a draft is in progress; left as it is)")
        return page.has_unpublished_changes

    def publish_correction(self, page, label):
        revision = page.save_revision(log_action=True)
        if page.live:
            revision.publish()
        self.report(True, f"{label} (corrected)")

    def call_to_action(self, spec, text=None):
        value = {key: spec[key] for key in ("heading", "text", "link_text") if key in spec}
        if text is not None:
            value["text"] = text
        kind, block = self.block("call_to_action", value)
        if "secondary_text" in spec:
            block.update(secondary_page=None, secondary_text=spec["secondary_text"])
        return kind, block

    def load_assessment(self, guide):
        """The guide's self-assessment (the spec's ASSESSMENT), live, unless it exists."""
        spec = self.content.ASSESSMENT
        label = self.label(guide, spec["slug"])
        if existing := self.existing(guide, spec["slug"]):
            self.complete_verdicts(existing, spec, label)
            return existing
        values = {name: value for name, value in spec.items() if name != "questions"}
        page = AssessmentPage(
            **{name: self.spec_value(name, value) for name, value in values.items()},
            **self.content.SEARCH_APPEARANCE["assessment"],
            live=False,
        )
        for n, fields in enumerate(spec["questions"]):
            values = {name: value for name, value in fields.items() if name != "trigger"}
            question = AssessmentQuestion(**values, trigger_id=fields["trigger"], sort_order=n)
            question.clean_fields(exclude=["page"])  # a trigger the contact form knows
            page.questions.add(question)
        guide.add_child(instance=page)
        self.publish_new("assessment", page, True, label)
        return page

    def complete_verdicts(self, page, spec, label):
        """An assessment made before it had verdicts gets the spec's. Editors cannot leave a
        verdict empty, so an empty one was never written and filling it overwrites nothing.
        Any draft an editor has in progress keeps its changes and stays a draft."""
        missing = {name: spec[name] for name in VERDICTS if not getattr(page, name)}
        if not missing:
            self.report(False, label)
            return
        had_draft = page.has_unpublished_changes
        AssessmentPage.objects.filter(pk=page.pk).update(**missing)  # the live page
        latest = page.get_latest_revision_as_object()
        for name, value in missing.items():
            setattr(page, name, value)
            setattr(latest, name, value)
        revision = latest.save_revision(log_action=True)
        if page.live and not had_draft:
            revision.publish()
        self.report(True, f"{label} (its verdicts)")

    def paragraph_html(self, text):
        return paragraph_html(text, self.content.CROSS_REFERENCES)

    def paragraph(self, text):
        """A paragraph of the guide: with citation links when it holds a sourced claim."""
        html = self.paragraph_html(text)
        citation = self.citation(text)
        if not citation:
            return self.block("paragraph", html)
        return ("cited_paragraph", {"text": RichText(link_pages(html, self.page_ids)), **citation})

    def citation(self, text):
        """The citations (each a source and the claim it backs) and any claim still without a
        source of a passage, from CITED_PASSAGES."""
        for passage in self.content.CITED_PASSAGES:
            if passage["phrase"] in text:
                for _, claim in passage["citations"]:
                    if claim not in text:
                        raise ValueError(f"The claim {claim!r} is not in its passage: {text!r}")
                return {
                    "citations": [
                        {"source": self.sources[key], "claim": claim}
                        for key, claim in passage["citations"]
                    ],
                    "needs_source": passage.get("needs_source", ""),
                }
        return {}

    def load_triggers(self):
        """The spec's TRIGGERS (Snippets › Triggers), in order, each unless its short name
        exists. One is called out only while no trigger is."""
        for fields in self.content.TRIGGERS:
            called_out = fields.get("called_out", False)
            if called_out and Trigger.objects.filter(called_out=True).exists():
                called_out = False
            _, created = Trigger.objects.get_or_create(
                value=fields["value"], defaults={"label": fields["label"], "called_out": called_out}
            )
            self.report(created, f"trigger {fields['value']}")

    def load_sources(self):
        sources = {}
        for key, fields in self.content.SOURCES.items():
            sources[key], created = Source.objects.get_or_create(
                publisher=fields["publisher"], title=fields["title"], defaults=fields
            )
            if created:
                self.report(True, f"source {key}")
        return sources

    def load_statistics(self, rows):
        statistics = []
        for anchor, (finding, figure, source_text) in zip(
            self.content.STATISTIC_ANCHORS, rows, strict=True
        ):
            source = self.sources[source_text]
            statistic, created = Statistic.objects.get_or_create(
                anchor=anchor, defaults={"finding": finding, "figure": figure, "source": source}
            )
            self.report(created, f"statistic {figure} ({finding})")
            statistics.append(statistic)
        return statistics

    @cached_property
    def author(self):
        """The AUTHOR's profile page under the about page, live, unless it exists. A name
        the spec marks as a placeholder is kept as such, so an editor who gives the page a
        personal name, or another address, still has the page the loader looks for."""
        spec = dict(self.content.AUTHOR)
        placeholder = spec.pop("name_is_placeholder", False)
        name = spec.pop("name")
        parent, slug = self.pages["about"], slugify(name)
        label = self.label(parent, slug)
        profiles = ProfilePage.objects.child_of(parent)
        existing = profiles.filter(slug=slug).first()
        if existing is None and placeholder:
            existing = profiles.filter(placeholder_name=name).first()
        if existing:
            self.report(False, label)
            return existing
        page = ProfilePage(
            title=name,
            slug=slug,
            placeholder_name=name if placeholder else "",
            **spec,
            **self.content.SEARCH_APPEARANCE.get("author", {}),
            live=False,
        )
        parent.add_child(instance=page)
        self.publish_new("author", page, True, label)
        return page
