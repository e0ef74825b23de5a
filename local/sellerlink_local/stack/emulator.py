"""The AWS emulator: moto in server mode, holding every resource template.yaml declares."""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from typing import Any

import boto3
import requests
from moto.moto_server.threaded_moto_server import ThreadedMotoServer

from sellerlink_local.stack import moto_patches
from sellerlink_local.stack.template import ACCOUNT_ID, REGION, ROOT, Resolver, Template

MOTO_CONFIG = {"stepfunctions": {"execute_state_machine": True}, "lambda": {"use_docker": False}}
STACK = "sellerlink-local"


class Emulator:
    def __init__(self, port: int = 0) -> None:
        self._server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
        self.port = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Emulator:
        moto_patches.install()
        self._server.start()
        self.port = self._server.get_host_and_port()[1]
        requests.post(f"{self.url}/moto-api/config", json=MOTO_CONFIG, timeout=10).raise_for_status()
        return self

    def stop(self) -> None:
        self._server.stop()

    def client(self, service: str) -> Any:
        return boto3.client(
            service,
            endpoint_url=self.url,
            region_name=REGION,
            aws_access_key_id="local",
            aws_secret_access_key="local",
        )


class Provisioner:
    """Creates the template's resources in the emulator, in dependency order."""

    def __init__(self, client: Callable[[str], Any], template: Template, parameters: dict[str, str]) -> None:
        self.client = client
        self.template = template
        self.physical: dict[str, dict[str, str]] = {}
        self.resolve = Resolver(template, parameters, self.physical)

    def provision(self) -> dict[str, dict[str, str]]:
        creators: dict[str, Callable[[str, dict[str, Any]], dict[str, str]]] = {
            "AWS::DynamoDB::Table": self._table,
            "AWS::KMS::Key": self._kms_key,
            "AWS::SecretsManager::Secret": self._secret,
            "AWS::SQS::Queue": self._queue,
        }
        for kind, create in creators.items():
            for name, resource in self.template.of_type(kind).items():
                self.physical[name] = create(name, resource.get("Properties", {}))
        for name, function in self.template.functions().items():
            physical = str(self.resolve(function.properties.get("FunctionName", name)))
            arn = f"arn:aws:lambda:{REGION}:{ACCOUNT_ID}:function:{physical}"
            self.physical[name] = {"Ref": physical, "Arn": arn}
        for name in self.template.of_type("AWS::Serverless::HttpApi"):
            self.physical[name] = {"Ref": "local"}
        for name, resource in self.template.of_type("AWS::Serverless::StateMachine").items():
            self.physical[name] = self._state_machine(name, resource["Properties"])
        return self.physical

    def _table(self, name: str, props: dict[str, Any]) -> dict[str, str]:
        table = f"{STACK}-{name}"
        kwargs: dict[str, Any] = {
            "TableName": table,
            "KeySchema": props["KeySchema"],
            "AttributeDefinitions": props["AttributeDefinitions"],
            "BillingMode": props.get("BillingMode", "PAY_PER_REQUEST"),
        }
        if props.get("GlobalSecondaryIndexes"):
            kwargs["GlobalSecondaryIndexes"] = props["GlobalSecondaryIndexes"]
        dynamodb = self.client("dynamodb")
        arn = dynamodb.create_table(**kwargs)["TableDescription"]["TableArn"]
        ttl = props.get("TimeToLiveSpecification")
        if ttl:
            dynamodb.update_time_to_live(TableName=table, TimeToLiveSpecification=ttl)
        return {"Ref": table, "Arn": arn}

    def _kms_key(self, name: str, props: dict[str, Any]) -> dict[str, str]:
        key = self.client("kms").create_key(Description=props.get("Description", name))["KeyMetadata"]
        return {"Ref": key["KeyId"], "Arn": key["Arn"]}

    def _secret(self, name: str, props: dict[str, Any]) -> dict[str, str]:
        generate = props.get("GenerateSecretString", {})
        value = secrets.token_urlsafe(int(generate.get("PasswordLength", 32)))
        if "SecretStringTemplate" in generate:
            value = json.dumps(
                {**json.loads(generate["SecretStringTemplate"]), generate["GenerateStringKey"]: value}
            )
        arn = self.client("secretsmanager").create_secret(Name=f"{STACK}-{name}", SecretString=value)["ARN"]
        return {"Ref": arn, "Id": arn}

    def _queue(self, name: str, props: dict[str, Any]) -> dict[str, str]:
        attributes = {
            key: json.dumps(self.resolve(value)) if isinstance(value, dict) else str(self.resolve(value))
            for key, value in props.items()
            if key in {"VisibilityTimeout", "MessageRetentionPeriod", "RedrivePolicy", "DelaySeconds"}
        }
        sqs = self.client("sqs")
        url = sqs.create_queue(QueueName=f"{STACK}-{name}", Attributes=attributes)["QueueUrl"]
        arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        return {"Ref": url, "Arn": arn, "QueueName": f"{STACK}-{name}", "QueueUrl": url}

    def _state_machine(self, name: str, props: dict[str, Any]) -> dict[str, str]:
        definition = (ROOT / props["DefinitionUri"]).read_text()
        for key, value in self.resolve(props.get("DefinitionSubstitutions", {})).items():
            definition = definition.replace("${" + key + "}", str(value))
        sfn = self.client("stepfunctions")
        arn = sfn.create_state_machine(
            name=f"{STACK}-{name}",
            definition=definition,
            roleArn=f"arn:aws:iam::{ACCOUNT_ID}:role/{STACK}-{name}",
        )["stateMachineArn"]
        return {"Ref": arn, "Arn": arn, "Name": f"{STACK}-{name}"}
