"""Check that a source's outbound link still answers, and say what went wrong in plain words."""

import http.client
import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

from pages.identity import user_agent

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
    headers = {"User-Agent": user_agent("link checker")}
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


# What an error's text contains (as the standard library words it, on Linux, macOS and
# Windows), and what an editor reads instead. The first that matches wins.
PLAIN_ERRORS = {
    "name or service not known|temporary failure in name resolution|no address associated"
    "|nodename nor servname|getaddrinfo failed": "The address could not be found",
    "timed out|timeouterror": "The site did not answer in time",
    "certificate|ssl": "The site’s security certificate is not valid",
    "connection refused": "The site refused the connection",
    "connection reset|remote end closed|remotedisconnected|badstatusline": (
        "The site closed the connection without answering"
    ),
    "only http and https": "Only web addresses (http or https) can be checked",
}


def in_plain_words(status_code, error):
    """What an editor reads about a check: the HTTP status or the error, explained."""
    if status_code is not None:
        if 200 <= status_code < 400:
            return f"Works ({status_code})"
        if status_code in (404, 410):
            return f"The page is gone ({status_code})"
        if status_code in (401, 403):
            return f"The site would not let the checker in ({status_code})"
        if status_code == 429:
            return "The site asked the checker to slow down (429); try again later"
        if status_code >= 500:
            return f"The site has a fault of its own ({status_code}); try again later"
        return f"The site refused the request ({status_code})"
    for needles, words in PLAIN_ERRORS.items():
        if re.search(needles, error.lower()):
            return words
    return "The site could not be reached"
