"""Audited changes of the community part welcome (imported by tests/access/test_record_change.py)."""
