"""The API's programme endpoints: read and write through the programme services and the access policy."""


def register(router) -> None:
    """Add this part's viewsets to the API's router."""
