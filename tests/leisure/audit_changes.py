"""Audited changes of leisure (imported by tests/access/test_record_change.py)."""
