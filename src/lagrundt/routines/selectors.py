"""Reads of routines and tasks. Task lists start from the access policy, like every read of persons."""

from .models import CountryListEntry


def high_tb_incidence_countries() -> frozenset[str]:
    return frozenset(
        CountryListEntry.objects.filter(list=CountryListEntry.List.TB_HIGH_INCIDENCE).values_list(
            "country", flat=True
        )
    )
