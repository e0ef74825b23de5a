"""Deliveries per second through the local stack: API → SQS → postbacks function → a loopback
receiver that verifies every signature with the standardwebhooks library. Prints, never asserts."""

from __future__ import annotations

import os
import time

from sellerlink_local.drivers.client import SellerlinkClient
from sellerlink_local.drivers.webhook_receiver import WebhookReceiver
from sellerlink_local.stack.runtime import LocalStack, StackOptions

os.environ.setdefault("POWERTOOLS_METRICS_DISABLED", "true")  # one EMF line per batch is noise here
EVENTS = 300
PROGRAM = {"marketplace": "US", "seller_type": "3P", "brand_name": "Bench", "brand_registry": True}


def main() -> None:
    stack = LocalStack(StackOptions(api_port=0, aws_port=0, sandbox_port=0)).start()
    receiver = WebhookReceiver().start()
    try:
        api = SellerlinkClient(stack.api_url)
        account = api.with_key(stack.operator_key).post("/v1/accounts", {"name": "Bench", "edition": "pro"})
        admin = api.with_key(account["admin_key"]["key"])
        program_id = admin.post("/v1/programs", PROGRAM)["program_id"]
        endpoint = admin.post(
            f"/v1/programs/{program_id}/webhooks",
            {"url": receiver.url + "/in", "event_types": ["webhook.test"]},
        )
        receiver.secrets.append(endpoint["secret"])
        test = f"/v1/programs/{program_id}/webhooks/{endpoint['endpoint']['endpoint_id']}/test"
        started = time.perf_counter()
        for _ in range(EVENTS):
            admin.post(test)
        queued = time.perf_counter() - started
        receiver.wait_for(EVENTS, timeout=600)
        total = time.perf_counter() - started
        print(f"webhooks: {EVENTS} events published through the API in {queued:.1f} s")
        print(f"webhooks: {EVENTS} deliveries verified in {total:.1f} s = {EVENTS / total:.1f} deliveries/s")
        assert stack.lambdas is not None
        batches = stack.lambdas.invocations["PostbacksFunction"]
        print(f"webhooks: {receiver.rejected} rejected signatures, {batches} postbacks batches")
    finally:
        receiver.stop()
        stack.stop()


if __name__ == "__main__":
    main()
