"""Creates the translated template's resources in the emulator, as CloudFormation would.

Resources are created in dependency order (a cycle refuses the stack, naming it), only those
whose condition holds, with CloudFormation's physical names: the name the template gives, or
`<stack>-<LogicalId>-<random>`. A resource type the local stack cannot create stops it, so
nothing in the template is silently left out here. Functions, routes, event source mappings
and schedules are created where moto keeps them and also described for the local runtime,
which runs them.
"""

from __future__ import annotations

import io
import json
import secrets
import string
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sellerlink_local.stack.cloudformation import (
    ACCOUNT_ID,
    LOCAL_STACK_NAME,
    REGION,
    ROOT,
    Intrinsics,
    Translation,
    condition_values,
    creation_order,
    dependency_graph,
)
from sellerlink_local.stack.lambda_service import FunctionConfig

Physical = dict[str, str]


@dataclass(frozen=True)
class EventSourceMapping:
    function: str  # logical id
    source_arn: str
    batch_size: int
    reports_failures: bool
    maximum_concurrency: int | None


@dataclass(frozen=True)
class HttpApi:
    logical_id: str
    api_id: str
    body: dict[str, Any]


@dataclass
class Provisioned:
    """What the local runtime needs besides the emulator's own records."""

    physical: dict[str, Physical] = field(default_factory=dict)
    functions: list[FunctionConfig] = field(default_factory=list)
    event_sources: list[EventSourceMapping] = field(default_factory=list)
    apis: list[HttpApi] = field(default_factory=list)
    parameters: dict[str, str] = field(default_factory=dict)


