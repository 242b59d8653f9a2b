"""The collector answers before the rest of the site's middleware runs.

A beacon needs none of it: no session, no CSRF check (it changes nothing a visitor owns),
no user, no messages, no Content-Security-Policy for an empty answer, not even Django's
parse of its body (truvisory/request_body.py; the collector reads its few fields itself,
views.fields). So, as the page cache answers a cached page early, this answers POST /_a/
straight after the forwarded address is settled (truvisory/proxies.py), the request is
logged, the https redirect is decided and the security headers are set: with the counts
held in memory (buffer.py), a beacon costs no more than a cached page, and never takes a
worker from readers for long.
"""

from analytics.views import COLLECTOR_PATH, collect


class CollectorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == COLLECTOR_PATH:
            return collect(request)
        return self.get_response(request)
