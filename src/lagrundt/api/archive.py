"""The API's archive endpoints: read and write through the archive services and the access policy."""


def register(router) -> None:
    """Add this part's viewsets to the API's router."""
