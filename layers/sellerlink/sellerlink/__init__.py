"""Sellerlink: affiliate programs for brands that sell on Amazon (the shared Lambda layer)."""
