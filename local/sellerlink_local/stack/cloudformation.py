"""template.yaml as CloudFormation receives it after `sam deploy`'s transform.

The local stack is built from this translation, not from the SAM shorthand: the roles and
inline policies SAM writes, the `AWS::Lambda::Permission`s it adds (or does not), the routes
of the HTTP API's OpenAPI body, the event source mappings and schedules. CloudFormation's own
rules apply here too: conditions decide which resources exist, and a dependency cycle between
resources refuses the stack, naming the resources that form it.
"""

from __future__ import annotations

import copy
import itertools
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[3]
TEMPLATE = ROOT / "template.yaml"
REGION = "us-east-1"
ACCOUNT_ID = "123456789012"
LOCAL_STACK_NAME = "sellerlink-local"
LOCAL_CODE_URIS = ("CodeUri", "ContentUri", "DefinitionUri")


class DependencyCycle(ValueError):
    """CloudFormation refuses a stack whose resources depend on each other in a loop."""

    def __init__(self, groups: list[list[str]], loops: list[list[str]]) -> None:
        self.groups = groups
        named = "; ".join(
            f"[{', '.join(group)}], for example {' -> '.join(loop)}"
            for group, loop in zip(groups, loops, strict=True)
        )
        super().__init__(f"Circular dependency between resources: {named}")


class _CfnLoader(yaml.SafeLoader):
    """Reads CloudFormation short forms (!Ref, !Sub, !GetAtt ...) as their long forms."""


def _short_form(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> dict[str, Any]:
    name = "Ref" if suffix == "Ref" else ("Condition" if suffix == "Condition" else f"Fn::{suffix}")
    value: Any
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
        if suffix == "GetAtt":
            value = str(value).split(".", 1)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)  # type: ignore[arg-type]
    return {name: value}


_CfnLoader.add_multi_constructor("!", _short_form)


def load_sam(path: Path = TEMPLATE) -> dict[str, Any]:
    """template.yaml as written (SAM), short forms expanded."""
    return dict(yaml.load(path.read_text(), Loader=_CfnLoader))


class OfflineManagedPolicies:
    """The ARNs of the AWS managed policies SAM attaches, without asking IAM (nothing leaves the machine)."""

    NAMES = {
        "AWSLambdaBasicExecutionRole": "service-role/AWSLambdaBasicExecutionRole",
        "AWSXrayWriteOnlyAccess": "AWSXrayWriteOnlyAccess",
        "AWSLambdaRole": "service-role/AWSLambdaRole",
        "AWSLambdaSQSQueueExecutionRole": "service-role/AWSLambdaSQSQueueExecutionRole",
    }

    def load(self) -> dict[str, str]:
        return {name: f"arn:aws:iam::aws:policy/{path}" for name, path in self.NAMES.items()}


@dataclass(frozen=True)
class Translation:
    """The CloudFormation template, and where each resource's local code lives (what
    `sam package` uploads)."""

    body: dict[str, Any]
    code: dict[str, str]  # logical id -> CodeUri / ContentUri / DefinitionUri, relative to ROOT

    @property
    def resources(self) -> dict[str, dict[str, Any]]:
        return dict(self.body["Resources"])

    def of_type(self, *types: str) -> dict[str, dict[str, Any]]:
        return {name: res for name, res in self.resources.items() if res["Type"] in types}

    def parameter_defaults(self) -> dict[str, str]:
        return {name: str(p.get("Default", "")) for name, p in self.body.get("Parameters", {}).items()}


def translate(sam: dict[str, Any] | None = None) -> Translation:
    """Runs the SAM transform as `sam deploy` does, on the template as `sam package` uploads it."""
    from samtranslator.translator.transform import transform

    sam = copy.deepcopy(sam if sam is not None else load_sam())
    code: dict[str, str] = {}
    for name, resource in sam["Resources"].items():
        props = resource.get("Properties", {})
        for key in LOCAL_CODE_URIS:
            if isinstance(props.get(key), str) and not props[key].startswith("s3://"):
                code[name] = props[key]
                props[key] = f"s3://sellerlink-artifacts/{name}.zip"
    os.environ.setdefault("AWS_DEFAULT_REGION", REGION)
    body = transform(sam, {"AWS::Region": REGION}, OfflineManagedPolicies())
    return Translation(body, code)


# --- conditions ----------------------------------------------------------------------------------


def condition_values(body: dict[str, Any], parameters: dict[str, str]) -> dict[str, bool]:
    """Every condition of the template, evaluated for these parameter values."""
    intrinsics = Intrinsics(body, parameters, {})
    return {name: intrinsics.condition(name) for name in body.get("Conditions", {})}


