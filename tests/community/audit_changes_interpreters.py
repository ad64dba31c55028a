"""Audited changes of the community part interpreters (imported by tests/access/test_record_change.py)."""
