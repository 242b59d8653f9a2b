"""Referrer sources: each referrer named by the editable list of hosts (analytics/sources.py)."""

import pytest

from analytics.models import ReferrerHost
from analytics.sources import forget_known_hosts, referrer_source

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("referrer", "expected"),
    [
        ("https://chatgpt.com/", ("ChatGPT", "ai")),
        ("https://chat.openai.com/c/123", ("ChatGPT", "ai")),
        ("https://www.perplexity.ai/search?q=x", ("Perplexity", "ai")),
        ("https://copilot.microsoft.com/", ("Microsoft Copilot", "ai")),
        ("https://gemini.google.com/app", ("Gemini", "ai")),
        ("https://claude.ai/chat/1", ("Claude", "ai")),
        ("https://www.google.com/", ("Google", "search")),
        ("https://www.google.co.uk/", ("Google", "search")),
        ("https://www.bing.com/search?q=x", ("Bing", "search")),
        ("https://duckduckgo.com/", ("DuckDuckGo", "search")),
        ("https://www.ecosia.org/", ("Ecosia", "search")),
        ("https://search.yahoo.co.jp/", ("Yahoo", "search")),
        ("https://yandex.ru/", ("Yandex", "search")),
        ("https://www.baidu.com/", ("Baidu", "search")),
        ("https://www.linkedin.com/feed/", ("LinkedIn", "social")),
        ("https://x.com/someone", ("X (Twitter)", "social")),
        ("https://t.co/abc", ("X (Twitter)", "social")),
        ("https://l.facebook.com/", ("Facebook", "social")),
        ("https://old.reddit.com/r/x", ("Reddit", "social")),
        ("https://news.ycombinator.com/item?id=1", ("Hacker News", "social")),
        ("https://example.org/blog/", ("example.org", "referral")),
        ("https://notgoogle.com/", ("notgoogle.com", "referral")),
        ("", ("Direct", "direct")),
        ("not a url", ("Direct", "direct")),
        ("https://[::1", ("Direct", "direct")),
        ("https://truvisory.com/guides/", ("Direct", "direct")),
    ],
)
def test_a_referrer_is_named_by_its_host(referrer, expected):
    assert referrer_source(referrer, own_host="truvisory.com") == expected


@pytest.fixture
def forget_hosts_after():
    yield
    forget_known_hosts()  # the rows were rolled back; the process's copy must go too


def test_an_editor_adds_a_host_and_it_is_known_at_once(forget_hosts_after):
    assert referrer_source("https://chat.example-ai.net/x") == ("chat.example-ai.net", "referral")
    ReferrerHost.objects.create(host="example-ai.net", label="Example AI", kind="ai")
    assert referrer_source("https://chat.example-ai.net/x") == ("Example AI", "ai")
