"""A faithful local Amazon: LWA OAuth, Ads profiles, Attribution, SP-API catalog.

Start it with :class:`sellerlink_local.sandbox.server.Sandbox` or ``serve(port)``.
"""
