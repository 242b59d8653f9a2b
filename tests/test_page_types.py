"""Editors can create every page type where it belongs, and nowhere else."""

from django.contrib.auth import get_user_model
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from guides.models import (
    AssessmentPage,
    EvidencePage,
    FaqIndexPage,
    GuideIndexPage,
    GuidePage,
    ProfileIndexPage,
    ProfilePage,
    Statistic,
)
from pages.models import ContactPage, HomePage, StandardPage


class PageTypeRulesTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = HomePage.objects.get()
        cls.index = GuideIndexPage.objects.get()
        cls.pillar = GuidePage.objects.get(slug="topic")
        cls.cluster = GuidePage.objects.get(slug="example-guide")

    def setUp(self):
        self.user = get_user_model().objects.create_superuser("editor", "e@example.org", "pw")
        self.client.force_login(self.user)

    def test_tree_rules(self):
        self.assertCanCreateAt(Page, HomePage)
        self.assertCanCreateAt(HomePage, GuideIndexPage)
        self.assertCanCreateAt(HomePage, StandardPage)
        self.assertCanCreateAt(HomePage, ContactPage)
        self.assertCanCreateAt(HomePage, FaqIndexPage)
        self.assertCanCreateAt(HomePage, EvidencePage)
        self.assertCanNotCreateAt(GuideIndexPage, EvidencePage)
        self.assertAllowedSubpageTypes(EvidencePage, set())
        self.assertCanCreateAt(GuideIndexPage, GuidePage)
        self.assertCanCreateAt(HomePage, ProfileIndexPage)
        self.assertAllowedSubpageTypes(ProfileIndexPage, {ProfilePage})
        self.assertAllowedParentPageTypes(ProfilePage, {ProfileIndexPage})
        self.assertCanNotCreateAt(HomePage, GuidePage)
        self.assertCanNotCreateAt(StandardPage, StandardPage)
        self.assertAllowedSubpageTypes(GuideIndexPage, {GuidePage})

    def test_guides_are_two_levels_deep(self):
        assert GuidePage.can_create_at(self.index)
        assert GuidePage.can_create_at(self.pillar)
        assert not GuidePage.can_create_at(self.cluster)
        assert not self.cluster.can_move_to(
            self.cluster.get_siblings().exclude(pk=self.cluster.pk).type(GuidePage).first()
            or self.cluster
        )

    def test_unique_pages_cannot_be_added_twice(self):
        for model in (GuideIndexPage, ContactPage, FaqIndexPage, ProfileIndexPage, EvidencePage):
            assert not model.can_create_at(self.home)

    def test_every_live_page_type_renders(self):
        for page in Page.objects.live().filter(depth__gt=1).specific():
            self.assertPageIsRenderable(page)

    def test_every_page_type_has_an_add_form(self):
        for model, parent in [
            (GuidePage, self.pillar),
            (StandardPage, self.home),
            (ProfilePage, ProfileIndexPage.objects.get()),
        ]:
            url = f"/admin/pages/add/{model._meta.app_label}/{model._meta.model_name}/{parent.pk}/"
            assert self.client.get(url).status_code == 200

    def test_editors_change_the_home_page_assessment_and_call_to_action_in_the_admin(self):
        assessment = AssessmentPage.objects.get()
        for url in [
            f"/admin/pages/{self.home.pk}/edit/",
            f"/admin/pages/{assessment.pk}/edit/",
            f"/admin/settings/pages/sitesettings/{self.home.get_site().pk}/",
        ]:
            response = self.client.get(url)
            assert response.status_code == 200, url
        html = self.client.get(f"/admin/pages/{self.home.pk}/edit/").content.decode()
        for field in ["headline", "featured_link", "cta_link_text"]:
            assert f'name="{field}' in html, field

    def test_an_editor_creates_a_cluster_with_blocks_and_faq(self):
        statistic = Statistic.objects.first()
        self.assertCanCreate(
            self.pillar,
            GuidePage,
            nested_form_data(
                {
                    "title": "A new cluster",
                    "slug": "a-new-cluster",
                    "summary": "Made in the admin.",
                    "body": streamfield(
                        [
                            ("heading", {"text": "Section one", "level": "h2", "anchor": ""}),
                            ("paragraph", rich_text("<p>Hello</p>")),
                            (
                                "statistics_table",
                                {
                                    "caption": "Figures",
                                    "statistics": streamfield([("item", statistic.pk)]),
                                    "note": rich_text(""),
                                },
                            ),
                        ]
                    ),
                    "faq_entries": inline_formset(
                        [
                            {
                                "question": "Does it work?",
                                "answer": rich_text("<p>Yes.</p>"),
                                "anchor": "",
                            }
                        ]
                    ),
                    "related_guides": inline_formset([]),
                }
            ),
        )
        created = GuidePage.objects.get(slug="a-new-cluster")
        assert created.body[0].value["anchor"] == "section-one"
        assert created.faq_entries.get().anchor == "does-it-work"

    def test_an_editor_creates_an_author_s_profile(self):
        about = ProfileIndexPage.objects.get()
        self.assertCanCreate(
            about,
            ProfilePage,
            nested_form_data(
                {
                    "title": "Grace Example",
                    "slug": "grace-example",
                    "role": "Second author",
                    "bio": "Writes the second example guide.",
                    "credentials": "First credential\nSecond credential",
                    "profile_links": streamfield(
                        [("link", {"label": "GitHub", "url": "https://github.com/grace"})]
                    ),
                }
            ),
        )
        created = ProfilePage.objects.get(slug="grace-example")
        assert created.name == "Grace Example"
        assert created.profile_urls == ["https://github.com/grace"]
        assert created.missing_details() == ["no photo yet"]
