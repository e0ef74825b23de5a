"""The AWS emulator: moto in server mode, with IAM enforced as AWS enforces it.

moto answers every request without credentials until `INITIAL_NO_AUTH_ACTION_COUNT` requests
have passed; the emulator spends those on creating a deployer (an IAM user allowed everything,
the identity `sam deploy` would use), and from then on every request must be signed by a known
identity and is authorized by `stack.iam`: the deployer's, a function's role, the state
machine's role, a schedule's role; a pre-signed S3 URL by `stack.presigned`, as its signer.
"""

from __future__ import annotations

import json
import logging
from typing import Any

import boto3
import requests
from moto.moto_server.threaded_moto_server import ThreadedMotoServer

from sellerlink_local.stack import iam, moto_patches, presigned
from sellerlink_local.stack.cloudformation import REGION
from sellerlink_local.stack.service_roles import Credentials

MOTO_CONFIG = {"stepfunctions": {"execute_state_machine": True}, "lambda": {"use_docker": False}}
DEPLOYER = "sellerlink-deployer"
BOOTSTRAP_REQUESTS = 3  # create the deployer, allow it everything, give it a key


class Emulator:
    def __init__(self, port: int = 0) -> None:
        self._server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
        self.port = 0
        self.deployer: Credentials | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Emulator:
        from moto.core.config import default_user_config

        logging.getLogger("werkzeug").setLevel(logging.ERROR)  # one access line per emulator call is noise
        moto_patches.install()
        iam.install()
        presigned.install()  # moto reads callers from the Authorization header only
        default_user_config["iam"] = {"load_aws_managed_policies": True}  # the policies SAM attaches
        self._server.start()
        self.port = self._server.get_host_and_port()[1]
        requests.post(f"{self.url}/moto-api/config", json=MOTO_CONFIG, timeout=10).raise_for_status()
        self.deployer = self._bootstrap_deployer()
        return self

    def stop(self) -> None:
        self._server.stop()

    def client(self, service: str, credentials: Credentials | None = None) -> Any:
        """A client signed by `credentials`, the deployer's by default."""
        signer = credentials or self.deployer
        if signer is None:
            raise RuntimeError("the emulator is not started")
        return signer.client(service, REGION, self.url)

    def _bootstrap_deployer(self) -> Credentials:
        requests.post(
            f"{self.url}/moto-api/reset-auth", data=str(BOOTSTRAP_REQUESTS), timeout=10
        ).raise_for_status()
        anonymous = boto3.client(
            "iam",
            endpoint_url=self.url,
            region_name=REGION,
            aws_access_key_id="bootstrap",
            aws_secret_access_key="-",
        )
        anonymous.create_user(UserName=DEPLOYER)
        everything = {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}],
        }
        anonymous.put_user_policy(
            UserName=DEPLOYER, PolicyName="deploy", PolicyDocument=json.dumps(everything)
        )
        key = anonymous.create_access_key(UserName=DEPLOYER)["AccessKey"]
        return Credentials(key["AccessKeyId"], key["SecretAccessKey"], "")
