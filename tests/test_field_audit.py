"""Nothing stored that no one sees: every field an editor fills in reaches a reader.

The fields are listed from the admin's own edit forms (pages, their inline rows, snippets and
site settings of our apps), so a new field joins the audit by itself. Each text or date field
gets a value of its own; then every public output is read once (the pages, their markdown
copies, the feed, llms.txt, robots.txt, the sitemap, the evidence downloads, the assessment's
results and the contact form's thanks). A field whose value shows in none of them fails,
unless it is listed below with where else it is read, or as admin-only with the reason.
"""

import datetime

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Value
from django.db.models.functions import Cast, Concat
from wagtail.admin.panels import get_edit_handler
from wagtail.contrib.settings.registry import registry as settings_registry
from wagtail.fields import RichTextField
from wagtail.models import Page, get_page_models
from wagtail.snippets.models import get_snippet_models

from guides.models import AssessmentPage
from pages.models import BasePage
from tests.fixtures import clear_caches
from tests.test_seo import LIVE_URLS

OUR_APPS = {"pages", "guides", "analytics"}

# Fields that are not text or dates: what each does for a reader, and the test that shows it.
READ_OTHERWISE = {
    "BasePage.noindex": "the robots meta tag and the sitemap (test_seo)",
    "BasePage.social_image": "og:image (test_page_cache, test_content_checks)",
    "HomePage.body": "the home page's blocks (test_home)",
    "HomePage.featured_page": "the featured guide (test_home)",
    "HomePage.featured_link": "the featured guide's second link (test_home)",
    "StandardPage.body": "the page's blocks (test_visitor_pages, test_privacy)",
    "GuidePage.body": "the guide's blocks (test_guide_content)",
    "GuidePage.author": "the byline and the Article's author (test_profiles)",
    "GuidePage.reviewed_by": "the byline's reviewer and the WebPage's reviewedBy (test_profiles)",
    "RelatedGuide.guide": "the guide's read-next list (test_read_next)",
    "ProfilePage.photo": "the profile's photo and the Person's image (test_profiles)",
    "ProfilePage.profile_links": "the profile's links and the Person's sameAs (test_profiles)",
    "AssessmentPage.several_from": "which verdict a result gives (test_assessment)",
    "AssessmentQuestion.trigger": "the result's answers and the lead's triggers (test_assessment)",
    "AssessmentQuestion.section": "the link from a quoted passage to its section of the guide, "
    "while that anchor exists (test_assessment)",
    "Statistic.source": "the table's source cell (test_statistics_table)",
    "Trigger.value": "the short name in the assessment's and the contact form's inputs and "
    "links (test_triggers); a key the questions and stored leads refer to",
    "Trigger.called_out": "the contact form's choice from the assessment's link, and the "
    "result's first answer (test_triggers)",
    "FaqEntry.awaiting_answer": "keeps the question off the guide, its FAQPage, its markdown "
    "copy and /faq/ (test_faq)",
    "SiteSettings.logo": "the Organization's logo (test_seo)",
    "SiteSettings.profile_links": "the Organization's sameAs (test_structured_data_vocabulary)",
    "SiteSettings.certifications": "the footer's lines and links (test_visitor_pages)",
    "SiteSettings.privacy_page": "the footer's and the consent box's link (test_privacy)",
    "SiteSettings.analytics_enabled": "the analytics script on every page, or none "
    "(test_analytics_pages)",
    "SiteSettings.analytics_endpoint": "the script's second address and the pages' connect-src "
    "(test_analytics_pages)",
    "SiteSettings.analytics_retention_days": "the privacy page's statement of how long counts "
    "are kept, and the pruning (test_analytics_pages, test_analytics_collector)",
}
# Fields only editors see, and why they need no reader.
ADMIN_ONLY = {
    "BasePage.key_phrase": "the phrase the publish checks look for; it shapes the copy",
    "SiteSettings.stale_after_days": "when the admin calls a figure stale",
    "SiteSettings.thin_page_words": "when the checks before publishing call a guide thin",
    "ReferrerHost.host": "which referrers the traffic report names (test_analytics_sources)",
    "ReferrerHost.label": "a source's name in the traffic report (test_analytics_reports)",
    "ReferrerHost.kind": "whether the traffic report counts a source as an AI assistant, a search "
    "engine or a social network (test_analytics_reports)",
}


