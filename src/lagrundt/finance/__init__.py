"""Grants and economics: the state's grant rates as dated data, each person's entitlements and grant
years, the municipality's five-year forecast with scenarios, actual receipts and the main costs."""