def parameter_combinations(body: dict[str, Any]) -> Iterator[dict[str, str]]:
    """Parameter values that between them reach every combination of the template's conditions.

    A parameter that a condition reads takes each of its AllowedValues, or else its default, each
    value a condition compares it with, and one value it is compared with nowhere.
    """
    parameters = body.get("Parameters", {})
    defaults = {name: str(p.get("Default", "")) for name, p in parameters.items()}
    read = _parameters_read(body.get("Conditions", {}))
    choices: dict[str, list[str]] = {}
    for name in sorted(read & set(parameters)):
        allowed = parameters[name].get("AllowedValues")
        if allowed:
            choices[name] = [str(v) for v in allowed]
        else:
            compared = _compared_values(body.get("Conditions", {}), name)
            choices[name] = sorted({defaults[name], *compared, "sellerlink-other-value"})
    seen: set[tuple[tuple[str, bool], ...]] = set()
    for values in itertools.product(*choices.values()):
        chosen = {**defaults, **dict(zip(choices, values, strict=True))}
        outcome = tuple(sorted(condition_values(body, chosen).items()))
        if outcome not in seen:
            seen.add(outcome)
            yield chosen


def _parameters_read(value: Any) -> set[str]:
    if isinstance(value, list):
        return set().union(*(_parameters_read(v) for v in value)) if value else set()
    if isinstance(value, dict):
        found = {value["Ref"]} if isinstance(value.get("Ref"), str) else set()
        return found.union(*(_parameters_read(v) for v in value.values()))
    return set()


def _compared_values(conditions: dict[str, Any], parameter: str) -> set[str]:
    found: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, dict):
            equals = value.get("Fn::Equals")
            if isinstance(equals, list) and {"Ref": parameter} in equals:
                found.update(str(v) for v in equals if not isinstance(v, dict))
            for item in value.values():
                walk(item)

    walk(conditions)
    return found


# --- dependencies --------------------------------------------------------------------------------


def dependency_graph(body: dict[str, Any], conditions: dict[str, bool]) -> dict[str, set[str]]:
    """Resource -> the resources it needs first (Ref, GetAtt, Sub, DependsOn), for these conditions."""
    resources = {
        name: res for name, res in body["Resources"].items() if conditions.get(res.get("Condition", ""), True)
    }
    graph: dict[str, set[str]] = {}
    for name, resource in resources.items():
        depends = resource.get("DependsOn", [])
        needed = {depends} if isinstance(depends, str) else set(depends)
        needed |= _references(resource.get("Properties", {}), conditions)
        graph[name] = {other for other in needed if other in resources}
    return graph


def _references(value: Any, conditions: dict[str, bool]) -> set[str]:
    if isinstance(value, list):
        return set().union(*(_references(v, conditions) for v in value)) if value else set()
    if not isinstance(value, dict):
        return set()
    if len(value) == 1:
        ((key, arg),) = value.items()
        if key == "Ref" and isinstance(arg, str):
            return {arg}
        if key == "Fn::GetAtt":
            return {arg[0] if isinstance(arg, list) else str(arg).split(".", 1)[0]}
        if key == "Fn::Sub":
            text, variables = (arg, {}) if isinstance(arg, str) else (arg[0], arg[1])
            named = {part.split(".", 1)[0] for part in _sub_names(text)} - set(variables)
            return named | _references(variables, conditions)
        if key == "Fn::If":
            branch = arg[1] if conditions.get(arg[0], False) else arg[2]
            return _references(branch, conditions)
    return set().union(*(_references(v, conditions) for v in value.values())) if value else set()


def _sub_names(text: str) -> list[str]:
    names, rest = [], text
    while "${" in rest:
        start = rest.index("${")
        end = rest.index("}", start)
        name = rest[start + 2 : end]
        if not name.startswith("!") and not name.startswith("AWS::"):
            names.append(name)
        rest = rest[end + 1 :]
    return names


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one resource (or a resource needing itself)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:  # Tarjan's algorithm, recursion bounded by the resource count
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph.get(node, ())):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1 or node in graph.get(node, ()):
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def loop_through(graph: dict[str, set[str]], group: list[str]) -> list[str]:
    """One concrete loop inside a strongly connected group: first -> ... -> first."""
    start, members = group[0], set(group)
    paths = [[start]]
    seen = {start}
    while paths:
        path = paths.pop(0)
        for other in sorted(graph[path[-1]] & members):
            if other == start:
                return [*path, start]
            if other not in seen:
                seen.add(other)
                paths.append([*path, other])
    return [start, start]


