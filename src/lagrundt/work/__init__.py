"""Competence and work: competence profiles, employers and openings, matching candidates with
openings (every match explained), placements, the three-weekly meeting and job fairs."""
