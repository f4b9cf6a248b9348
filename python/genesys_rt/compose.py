"""Composition: a design's unit files -> one runnable Python module.

The composed module is deterministic: units appear in depth-first order from the root with
children in declared order, so the same design always gives the same text and the same line
numbers in reports. Every line keeps a pointer back to its unit file and line.

Unit files share one module namespace once composed, so top-level helper names defined in
more than one unit (or clashing with a unit's class name) are renamed per unit by AST
position (``helper`` -> ``helper__UnitName``), never by substring replacement.
"""
from __future__ import annotations

import ast
import linecache
import sys
import types
from dataclasses import dataclass, field

from .design import Design

LEGACY_GAU_MODULE = "model_discovery.model.utils.modules"
GAU_IMPORT_MODULES = {LEGACY_GAU_MODULE, "genesys_rt.gau"}
RESERVED_CONSTANTS = {"CHILDREN_DECLARATIONS", "SPEC", "ARGS", "CHILDREN", "DESC", "REVIEW",
                      "RATING", "SUGGESTIONS", "REQUIREMENTS"}
BASE_NAMES = {"GAUBase", "LegacyGAUBase", "GABBase", "gau_test", "UnitDecl"}


class ComposeError(Exception):
    """A unit that cannot be composed; carries the unit and its file line."""

    def __init__(self, message: str, unit: str | None = None, line: int | None = None):
        super().__init__(message)
        self.unit, self.line = unit, line


@dataclass
class ComposedModule:
    source: str
    filename: str
    block_class: str
    line_map: list  # composed line (1-based index - 1) -> (unit or None, unit line or None)
    order: list  # unit names in composition order (implemented units)
    placeholders: list
    renames: dict = field(default_factory=dict)  # unit -> {old: new}
    tests: list = field(default_factory=list)  # [{unit, name, original}]

    def locate(self, line: int):
        """(unit, unit line) for a line of the composed file."""
        if 1 <= line <= len(self.line_map):
            return self.line_map[line - 1]
        return (None, None)


def _is_gau_test(node) -> bool:
    return isinstance(node, ast.FunctionDef) and any(
        (isinstance(d, ast.Name) and d.id == "gau_test")
        or (isinstance(d, ast.Attribute) and d.attr == "gau_test") for d in node.decorator_list)


def _assigned_names(node) -> list:
    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
    names = []
    for target in targets:
        for sub in ast.walk(target):
            if isinstance(sub, ast.Name):
                names.append(sub.id)
    return names


def _is_main_guard(node) -> bool:
    return (isinstance(node, ast.If) and isinstance(node.test, ast.Compare)
            and isinstance(node.test.left, ast.Name) and node.test.left.id == "__name__")


@dataclass
class _UnitSource:
    name: str
    lines: list
    tree: ast.Module
    drop: list  # top-level statements left out of the composed module
    defines: set  # helper names bound by top-level defs/assignments (not the unit class)
    imports: dict  # name bound by `from m import x` -> the alias node
    tests: list  # names of @gau_test functions
    future: list  # `from __future__ import ...` sources
    base_aliases: dict  # names bound by the dropped GAU import -> the header's name for them


