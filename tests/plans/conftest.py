import pytest

from lagrundt.plans import registry
from lagrundt.plans.profiles import PLAN_DIR, load_plan_file
from lagrundt.plans.services import plan_load


@pytest.fixture
def hemsedal_spec():
    return load_plan_file(PLAN_DIR / "hemsedal.yaml", indicator_keys=set(registry.all_indicators()))


@pytest.fixture
def aal_spec():
    return load_plan_file(PLAN_DIR / "aal.yaml", indicator_keys=set(registry.all_indicators()))


@pytest.fixture
def hemsedal_plan(world, hemsedal_spec):
    plan, _created = plan_load(hemsedal_spec, municipality=world.hemsedal)
    return plan


@pytest.fixture
def aal_plan(world, aal_spec):
    plan, _created = plan_load(aal_spec, municipality=world.aal)
    return plan
