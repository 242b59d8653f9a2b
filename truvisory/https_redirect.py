"""One redirect, not two, for an old http:// link without its trailing slash
(SecurityMiddleware, then APPEND_SLASH, would send two)."""

from django.conf import settings
from django.http import HttpResponsePermanentRedirect
from django.middleware.common import CommonMiddleware
from django.middleware.security import SecurityMiddleware


class HttpsWithSlashMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.security = SecurityMiddleware(get_response)
        self.common = CommonMiddleware(get_response)

    def __call__(self, request):
        if (
            request.method in ("GET", "HEAD")
            and not request.is_secure()
            and self.security.process_request(request) is not None
            and self.common.should_redirect_with_slash(request)
        ):
            host = settings.SECURE_SSL_HOST or request.get_host()
            path = self.common.get_full_path_with_slash(request)
            return HttpResponsePermanentRedirect(f"https://{host}{path}")
        return self.get_response(request)
