"""`make demo` (`sellerlink demo`): the story a brand lives through, end to end on one machine.

`story.py` runs it; `partners.py`, `webhooks.py` and `pulls.py` are its chapters.
"""
