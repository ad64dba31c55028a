"""Interpreters needed, booked and used in meetings and tasks, and their statistics."""
