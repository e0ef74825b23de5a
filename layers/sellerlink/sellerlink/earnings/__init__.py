"""A partner's money across all its programs: memberships with their balances, and earnings."""
