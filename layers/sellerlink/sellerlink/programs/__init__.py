"""Seller programs: one brand account on one Amazon marketplace."""
