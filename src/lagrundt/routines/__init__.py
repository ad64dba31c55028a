"""Routines: every sector's duties as data, the engine that turns the register's facts into tasks
with due dates, and the task lists, timelines, calendar feeds and compliance figures built on them."""
