"""The control API under ``/_sandbox/``: apps, brands, the clock, throttling and fault injection."""
