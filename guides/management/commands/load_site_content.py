"""Build the seeded site map: every page of the brief, the guide, its FAQ and statistics.

Idempotent: anything that already exists is left exactly as it is, so a second run
creates nothing, and an editor's later changes are never overwritten. The one exception is
the spec's SEED_CORRECTIONS, for databases an earlier version of the spec built: a field
that still holds exactly what that version wrote, on a page without a draft in progress,
is set to what the spec says now (guides/content/site.py says why each one is there).

A page's dates are the system's: its first publication here is its "published" date and its
first last-change time (pages/changes.py), to the microsecond, so no two seeded guides share
a feed entry's `updated`. The editor's "first published" field is left blank, for a guide
first published elsewhere.
"""

import importlib

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
        guide_spec = None
        for spec in self.content.PAGES:
            if spec[0] == self.content.GUIDE_KEY:
                guide_spec = spec
                continue
            self.pages[spec[0]] = self.load_page(*spec)
        self.pages[guide_spec[0]] = self.load_guide(*guide_spec)
        self.correct_pages()
        self.choose_settings_pages(home.get_site())
        self.load_author()  # also when every guide exists already
        if home_is_new:
            # The stored form, with its page links, as for every rich text field: a RichText
            # would be saved as it renders now, its links fixed to today's addresses.
            home.introduction = link_pages(self.content.HOME["introduction"], self.page_ids)
            home.body = [self.block(kind, value) for kind, value in self.content.HOME["body"]]
            home.featured_page = self.pages[self.content.GUIDE_KEY]
            home.featured_link = self.pages["assessment"]
            home.save_revision().publish()

    @property
    def page_ids(self):
        return {key: page.id for key, page in self.pages.items()}

    def load_home(self):
        default_site = Site.objects.filter(is_default_site=True).first()
        root = Page.get_first_root_node()
        existing = HomePage.objects.first()
        if existing:
            self.report(False, "/ (home page)")
            return existing, False
        # Replace the placeholder page that Wagtail's initial migration creates.
        for placeholder in root.get_children().filter(content_type__model="page"):
            if not placeholder.get_children().exists():
                placeholder.delete()
        fields = [
            "title",
            "summary",
            "headline",
            "introduction",
            "featured_text",
            "featured_link_text",
            "cta_heading",
            "cta_text",
            "cta_link_text",
        ]
        home = HomePage(
            slug="home",
            **{key: self.content.HOME[key] for key in fields},
            **self.content.SEARCH_APPEARANCE["home"],
            live=False,
        )
        root.add_child(instance=home)
        if default_site:
            default_site.root_page = home
            default_site.save()
        else:
            Site.objects.create(
                hostname="localhost",
                port=80,
                root_page=home,
                is_default_site=True,
            )
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
        """Point the site settings' page choosers (the spec's SETTINGS_PAGES, such as the
        privacy page) at the pages made in this run. A choice that is already there, or a
        page that existed before, is left alone: the editor may have chosen otherwise."""
        site_settings = SiteSettings.for_site(wagtail_site)
        chosen = []
        for name, key in self.content.SETTINGS_PAGES.items():
            if key in self.created_pages and getattr(site_settings, f"{name}_id") is None:
                setattr(site_settings, name, self.pages[key])
                chosen.append(name)
        if chosen:
            site_settings.save(update_fields=chosen)
            self.stdout.write(f"  chose    {', '.join(chosen)} in the site settings")

    def find_child(self, parent, slug):
        return parent.get_children().filter(slug=slug).specific().first()

    def load_page(self, key, parent_key, model_label, slug, title, summary, live, fields):
        parent = self.pages[parent_key]
        existing = self.find_child(parent, slug)
        label = f"{parent.url_path[len(self.pages['home'].url_path) - 1 :]}{slug}/"
        if existing:
            self.report(False, label)
            return existing
        model = apps.get_model(model_label)
        values = {
            name: link_pages(value, self.page_ids) if isinstance(value, str) else value
            for name, value in fields.items()
            if name not in {"body", "related"}
        }
        page = model(title=title, slug=slug, summary=summary, live=False, **values)
        for name, value in self.content.SEARCH_APPEARANCE.get(key, {}).items():
            setattr(page, name, value)
        if key in self.content.MENU:
            page.show_in_menus, page.menu_title = True, self.content.MENU[key]
        if "body" in fields:
            page.body = [self.block(kind, value) for kind, value in fields["body"]]
        if isinstance(page, GuidePage):
            page.author = self.load_author()
        for n, related_key in enumerate(fields.get("related", [])):
            page.related_guides.add(RelatedGuide(guide=self.pages[related_key], sort_order=n))
        self.save_new_page(parent, page, live)
        self.created_pages.add(key)
        self.report(True, f"{label} ({'live' if live else 'planned draft'})")
        return page

    def save_new_page(self, parent, page, live):
        parent.add_child(instance=page)
        revision = page.save_revision()
        if live:
            revision.publish()

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
        guide = parse_guide(self.content.GUIDE_TEXT.read_text(encoding="utf-8"), self.content)
        existing = self.find_child(self.pages[parent_key], slug)
        if existing:
            label = f"/guides/{self.pages[parent_key].slug}/{slug}/"
            self.report(False, label)
            self.pages[key] = existing
            self.pages["assessment"] = self.load_assessment(existing)
            self.correct_faq(existing, label)
            return existing
        statistics = self.load_statistics(guide.table_rows)
        author = self.load_author()
        body = []
        calls = self.content.GUIDE_CALLS_TO_ACTION
        for kind, value in guide.blocks:
            if kind == "heading" and value == calls["first"]["before_heading"]:
                body.append(self.call_to_action(calls["first"]))
            if kind == "paragraph" and value.startswith(calls["closing"]["line_starts"]):
                body.append(self.call_to_action(calls["closing"], text=self.paragraph_html(value)))
                continue
            if kind == "definition":
                body.append(
                    (
                        "definition",
                        {
                            "term": self.content.DEFINITION_TERM,
                            "definition": RichText(
                                link_pages(self.paragraph_html(value), self.page_ids)
                            ),
                        },
                    )
                )
            elif kind == "paragraph":
                body.append(self.paragraph(value))
            elif kind == "labelled_list":
                items = [{**item, **self.citation(item["text"])} for item in value]
                body.append(("labelled_list", {"items": items}))
            elif kind == "statistics_table":
                body.append(
                    (
                        "statistics_table",
                        {
                            "caption": self.content.STATISTICS_CAPTION,
                            "statistics": statistics,
                            "note": "",
                        },
                    )
                )
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
            author=author,
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
        for n, related_key in enumerate(fields.get("related", [])):
            page.related_guides.add(RelatedGuide(guide=self.pages[related_key], sort_order=n))
        self.pages[parent_key].add_child(instance=page)
        self.pages[key] = page
        # The self-assessment is the guide's child, and the guide's first call to action
        # links it: the guide is published once that link is in place.
        self.pages["assessment"] = assessment = self.load_assessment(page)
        for child in page.body:
            if child.block_type == "call_to_action" and "secondary_text" in child.value:
                child.value["secondary_page"] = assessment
        revision = page.save_revision()
        if live:
            revision.publish()
        self.report(True, f"/guides/{self.pages[parent_key].slug}/{slug}/ (live)")
        return page

    @property
    def corrections(self):
        return getattr(self.content, "SEED_CORRECTIONS", {})

    def spec_values(self, spec):
        """The fields a page of PAGES gets from the spec now: its summary, its search
        appearance and its extra fields (rich text with its page links made)."""
        key, _parent, _model, _slug, _title, summary, _live, fields = spec
        values = {"summary": summary, **self.content.SEARCH_APPEARANCE.get(key, {})}
        for name, value in fields.items():
            if name != "related":
                values[name] = link_pages(value, self.page_ids) if isinstance(value, str) else value
        return values

    def stored(self, page, name):
        """A field as stored, in the spec's terms: a body as (block type, stored value)."""
        if name == "body":
            return [(block["type"], block["value"]) for block in page.body.raw_data]
        return getattr(page, name)

    def as_stored(self, name, value):
        if name == "body":  # paragraphs only: each its rich text, page links made
            return [(kind, link_pages(html, self.page_ids)) for kind, html in value]
        return link_pages(value, self.page_ids) if isinstance(value, str) else value

    def correct_pages(self):
        """SEED_CORRECTIONS["pages"] on the pages that existed before this run: all of a
        page's listed fields still as the earlier spec wrote them, or none is changed."""
        specs = {spec[0]: spec for spec in self.content.PAGES}
        for key, earlier in self.corrections.get("pages", {}).items():
            page = self.pages.get(key)
            if page is None or key in self.created_pages:
                continue
            if any(
                self.stored(page, name) != self.as_stored(name, value)
                for name, value in earlier.items()
            ):
                continue  # an editor has changed it: theirs
            label = f"{page.url_path}: {', '.join(earlier)}"
            if self.draft_in_progress(page, label):
                continue
            now = self.spec_values(specs[key])
            for name in earlier:
                if name == "body":
                    page.body = [self.block(kind, value) for kind, value in specs[key][7]["body"]]
                else:
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
        """Save the corrected page as a revision, published if the page is live."""
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
        label = f"{guide.url_path[len(self.pages['home'].url_path) - 1 :]}{spec['slug']}/"
        existing = self.find_child(guide, spec["slug"])
        if existing:
            self.complete_verdicts(existing, spec, label)
            return existing
        rich = ("introduction", "result_none", "result_some", "result_several")
        plain = ("title", "summary", "form_heading", "submit_text", "several_from", *VERDICTS)
        page = AssessmentPage(
            slug=spec["slug"],
            **{name: spec[name] for name in plain},
            **{name: link_pages(spec[name], self.page_ids) for name in rich},
            **{name: spec[name] for name in ("cta_heading", "cta_text", "cta_link_text")},
            **self.content.SEARCH_APPEARANCE["assessment"],
            live=False,
        )
        for n, fields in enumerate(spec["questions"]):
            fields = {**fields, "trigger_id": fields["trigger"]}
            del fields["trigger"]
            question = AssessmentQuestion(**fields, sort_order=n)
            question.clean_fields(exclude=["page"])  # a trigger the contact form knows
            page.questions.add(question)
        self.save_new_page(guide, page, live=True)
        self.report(True, f"{label} (live)")
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

    def load_author(self):
        """The AUTHOR's profile page under the about page, live, unless it exists. A name
        the spec marks as a placeholder is kept as such, so an editor who gives the page a
        personal name, or another address, still has the page the loader looks for."""
        if hasattr(self, "author"):
            return self.author
        spec = dict(self.content.AUTHOR)
        placeholder = spec.pop("name_is_placeholder", False)
        parent, slug = self.pages["about"], slugify(spec["name"])
        profiles = ProfilePage.objects.child_of(parent)
        existing = profiles.filter(slug=slug).first()
        if existing is None and placeholder:
            existing = profiles.filter(placeholder_name=spec["name"]).first()
        label = f"{parent.url_path[len(self.pages['home'].url_path) - 1 :]}{slug}/"
        if existing:
            self.report(False, label)
            self.author = existing
            return existing
        name = spec.pop("name")
        page = ProfilePage(
            title=name,
            slug=slug,
            placeholder_name=name if placeholder else "",
            **spec,
            **self.content.SEARCH_APPEARANCE.get("author", {}),
            live=False,
        )
        self.save_new_page(parent, page, live=True)
        self.report(True, f"{label} (live)")
        self.author = page
        return page
