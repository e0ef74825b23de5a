"""Tracking links: Amazon Attribution URLs built from the cached tag template."""
