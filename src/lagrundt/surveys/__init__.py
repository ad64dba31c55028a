"""The refugees' own voice: anonymous user surveys answered on a phone without logging in, through a
one-time code; no answer can be traced to a person."""
