"""What an editor may upload as an image: Wagtail's default formats, never SVG (a file that can
carry script), whatever a future Wagtail's default adds."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.images import get_image_model

from tests.fixtures import signed_in
from tests.html import soup, text_of

pytestmark = pytest.mark.django_db

SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def test_an_editor_cannot_upload_an_svg_as_an_image(django_user_model):
    editor = signed_in(django_user_model, "Editors")
    stored = get_image_model().objects.count()

    response = editor.post(
        "/admin/images/add/",
        {"title": "Logo", "file": SimpleUploadedFile("logo.svg", SVG, "image/svg+xml")},
    )

    error = text_of(soup(response).select_one("[data-contentpath=file] .error-message"))
    assert error.startswith("Not a supported image format.")
    assert "SVG" not in error.upper()
    assert get_image_model().objects.count() == stored
