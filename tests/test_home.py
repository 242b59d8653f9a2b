from tests.fixtures import GUIDE_URL


def test_home_page_renders_with_landmarks(client, db):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en-US">' in html
    assert 'name="viewport"' in html
    assert '<a class="skip-link" href="#main">' in html
    for landmark in ("<header", "<nav", '<main id="main"', "<footer"):
        assert landmark in html
    assert "<p>The home page’s first paragraph.</p>" in html  # the body, as rich text
    assert f'href="{GUIDE_URL}"' in html  # the featured guide
    assert 'href="/contact/"' in html
