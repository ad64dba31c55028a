"""Lists a page at a time, without counting the whole list (a COUNT over a national register is the
slowest query a list page could make)."""

from dataclasses import dataclass

PAGE_SIZE = 50
MAX_PAGE = 10_000


@dataclass(frozen=True)
class Page:
    items: list
    number: int
    has_previous: bool
    has_next: bool

    @property
    def previous_number(self) -> int:
        return self.number - 1

    @property
    def next_number(self) -> int:
        return self.number + 1


def page_of(qs, number: int, size: int = PAGE_SIZE, related: tuple[str, ...] = ()) -> Page:
    """One page without counting the whole list.

    First the ids of the page (one more than shown, to know if there is a next), which a deep page
    finds by walking an index only; then the rows of just those ids, with their related rows.
    """
    number = max(1, min(number, MAX_PAGE))
    start = (number - 1) * size
    ids = list(qs.values_list("pk", flat=True)[start : start + size + 1])
    # The ids passed the filters a moment ago: fetch by id alone, or a search filter is run again.
    rows = qs.model._default_manager.filter(pk__in=ids[:size])
    if related:
        rows = rows.select_related(*related)
    by_id = {row.pk: row for row in rows} if ids else {}
    items = [by_id[pk] for pk in ids[:size]]
    return Page(items=items, number=number, has_previous=number > 1, has_next=len(ids) > size)
