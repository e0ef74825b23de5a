"""A function's cold start with CPython's cyclic collector paused.

Loading a function's modules (boto3, pydantic, Powertools, Sellerlink's own) makes hundreds of
thousands of long-lived objects and no garbage, yet the collector walks them all again each time
enough new objects pile up: about an eighth of the import's CPU time. Importing this module first
pauses the collector; `loaded()`, at the end of the function's module, freezes what was loaded
(`gc.freeze`: later collections, in warm invocations too, skip it) and resumes collecting.
"""

from __future__ import annotations

import gc

gc.disable()


def loaded() -> None:
    gc.freeze()
    gc.enable()
