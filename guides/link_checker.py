"""Check that a source's outbound link still answers, with the standard library only."""

import http.client
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

USER_AGENT = "Truvisory link checker (+https://truvisory.com)"
# Servers that refuse HEAD answer one of these; the check then asks again with GET.
HEAD_REFUSED = {405, 501}


@dataclass(frozen=True)
class LinkResult:
    status_code: int | None
    error: str = ""


def check_url(url, timeout):
    """HEAD the URL, or GET it when HEAD is refused; redirects are followed."""
    if urlsplit(url).scheme not in {"http", "https"}:
        return LinkResult(None, "Only http and https links can be checked")
    result = _request(url, "HEAD", timeout)
    if result.status_code in HEAD_REFUSED:
        result = _request(url, "GET", timeout)
    return result


def _request(url, method, timeout):
    # check_url lets only http(s) through, so no file: or ftp: URL is ever opened.
    headers = {"User-Agent": USER_AGENT}
    request = urllib.request.Request(url, method=method, headers=headers)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return LinkResult(response.status)
    except urllib.error.HTTPError as error:
        error.close()
        return LinkResult(error.code)
    except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError) as error:
        reason = getattr(error, "reason", None) or error
        return LinkResult(None, (str(reason) or type(reason).__name__)[:255])
