"""E-mail: addresses, messages, the sending port with its SES adapter, and one-time links.

Nothing here knows what an e-mail is about: notifications, payout e-mails and sign-in links
build their messages and hand them to an `EmailSender`.
"""
