"""Menu labels on every page type, and the menu a site seeded before them had.

Until this migration the header's four links were written in its template. The menus now
come from the page tree ("Show in menus"), so a database seeded before would lose them:
this puts the same pages in the menus, with the same labels, once. A site whose home page
already has a child in the menus is left alone (an editor has chosen), and so is a page
whose slug differs. Its pages (guides, engagements, FAQ, contact) span both apps, hence it
runs here, after pages' own labels. The labels repeat guides/content/site.py's MENU, which
may change later: a migration must keep doing what it did.
"""

from django.db import migrations, models

# slug: the label the header showed, left blank where it was the page's title already.
SEEDED_MENU = {"guides": "", "engagements": "Engagements", "faq": "FAQ", "contact": ""}


def put_the_seeded_pages_in_the_menus(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Revision = apps.get_model("wagtailcore", "Revision")
    for site in apps.get_model("wagtailcore", "Site").objects.select_related("root_page"):
        root = site.root_page
        children = Page.objects.filter(path__startswith=root.path, depth=root.depth + 1)
        if children.filter(show_in_menus=True).exists():
            continue
        for page in children.filter(slug__in=SEEDED_MENU).select_related("content_type"):
            content_type = page.content_type
            model = apps.get_model(content_type.app_label, content_type.model)
            values = {"show_in_menus": True}
            if any(field.name == "menu_title" for field in model._meta.get_fields()):
                values["menu_title"] = SEEDED_MENU[page.slug]
            model.objects.filter(pk=page.pk).update(**values)
            # A page with a draft opens in the editor from its latest revision: that must
            # hold the tick too, or publishing the draft would take the page out again.
            for revision in Revision.objects.filter(
                pk__in=[page.latest_revision_id, page.live_revision_id]
            ):
                revision.content.update(values)
                revision.save(update_fields=["content"])


class Migration(migrations.Migration):

    dependencies = [
        ('guides', '0006_assessment_and_calls_to_action'),
        ('pages', '0008_page_menu_labels'),
        ('wagtailcore', '0098_apitoken'),
    ]

    operations = [
        migrations.AddField(
            model_name='assessmentpage',
            name='menu_title',
            field=models.CharField(blank=True, help_text='The page’s name in the header and footer, when its title is too long for them. Left blank, the title.', max_length=40, verbose_name='Menu label'),
        ),
        migrations.AddField(
            model_name='faqindexpage',
            name='menu_title',
            field=models.CharField(blank=True, help_text='The page’s name in the header and footer, when its title is too long for them. Left blank, the title.', max_length=40, verbose_name='Menu label'),
        ),
        migrations.AddField(
            model_name='guideindexpage',
            name='menu_title',
            field=models.CharField(blank=True, help_text='The page’s name in the header and footer, when its title is too long for them. Left blank, the title.', max_length=40, verbose_name='Menu label'),
        ),
        migrations.AddField(
            model_name='guidepage',
            name='menu_title',
            field=models.CharField(blank=True, help_text='The page’s name in the header and footer, when its title is too long for them. Left blank, the title.', max_length=40, verbose_name='Menu label'),
        ),
        migrations.RunPython(put_the_seeded_pages_in_the_menus, migrations.RunPython.noop),
    ]