class Provisioner:
    def __init__(
        self,
        client: Callable[[str], Any],
        translation: Translation,
        parameters: dict[str, str],
        stack_name: str = LOCAL_STACK_NAME,
        only: frozenset[str] | None = None,
    ) -> None:
        """`only`: create just these resource types (in-process unit tests); the others get
        placeholder names so that references to them still resolve."""
        self.only = only
        self.client = client
        self.translation = translation
        self.stack_name = stack_name
        self.result = Provisioned(parameters=parameters)
        self.resolve = Intrinsics(translation.body, parameters, self.result.physical, stack_name)

    def provision(self) -> Provisioned:
        conditions = condition_values(self.translation.body, self.result.parameters)
        order = creation_order(dependency_graph(self.translation.body, conditions))
        resources = self.translation.resources
        for name in order:
            resource = resources[name]
            if self.only is not None and resource["Type"] not in self.only:
                self.result.physical[name] = Placeholder(name)
                continue
            create = CREATORS.get(resource["Type"])
            if create is None:
                raise NotImplementedError(f"{name}: the local stack cannot create {resource['Type']} yet")
            properties = self.resolve(resource.get("Properties", {}))
            self.result.physical[name] = create(self, name, properties)
        return self.result

    def physical_name(self, logical_id: str, limit: int = 64, lower: bool = False) -> str:
        suffix = "".join(secrets.choice(string.ascii_uppercase + string.digits) for _ in range(12))
        head = f"{self.stack_name}-{logical_id}"[: limit - 13]
        name = f"{head}-{suffix}"
        return name.lower() if lower else name

    # --- data and secrets ------------------------------------------------------------------------

    def _table(self, name: str, props: dict[str, Any]) -> Physical:
        table = props.get("TableName") or self.physical_name(name, 255)
        kwargs: dict[str, Any] = {
            "TableName": table,
            "KeySchema": props["KeySchema"],
            "AttributeDefinitions": props["AttributeDefinitions"],
            "BillingMode": props.get("BillingMode", "PROVISIONED"),
        }
        for key in ("GlobalSecondaryIndexes", "DeletionProtectionEnabled"):
            if key in props:
                kwargs[key] = props[key]
        if "SSESpecification" in props:  # CloudFormation says SSEEnabled where the API says Enabled
            kwargs["SSESpecification"] = {"Enabled": bool(props["SSESpecification"].get("SSEEnabled"))}
        dynamodb = self.client("dynamodb")
        arn = dynamodb.create_table(**kwargs)["TableDescription"]["TableArn"]
        if props.get("TimeToLiveSpecification"):
            dynamodb.update_time_to_live(
                TableName=table, TimeToLiveSpecification=props["TimeToLiveSpecification"]
            )
        return {"Ref": table, "Arn": arn}

    def _kms_key(self, name: str, props: dict[str, Any]) -> Physical:
        kwargs = {"Description": props.get("Description", name)}
        if "KeyPolicy" in props:
            kwargs["Policy"] = json.dumps(props["KeyPolicy"])
        key = self.client("kms").create_key(**kwargs)["KeyMetadata"]
        return {"Ref": key["KeyId"], "Arn": key["Arn"], "KeyId": key["KeyId"]}

    def _kms_alias(self, name: str, props: dict[str, Any]) -> Physical:
        self.client("kms").create_alias(AliasName=props["AliasName"], TargetKeyId=props["TargetKeyId"])
        return {"Ref": props["AliasName"]}

    def _secret(self, name: str, props: dict[str, Any]) -> Physical:
        generate = props.get("GenerateSecretString", {})
        value = props.get("SecretString") or secrets.token_urlsafe(int(generate.get("PasswordLength", 32)))
        if "SecretStringTemplate" in generate:
            value = json.dumps(
                {**json.loads(generate["SecretStringTemplate"]), generate["GenerateStringKey"]: value}
            )
        secret_name = props.get("Name") or self.physical_name(name, 512)
        arn = self.client("secretsmanager").create_secret(Name=secret_name, SecretString=value)["ARN"]
        return {"Ref": arn, "Id": arn}

    def _queue(self, name: str, props: dict[str, Any]) -> Physical:
        attributes = {
            key: json.dumps(value) if isinstance(value, dict) else str(value)
            for key, value in props.items()
            if key not in {"QueueName", "Tags", "FifoQueue"}
        }
        queue_name = props.get("QueueName") or self.physical_name(name, 80)
        sqs = self.client("sqs")
        url = sqs.create_queue(QueueName=queue_name, Attributes=attributes)["QueueUrl"]
        arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        return {"Ref": url, "Arn": arn, "QueueName": queue_name, "QueueUrl": url}

    def _topic(self, name: str, props: dict[str, Any]) -> Physical:
        topic = props.get("TopicName") or self.physical_name(name, 256)
        arn = self.client("sns").create_topic(Name=topic)["TopicArn"]
        return {"Ref": arn, "TopicArn": arn, "TopicName": topic}

    def _subscription(self, name: str, props: dict[str, Any]) -> Physical:
        answer = self.client("sns").subscribe(
            TopicArn=props["TopicArn"], Protocol=props["Protocol"], Endpoint=props["Endpoint"]
        )
        return {"Ref": answer["SubscriptionArn"]}

    def _bucket(self, name: str, props: dict[str, Any]) -> Physical:
        bucket = props.get("BucketName") or self.physical_name(name, 63, lower=True)
        s3 = self.client("s3")
        s3.create_bucket(Bucket=bucket)
        if "BucketEncryption" in props:
            rules = [  # CloudFormation's ServerSideEncryptionByDefault is the API's ApplyServer...
                {"ApplyServerSideEncryptionByDefault": rule["ServerSideEncryptionByDefault"]}
                for rule in props["BucketEncryption"]["ServerSideEncryptionConfiguration"]
            ]
            s3.put_bucket_encryption(Bucket=bucket, ServerSideEncryptionConfiguration={"Rules": rules})
        if "PublicAccessBlockConfiguration" in props:
            s3.put_public_access_block(
                Bucket=bucket, PublicAccessBlockConfiguration=props["PublicAccessBlockConfiguration"]
            )
        if "OwnershipControls" in props:
            s3.put_bucket_ownership_controls(Bucket=bucket, OwnershipControls=props["OwnershipControls"])
        if "LifecycleConfiguration" in props:
            s3.put_bucket_lifecycle_configuration(
                Bucket=bucket, LifecycleConfiguration=_lifecycle(props["LifecycleConfiguration"])
            )
        return {"Ref": bucket, "Arn": f"arn:aws:s3:::{bucket}", "DomainName": f"{bucket}.s3.amazonaws.com"}

    def _log_group(self, name: str, props: dict[str, Any]) -> Physical:
        group = props.get("LogGroupName") or self.physical_name(name, 512)
        logs = self.client("logs")
        logs.create_log_group(logGroupName=group)
        if "RetentionInDays" in props:
            logs.put_retention_policy(logGroupName=group, retentionInDays=int(props["RetentionInDays"]))
        return {"Ref": group, "Arn": f"arn:aws:logs:{REGION}:{ACCOUNT_ID}:log-group:{group}:*"}

    def _alarm(self, name: str, props: dict[str, Any]) -> Physical:
        alarm = props.get("AlarmName") or self.physical_name(name, 255)
        keys = (
            "AlarmDescription", "ActionsEnabled", "AlarmActions", "OKActions", "MetricName", "Namespace",
            "Statistic", "Dimensions", "Period", "EvaluationPeriods", "DatapointsToAlarm", "Threshold",
            "ComparisonOperator", "TreatMissingData", "Metrics",
        )  # fmt: skip
        kwargs = {key: props[key] for key in keys if key in props}
        for key in ("Period", "EvaluationPeriods", "DatapointsToAlarm"):
            if key in kwargs:
                kwargs[key] = int(kwargs[key])
        if "Threshold" in kwargs:
            kwargs["Threshold"] = float(kwargs["Threshold"])
        self.client("cloudwatch").put_metric_alarm(AlarmName=alarm, **kwargs)
        return {"Ref": alarm, "Arn": f"arn:aws:cloudwatch:{REGION}:{ACCOUNT_ID}:alarm:{alarm}"}

    def _configuration_set(self, name: str, props: dict[str, Any]) -> Physical:
        configuration_set = props.get("Name") or self.physical_name(name, 64)
        options = (
            "TrackingOptions",
            "DeliveryOptions",
            "ReputationOptions",
            "SendingOptions",
            "SuppressionOptions",
        )
        kwargs = {key: props[key] for key in options if key in props}
        self.client("sesv2").create_configuration_set(ConfigurationSetName=configuration_set, **kwargs)
        return {"Ref": configuration_set}

    def _email_identity(self, name: str, props: dict[str, Any]) -> Physical:
        """moto takes the identity as verified at once; SES waits for its confirmation link or DNS."""
        kwargs: dict[str, Any] = {"EmailIdentity": props["EmailIdentity"]}
        configuration_set = props.get("ConfigurationSetAttributes", {}).get("ConfigurationSetName")
        if configuration_set:
            kwargs["ConfigurationSetName"] = configuration_set
        self.client("sesv2").create_email_identity(**kwargs)
        return {"Ref": props["EmailIdentity"]}

    # --- IAM and compute ----------------------------------------------------------------------

    def _role(self, name: str, props: dict[str, Any]) -> Physical:
        role = props.get("RoleName") or self.physical_name(name, 64)
        iam = self.client("iam")
        arn = iam.create_role(
            RoleName=role,
            Path=props.get("Path", "/"),
            AssumeRolePolicyDocument=json.dumps(props["AssumeRolePolicyDocument"]),
        )["Role"]["Arn"]
        for managed in props.get("ManagedPolicyArns", []):
            iam.attach_role_policy(RoleName=role, PolicyArn=managed)
        for policy in props.get("Policies", []):
            # SAM writes its policy templates without Version, which IAM accepts and moto refuses;
            # the versions differ only in policy variables, which none of these statements use.
            document = {"Version": "2012-10-17", **policy["PolicyDocument"]}
            iam.put_role_policy(
                RoleName=role, PolicyName=policy["PolicyName"], PolicyDocument=json.dumps(document)
            )
        return {"Ref": role, "Arn": arn}

    def _layer(self, name: str, props: dict[str, Any]) -> Physical:
        layer = props.get("LayerName") or name
        return {"Ref": f"arn:aws:lambda:{REGION}:{ACCOUNT_ID}:layer:{layer}:1"}

    def _function(self, name: str, props: dict[str, Any]) -> Physical:
        function = props.get("FunctionName") or self.physical_name(name, 64)
        environment = {k: str(v) for k, v in props.get("Environment", {}).get("Variables", {}).items()}
        arn = self.client("lambda").create_function(
            FunctionName=function,
            Runtime=props["Runtime"],
            Role=props["Role"],
            Handler=props["Handler"],
            Code={"ZipFile": _placeholder_zip()},
            Timeout=int(props.get("Timeout", 3)),
            MemorySize=int(props.get("MemorySize", 128)),
            Environment={"Variables": environment},
        )["FunctionArn"]
        package = self.translation.code[name].strip("/").replace("/", ".")
        self.result.functions.append(
            FunctionConfig(
                logical_id=name,
                name=function,
                arn=arn,
                handler=f"{package}.{props['Handler']}",
                timeout=int(props.get("Timeout", 3)),
                memory=int(props.get("MemorySize", 128)),
                environment=environment,
                role_arn=props["Role"],
            )
        )
        return {"Ref": function, "Arn": arn}

    def _permission(self, name: str, props: dict[str, Any]) -> Physical:
        kwargs = {
            "FunctionName": props["FunctionName"],
            "StatementId": name,
            "Action": props["Action"],
            "Principal": props["Principal"],
        }
        for key in ("SourceArn", "SourceAccount"):
            if key in props:
                kwargs[key] = props[key]
        self.client("lambda").add_permission(**kwargs)
        return {"Ref": name}

    def _event_source_mapping(self, name: str, props: dict[str, Any]) -> Physical:
        """Kept for the local poller: moto's own SQS mapping would invoke the function itself."""
        function = self.resolve_function(props["FunctionName"])
        scaling = props.get("ScalingConfig", {})
        self.result.event_sources.append(
            EventSourceMapping(
                function=function,
                source_arn=props["EventSourceArn"],
                batch_size=int(props.get("BatchSize", 10)),
                reports_failures="ReportBatchItemFailures" in props.get("FunctionResponseTypes", []),
                maximum_concurrency=int(scaling["MaximumConcurrency"])
                if "MaximumConcurrency" in scaling
                else None,
            )
        )
        return {"Ref": secrets.token_hex(16)}

    def resolve_function(self, reference: str) -> str:
        """The logical id of a function named by physical name or ARN."""
        for config in self.result.functions:
            if reference in (config.name, config.arn):
                return config.logical_id
        raise KeyError(f"no function {reference}")

    def _state_machine(self, name: str, props: dict[str, Any]) -> Physical:
        definition = (ROOT / self.translation.code[name]).read_text()
        for key, value in props.get("DefinitionSubstitutions", {}).items():
            definition = definition.replace("${" + key + "}", str(value))
        machine = props.get("StateMachineName") or self.physical_name(name, 80)
        arn = self.client("stepfunctions").create_state_machine(
            name=machine, definition=definition, roleArn=props["RoleArn"]
        )["stateMachineArn"]
        return {"Ref": arn, "Arn": arn, "Name": machine}

    def _schedule(self, name: str, props: dict[str, Any]) -> Physical:
        schedule = props.get("Name") or self.physical_name(name, 64)
        target = {key: props["Target"][key] for key in ("Arn", "RoleArn", "Input") if key in props["Target"]}
        arn = self.client("scheduler").create_schedule(
            Name=schedule,
            ScheduleExpression=props["ScheduleExpression"],
            FlexibleTimeWindow=props["FlexibleTimeWindow"],
            Target=target,
            State=props.get("State", "ENABLED"),
        )["ScheduleArn"]
        return {"Ref": schedule, "Arn": arn}

    # --- the HTTP API ---------------------------------------------------------------------------

    def _http_api(self, name: str, props: dict[str, Any]) -> Physical:
        api_id = "".join(secrets.choice(string.ascii_lowercase + string.digits) for _ in range(10))
        self.result.apis.append(HttpApi(name, api_id, props.get("Body", {})))
        endpoint = f"https://{api_id}.execute-api.{REGION}.amazonaws.com"
        return {"Ref": api_id, "ApiEndpoint": endpoint, "ApiId": api_id}

    def _stage(self, name: str, props: dict[str, Any]) -> Physical:
        return {"Ref": props.get("StageName", "$default")}


