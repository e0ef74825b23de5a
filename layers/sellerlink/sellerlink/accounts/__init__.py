"""Brand accounts, their editions and the API keys of their users."""
