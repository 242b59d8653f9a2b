"""Authors become pages: each Author snippet row becomes a live profile page under the
about page (/about/<slug>/), which is made if the site has none, and every guide, and every
revision of it, points at its author's page. Nothing about a person is kept twice: the
snippet goes in the next migration, with the old field, so that no table is altered after
its rows were changed in the same transaction (PostgreSQL refuses that).

Pages are made with the historic models, as Wagtail's own 0002_initial_data makes its first
pages: the tree's path, depth and child count are written here, by treebeard's rules
(four base-36 characters a level). A name that is the seed's placeholder is marked as such,
so the editors' checks say the author has no personal name yet. The pages have no revision
yet; the editor opens them from the live page, as Wagtail does for any page without one.
"""

import uuid

import django.db.models.deletion
import pages.models.mixins
import wagtail.fields
from django.conf import settings
from django.db import migrations, models
from django.utils import timezone
from django.utils.text import slugify

# The name the seed loader gave the author for want of a personal one, as it was when this
# migration was written (guides/content/site.py's AUTHOR).
SEEDED_PLACEHOLDER = "Truvisory founder"
ABOUT_SLUG, ABOUT_TITLE = "about", "About"
STEPLEN, ALPHABET = 4, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def child_path(Page, parent):
    """The treebeard path of a new last child of `parent`."""
    last = (
        Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    number = int(last[-STEPLEN:], 36) + 1 if last else 1
    step = ""
    while number:
        number, digit = divmod(number, 36)
        step = ALPHABET[digit] + step
    return parent.path + step.rjust(STEPLEN, "0")


def free_slug(Page, parent, wanted):
    taken = set(
        Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1).values_list(
            "slug", flat=True
        )
    )
    slug, n = wanted, 2
    while slug in taken:
        slug, n = f"{wanted}-{n}", n + 1
    return slug


def add_child(apps, parent, model_name, **fields):
    """A live page of guides.<model_name>, the last child of `parent`."""
    Page = apps.get_model("wagtailcore", "Page")
    ContentType = apps.get_model("contenttypes", "ContentType")
    model = apps.get_model("guides", model_name)
    content_type, _ = ContentType.objects.get_or_create(
        app_label="guides", model=model_name.lower()
    )
    slug = free_slug(Page, parent, fields.pop("slug"))
    now = timezone.now()
    page = model.objects.create(
        **fields,
        draft_title=fields["title"],
        slug=slug,
        content_type=content_type,
        path=child_path(Page, parent),
        depth=parent.depth + 1,
        numchild=0,
        url_path=f"{parent.url_path}{slug}/",
        locale_id=parent.locale_id,
        translation_key=uuid.uuid4(),
        live=True,
        has_unpublished_changes=False,
        first_published_at=now,
        last_published_at=now,
    )
    Page.objects.filter(pk=parent.pk).update(numchild=models.F("numchild") + 1)
    parent.numchild += 1
    return page


def about_page(apps):
    """The site's about page, made under the default site's home page if there is none."""
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    ProfileIndexPage = apps.get_model("guides", "ProfileIndexPage")
    existing = ProfileIndexPage.objects.order_by("path").first()
    if existing:
        return existing
    site = Site.objects.order_by("-is_default_site", "pk").first()
    home = (
        Page.objects.get(pk=site.root_page_id)
        if site
        else Page.objects.filter(depth=2).order_by("path").first()
    )
    if home is None:
        return None
    return add_child(apps, home, "ProfileIndexPage", title=ABOUT_TITLE, slug=ABOUT_SLUG)


