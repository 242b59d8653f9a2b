"""The collector answers before the rest of the site's middleware runs: a beacon needs no
session, CSRF check, user or CSP, and so costs no more than a cached page."""

from analytics.views import COLLECTOR_PATH, collect


class CollectorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == COLLECTOR_PATH:
            return collect(request)
        return self.get_response(request)
