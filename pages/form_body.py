"""A urlencoded UTF-8 form post read strictly: where Django would put U+FFFD for a byte that
is not UTF-8, this reads nothing (truvisory/request_body.py, the analytics collector)."""

from urllib.parse import parse_qsl

FORM = "application/x-www-form-urlencoded"


def utf8(request):
    """Whether the body's charset is UTF-8, spelt as Django's own check wants it (not "utf8")."""
    return request.content_params.get("charset", "utf-8").lower() == "utf-8"


def form_fields(request, max_fields=None):
    """The post's fields, read once; None for any other body, or one that cannot be read."""
    if request.content_type != FORM or not utf8(request):
        return None
    try:
        pairs = parse_qsl(
            request.body.decode(),
            keep_blank_values=True,
            errors="strict",
            max_num_fields=max_fields,
        )
    except ValueError:  # UnicodeDecodeError is one, and so are too many fields
        return None
    return dict(pairs)
