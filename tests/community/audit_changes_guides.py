"""Audited changes of the community part guides (imported by tests/access/test_record_change.py)."""
