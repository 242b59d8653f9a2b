from wagtail.snippets.models import register_snippet

from tests.new_snippet.models import Announcement

register_snippet(Announcement)
