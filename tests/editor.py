"""Submit the page editor's form the way a browser would."""

from bs4 import BeautifulSoup
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, streamfield


def edit_form_data(client, page, body=(), **fields):
    """The edit form's current values, with `body` and `fields` changed.

    The StreamField is built by the editor's JavaScript, so it is not in the HTML; `body`
    is a list of (block type, value) pairs to send in its place.
    """
    html = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    data = querydict_from_html(html, form_id="page-edit-form")
    # A ticked checkbox without a value attribute is sent as "on" by a browser; Wagtail's
    # helper reads it as "", which Django takes for unticked.
    form = BeautifulSoup(html, "html.parser").find(id="page-edit-form")
    for checkbox in form.find_all("input", type="checkbox", checked=True, value=False):
        data.setlist(checkbox["name"], ["on"])
    data.update(nested_form_data({**fields, "body": streamfield(list(body))}))
    return data
