"""Access-matrix rows for the capacity page (see tests/test_url_access_matrix.py).

Who sees the housing stock's statistics: who reads the housing section (the integration service,
housing officers, Nav) and leadership (counts only). Every municipality the user works for is on the
page, so the other municipality answers alike.
"""

from tests.access_matrix import answers, nothing

CAPACITY_READERS = answers(404, integration=200, housing=200, nav=200, leadership=200)

MATRIX = {
    "housing_capacity:capacity": (nothing, "get", CAPACITY_READERS, CAPACITY_READERS),
}
