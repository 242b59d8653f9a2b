"""Every lead with its source: what the browser kept of the visit (landing page, referrer,
campaign, guides read), and `origin`, the slug from `?from=`, becomes `cta_page`, the
address of the page whose call to action was clicked. An old lead keeps its origin: a
slug becomes the address of the page with that slug where there is one ("home" the home
page's), and stays as it was where there is none."""

from django.db import migrations, models


def site_root(apps):
    """The url_path of the default site's root page, which addresses leave out."""
    Site = apps.get_model("wagtailcore", "Site")
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    return site.root_page.url_path if site else None


def slugs_to_addresses(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    ContactSubmission = apps.get_model("pages", "ContactSubmission")
    root = site_root(apps)
    if root is None:
        return
    slugs = ContactSubmission.objects.exclude(cta_page__in=["", "unknown"]).values_list(
        "cta_page", flat=True
    )
    for slug in set(slugs):
        if slug == "home":
            address = "/"
        else:
            # The shallowest page of the site with that slug: the one a link named.
            page = (
                Page.objects.filter(slug=slug, url_path__startswith=root)
                .order_by("depth", "pk")
                .first()
            )
            if page is None:
                continue
            address = "/" + page.url_path[len(root) :]
        ContactSubmission.objects.filter(cta_page=slug).update(cta_page=address)


def addresses_to_slugs(apps, schema_editor):
    ContactSubmission = apps.get_model("pages", "ContactSubmission")
    for address in set(
        ContactSubmission.objects.filter(cta_page__startswith="/").values_list(
            "cta_page", flat=True
        )
    ):
        slug = address.rstrip("/").rsplit("/", 1)[-1] or "home"
        ContactSubmission.objects.filter(cta_page=address).update(cta_page=slug[:100])


class Migration(migrations.Migration):

    dependencies = [
        ("pages", "0016_analytics_settings"),
    ]

    operations = [
        migrations.RenameField(
            model_name="contactsubmission",
            old_name="origin",
            new_name="cta_page",
        ),
        migrations.AlterField(
            model_name="contactsubmission",
            name="cta_page",
            field=models.CharField(
                blank=True,
                help_text="The address of the page whose call to action led to the form, such as a guide or the self-assessment’s result.",
                max_length=200,
                verbose_name="Call to action on",
            ),
        ),
        migrations.RunPython(slugs_to_addresses, addresses_to_slugs),
        migrations.AddField(
            model_name="contactsubmission",
            name="landing_page",
            field=models.CharField(
                blank=True,
                help_text="The address of the first page of the visit.",
                max_length=200,
                verbose_name="Landed on",
            ),
        ),
        migrations.AddField(
            model_name="contactsubmission",
            name="referrer_host",
            field=models.CharField(
                blank=True,
                help_text="The site the visit first came from (the browser’s referrer, host only).",
                max_length=253,
                verbose_name="Referrer",
            ),
        ),
        migrations.AddField(
            model_name="contactsubmission",
            name="source",
            field=models.CharField(
                blank=True,
                help_text="The referrer by name, such as ChatGPT or Google, as the analytics name it (Snippets › Referrer hosts); “Direct” without one; “unknown” for a referrer no browser would send.",
                max_length=100,
                verbose_name="First came from",
            ),
        ),
        migrations.AddField(
            model_name="contactsubmission",
            name="source_kind",
            field=models.CharField(
                blank=True,
                choices=[
                    ("ai", "AI assistant"),
                    ("search", "Search engine"),
                    ("social", "Social network"),
                    ("referral", "Other website"),
                    ("direct", "Direct or unknown"),
                ],
                max_length=20,
                verbose_name="Kind of source",
            ),
        ),
        migrations.AddField(
            model_name="contactsubmission",
            name="utm_source",
            field=models.CharField(blank=True, max_length=100, verbose_name="Campaign source"),
        ),
        migrations.AddField(
            model_name="contactsubmission",
            name="utm_medium",
            field=models.CharField(blank=True, max_length=100, verbose_name="Campaign medium"),
        ),
        migrations.AddField(
            model_name="contactsubmission",
            name="utm_campaign",
            field=models.CharField(blank=True, max_length=100, verbose_name="Campaign"),
        ),
        migrations.AddField(
            model_name="contactsubmission",
            name="guides_read",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text="The addresses of the guides read in the visit, oldest first (the last 10).",
                verbose_name="Guides read",
            ),
        ),
    ]
