"""The API's finance endpoints: read and write through the finance services and the access policy."""


def register(router) -> None:
    """Add this part's viewsets to the API's router."""
