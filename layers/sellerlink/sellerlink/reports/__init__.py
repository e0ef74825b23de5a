"""Reports: Amazon's latest numbers (facts), the ledger, statements; JSON or CSV."""
