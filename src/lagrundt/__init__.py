"""Lagrundt: the team around the refugees. Settlement and five-year follow-up for Norwegian municipalities."""
