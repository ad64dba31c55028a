"""Tenancy: municipalities, the service units that serve one or more of them, and users' memberships.

A membership says in which unit, for which sector and in which role a user works; the access policy
reads memberships to decide what a user may see.
"""
