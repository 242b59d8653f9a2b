def test_home_page_renders_with_landmarks(client, db):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en-US">' in html
    assert 'name="viewport"' in html
    assert '<a class="skip-link" href="#main">' in html
    for landmark in ("<header", "<nav", '<main id="main"', "<footer"):
        assert landmark in html
    assert "Truvisory is AI-native, build-capable, and Cloudflare-native." in html
    assert 'href="/guides/fractional-cto/fractional-ai-cto/"' in html
    assert 'href="/contact/?from=home"' in html
