"""API: the REST endpoints under /api/v1/, under the same access policy and audit log as the pages."""
