"""The API's settlement endpoints: read and write through the settlement services and the access policy."""


def register(router) -> None:
    """Add this part's viewsets to the API's router."""