def _scan_unit(name: str, code: str, include_tests: bool) -> _UnitSource:
    try:
        tree = ast.parse(code)
    except SyntaxError as error:
        raise ComposeError(f"syntax error in unit {name}: {error.msg}", name, error.lineno) from error
    drop, defines, imports, tests, future, base_aliases = [], set(), {}, [], [], {}
    classes = [n.name for n in tree.body if isinstance(n, ast.ClassDef)]
    if name not in classes:
        raise ComposeError(f"unit file {name}.py defines no class named {name}", name, 1)
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module == "__future__":
            future.append(ast.get_source_segment(code, node))
            drop.append(node)
        elif isinstance(node, ast.ImportFrom) and node.module in GAU_IMPORT_MODULES:
            drop.append(node)
            for alias in node.names:
                # Original unit files keep the original's Z rule: their GAUBase is LegacyGAUBase.
                target = "LegacyGAUBase" if node.module == LEGACY_GAU_MODULE and alias.name == "GAUBase" else alias.name
                if (alias.asname or alias.name) != target:
                    base_aliases[alias.asname or alias.name] = target
        elif isinstance(node, ast.ImportFrom):
            for alias in node.names:
                imports[alias.asname or alias.name] = alias
        elif _is_main_guard(node):
            drop.append(node)
        elif _is_gau_test(node):
            if include_tests:
                tests.append(node.name)
                defines.add(node.name)
            else:
                drop.append(node)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            names = _assigned_names(node)
            if names and set(names) <= RESERVED_CONSTANTS:
                drop.append(node)
            else:
                defines.update(names)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            if node.name != name:
                defines.add(node.name)
    return _UnitSource(name, code.splitlines(), tree, drop, defines, imports, tests, future, base_aliases)


def _plan_renames(units: list, unit_names: set) -> dict:
    """Per unit, helper names to rename so that no two units bind the same top-level name."""
    owners: dict = {}
    for unit in units:
        for helper in unit.defines | set(unit.imports):
            owners.setdefault(helper, []).append(unit.name)
    renames = {}
    for unit in units:
        mapping = {}
        for helper in sorted(unit.defines):
            if len(owners[helper]) > 1 or helper in unit_names or helper in BASE_NAMES:
                mapping[helper] = f"{helper}__{unit.name}"
        for bound in sorted(unit.imports):
            if bound in unit_names and bound != unit.name:
                mapping[bound] = f"{bound}__{unit.name}"
        if mapping:
            renames[unit.name] = mapping
    return renames


def _rename_edits(unit: _UnitSource, mapping: dict) -> list:
    """(line, start byte, end byte, new text) for every binding or use of a renamed name."""
    edits = []
    for node in ast.walk(unit.tree):
        if isinstance(node, ast.Name) and node.id in mapping:
            edits.append((node.lineno, node.col_offset, node.end_col_offset, mapping[node.id]))
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.name in mapping:
            line = unit.lines[node.lineno - 1].encode()
            keyword = b"class " if isinstance(node, ast.ClassDef) else b"def "
            start = line.index(keyword, node.col_offset) + len(keyword)
            start += len(line[start:]) - len(line[start:].lstrip())
            edits.append((node.lineno, start, start + len(node.name.encode()), mapping[node.name]))
        elif isinstance(node, ast.alias) and (node.asname or node.name) in mapping:
            bound = node.asname or node.name
            new = mapping[bound]
            if node.asname:
                line = unit.lines[node.lineno - 1].encode()
                start = line.rindex(node.asname.encode(), node.col_offset, node.end_col_offset)
                edits.append((node.lineno, start, start + len(node.asname.encode()), new))
            else:
                edits.append((node.end_lineno, node.end_col_offset, node.end_col_offset, f" as {new}"))
    return edits


def _apply_edits(lines: list, edits: list) -> list:
    out = [line.encode() for line in lines]
    for lineno, start, end, text in sorted(edits, key=lambda e: (e[0], -e[1])):
        raw = out[lineno - 1]
        out[lineno - 1] = raw[:start] + text.encode() + raw[end:]
    return [line.decode() for line in out]


def _dropped_lines(unit: _UnitSource) -> set:
    dropped = set()
    for node in unit.drop:
        first = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
        dropped.update(range(first, node.end_lineno + 1))
    return dropped


def python_literal(value) -> str:
    """A JSON value (with ``{"__expr__": src}`` for kept source) as Python source."""
    if isinstance(value, dict):
        if set(value) == {"__expr__"}:
            return value["__expr__"]
        return "{" + ", ".join(f"{k!r}: {python_literal(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(python_literal(v) for v in value) + "]"
    return repr(value)