class Placeholder(dict[str, str]):
    """Stands for a resource that was not created: any attribute reads as `<logical id>.<name>`."""

    def __init__(self, logical_id: str) -> None:
        super().__init__(Ref=logical_id)
        self.logical_id = logical_id

    def __missing__(self, attribute: str) -> str:
        return f"arn:aws:local:::{self.logical_id}.{attribute}"


def _placeholder_zip() -> bytes:
    """The local runtime imports the handler from the checkout; moto only needs some code."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("README.txt", "Code is run from the checkout by the local runtime.\n")
    return buffer.getvalue()


def _lifecycle(config: dict[str, Any]) -> dict[str, Any]:
    """CloudFormation's lifecycle rules as S3's API spells them."""
    rules = []
    for rule in config.get("Rules", []):
        converted: dict[str, Any] = {"ID": rule.get("Id", "rule"), "Status": rule["Status"]}
        converted["Filter"] = {"Prefix": rule.get("Prefix", "")}
        if "ExpirationInDays" in rule:
            converted["Expiration"] = {"Days": int(rule["ExpirationInDays"])}
        if "AbortIncompleteMultipartUpload" in rule:
            days = int(rule["AbortIncompleteMultipartUpload"]["DaysAfterInitiation"])
            converted["AbortIncompleteMultipartUpload"] = {"DaysAfterInitiation": days}
        rules.append(converted)
    return {"Rules": rules}


CREATORS: dict[str, Callable[[Provisioner, str, dict[str, Any]], Physical]] = {
    "AWS::DynamoDB::Table": Provisioner._table,
    "AWS::KMS::Key": Provisioner._kms_key,
    "AWS::KMS::Alias": Provisioner._kms_alias,
    "AWS::SecretsManager::Secret": Provisioner._secret,
    "AWS::SQS::Queue": Provisioner._queue,
    "AWS::SNS::Topic": Provisioner._topic,
    "AWS::SNS::Subscription": Provisioner._subscription,
    "AWS::S3::Bucket": Provisioner._bucket,
    "AWS::Logs::LogGroup": Provisioner._log_group,
    "AWS::CloudWatch::Alarm": Provisioner._alarm,
    "AWS::SES::ConfigurationSet": Provisioner._configuration_set,
    "AWS::SES::EmailIdentity": Provisioner._email_identity,
    "AWS::IAM::Role": Provisioner._role,
    "AWS::Lambda::LayerVersion": Provisioner._layer,
    "AWS::Lambda::Function": Provisioner._function,
    "AWS::Lambda::Permission": Provisioner._permission,
    "AWS::Lambda::EventSourceMapping": Provisioner._event_source_mapping,
    "AWS::StepFunctions::StateMachine": Provisioner._state_machine,
    "AWS::Scheduler::Schedule": Provisioner._schedule,
    "AWS::ApiGatewayV2::Api": Provisioner._http_api,
    "AWS::ApiGatewayV2::Stage": Provisioner._stage,
}
