"""Simulated shoppers: their clicks and purchases, attributed by 14-day last click, and seeded traffic."""
