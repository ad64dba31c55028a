"""Accounts: how a user logs in and what they hold to do so (password, second factor, single sign-on,
API keys), the administrator's limited powers over them, and the audit of all of it."""
