"""Access-matrix rows for the second factor's pages and single sign-on (see tests/test_url_access_matrix.py).

Every role logs in with its second factor shown, as after the verify page: the roles that see persons (and
the administrator) have an authenticator app, leadership and the user without a membership have none. So
the verify page sends everyone on (home, or to set one up), new recovery codes are made only for who has
an app, and the set-up page answers everyone (its state, or the set-up). Single sign-on is not set up in
the suite's settings: its three addresses send everyone to the login page.
"""

from tests.access_matrix import PERSON_READERS, answers, nothing

HAS_AUTHENTICATOR = {**PERSON_READERS, "sysadmin": 200}
TO_LOGIN_PAGE = answers(302, anonymous=302)

MATRIX = {
    "accounts:two_factor_setup": (nothing, "get", answers(200), answers(200)),
    "accounts:two_factor_verify": (nothing, "get", answers(302), answers(302)),
    "accounts:two_factor_recovery_codes": (
        nothing,
        "post",
        answers(302, **HAS_AUTHENTICATOR),
        answers(302, **HAS_AUTHENTICATOR),
    ),
    "accounts:oidc_start": (nothing, "get", TO_LOGIN_PAGE, TO_LOGIN_PAGE),
    "accounts:oidc_callback": (nothing, "get", TO_LOGIN_PAGE, TO_LOGIN_PAGE),
    "accounts:oidc_refused": (nothing, "get", TO_LOGIN_PAGE, TO_LOGIN_PAGE),
}
