"""Access-matrix rows for innsyn and retention (see tests/test_url_access_matrix.py).

Innsyn is produced by the sectors that keep records about the person they may see (they write one of
its sections): in the matrix, the integration service, health, Nav and housing for the adult, school
for the school child, kindergarten for the small child; culture and the volunteer centre for the adult
who consented (they keep her leisure and guide records); never in another municipality. The data
protection officer reads the name only and produces none. Retention's
dry run and approval are the integration service's leaders' (the world has none: tested in
test_retention.py), so every role of the matrix gets 404.
"""

from tests.access_matrix import answers, nothing, person

PRODUCERS = dict(
    integration=200,
    health=200,
    school=200,
    kindergarten=200,
    nav=200,
    housing=200,
    culture=200,
    volunteer=200,
)

MATRIX = {
    "privacy:subject_access": (person, "get", answers(404, **PRODUCERS), answers(404)),
    "privacy:retention": (nothing, "get", answers(404), answers(404)),
    "privacy:retention_approve": (nothing, "post", answers(404), answers(404)),
}
