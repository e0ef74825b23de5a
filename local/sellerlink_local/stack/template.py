"""template.yaml read as the local stack needs it: resources, functions, routes, intrinsics.

Nothing about tables, routes or functions is written twice: the local stack asks this module.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

REGION = "us-east-1"
ACCOUNT_ID = "123456789012"
ROOT = Path(__file__).resolve().parents[3]
TEMPLATE = ROOT / "template.yaml"


class _CfnLoader(yaml.SafeLoader):
    """Reads CloudFormation short forms (!Ref, !Sub, !GetAtt ...) as their long forms."""


def _short_form(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> dict[str, Any]:
    name = "Ref" if suffix == "Ref" else f"Fn::{suffix}"
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
        if suffix == "GetAtt":
            value = str(value).split(".", 1)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)  # type: ignore[arg-type]
    return {name: value}


_CfnLoader.add_multi_constructor("!", _short_form)


@dataclass(frozen=True)
class Route:
    method: str
    path: str
    function: str
    authorized: bool

    @property
    def pattern(self) -> re.Pattern[str]:
        regex = re.sub(r"\{(\w+)\+\}", r"(?P<\1>.+)", self.path)
        regex = re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", regex)
        return re.compile(f"^{regex}$")

    @property
    def specificity(self) -> tuple[int, int, int]:
        """API Gateway prefers exact segments over parameters over greedy paths, then the method."""
        greedy = "+}" in self.path
        params = self.path.count("{")
        return (int(greedy), params, int(self.method == "ANY"))


@dataclass(frozen=True)
class Function:
    logical_id: str
    code_uri: str
    handler: str
    environment: dict[str, Any]
    properties: dict[str, Any] = field(repr=False)

    @property
    def module(self) -> str:
        """`functions/api` + `app.lambda_handler` → the importable `functions.api.app`."""
        package = self.code_uri.strip("/").replace("/", ".")
        return f"{package}.{self.handler.rsplit('.', 1)[0]}"

    @property
    def attribute(self) -> str:
        return self.handler.rsplit(".", 1)[1]


class Template:
    def __init__(self, path: Path = TEMPLATE) -> None:
        self.path = path
        self.body: dict[str, Any] = yaml.load(path.read_text(), Loader=_CfnLoader)
        self.resources: dict[str, dict[str, Any]] = self.body["Resources"]

    def of_type(self, *types: str) -> dict[str, dict[str, Any]]:
        return {name: res for name, res in self.resources.items() if res["Type"] in types}

    def parameter_defaults(self) -> dict[str, str]:
        return {name: str(p.get("Default", "")) for name, p in self.body.get("Parameters", {}).items()}

    def functions(self) -> dict[str, Function]:
        globals_ = self.body.get("Globals", {}).get("Function", {})
        global_env = globals_.get("Environment", {}).get("Variables", {})
        found = {}
        for name, res in self.of_type("AWS::Serverless::Function").items():
            props = {**globals_, **res["Properties"]}
            env = {**global_env, **props.get("Environment", {}).get("Variables", {})}
            found[name] = Function(name, props["CodeUri"], props["Handler"], env, props)
        return found

    def routes(self) -> list[Route]:
        """Every HttpApi event of every function, most specific first."""
        found = []
        for name, function in self.functions().items():
            for event in function.properties.get("Events", {}).values():
                if event["Type"] != "HttpApi":
                    continue
                props = event["Properties"]
                auth = props.get("Auth", {}).get("Authorizer")
                found.append(Route(props["Method"].upper(), props["Path"], name, auth != "NONE"))
        return sorted(found, key=lambda r: (r.specificity, -len(r.path)))

    def authorizer_function(self) -> str:
        """The logical id of the function behind the HTTP API's default Lambda authorizer."""
        (api,) = self.of_type("AWS::Serverless::HttpApi").values()
        auth = api["Properties"]["Auth"]
        authorizer = auth["Authorizers"][auth["DefaultAuthorizer"]]
        return str(authorizer["FunctionArn"]["Fn::GetAtt"][0])


class Resolver:
    """Resolves CloudFormation intrinsics against the physical resources of the local stack."""

    def __init__(
        self, template: Template, parameters: dict[str, str], physical: dict[str, dict[str, str]]
    ) -> None:
        self.template = template
        self.parameters = parameters
        self.physical = physical  # logical id → {"Ref": ..., "Arn": ..., ...}

    def __call__(self, value: Any) -> Any:
        if isinstance(value, list):
            return [self(v) for v in value]
        if not isinstance(value, dict):
            return value
        if len(value) != 1:
            return {k: self(v) for k, v in value.items()}
        ((name, arg),) = value.items()
        intrinsic = getattr(self, "_" + name.replace("Fn::", "").lower(), None)
        return intrinsic(arg) if intrinsic else {name: self(arg)}

    def _ref(self, name: str) -> str:
        pseudo = {
            "AWS::Region": REGION,
            "AWS::AccountId": ACCOUNT_ID,
            "AWS::Partition": "aws",
            "AWS::URLSuffix": "amazonaws.com",
            "AWS::StackName": "sellerlink-local",
        }
        if name in pseudo:
            return pseudo[name]
        if name in self.parameters:
            return self.parameters[name]
        return self.physical[name]["Ref"]

    def _getatt(self, arg: list[str]) -> str:
        return self.physical[arg[0]][arg[1]]

    def _sub(self, arg: str | list[Any]) -> str:
        text, variables = (arg, {}) if isinstance(arg, str) else (arg[0], self(arg[1]))

        def replace(match: re.Match[str]) -> str:
            name = match.group(1)
            if name in variables:
                return str(variables[name])
            if "." in name and not name.startswith("AWS::"):
                return self._getatt(name.split(".", 1))
            return self._ref(name)

        return re.sub(r"\$\{([^}!]+)\}", replace, text)

    def _join(self, arg: list[Any]) -> str:
        return str(arg[0]).join(str(self(v)) for v in arg[1])

    def _if(self, arg: list[Any]) -> Any:
        return self(arg[1] if self._condition(arg[0]) else arg[2])

    def _equals(self, arg: list[Any]) -> bool:
        return bool(self(arg[0]) == self(arg[1]))

    def _condition(self, name: str) -> bool:
        return bool(self(self.template.body.get("Conditions", {})[name]))
