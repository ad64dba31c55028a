"""Access-matrix rows for the user's own account pages and the password reset (see
tests/test_url_access_matrix.py).

Every user has an account: its pages answer every logged-in user alike. A key is revoked only by its
owner (another's answers 404, as one that does not exist). The reset pages are opened without a
login, from the login page and from the e-mail; a link with a wrong token shows that it does not work.
"""

from tests.access_matrix import answers, nothing

EVERY_USER = answers(200)
ANYONE = answers(200, anonymous=200)


def own_api_key(world, role, place):
    """A key of the user (own), or of a user in Ål (other); the anonymous visitor aims at one of the
    integration service's."""
    import datetime as dt

    from django.utils import timezone

    from lagrundt.accounts.models import ApiToken
    from lagrundt.accounts.services import hash_key

    owner = (
        world.users["aal-integration"]
        if place == "other"
        else world.users.get(role, world.users["integration"])
    )
    key = f"matrix-{role}-{place}"
    token, _ = ApiToken.objects.get_or_create(
        key_hash=hash_key(key),
        defaults=dict(
            user=owner,
            name=key,
            prefix=key[:8],
            scope="read",
            expires_at=timezone.now() + dt.timedelta(days=30),
        ),
    )
    return {"pk": token.pk}


def reset_link(world, role, place):
    return {"uidb64": "MQ", "token": "not-a-token"}


MATRIX = {
    "accounts:account": (nothing, "get", EVERY_USER, EVERY_USER),
    "accounts:password_change": (nothing, "get", EVERY_USER, EVERY_USER),
    "accounts:api_keys": (nothing, "get", EVERY_USER, EVERY_USER),
    "accounts:api_key_create": (nothing, "get", EVERY_USER, EVERY_USER),
    "accounts:api_key_revoke": (own_api_key, "post", answers(302), answers(404)),
    "accounts:password_reset": (nothing, "get", ANYONE, ANYONE),
    "accounts:password_reset_done": (nothing, "get", ANYONE, ANYONE),
    "accounts:password_reset_confirm": (reset_link, "get", ANYONE, ANYONE),
    "accounts:password_reset_complete": (nothing, "get", ANYONE, ANYONE),
}
MATRIX["accounts:email_change"] = (nothing, "get", EVERY_USER, EVERY_USER)
