"""The Selling Partner API: Catalog Items (search and get) and Sellers (marketplace participations)."""
