"""The collector answers before the rest of the site's middleware runs.

A beacon needs none of it: no session, no CSRF check (it changes nothing a visitor owns),
no user, no messages, no Content-Security-Policy for an empty answer. So, as the page cache
answers a cached page early, this answers POST /_a/ straight after the forwarded address
is settled (truvisory/proxies.py), the request is logged and the https redirect is decided:
a beacon costs about what a cached page costs, and never takes a worker from readers for long.
"""

from analytics.views import COLLECTOR_PATH, collect


class CollectorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == COLLECTOR_PATH:
            return collect(request)
        return self.get_response(request)
