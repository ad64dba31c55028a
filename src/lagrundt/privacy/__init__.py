"""Data subject rights and retention: what Lagrundt holds about one person (innsyn), and how long it
keeps it before anonymising it."""
