"""The schemas shipped with the archive app are KS's official ones, unchanged.

Messages are validated at run time against ``archive/data`` (a server has no copy of the
specification beside it); this test holds that copy to the official schemas the project was given.
"""

from pathlib import Path

import pytest
from django.conf import settings

from lagrundt.archive import message

OFFICIAL = Path(settings.PROJECT_DIR).parent / "shared" / "schemas" / "fiks-arkiv-v1"

pytestmark = pytest.mark.calendar_free


@pytest.mark.skipif(not OFFICIAL.is_dir(), reason="the official schemas are not beside the project")
def test_the_shipped_schemas_are_the_official_ones():
    official = sorted(OFFICIAL.glob("*.xsd"))
    assert len(official) > 20
    shipped = message.schema_dir()
    for path in official:
        assert (shipped / path.name).read_bytes() == path.read_bytes(), path.name
    assert {p.name for p in shipped.glob("*.xsd")} == {p.name for p in official}
