"""Drivers of the local stack for the tests, the demo and the bench: an API client, a brand's person
at the Amazon consent pages, and a webhook receiver."""
