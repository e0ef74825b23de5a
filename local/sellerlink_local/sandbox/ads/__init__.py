"""The Amazon Ads API: profiles, and the Attribution API (tags, reports) over the fact store."""
