from django.apps import AppConfig


class GuidesConfig(AppConfig):
    name = "guides"

    def ready(self):
        from django.db.models.signals import post_migrate, post_save

        from guides.models import GuideIndexPage, ProfileIndexPage
        from guides.roles import grant_existing_sections, on_section_saved

        # The sections' permissions and workflow need the section's page, which a fresh
        # database gets only after migrating (from load_site_content or an editor).
        for model in (GuideIndexPage, ProfileIndexPage):
            post_save.connect(on_section_saved, sender=model, dispatch_uid=f"roles-{model}")
        post_migrate.connect(grant_existing_sections, sender=self, dispatch_uid="guide-roles")
