"""StreamField data operations that migrations use (Wagtail's MigrateStreamData)."""

import re
from uuid import uuid4

from django.utils.deconstruct import deconstructible
from django.utils.html import escape, linebreaks
from wagtail.blocks.migrations.operations import BaseBlockOperation


class StreamOperation(BaseBlockOperation):
    """Named in a migration's name after its class, e.g. "replace_paragraph"."""

    @property
    def operation_name_fragment(self):
        return re.sub(r"(?<!^)(?=[A-Z])", "_", type(self).__name__).lower()


@deconstructible
class PlainTextToRichText(StreamOperation):
    """A block value that was plain text (a TextBlock) becomes rich text: its paragraphs,
    escaped. A value that is rich text already, or empty, is left as it is."""

    def apply(self, block_value):
        if not block_value or block_value.lstrip().startswith("<"):
            return block_value
        return linebreaks(escape(block_value))


def _changed_items(raw_list, change):
    """A stored ListBlock value with `change` applied to each item's value, its id kept."""
    return [{**item, "value": change(item["value"])} for item in raw_list or []]


@deconstructible
class ListItemsIntoStructs(StreamOperation):
    """In a StructBlock value, the list `old_name` of plain values becomes the list `new_name`
    of structs, each old value as their `child_name` beside the `defaults`, in the same place."""

    def __init__(self, old_name, new_name, child_name, defaults):
        super().__init__()
        self.old_name, self.new_name = old_name, new_name
        self.child_name, self.defaults = child_name, defaults

    @property
    def operation_name_fragment(self):
        return f"{self.old_name}_into_{self.new_name}"

    def apply(self, block_value):
        if not isinstance(block_value, dict) or self.old_name not in block_value:
            return block_value
        items = _changed_items(
            block_value[self.old_name], lambda value: {self.child_name: value, **self.defaults}
        )
        return {
            (self.new_name if key == self.old_name else key): (
                items if key == self.old_name else child
            )
            for key, child in block_value.items()
        }


@deconstructible
class InEachListItem(StreamOperation):
    """Applies `operation` to each item of the list `list_name` in a StructBlock value.
    (Wagtail's own block paths through a ListBlock, "name.item", fail on an empty list.)"""

    def __init__(self, list_name, operation):
        super().__init__()
        self.list_name, self.operation = list_name, operation

    @property
    def operation_name_fragment(self):
        return f"{self.operation.operation_name_fragment}_in_each_{self.list_name}"

    def apply(self, block_value):
        if not isinstance(block_value, dict) or self.list_name not in block_value:
            return block_value
        items = _changed_items(block_value[self.list_name], self.operation.apply)
        return {**block_value, self.list_name: items}


@deconstructible
class ReplaceParagraph(StreamOperation):
    """In a body stream, a paragraph still exactly `old` (as the loader seeded it) becomes the
    `new` children, each with an id of its own; a paragraph an editor changed is left alone."""

    def __init__(self, old, new):
        super().__init__()
        self.old, self.new = old, new

    def apply(self, block_value):
        stream = []
        for child in block_value or []:
            if child.get("type") == "paragraph" and child.get("value") == self.old:
                stream += [{**item, "id": str(uuid4())} for item in self.new]
            else:
                stream.append(child)
        return stream
