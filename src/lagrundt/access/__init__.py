"""Access: the one policy that decides who may read or write which section of which person, and the
append-only audit log that records every such read and write, every denial and every failed login.

Views, the API and exports never filter persons by hand: they call ``policy.visible_to(user)`` and
``policy.access_person(...)``, which allow, deny and audit in one place.
"""