def form_fields(model):
    """(model, field name) of every field the model's admin form edits, inline rows included."""
    handler = model.get_edit_handler() if issubclass(model, Page) else get_edit_handler(model)
    options = handler.get_form_options()
    yield from ((model, name) for name in options["fields"])
    for relation, formset in options.get("formsets", {}).items():
        child = model._meta.get_field(relation).related_model
        yield from ((child, name) for name in formset.get("fields", []))


def editor_fields():
    """{"Model.field": (field, the models that store it)} for the fields declared in our
    apps (not Wagtail's own page fields). A field of the base page is one entry, stored by
    every page type."""
    models_ = [
        *(m for m in get_page_models() if m._meta.app_label in OUR_APPS),
        *(m for m in get_snippet_models() if m._meta.app_label in OUR_APPS),
        *(m for m in settings_registry if m._meta.app_label in OUR_APPS),
    ]
    base_page_fields = {field.name for field in BasePage._meta.fields}
    fields = {}
    for model in models_:
        for owner, name in form_fields(model):
            try:
                field = owner._meta.get_field(name)
            except FieldDoesNotExist:  # a form-only field, such as comment notifications
                continue
            if field.model._meta.app_label not in OUR_APPS:
                continue
            key = f"{'BasePage' if name in base_page_fields else field.model.__name__}.{name}"
            fields.setdefault(key, (field, set()))[1].add(field.model)
    return fields


def marker_value(index, field):
    """A value of the field's kind that no page shows by chance, and the strings that show it."""
    if isinstance(field, models.DateField):
        day = datetime.date(2040, 1, 1) + datetime.timedelta(days=3 * index)
        return day, [day.isoformat(), f"{day.day} {day:%B %Y}", f"{day.day} {day:%b %Y}"]
    text = f"zq{index}q"
    if field.name == "publication_date":  # a partial date: YYYY-MM
        return f"{2040 + index}-07", [f"{2040 + index}-07", f"Jul {2040 + index}"]
    if isinstance(field, models.URLField):
        return f"https://example.com/{text}", [text]
    if isinstance(field, models.EmailField):
        return f"{text}@example.com", [text]
    if isinstance(field, RichTextField):
        return f"<p>{text}</p>", [text]
    if isinstance(field, models.CharField | models.TextField) and not field.choices:
        return text, [text]
    return None, []


def reader_outputs(client):
    urls = [
        *LIVE_URLS,
        *(f"{url}index.html.md" for url in LIVE_URLS),
        "/contact/thanks/",
        "/feeds/guides/",
        "/llms.txt",
        "/llms-full.txt",
        "/robots.txt",
        "/sitemap.xml",
        "/evidence.csv",
        "/evidence.json",
    ]
    assessment = AssessmentPage.objects.live().first()
    triggers = list(assessment.questions.values_list("trigger", flat=True))
    for ticked in ([], triggers[:1], triggers):
        query = "&".join(f"triggers={trigger}" for trigger in ticked)
        urls.append(f"{assessment.url}result/?{query}")
    outputs = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        outputs[url] = response.content.decode()
    return outputs


def test_every_field_an_editor_fills_in_reaches_a_reader(client, db):
    expected = {}
    for index, (key, (field, stored_by)) in enumerate(sorted(editor_fields().items())):
        if key in READ_OTHERWISE or key in ADMIN_ONLY:
            continue
        value, shown_as = marker_value(index, field)
        assert value is not None, (
            f"{key} is neither text nor a date: say in READ_OTHERWISE where a reader meets it "
            "(and which test shows it), or in ADMIN_ONLY why no reader needs it"
        )
        if field.unique:  # each row its own value: the marker and the row's id
            value = Concat(Value(f"{value}-"), Cast("pk", models.CharField()))
        for model in stored_by:
            model._default_manager.update(**{field.name: value})
        expected[key] = shown_as
    clear_caches()

    text = "\n".join(reader_outputs(client).values())
    unread = [key for key, shown_as in expected.items() if not any(s in text for s in shown_as)]
    assert unread == [], f"fields that no page, feed, copy or export shows: {unread}"


def test_the_lists_name_only_fields_that_exist(db):
    fields = editor_fields()
    assert set(READ_OTHERWISE) - set(fields) == set()
    assert set(ADMIN_ONLY) - set(fields) == set()
