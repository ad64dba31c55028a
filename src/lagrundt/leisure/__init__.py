"""Leisure: the interests mapped shortly after settlement, the municipality's activity catalogue and
suggestions from it, who takes part in what, and the support schemes (Fritidskassa, lending, free
culture-school places) with their applications and decisions."""
