"""Partner accounts and their memberships of Seller programs."""
