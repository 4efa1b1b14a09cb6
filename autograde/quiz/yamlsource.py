"""Reading a bank's YAML so that every mapping remembers its lines (for error messages that
name the line a teacher must fix)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml


class Located(dict):
    """A YAML mapping with the (1-based) line where it starts and where each key is."""

    line: int = 0
    key_lines: dict[str, int]


class LocatedList(list):
    """A YAML sequence with the line of each element."""

    line: int = 0
    item_lines: list[int]


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml when built with it
    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> Located:
        mapping = Located(super().construct_mapping(node, deep=True))
        mapping.line = node.start_mark.line + 1
        mapping.key_lines = {str(self.construct_object(k)): k.start_mark.line + 1
                             for k, _ in node.value}
        return mapping

    def construct_sequence(self, node: yaml.SequenceNode, deep: bool = False) -> LocatedList:
        sequence = LocatedList(super().construct_sequence(node, deep=True))
        sequence.line = node.start_mark.line + 1
        sequence.item_lines = [child.start_mark.line + 1 for child in node.value]
        return sequence


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
                        _Loader.construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG,
                        _Loader.construct_sequence)


class YamlError(ValueError):
    """The file is not valid YAML; ``line`` is where the parser stopped."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


def load(path: Path) -> Any:
    """The YAML document in ``path`` with :class:`Located` mappings."""
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)  # a SafeLoader
    except yaml.MarkedYAMLError as problem:
        mark = problem.problem_mark or problem.context_mark
        reason = problem.problem or problem.context or "invalid YAML"
        raise YamlError(f"not valid YAML: {reason}", mark.line + 1 if mark else 0) from None
    except yaml.YAMLError as problem:
        raise YamlError(f"not valid YAML: {problem}", 0) from None


def line_of(data: Any, path: Sequence[str | int]) -> int:
    """The line of the deepest node along ``path`` (keys and indices) that the file has."""
    line, node = getattr(data, "line", 0), data
    for step in path:
        if isinstance(node, Located) and isinstance(step, str) and step in node:
            line, node = node.key_lines.get(step, line), node[step]
        elif isinstance(node, LocatedList) and isinstance(step, int) and 0 <= step < len(node):
            line, node = node.item_lines[step], node[step]
        else:
            break
    return line
