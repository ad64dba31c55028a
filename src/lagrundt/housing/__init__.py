"""Housing: the dwellings a municipality settles refugees in, their landlords and agreements, tenancies
from allocation to a home of one's own, and five years of inspections with their deviations."""
