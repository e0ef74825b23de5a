"""A faithful local Amazon: LWA OAuth, Ads profiles, Attribution, SP-API catalog.

Start it with :class:`sellerlink_local.sandbox.server.Sandbox` or ``serve(port)``. One
subpackage per Amazon API it imitates: ``lwa`` (consent and tokens), ``ads`` (profiles and
Attribution), ``spapi`` (catalog and sellers); ``shoppers`` makes the traffic Amazon measures,
``control`` is the ``/_sandbox/`` API that drives it all. What they share sits here:
``server`` (routing), ``state`` (all the sandbox holds), ``accounts``, ``marketplaces``,
``identifiers`` and ``web`` (HTTP helpers).
"""
