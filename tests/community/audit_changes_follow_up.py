"""Audited changes of the community part follow_up (imported by tests/access/test_record_change.py)."""
