"""Amazon Attribution's numbers, shared by the pull, the ledger and the reports: report jobs and
rows, and the facts (Amazon's latest numbers per day) with when they were read."""
