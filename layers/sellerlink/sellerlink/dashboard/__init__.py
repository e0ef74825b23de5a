"""The web dashboard for brands and partners: server-rendered pages over the same logic as the API."""
