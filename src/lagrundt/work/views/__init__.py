"""Pages of the work module, one module per subject. Thin: the policy opens persons and audits, the
access resources decide on employers, openings and fairs, services change, selectors read, presenters
explain. ``shared`` holds the few helpers the modules have in common."""
