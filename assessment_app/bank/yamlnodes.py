"""Read YAML files as node trees and check their values, keeping every line number.

Files are composed with ``yaml.SafeLoader`` (never constructed with an unsafe loader) and
walked node by node, so each problem can point at the line of the offending key or value.
A *checker* turns one value node into a Python value, or reports a problem and returns
``INVALID``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from assessment_app.bank.problems import Reporter


class _Invalid:
    """The type of ``INVALID``."""

    def __repr__(self) -> str:
        return "INVALID"


INVALID: Any = _Invalid()
"""What a checker returns for a value it rejected (after reporting it)."""

Checker = Callable[[Node, Reporter, str], Any]

_YAML_TAG = "tag:yaml.org,2002:"
_KIND_NAMES = {"bool": "boolean", "int": "integer", "float": "number", "str": "string"}


def line_of(node: Node) -> int:
    """Return the 1-based line where ``node`` starts."""
    return node.start_mark.line + 1


def compose_file(filename: str, report: Reporter) -> Node | None:
    """Parse one YAML file into a node tree; report and return None if it cannot be read."""
    try:
        with open(filename, "rb") as handle:
            raw = handle.read()
    except OSError as exc:
        report(1, f"cannot read the file: {exc.strerror}")
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        report(raw[: exc.start].count(b"\n") + 1, "the file is not valid UTF-8")
        return None
    reported = len(report.problems)
    node = _compose_text(text, report)
    if node is None and len(report.problems) == reported:
        report(1, "the file is empty; expected a mapping")
    return node


def _compose_text(text: str, report: Reporter) -> Node | None:
    """Compose ``text``, reporting a syntax error at its line."""
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        context = f"{exc.context}: " if exc.context else ""
        report(mark.line + 1 if mark else 1, f"YAML syntax error: {context}{exc.problem}")
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1
        report(line, f"YAML syntax error: character #x{exc.character:04x} is not allowed")
    return None


def describe(node: Node) -> str:
    """Describe a node for a message, e.g. ``a list``, ``boolean true``, ``string 'x'``."""
    if isinstance(node, SequenceNode):
        return "a list"
    if isinstance(node, MappingNode):
        return "a mapping"
    kind = node.tag.removeprefix(_YAML_TAG)
    if kind == "null":
        return "an empty value (null)"
    text = node.value if len(node.value) <= 40 else node.value[:37] + "..."
    if kind == "str":
        return f"string {text!r}"
    return f"{_KIND_NAMES.get(kind, 'a value tagged ' + node.tag)} {text}"


def scalar(node: Node) -> Any:
    """Return the Python value of a scalar node, or ``INVALID`` for anything else."""
    if not isinstance(node, ScalarNode):
        return INVALID
    try:
        return SafeConstructor().construct_object(node, deep=True)
    except (ConstructorError, ValueError):
        return INVALID


def peek(node: Node, key: str) -> str | None:
    """Return the string value of ``key`` in a mapping node, if it has a usable one."""
    if not isinstance(node, MappingNode):
        return None
    for key_node, value_node in node.value:
        if scalar(key_node) == key:
            value = scalar(value_node)
            return value if isinstance(value, str) and value.strip() else None
    return None


@dataclass
class Fields:
    """The accepted values of one YAML mapping, with the line of every key found."""

    line: int
    values: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)

    def get(self, name: str, default: Any = None) -> Any:
        """Return the accepted value of ``name``, or ``default``."""
        return self.values.get(name, default)

    def has(self, name: str) -> bool:
        """Tell whether the mapping has the key ``name``, valid or not."""
        return name in self.lines

    def valid(self, name: str) -> bool:
        """Tell whether ``name`` is present with an accepted value."""
        return name in self.values

    def line_of(self, name: str) -> int:
        """Return the line of key ``name``, or of the mapping when the key is absent."""
        return self.lines.get(name, self.line)


def parse_mapping(
    node: Node, report: Reporter, label: str, spec: dict[str, Checker], required: Iterable[str]
) -> Fields | None:
    """Check a mapping node against ``spec`` (key -> checker).

    Report a node that is not a mapping, keys that are not strings, unknown and duplicate
    keys, and missing required keys (at the mapping's first line). Return None only when
    the node is not a mapping at all.
    """
    if not isinstance(node, MappingNode):
        report(node, f"{label} must be a mapping, got {describe(node)}")
        return None
    fields = Fields(line_of(node))
    for key_node, value_node in node.value:
        name = _accept_key(key_node, fields, report, label, spec)
        if name is not None:
            fields.lines[name] = line_of(key_node)
            value = spec[name](value_node, report, f"{label}: {name}")
            if value is not INVALID:
                fields.values[name] = value
    for name in required:
        if not fields.has(name):
            report(fields.line, f"{label}: missing required key '{name}'")
    return fields


def _accept_key(
    key_node: Node, fields: Fields, report: Reporter, label: str, spec: dict[str, Checker]
) -> str | None:
    """Return the key's name if it is a known, first-seen string key; else report it."""
    name = scalar(key_node)
    if not isinstance(name, str):
        report(key_node, f"{label}: keys must be strings, got {describe(key_node)}")
    elif name not in spec:
        allowed = ", ".join(key for key, check in spec.items() if not hasattr(check, "retired"))
        report(key_node, f"{label}: unknown key '{name}' (allowed: {allowed})")
    elif fields.has(name):
        report(key_node, f"{label}: duplicate key '{name}' (first at line {fields.lines[name]})")
    else:
        return name
    return None


def text(node: Node, report: Reporter, what: str) -> Any:
    """Accept a non-empty string, stripped of surrounding whitespace."""
    value = scalar(node)
    if not isinstance(value, str):
        report(node, f"{what} must be a string, got {describe(node)}")
        return INVALID
    if not value.strip():
        report(node, f"{what} must not be empty")
        return INVALID
    return value.strip()


def pattern(regex: str) -> Checker:
    """Make a checker accepting a string that fully matches ``regex``."""
    compiled = re.compile(regex)

    def check(node: Node, report: Reporter, what: str) -> Any:
        value = scalar(node)
        if not isinstance(value, str):
            report(node, f"{what} must be a string matching {regex}, got {describe(node)}")
            return INVALID
        if not compiled.fullmatch(value):
            report(node, f"{what} {value!r} does not match {regex}")
            return INVALID
        return value

    return check


def one_of(choices: Iterable[str]) -> Checker:
    """Make a checker accepting one of the given strings."""
    allowed = tuple(choices)

    def check(node: Node, report: Reporter, what: str) -> Any:
        value = scalar(node)
        if value not in allowed or not isinstance(value, str):
            report(node, f"{what} must be one of {' | '.join(allowed)}, got {describe(node)}")
            return INVALID
        return value

    return check


def integer(minimum: int | None = None, maximum: int | None = None) -> Checker:
    """Make a checker accepting an integer (not a boolean) within the given bounds."""
    if maximum is not None:
        shape = f"an integer {minimum}..{maximum}"
    else:
        shape = "an integer" if minimum is None else f"an integer of at least {minimum}"

    def check(node: Node, report: Reporter, what: str) -> Any:
        value = scalar(node)
        if not is_int(value) or not _within(value, minimum, maximum):
            report(node, f"{what} must be {shape}, got {describe(node)}")
            return INVALID
        return value

    return check


def _within(value: int, minimum: int | None, maximum: int | None) -> bool:
    """Tell whether ``value`` lies within the optional bounds."""
    return (minimum is None or value >= minimum) and (maximum is None or value <= maximum)


def positive_number(node: Node, report: Reporter, what: str) -> Any:
    """Accept a finite number above zero (an integer or a float, not a boolean)."""
    value = scalar(node)
    if not is_number(value) or not value > 0:
        report(node, f"{what} must be a positive number, got {describe(node)}")
        return INVALID
    return float(value)


def boolean(node: Node, report: Reporter, what: str) -> Any:
    """Accept ``true`` or ``false``."""
    value = scalar(node)
    if not isinstance(value, bool):
        report(node, f"{what} must be true or false, got {describe(node)}")
        return INVALID
    return value


def sequence(node: Node, report: Reporter, what: str) -> Any:
    """Accept a list, returning its element nodes."""
    if not isinstance(node, SequenceNode):
        report(node, f"{what} must be a list, got {describe(node)}")
        return INVALID
    return list(node.value)


def nonempty_sequence(node: Node, report: Reporter, what: str) -> Any:
    """Accept a list with at least one element, returning its element nodes."""
    nodes = sequence(node, report, what)
    if nodes is not INVALID and not nodes:
        report(node, f"{what} must not be empty")
        return INVALID
    return nodes


def raw(node: Node, report: Reporter, what: str) -> Any:
    """Accept any node as it is, for a caller that checks it further."""
    return node


DEFAULT_CUTS = "default"  # the key of a level_cuts mapping that holds the test's own cuts


@dataclass(frozen=True)
class CompetencyCuts:
    """A ``level_cuts`` mapping as read: the test's cuts and one list per competency.

    ``default`` is None when the mapping has no ``default`` key; ``lines`` keeps the line of
    each competency key, for the checks that need the other files (competencies, draws).
    """

    default: tuple[float, ...] | None
    by_competency: dict[str, tuple[float, ...]]
    lines: dict[str, int]


def level_cuts(node: Node, report: Reporter, what: str) -> Any:
    """Accept four strictly increasing numbers, or a mapping of such lists per competency.

    Return a tuple of floats for the list form, a ``CompetencyCuts`` for the mapping form
    (``default`` and competency codes as keys; its codes are checked across files).
    """
    if isinstance(node, MappingNode):
        return _cuts_mapping(node, report, what)
    return cut_list(node, report, what)


def _cuts_mapping(node: MappingNode, report: Reporter, what: str) -> Any:
    """Check a ``level_cuts`` mapping; return its ``CompetencyCuts`` or ``INVALID``."""
    if not node.value:
        report(node, f"{what} must not be an empty mapping: give 'default' or competency codes")
        return INVALID
    cuts: dict[str, Any] = {}
    lines: dict[str, int] = {}
    for key_node, value_node in node.value:
        name = scalar(key_node)
        if not isinstance(name, str) or not name.strip():
            report(key_node, f"{what}: keys must be competency codes, got {describe(key_node)}")
        elif name in lines:
            report(key_node, f"{what}: duplicate key '{name}' (first at line {lines[name]})")
        else:
            lines[name] = line_of(key_node)
            cuts[name] = cut_list(value_node, report, f"{what}: {name}")
    if INVALID in cuts.values() or len(lines) != len(node.value):
        return INVALID
    default = cuts.pop(DEFAULT_CUTS, None)
    lines.pop(DEFAULT_CUTS, None)
    return CompetencyCuts(default, cuts, lines)


def cut_list(node: Node, report: Reporter, what: str) -> Any:
    """Accept a list of exactly four strictly increasing numbers, as floats."""
    values = [scalar(element) for element in node.value] if isinstance(node, SequenceNode) else []
    if len(values) != 4 or not all(is_number(value) for value in values):
        report(node, f"{what} must be a list of exactly 4 numbers, got {_flow(node)}")
        return INVALID
    if any(later <= earlier for earlier, later in zip(values, values[1:], strict=False)):
        report(node, f"{what} must be strictly increasing, got {_flow(node)}")
        return INVALID
    return tuple(float(value) for value in values)


def share(node: Node, report: Reporter, what: str) -> Any:
    """Accept a number from 0 to 1 inclusive, as a float."""
    value = scalar(node)
    if not is_number(value) or not 0 <= value <= 1:
        report(node, f"{what} must be a number from 0 to 1, got {describe(node)}")
        return INVALID
    return float(value)


def retired(replacement: str, why: str) -> Checker:
    """Refuse a key that a newer schema replaced, naming the key to use instead.

    The checker carries ``retired`` so that the list of allowed keys leaves it out.
    """

    def check(node: Node, report: Reporter, what: str) -> Any:
        report(node, f"{what} is no longer supported: use {replacement} ({why})")
        return INVALID

    check.retired = replacement  # type: ignore[attr-defined]
    return check


def _flow(node: Node) -> str:
    """Show a list node in flow style for a message, e.g. ``[1, 2, 2, 3]``."""
    if isinstance(node, SequenceNode) and all(isinstance(e, ScalarNode) for e in node.value):
        return "[" + ", ".join(element.value for element in node.value) + "]"
    return describe(node)


def is_int(value: Any) -> bool:
    """Tell whether ``value`` is an integer and not a boolean."""
    return isinstance(value, int) and not isinstance(value, bool)


def is_number(value: Any) -> bool:
    """Tell whether ``value`` is a finite int or float and not a boolean."""
    return is_int(value) or (isinstance(value, float) and math.isfinite(value))
