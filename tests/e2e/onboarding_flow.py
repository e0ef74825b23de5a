"""Onboarding as a brand does it, for any e2e test that needs a really connected program."""

from sellerlink_local.drivers.amazon_user import SandboxAmazon, connect, onboard, sign_in, wait_for_catalog

__all__ = ["SandboxAmazon", "connect", "onboard", "sign_in", "wait_for_catalog"]
