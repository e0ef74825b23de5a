"""Connecting a program to Amazon: OAuth, the Ads profile, measurement, the catalog."""
