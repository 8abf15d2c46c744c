"""A line-aware safe YAML loader: no tags, capped aliases, no YAML 1.1 surprises, duplicate keys refused."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, ClassVar

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.events import AliasEvent, MappingStartEvent, ScalarEvent, SequenceStartEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner
from yaml.tokens import ScalarToken

from reviewer import messages
from reviewer.core.errors import InputRefused, ProblemCollector
from reviewer.importers.numbers import checked_float, checked_int

_SURROGATE = re.compile("[\ud800-\udfff]")
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_MERGE = "tag:yaml.org,2002:merge"


class LinedDict(dict[Any, Any]):
    """A YAML mapping that remembers its line and each key's line (1-based).

    `key_lines` is keyed by `str(key)`, so an integer key `2026` is found under "2026".
    """

    line: int
    key_lines: dict[str, int]

    def __init__(self, line: int = 0) -> None:
        super().__init__()
        self.line = line
        self.key_lines = {}

    def line_of(self, key: object) -> int:
        """The line of `key`, or the mapping's own line when the key is absent."""
        return self.key_lines.get(str(key), self.line)


class LinedList(list[Any]):
    """A YAML sequence that remembers its line and each item's line (1-based)."""

    line: int
    item_lines: list[int]

    def __init__(self, line: int = 0) -> None:
        super().__init__()
        self.line = line
        self.item_lines = []

    def line_at(self, index: int) -> int:
        """The line of item `index`, or the sequence's own line when out of range."""
        return self.item_lines[index] if 0 <= index < len(self.item_lines) else self.line


class _Resolver(BaseResolver):
    """YAML 1.2 core-schema style resolution: only true/false are booleans, no sexagesimals.

    `017` is neither an int nor a float here (YAML 1.1 would read it as octal 15): it stays text,
    so a caller expecting a number refuses it instead of taking a silently changed value.
    """

    yaml_implicit_resolvers: dict[Any, Any] = {}  # noqa: RUF012 (PyYAML's class-level registry)


_Resolver.add_implicit_resolver(_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
_Resolver.add_implicit_resolver(
    _INT, re.compile(r"^(?:[-+]?(?:0|[1-9][0-9_]*)|0o[0-7]+|0x[0-9a-fA-F]+)$"), list("-+0123456789")
)
_Resolver.add_implicit_resolver(
    _FLOAT,
    re.compile(
        r"^(?:[-+]?(?:\.[0-9]+|(?:0|[1-9][0-9]*)(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+0123456789."),
)
_Resolver.add_implicit_resolver(_NULL, re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])
_Resolver.add_implicit_resolver(
    _TIMESTAMP,
    re.compile(
        r"^(?:[0-9]{4}-[0-9]{2}-[0-9]{2}"
        r"|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?"
        r"(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)$"
    ),
    list("0123456789"),
)
_Resolver.add_implicit_resolver(_MERGE, re.compile(r"^(?:<<)$"), ["<"])


