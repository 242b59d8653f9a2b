"""The collector answers before the rest of the site's middleware runs.

A beacon needs none of it: no session, no CSRF check (it changes nothing a visitor owns),
no user, no messages, no Content-Security-Policy for an empty answer. So, as the page cache
answers a cached page early, this answers POST /_a/ straight after the forwarded address
is settled (truvisory/proxies.py), the request is logged and the https redirect is decided:
a beacon costs about what a cached page costs, and never takes a worker from readers for long.
"""

from django.urls import reverse

from analytics.views import collect


class CollectorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.path = reverse("analytics_collect")

    def __call__(self, request):
        if request.path_info == self.path:
            return collect(request)
        return self.get_response(request)
