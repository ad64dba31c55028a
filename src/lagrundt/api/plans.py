"""The API's plans endpoints: read and write through the plans services and the access policy."""


def register(router) -> None:
    """Add this part's viewsets to the API's router."""