class _Loader(Reader, Scanner, Parser, Composer, SafeConstructor, _Resolver):
    """SafeLoader's parts with our resolver, tag and alias checks, and lined containers."""

    yaml_constructors: ClassVar[dict[Any, Any]] = dict(SafeConstructor.yaml_constructors)

    def __init__(
        self, text: str, file: str, allow_aliases: bool, max_alias_expansion: int, thousands_in_flow: bool
    ) -> None:
        Reader.__init__(self, text)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        SafeConstructor.__init__(self)
        _Resolver.__init__(self)
        self.file = file
        self.allow_aliases = allow_aliases
        self.max_alias_expansion = max_alias_expansion
        self.thousands_in_flow = thousands_in_flow
        self.expanded = 0
        self._sizes: dict[int, int] = {}
        self._open_anchors: set[str] = set()
        # Problems that do not stop the reading (lone surrogates); raised together at the end.
        self.problems = ProblemCollector(file)

    # -- scanning

    def scan_plain(self) -> ScalarToken:
        """A plain scalar; optionally `1,000` inside a flow collection stays one scalar.

        Standard YAML ends a plain scalar at any comma in `{...}` or `[...]`, so a title written
        `{en: At most 2 per 1,000 hours}` would lose its end to a stray key. Plans opt in to
        reading a comma between two digits (with nothing between) as part of the text.
        """
        token: ScalarToken = super().scan_plain()
        while (
            self.thousands_in_flow
            and self.flow_level
            and token.end_mark.index == self.index  # no spaces between the digit and the comma
            and token.value[-1:].isdigit()
            and self.peek() == ","
            and self.peek(1).isdigit()
        ):
            self.forward(1)
            rest: ScalarToken = super().scan_plain()
            token = ScalarToken(token.value + "," + rest.value, True, token.start_mark, rest.end_mark)
        return token

    # -- composing: tags and aliases are checked before anything is built

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        line = event.start_mark.line + 1
        column = event.start_mark.column + 1
        if isinstance(event, AliasEvent):
            if not self.allow_aliases:
                raise InputRefused.one(self.file, "E-YAML-ALIAS", line, column, anchor=event.anchor)
            if event.anchor in self._open_anchors:  # an alias inside its own anchor: endless
                raise InputRefused.one(
                    self.file, "E-YAML-ALIAS-LIMIT", line, column, limit=self.max_alias_expansion
                )
            target = self.anchors.get(event.anchor)
            if target is not None:
                self.expanded += self._size(target)
                if self.expanded > self.max_alias_expansion:
                    raise InputRefused.one(
                        self.file, "E-YAML-ALIAS-LIMIT", line, column, limit=self.max_alias_expansion
                    )
            return super().compose_node(parent, index)
        if isinstance(event, ScalarEvent) and _SURROGATE.search(event.value):
            event.value = self._paired(event.value, line, column)
        if isinstance(event, ScalarEvent | SequenceStartEvent | MappingStartEvent):
            if event.tag is not None:
                raise InputRefused.one(self.file, "E-YAML-TAG", line, column, tag=event.tag)
            if event.anchor is not None and not self.allow_aliases:
                raise InputRefused.one(self.file, "E-YAML-ALIAS", line, column, anchor=event.anchor)
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            self._open_anchors.add(anchor)
        try:
            node = super().compose_node(parent, index)
        finally:
            if anchor is not None:
                self._open_anchors.discard(anchor)
        return node

    def _paired(self, value: str, line: int, column: int) -> str:
        """`value` with escaped surrogate pairs (`"\\ud83d\\ude00"`) joined; a lone one is refused."""
        try:
            return value.encode("utf-16-le", "surrogatepass").decode("utf-16-le")
        except UnicodeDecodeError:
            lone = next(c for c in value if "\ud800" <= c <= "\udfff")
            self.problems.add("E-SURROGATE", line, column, value=f"\\u{ord(lone):04x}")
            return value.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")

    def _size(self, node: Node) -> int:
        """How many nodes an alias to `node` stands for (memoized: billion laughs stays cheap)."""
        known = self._sizes.get(id(node))
        if known is not None:
            return known
        total = 1
        if isinstance(node, SequenceNode):
            total += sum(self._size(child) for child in node.value)
        elif isinstance(node, MappingNode):
            total += sum(self._size(k) + self._size(v) for k, v in node.value)
        self._sizes[id(node)] = total
        return total

    # -- constructing

    def _mapping(self, node: MappingNode) -> LinedDict:
        data = LinedDict(node.start_mark.line + 1)
        explicit = [(k, v) for k, v in node.value if k.tag != _MERGE]
        seen: set[object] = set()
        repeated: set[int] = set()  # the later key nodes of a duplicate: reported, not read
        for key_node, _value in explicit:
            key = self._key(key_node)
            if key in seen:
                # collected, not raised: every duplicate of the file is reported in one pass,
                # together with the errors of the values read after it (SPEC §4)
                self.problems.add(
                    "E-DUPLICATE-KEY",
                    key_node.start_mark.line + 1,
                    key_node.start_mark.column + 1,
                    key=str(key),
                )
                repeated.add(id(key_node))
            seen.add(key)
        # Merge keys (`<<: *defaults`): merged entries first, explicit keys override them.
        self.flatten_mapping(node)
        for key_node, value_node in node.value:
            if id(key_node) in repeated:
                continue
            key = self._key(key_node)
            data[key] = self.construct_object(value_node, deep=True)
            data.key_lines[str(key)] = key_node.start_mark.line + 1
        return data

    def _key(self, key_node: Node) -> object:
        if not isinstance(key_node, ScalarNode):
            raise InputRefused.one(
                self.file,
                "E-YAML-SYNTAX",
                key_node.start_mark.line + 1,
                key_node.start_mark.column + 1,
                reason=messages.phrase("reason-yaml-key-not-plain"),
            )
        key: object = self.construct_object(key_node, deep=True)
        return key

    def _sequence(self, node: SequenceNode) -> LinedList:
        data = LinedList(node.start_mark.line + 1)
        for child in node.value:
            data.append(self.construct_object(child, deep=True))
            data.item_lines.append(child.start_mark.line + 1)
        return data

    def _int(self, node: ScalarNode) -> int:
        # Beyond 64 bits the value comes back marked (numbers.WideInt) for the field to refuse.
        text = str(self.construct_scalar(node)).replace("_", "")
        if text.startswith("0o"):
            return checked_int(str(int(text[2:], 8)))
        if text.startswith("0x"):
            return checked_int(str(int(text[2:], 16)))
        return checked_int(text)

    def _float(self, node: ScalarNode) -> float:
        # A float that is not the number written comes back marked (numbers.LossyFloat).
        text = str(self.construct_scalar(node)).lower()
        if text.endswith(".inf"):
            return float("-inf") if text.startswith("-") else float("inf")
        if text == ".nan":
            return float("nan")
        return checked_float(text)

    def _timestamp(self, node: ScalarNode) -> object:
        try:
            value: object = SafeConstructor.construct_yaml_timestamp(self, node)
        except ValueError:  # 2027-02-30 looks like a date but is none: the caller refuses the text
            return str(self.construct_scalar(node))
        return value


