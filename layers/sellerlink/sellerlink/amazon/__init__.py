"""The only package that speaks HTTP to Amazon: LWA, Ads profiles, Attribution, SP-API."""
