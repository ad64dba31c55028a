"""The API's work endpoints: read and write through the work services and the access policy."""


def register(router) -> None:
    """Add this part's viewsets to the API's router."""