def check_constraints_now(schema_editor):
    """PostgreSQL checks foreign keys at the commit, and refuses to alter a table while such
    checks are pending ("pending trigger events"). Going back, this migration alters tables
    after changing rows, so it runs the checks at once."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def move_authors_to_profile_pages(apps, schema_editor):
    Author = apps.get_model("guides", "Author")
    GuidePage = apps.get_model("guides", "GuidePage")
    authors = list(Author.objects.order_by("pk"))
    if not authors:
        return
    about = about_page(apps)
    if about is None:  # no page at all, so no guide: nothing to point at the authors
        return
    profile_of = {}
    for author in authors:
        profile = add_child(
            apps,
            about,
            "ProfilePage",
            title=author.name,
            slug=slugify(author.name) or "author",
            role=author.role,
            bio=author.bio,
            credentials=author.credentials,
            profile_links=list(author.profile_links.raw_data),
            placeholder_name=author.name if author.name == SEEDED_PLACEHOLDER else "",
        )
        profile_of[author.pk] = profile.pk
        GuidePage.objects.filter(author_id=author.pk).update(author_profile_id=profile.pk)
    repoint(apps, profile_of, ("guides", "author"), ("wagtailcore", "page"))


def move_profile_pages_to_authors(apps, schema_editor):
    """Back: each profile page an Author again, with the guides pointing at it; then the
    about page and the profiles go, since their tables go with this migration."""
    Author = apps.get_model("guides", "Author")
    GuidePage = apps.get_model("guides", "GuidePage")
    ProfilePage = apps.get_model("guides", "ProfilePage")
    author_of = {}
    for profile in ProfilePage.objects.order_by("path"):
        author = Author.objects.create(
            name=profile.title,
            role=profile.role,
            bio=profile.bio,
            credentials=profile.credentials,
            profile_links=list(profile.profile_links.raw_data),
        )
        author_of[profile.pk] = author.pk
        GuidePage.objects.filter(author_profile_id=profile.pk).update(author_id=author.pk)
    repoint(apps, author_of, ("wagtailcore", "page"), ("guides", "author"))
    delete_about_pages(apps)
    check_constraints_now(schema_editor)


def delete_about_pages(apps):
    """Every about page with its profiles, their revisions and references, keeping the
    tree's child counts right."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Revision = apps.get_model("wagtailcore", "Revision")
    ReferenceIndex = apps.get_model("wagtailcore", "ReferenceIndex")
    page_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="page")
    for about in apps.get_model("guides", "ProfileIndexPage").objects.order_by("-path"):
        subtree = Page.objects.filter(path__startswith=about.path)
        ids = [str(pk) for pk in subtree.values_list("pk", flat=True)]
        Revision.objects.filter(base_content_type=page_type, object_id__in=ids).delete()
        ReferenceIndex.objects.filter(base_content_type=page_type, object_id__in=ids).delete()
        ReferenceIndex.objects.filter(to_content_type=page_type, to_object_id__in=ids).delete()
        parent_path = about.path[:-STEPLEN]
        subtree.delete()
        Page.objects.filter(path=parent_path).update(numchild=models.F("numchild") - 1)


