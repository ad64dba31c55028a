"""Action plans: goals, sub-goals and measures with owners and status, indicators computed from the
register against their targets, small-number protection for what leaders see, and the yearly
report to the council."""
