"""The API's housing endpoints: read and write through the housing services and the access policy."""


def register(router) -> None:
    """Add this part's viewsets to the API's router."""
