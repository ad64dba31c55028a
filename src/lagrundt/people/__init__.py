"""People: persons, households and their relations, settlements and moves out, national IDs.

Nothing here decides who may see what: every read and write of a person goes through
``lagrundt.access.policy``. This app owns the data and the rules that keep it valid.
"""