def repoint(apps, new_of, old_target, new_target):
    """Every guide's revisions name their author by id under "author": a draft published
    later, or a revision an editor reverts to, must name the new one. The reference index
    (the "used by" screens) follows too. `new_of` maps old ids to new; the targets are the
    (app label, model) of the content types the index names them by."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    GuidePage = apps.get_model("guides", "GuidePage")
    Revision = apps.get_model("wagtailcore", "Revision")
    ReferenceIndex = apps.get_model("wagtailcore", "ReferenceIndex")
    page_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="page")
    guide_ids = [str(pk) for pk in GuidePage.objects.values_list("pk", flat=True)]
    for revision in Revision.objects.filter(base_content_type=page_type, object_id__in=guide_ids):
        old = revision.content.get("author")
        if old is not None:
            revision.content["author"] = new_of.get(old)
            revision.save(update_fields=["content"])
    old_type, _ = ContentType.objects.get_or_create(app_label=old_target[0], model=old_target[1])
    new_type, _ = ContentType.objects.get_or_create(app_label=new_target[0], model=new_target[1])
    for old, new in new_of.items():
        ReferenceIndex.objects.filter(
            to_content_type=old_type, to_object_id=str(old), model_path="author"
        ).update(to_content_type=new_type, to_object_id=str(new))


class Migration(migrations.Migration):

    dependencies = [
        ('guides', '0012_evidence_page'),
        ('wagtailcore', '0098_apitoken'),
        ('wagtailimages', '0027_image_description'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.CreateModel(
            name='ProfileIndexPage',
            fields=[
                ('page_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                ('summary', models.TextField(blank=True, help_text='One or two sentences shown in listings, and as the search description when that is left blank.')),
                ('noindex', models.BooleanField(default=False, help_text='Adds a noindex robots tag and leaves the page out of the sitemap.', verbose_name='Hide from search engines')),
                ('key_phrase', models.CharField(blank=True, help_text='The words a reader searches for to find this page. Wherever another page uses them, or the title, without a link here, the internal links report suggests one.', max_length=100)),
                ('menu_title', models.CharField(blank=True, help_text='The page’s name in the header and footer, when its title is too long for them. Left blank, the title.', max_length=40, verbose_name='Menu label')),
                ('introduction', wagtail.fields.RichTextField(blank=True, help_text='The words above the list of people.')),
                ('social_image', models.ForeignKey(blank=True, help_text='Shown when the page is shared. Left empty, a card with the title is made.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailimages.image')),
            ],
            options={
                'abstract': False,
            },
            bases=(pages.models.mixins.SeoMixin, pages.models.mixins.SearchPreviewMixin, pages.models.mixins.ContentsMixin, pages.models.mixins.RichTextMixin, pages.models.mixins.PageCacheMixin, pages.models.mixins.SiteSearchMixin, 'wagtailcore.page'),
        ),
        migrations.CreateModel(
            name='ProfilePage',
            fields=[
                ('page_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                ('summary', models.TextField(blank=True, help_text='One or two sentences shown in listings, and as the search description when that is left blank.')),
                ('noindex', models.BooleanField(default=False, help_text='Adds a noindex robots tag and leaves the page out of the sitemap.', verbose_name='Hide from search engines')),
                ('key_phrase', models.CharField(blank=True, help_text='The words a reader searches for to find this page. Wherever another page uses them, or the title, without a link here, the internal links report suggests one.', max_length=100)),
                ('menu_title', models.CharField(blank=True, help_text='The page’s name in the header and footer, when its title is too long for them. Left blank, the title.', max_length=40, verbose_name='Menu label')),
                ('role', models.CharField(help_text='The job title the byline shows after the name.', max_length=120)),
                ('bio', models.TextField(blank=True, verbose_name='Short bio')),
                ('credentials', models.TextField(blank=True, help_text='One per line.')),
                ('profile_links', wagtail.fields.StreamField([('link', 2)], blank=True, block_lookup={0: ('wagtail.blocks.CharBlock', (), {'help_text': 'For example: LinkedIn', 'max_length': 60}), 1: ('wagtail.blocks.URLBlock', (), {}), 2: ('wagtail.blocks.StructBlock', [[('label', 0), ('url', 1)]], {})}, help_text='The person’s public profiles elsewhere (LinkedIn, GitHub, …).')),
                ('placeholder_name', models.CharField(blank=True, editable=False, max_length=255)),
                ('photo', models.ForeignKey(blank=True, help_text='Optional: a portrait, shown square. Its description is the alt text.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailimages.image')),
                ('social_image', models.ForeignKey(blank=True, help_text='Shown when the page is shared. Left empty, a card with the title is made.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailimages.image')),
            ],
            options={
                'abstract': False,
            },
            bases=(pages.models.mixins.SeoMixin, pages.models.mixins.SearchPreviewMixin, pages.models.mixins.ContentsMixin, pages.models.mixins.RichTextMixin, pages.models.mixins.PageCacheMixin, pages.models.mixins.SiteSearchMixin, 'wagtailcore.page'),
        ),
        # The guides' new author: a profile page. It takes the old field's name in the
        # next migration, once every guide points at its author's page.
        migrations.AddField(
            model_name='guidepage',
            name='author_profile',
            field=models.ForeignKey(blank=True, help_text='The person in the byline: their profile page, under About. Left empty, the guide is the organisation’s.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='guides', to='guides.profilepage'),
        ),
        migrations.RunPython(move_authors_to_profile_pages, move_profile_pages_to_authors),
    ]
