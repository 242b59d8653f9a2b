from django.apps import AppConfig


class GuidesConfig(AppConfig):
    name = "guides"

    def ready(self):
        from django.db.models.signals import post_save

        from guides.models import GuideIndexPage
        from guides.roles import on_guide_index_saved

        # The guides section's permissions and workflow need the index page, which a
        # fresh database gets only after migrating (from load_site_content or an editor).
        post_save.connect(on_guide_index_saved, sender=GuideIndexPage, dispatch_uid="guide-roles")