_Loader.yaml_constructors["tag:yaml.org,2002:map"] = _Loader._mapping
_Loader.yaml_constructors["tag:yaml.org,2002:seq"] = _Loader._sequence
_Loader.yaml_constructors[_INT] = _Loader._int
_Loader.yaml_constructors[_FLOAT] = _Loader._float
_Loader.yaml_constructors[_TIMESTAMP] = _Loader._timestamp


def _line_of_position(text: str, position: int) -> int:
    return text.count("\n", 0, max(position, 0)) + 1


def load_yaml(
    text: str,
    file: str,
    *,
    allow_aliases: bool,
    max_alias_expansion: int = 10_000,
    thousands_in_flow: bool = False,
    problems: ProblemCollector | None = None,
) -> object:
    """Load one YAML document safely; mappings are `LinedDict`, sequences `LinedList`.

    Returns the document (None for an empty one). Plain dates become `datetime.date`; `yes`,
    `no`, `on`, `off` and `1:30` stay text; `.nan` and `.inf` come back as floats for the caller
    to refuse; numbers that a float or a 64-bit integer cannot hold as written come back marked
    (`reviewer.importers.numbers`). Escaped surrogate pairs are joined into their character.
    Raises `InputRefused` with E-YAML-SYNTAX, E-YAML-TAG, E-YAML-ALIAS, E-YAML-ALIAS-LIMIT,
    E-DUPLICATE-KEY or E-SURROGATE (every lone surrogate), naming the line (and column).
    With `thousands_in_flow`, `1,000` inside `{...}`/`[...]` is one scalar (plans use this).
    With `problems`, the refusals that leave the document readable (every duplicate key, its
    first value kept; every lone surrogate) go there and the document is returned, so that
    the caller adds the errors of its values and reports them all in one pass.
    """
    loader: _Loader | None = None
    try:
        loader = _Loader(text, file, allow_aliases, max_alias_expansion, thousands_in_flow)
        data = loader.get_single_data()
        if problems is None:
            loader.problems.raise_if_any()
        else:
            for problem in loader.problems.problems:
                problems.add(problem.code, problem.line, problem.column, **problem.params)
            problems.total += loader.problems.total - len(loader.problems.problems)
        return data
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        reason = exc.problem or exc.context or "syntax error"
        if mark is None:
            raise InputRefused.one(file, "E-YAML-SYNTAX", reason=reason) from None
        raise InputRefused.one(file, "E-YAML-SYNTAX", mark.line + 1, mark.column + 1, reason=reason) from None
    except yaml.reader.ReaderError as exc:
        line = _line_of_position(text, exc.position)
        raise InputRefused.one(
            file,
            "E-YAML-SYNTAX",
            line,
            reason=messages.phrase("reason-character-not-allowed", character=repr(exc.character)),
        ) from None
    except yaml.YAMLError as exc:
        raise InputRefused.one(file, "E-YAML-SYNTAX", reason=str(exc)) from None
    except RecursionError:
        raise InputRefused.one(
            file, "E-YAML-SYNTAX", reason=messages.phrase("reason-nested-too-deeply")
        ) from None
    finally:
        if loader is not None:
            loader.dispose()


def is_date(value: object) -> bool:
    """True for a plain calendar date (a `datetime` is not one)."""
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)