def creation_order(graph: dict[str, set[str]]) -> list[str]:
    """An order CloudFormation could create the resources in; a cycle refuses the stack."""
    groups = cycles(graph)
    if groups:
        raise DependencyCycle(groups, [loop_through(graph, group) for group in groups])
    ordered: list[str] = []
    done: set[str] = set()

    def place(node: str) -> None:
        if node in done:
            return
        for other in sorted(graph[node]):
            place(other)
        done.add(node)
        ordered.append(node)

    for node in sorted(graph):
        place(node)
    return ordered


# --- intrinsic functions -------------------------------------------------------------------------


class Intrinsics:
    """Resolves CloudFormation intrinsic functions against parameters and the created resources."""

    NO_VALUE = object()

    def __init__(
        self,
        body: dict[str, Any],
        parameters: dict[str, str],
        physical: dict[str, dict[str, str]],
        stack_name: str = LOCAL_STACK_NAME,
    ) -> None:
        self.body = body
        self.parameters = parameters
        self.physical = physical  # logical id -> {"Ref": ..., "Arn": ..., ...}
        self.pseudo = {
            "AWS::Region": REGION,
            "AWS::AccountId": ACCOUNT_ID,
            "AWS::Partition": "aws",
            "AWS::URLSuffix": "amazonaws.com",
            "AWS::StackName": stack_name,
            "AWS::StackId": f"arn:aws:cloudformation:{REGION}:{ACCOUNT_ID}:stack/{stack_name}/local",
            "AWS::NoValue": self.NO_VALUE,
        }

    def __call__(self, value: Any) -> Any:
        if isinstance(value, list):
            return [v for v in (self(item) for item in value) if v is not self.NO_VALUE]
        if not isinstance(value, dict):
            return value
        if len(value) == 1:
            ((name, arg),) = value.items()
            intrinsic = getattr(self, "_" + name.replace("Fn::", "").lower(), None)
            if intrinsic is not None and (name == "Ref" or name.startswith("Fn::") or name == "Condition"):
                return intrinsic(arg)
        resolved = {k: self(v) for k, v in value.items()}
        return {k: v for k, v in resolved.items() if v is not self.NO_VALUE}

    def condition(self, name: str) -> bool:
        return bool(self(self.body.get("Conditions", {})[name]))

    def _ref(self, name: str) -> Any:
        if name in self.pseudo:
            return self.pseudo[name]
        if name in self.parameters:
            return self.parameters[name]
        if name not in self.physical:
            raise KeyError(f"Ref {name}: no such parameter, or the resource is not created yet")
        return self.physical[name]["Ref"]

    def _getatt(self, arg: list[str] | str) -> str:
        logical, attribute = arg if isinstance(arg, list) else str(arg).split(".", 1)
        try:
            return self.physical[logical][attribute]
        except KeyError:
            raise KeyError(f"GetAtt {logical}.{attribute}: not known for the local stack") from None

    def _sub(self, arg: str | list[Any]) -> str:
        text, variables = (arg, {}) if isinstance(arg, str) else (arg[0], self(arg[1]))
        out, rest = [], text
        while "${" in rest:
            start = rest.index("${")
            end = rest.index("}", start)
            out.append(rest[:start])
            name = rest[start + 2 : end]
            if name.startswith("!"):
                out.append("${" + name[1:] + "}")
            elif name in variables:
                out.append(str(variables[name]))
            elif "." in name and not name.startswith("AWS::"):
                out.append(str(self._getatt(name.split(".", 1))))
            else:
                out.append(str(self._ref(name)))
            rest = rest[end + 1 :]
        return "".join(out) + rest

    def _join(self, arg: list[Any]) -> str:
        return str(arg[0]).join(str(v) for v in self(arg[1]))

    def _select(self, arg: list[Any]) -> Any:
        return self(arg[1])[int(self(arg[0]))]

    def _split(self, arg: list[Any]) -> list[str]:
        return str(self(arg[1])).split(str(arg[0]))

    def _if(self, arg: list[Any]) -> Any:
        return self(arg[1] if self.condition(arg[0]) else arg[2])

    def _equals(self, arg: list[Any]) -> bool:
        return bool(self(arg[0]) == self(arg[1]))

    def _not(self, arg: list[Any]) -> bool:
        return not self(arg[0])

    def _and(self, arg: list[Any]) -> bool:
        return all(self(v) for v in arg)

    def _or(self, arg: list[Any]) -> bool:
        return any(self(v) for v in arg)

    def _condition(self, name: str) -> bool:
        return self.condition(name)

    def _tojsonstring(self, arg: Any) -> str:
        return json.dumps(self(arg))