def _placeholder(name: str, decl: dict) -> list:
    outputs = [o for o in decl.get("outputs", []) if o not in ("X", "Y")]
    returns = "{" + ", ".join(f"{o!r}: None" for o in outputs) + "}"
    return [
        f"class {name}(GAUBase):",
        f'    """Placeholder for the declared, unimplemented unit {name}: passes X through."""',
        "",
        "    def __init__(self, embed_dim, block_loc, kwarg_all, device=None, dtype=None, **kwargs):",
        '        self.factory_kwargs = {"device": device, "dtype": dtype}',
        "        super().__init__(embed_dim, block_loc, kwarg_all)",
        "",
        "    def _forward(self, X, **Z):",
        f"        return X, {returns}",
    ]


def compose(design: Design, include_tests: bool = False) -> ComposedModule:
    """Composes a design into one module source with a block class wrapping the root unit."""
    order = design.reachable()
    implemented = [n for n in order if n in design.units]
    placeholders = [n for n in order if n not in design.units]
    for name in placeholders:
        if name not in design.declares:
            raise ComposeError(f"child unit {name} has neither an implementation nor a declaration")
    scanned = [_scan_unit(n, design.units[n].code, include_tests) for n in implemented]
    unit_names = set(order)
    renames = _plan_renames(scanned, unit_names)
    block_class = "GAB" if "GAB" not in unit_names else "GenesysBlock"

    lines, line_map = [], []

    def emit(text_lines, unit=None, numbers=None):
        for i, text in enumerate(text_lines):
            lines.append(text)
            line_map.append((unit, numbers[i] if numbers else None))

    future = sorted({f for unit in scanned for f in unit.future})
    emit([f"# Composed by genesys-ts from design {design.name!r}; do not edit.", *future,
          "from genesys_rt import compat as _genesys_compat",
          "_genesys_compat.install()",
          "from genesys_rt.gau import GAUBase, LegacyGAUBase, GABBase, gau_test, UnitDecl", ""])
    tests = []
    for unit in scanned:
        mapping = renames.get(unit.name, {})
        text = _apply_edits(unit.lines, _rename_edits(unit, {**unit.base_aliases, **mapping}))
        dropped = _dropped_lines(unit)
        kept = [(i + 1, t) for i, t in enumerate(text) if i + 1 not in dropped]
        emit([f"# ---- unit {unit.name} ----"])
        emit([t for _, t in kept], unit.name, [n for n, _ in kept])
        emit(["", ""])
        tests += [{"unit": unit.name, "name": mapping.get(t, t), "original": t} for t in unit.tests]
    for name in placeholders:
        emit(_placeholder(name, design.declares[name]) + ["", ""])
    emit([
        f"class {block_class}(GABBase):",
        f'    """The block of design {design.name!r}: the root unit {design.root} behind the block contract."""',
        "",
        "    def __init__(self, embed_dim, block_loc, device=None, dtype=None, **kwargs):",
        "        super().__init__(embed_dim, block_loc)",
        "        factory_kwargs = {'device': device, 'dtype': dtype}",
        f"        self.root = {design.root}(embed_dim=embed_dim, block_loc=block_loc, kwarg_all=kwargs,",
        "                                 **factory_kwargs, **kwargs)",
        "",
        "    def _forward(self, X, **Z):",
        "        return self.root(X, **Z)",
        "",
        "",
        f"gab_config = {python_literal(design.args)}",
    ])
    filename = f"<genesys:{design.name}>"
    return ComposedModule("\n".join(lines) + "\n", filename, block_class, line_map,
                          implemented, placeholders, renames, tests)


def load(composed: ComposedModule, module_name: str | None = None) -> types.ModuleType:
    """Executes a composed module; tracebacks show its lines (registered with linecache)."""
    name = module_name or f"genesys_design_{abs(hash(composed.filename)):x}"
    module = types.ModuleType(name)
    module.__file__ = composed.filename
    linecache.cache[composed.filename] = (len(composed.source), None,
                                          composed.source.splitlines(True), composed.filename)
    sys.modules[name] = module
    exec(compile(composed.source, composed.filename, "exec"), module.__dict__)
    return module
