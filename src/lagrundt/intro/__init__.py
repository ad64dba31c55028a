"""The introduction programme: right and duty, assessment, decision and integration plan, the
qualification ladder and activities, attendance and absence, the introduction benefit, and the
outcome (integreringsloven)."""
