"""The scenario's YAML parser: safe, bounded, and strict about what it silently drops.

PyYAML's ``safe_load`` runs no tags, but on its own it lets a second
``shrinkage:`` silently replace the first, turns an impossible date such as
``2027-02-30`` into a ValueError instead of a YAML problem, and recurses
until Python gives up on a document nested a thousand levels deep.
:func:`parse` keeps ``safe_load``'s safety and fixes those three.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

MAX_DEPTH = 50
"""A scenario nests about 6 levels; 50 leaves room and stays far from recursion limits."""


@dataclass(frozen=True)
class DuplicateKey:
    """A key written twice in one mapping: the later value would win unseen."""

    key: str
    first_line: int
    second_line: int


class _Loader(yaml.SafeLoader):
    """SafeLoader that bounds nesting, records duplicate keys and keeps bad dates as text."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.depth = 0
        self.duplicates: list[DuplicateKey] = []

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                mark = self.peek_event().start_mark
                msg = f"nested more than {MAX_DEPTH} levels deep"
                raise yaml.composer.ComposerError(None, None, msg, mark)
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        if isinstance(node, yaml.MappingNode):
            seen: dict[object, int] = {}
            for key_node, _ in node.value:
                if not isinstance(key_node, yaml.ScalarNode) or key_node.tag.endswith(":merge"):
                    continue
                key = key_node.value
                line = key_node.start_mark.line + 1
                if key in seen:
                    self.duplicates.append(DuplicateKey(str(key), seen[key], line))
                else:
                    seen[key] = line
        return super().construct_mapping(node, deep)


def _timestamp(loader: yaml.SafeLoader, node: yaml.Node) -> object:
    # An impossible date (2027-02-30, 2027-13-01) stays text, so the
    # schema reports it as a bad date on its line instead of crashing.
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)  # type: ignore[arg-type]
    except (ValueError, OverflowError):
        return loader.construct_scalar(node)  # type: ignore[arg-type]


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


def parse(text: str) -> tuple[Any, yaml.Node | None, list[DuplicateKey]]:
    """The document, its node tree (for line numbers) and the keys written twice.

    Raises
    ------
    yaml.YAMLError
        On a syntax error or nesting deeper than :data:`MAX_DEPTH`.
    """
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        document = loader.construct_document(root) if root is not None else None
        return document, root, loader.duplicates
    finally:
        loader.dispose()
