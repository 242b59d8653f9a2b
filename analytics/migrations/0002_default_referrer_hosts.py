"""The known referrer hosts, seeded once; editors change them under Snippets."""

from django.db import migrations

DEFAULT_HOSTS = [
    # AI assistants
    ("chatgpt.com", "ChatGPT", "ai"),
    ("chat.openai.com", "ChatGPT", "ai"),
    ("perplexity.ai", "Perplexity", "ai"),
    ("copilot.microsoft.com", "Microsoft Copilot", "ai"),
    ("gemini.google.com", "Gemini", "ai"),
    ("claude.ai", "Claude", "ai"),
    ("chat.deepseek.com", "DeepSeek", "ai"),
    ("chat.mistral.ai", "Mistral Le Chat", "ai"),
    # Search engines
    ("google", "Google", "search"),
    ("bing.com", "Bing", "search"),
    ("duckduckgo.com", "DuckDuckGo", "search"),
    ("ecosia.org", "Ecosia", "search"),
    ("yahoo", "Yahoo", "search"),
    ("yandex", "Yandex", "search"),
    ("baidu.com", "Baidu", "search"),
    ("search.brave.com", "Brave Search", "search"),
    ("startpage.com", "Startpage", "search"),
    # Social networks
    ("linkedin.com", "LinkedIn", "social"),
    ("lnkd.in", "LinkedIn", "social"),
    ("x.com", "X (Twitter)", "social"),
    ("twitter.com", "X (Twitter)", "social"),
    ("t.co", "X (Twitter)", "social"),
    ("facebook.com", "Facebook", "social"),
    ("reddit.com", "Reddit", "social"),
    ("news.ycombinator.com", "Hacker News", "social"),
    ("bsky.app", "Bluesky", "social"),
    ("youtube.com", "YouTube", "social"),
]


def add_default_hosts(apps, schema_editor):
    ReferrerHost = apps.get_model("analytics", "ReferrerHost")
    for host, label, kind in DEFAULT_HOSTS:
        ReferrerHost.objects.get_or_create(host=host, defaults={"label": label, "kind": kind})


class Migration(migrations.Migration):
    dependencies = [("analytics", "0001_initial")]

    operations = [migrations.RunPython(add_default_hosts, migrations.RunPython.noop)]
