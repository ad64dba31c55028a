import pytest

from lagrundt.routines.models import Routine
from lagrundt.routines.profiles import SECTION_OF_SECTOR


@pytest.fixture
def make_routine():
    def make(municipality, key, sector, spec, applies_to="person", section=None):
        full = {"working_day": True, "when": {}, **spec}
        if applies_to == "unit":
            full.pop("when")
        return Routine.objects.create(
            municipality=municipality,
            key=key,
            profile="test",
            title_nb=key,
            title_nn=key,
            title_en=key,
            sector=sector,
            section=section or str(SECTION_OF_SECTOR.get(sector, "identity")),
            applies_to=applies_to,
            spec=full,
            source="test",
            basis="plan",
        )

    return make
