"""Postbacks and webhooks: signed outbound deliveries through SQS, and signed inbound brand callbacks."""
