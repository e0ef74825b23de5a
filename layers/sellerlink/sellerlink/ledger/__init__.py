"""The append-only commission ledger: what Amazon's numbers imply, minus what is already owed."""
