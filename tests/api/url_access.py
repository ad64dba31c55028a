"""Access-matrix rows of the API's own addresses (see tests/test_url_access_matrix.py)."""

from tests.access_matrix import API_ANON, answers


def no_such_address(world, role, place):
    return {"rest": "no-such-list/"}


MATRIX = {
    # An address under the API that names nothing: 404 in the API's error shape, 401 without a key.
    "api_not_found": (
        no_such_address,
        "get",
        answers(404, anonymous=API_ANON),
        answers(404, anonymous=API_ANON),
    ),
}
