"""Static analysis of one GAU unit file, with Python's ``ast`` only.

(Longer than our ~400-line guide: the checks share one parse, one parent map and one
line table, and splitting them would spread one report's logic over several files.)

The analyzer never executes the code it reads: it runs inside the long-lived
worker, and unit files are untrusted model output. It reports what the rest of
the system needs (unit name, constructor arguments, ``_forward`` signature,
declared and instantiated children, tests, helper names) plus errors and
warnings with stable codes and line numbers. Lines are 1-based, columns are
0-based *character* columns (``ast`` gives UTF-8 byte offsets; we convert).

Differences from the original Genesys checker, on purpose:
- it reports and never rewrites: argument defaults that are not literals are
  kept as source (``{"__expr__": "F.silu"}``) instead of becoming ``None``;
  custom keyword arguments of a child's constructor are reported, not dropped;
  ``kwarg_all.get(...)`` code is left where it is;
- children built inside ``nn.ModuleList``/``ModuleDict`` comprehensions, list or
  dict literals, ``.append``/``.insert``/``.extend`` and ``add_module`` count as
  instantiated;
- a unit without a docstring is reported (warning), not silently dropped.

``normalize`` applies only fixes that cannot change what the code does. Today
that is one: adding the ``# GAU_IMPLEMENTATION_FILE`` marker line. Left to the
coder, because each would change behaviour in some case:
- ``Y = self.child(X, **Z)`` -> ``Y, _ = ...``: turns a tuple into a tensor;
- adding ``**kwargs``/``device``/``dtype`` to ``__init__`` or test functions: a
  call that used to raise would now run, with the arguments ignored;
- moving ``self.factory_kwargs`` before ``super().__init__``: its value may read
  names assigned in between;
- deleting an ``if __name__ == "__main__":`` block: harmless only while every
  runner imports the file under another name, which this module cannot know;
- rewriting ``model_discovery`` imports: the runtime aliases the supported one,
  and keeping it keeps the file importable by the original system.
"""
from __future__ import annotations

import ast
import keyword
import math

MARKER = "# GAU_IMPLEMENTATION_FILE"
# The original's base-class module; the runtime provides it as an alias of genesys_rt.gau.
ORIGINAL_BASE_MODULE = "model_discovery.model.utils.modules"
REQUIRED_INIT_PARAMS = ("embed_dim", "block_loc", "kwarg_all")
STANDARD_INIT_PARAMS = frozenset(REQUIRED_INIT_PARAMS + ("device", "dtype"))
CANONICAL_CHILD_KWARGS = frozenset(REQUIRED_INIT_PARAMS)
# Module constants of the original's seed unit files, read by its loaders, not helpers.
RESERVED_CONSTANTS = frozenset({"SPEC", "ARGS", "CHILDREN", "DESC", "REVIEW", "RATING",
                                "SUGGESTIONS", "REQUIREMENTS", "CHILDREN_DECLARATIONS"})
FATAL_CODES = frozenset({"syntax_error", "no_gau_class", "multiple_gau_classes",
                         "module_subclass", "missing_forward", "missing_init"})
DECL_FIELDS = ("unitname", "requirements", "inputs", "outputs")
TORCH_CONTAINERS = ("ModuleList", "ModuleDict", "Sequential")
APPEND_METHODS = frozenset({"append", "insert", "extend"})
# What ast.literal_eval raises on a node that is not a plain literal (`F.silu`, `1/2`, `-"a"`, deep nesting).
LITERAL_ERRORS = (ValueError, TypeError, SyntaxError, RecursionError)


def analyze(code: str, filename: str = "unit.py") -> dict:
    """Analyze one unit file's source without running it. Returns a JSON-able dict:

    ``ok`` (no errors), ``fatal`` (an error that makes functional checks pointless), ``unitName``,
    ``docstring``, ``args`` (extra ``__init__`` parameters -> default as JSON, ``{"__expr__": src}``
    or ``{"__required__": true}``), ``forward`` (``{named, varKeyword, line}``, None without
    ``_forward``), ``declaredChildren`` (UnitDecl fields + line), ``instantiatedChildren``
    (``{name, attr, line, collection, extraKwargs}``), ``tests`` (``{name, line, endLine, source}``),
    ``helpers`` (other top-level names), ``errors`` and ``warnings`` (``{code, message, line, col}``).
    """
    return _UnitAnalyzer(code, filename).run()


def normalize(code: str) -> dict:
    """Apply the semantics-preserving fixes: ``{"code": new source, "changes": [{code, message, line}]}``."""
    changes = []
    if not _has_marker(code):
        bom = "\ufeff" if code.startswith("\ufeff") else ""
        code = bom + MARKER + _newline_of(code) + code[len(bom):]
        changes.append({"code": "missing_marker", "line": 1,
                        "message": f"added the '{MARKER}' marker as the first line"})
    return {"code": code, "changes": changes}


def rename_identifier(code: str, old: str, new: str) -> str:
    """Rename ``old`` to ``new`` where it is a name: Name nodes, function parameters, class and
    function definitions, and ``UnitDecl(unitname="old")`` strings. Attributes (``self.old``),
    keyword names at call sites (they name the callee's parameters), comments, docstrings and
    longer identifiers containing ``old`` are untouched. The rename is by name, not by scope,
    and does not check that ``new`` is unused.

    Raises ValueError when ``new`` is not an identifier or ``old`` is bound by an import
    (renaming that binding would change what is imported), SyntaxError when ``code`` does not parse.
    """
    if not new.isidentifier() or keyword.iskeyword(new):
        raise ValueError(f"{new!r} is not a valid Python identifier")
    if old == new:
        return code
    tree = ast.parse(code)
    source = _Source(code)
    edits = []  # (start, end, replacement) in character offsets
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id == old:
            edits.append((*source.span(node), new))
        elif isinstance(node, ast.arg) and node.arg == old:  # its span includes the annotation
            start = source.offset(node.lineno, node.col_offset)
            edits.append((start, start + len(old), new))
        elif isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == old:
            start = _definition_name_offset(source, node)
            edits.append((start, start + len(old), new))
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            if any((alias.asname or alias.name.split(".")[0]) == old for alias in node.names):
                raise ValueError(f"{old!r} is bound by an import on line {node.lineno}; not renaming it")
        elif _is_unit_decl(node):
            value = _decl_field_nodes(node).get("unitname")
            if isinstance(value, ast.Constant) and value.value == old:
                edits.append((*source.span(value), _same_quotes(source.segment(value), new)))
    for start, end, replacement in sorted(edits, reverse=True):
        code = code[:start] + replacement + code[end:]
    return code


# ---------------------------------------------------------------- source positions

class _Source:
    """Line table of a source string, converting ast (line, byte column) to character offsets."""

    def __init__(self, code: str):
        self.code = code
        # ast counts \r\n, \r and \n as line ends, nothing else (str.splitlines also splits on \f, \x1c, ...).
        self.lines, start = [], 0
        for index, char in enumerate(code):
            if char == "\n" or (char == "\r" and code[index + 1:index + 2] != "\n"):
                self.lines.append(code[start:index + 1])
                start = index + 1
        self.lines.append(code[start:])
        self.starts = [0]
        for line in self.lines:
            self.starts.append(self.starts[-1] + len(line))

    def column(self, lineno: int, byte_col: int) -> int:
        return len(self.lines[lineno - 1].encode("utf-8")[:byte_col].decode("utf-8", errors="ignore"))

    def offset(self, lineno: int, byte_col: int) -> int:
        return self.starts[lineno - 1] + self.column(lineno, byte_col)

    def span(self, node: ast.AST) -> tuple[int, int]:
        return self.offset(node.lineno, node.col_offset), self.offset(node.end_lineno, node.end_col_offset)

    def segment(self, node: ast.AST) -> str:
        start, end = self.span(node)
        return self.code[start:end]

    def text_of_lines(self, first: int, last: int) -> str:
        return "".join(self.lines[first - 1:last])


def _has_marker(code: str) -> bool:
    return code.lstrip("\ufeff").startswith(MARKER)


def _newline_of(code: str) -> str:
    for newline in ("\r\n", "\n", "\r"):
        if newline in code:
            return newline
    return "\n"


def _definition_name_offset(source: _Source, node: ast.AST) -> int:
    """Offset of the name in ``[async] def name`` / ``class name``: only blanks and line
    continuations can stand between the keyword and the name."""
    code, index = source.code, source.offset(node.lineno, node.col_offset)
    for word in ("async", "def", "class"):
        if code.startswith(word, index):
            index += len(word)
            while code[index] in " \t\\\r\n\f":
                index += 1
    assert code.startswith(node.name, index), f"definition name not found on line {node.lineno}"
    return index


def _same_quotes(literal: str, value: str) -> str:
    """A string literal for ``value`` (an identifier, nothing to escape) in ``literal``'s quote style."""
    body = literal.lstrip("rRuUbB")
    quote = body[:3] if body[:3] in ('"""', "'''") else body[:1]
    return quote + value + quote


# ---------------------------------------------------------------- small AST predicates

def _name_of(node: ast.AST) -> str | None:
    """Last component of a Name or dotted Attribute (``nn.ModuleList`` -> ``ModuleList``)."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _is_self(node: ast.AST) -> bool:
    return isinstance(node, ast.Name) and node.id == "self"


def _self_attr(node: ast.AST) -> str | None:
    return node.attr if isinstance(node, ast.Attribute) and _is_self(node.value) else None


def _is_unit_decl(node: ast.AST) -> bool:
    return isinstance(node, ast.Call) and _name_of(node.func) == "UnitDecl"


def _decl_field_nodes(call: ast.Call) -> dict:
    fields = dict(zip(DECL_FIELDS, call.args))
    fields.update({kw.arg: kw.value for kw in call.keywords if kw.arg})
    return fields


def _is_super_init(node: ast.AST) -> bool:
    """``super().__init__(...)`` or ``GAUBase.__init__(self, ...)``."""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "__init__"):
        return False
    owner = node.func.value
    return (isinstance(owner, ast.Call) and _name_of(owner.func) == "super") or _name_of(owner) == "GAUBase"


def _is_main_block(node: ast.AST) -> bool:
    if not (isinstance(node, ast.If) and isinstance(node.test, ast.Compare)):
        return False
    sides = [node.test.left, *node.test.comparators]
    return (any(isinstance(side, ast.Name) and side.id == "__name__" for side in sides)
            and any(isinstance(side, ast.Constant) and side.value == "__main__" for side in sides))


def _is_gau_test(node: ast.AST) -> bool:
    return (isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
            and any(_name_of(d.func if isinstance(d, ast.Call) else d) == "gau_test" for d in node.decorator_list))


def _is_child_construction(node: ast.AST) -> bool:
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
            and any(kw.arg == "kwarg_all" for kw in node.keywords))


def _json_value(value):
    """A literal_eval result as JSON, or raises ValueError when JSON cannot hold it faithfully."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float) and math.isfinite(value):
        return value
    if isinstance(value, (list, tuple)):
        return [_json_value(item) for item in value]
    if isinstance(value, dict) and all(isinstance(key, str) for key in value):
        return {key: _json_value(item) for key, item in value.items()}
    raise ValueError(f"{type(value).__name__} has no JSON form")


def _targets(node: ast.AST) -> list:
    """Assignment targets of a statement; empty for anything that is not an assignment."""
    if isinstance(node, ast.Assign):
        return node.targets
    if isinstance(node, (ast.AnnAssign, ast.AugAssign)):
        return [node.target]
    return []


def _assigned_names(target: ast.AST) -> list:
    if isinstance(target, ast.Name):
        return [target.id]
    if isinstance(target, (ast.Tuple, ast.List)):
        return [name for elt in target.elts for name in _assigned_names(elt)]
    if isinstance(target, ast.Starred):
        return _assigned_names(target.value)
    return []


def _nodes_and_parents(root: ast.AST) -> tuple[list, dict]:
    """Every node under ``root`` and each node's parent, in one traversal (ast.walk twice costs double)."""
    nodes, parents, pending = [], {}, [root]
    while pending:
        node = pending.pop()
        nodes.append(node)
        for child in ast.iter_child_nodes(node):
            parents[child] = node
            pending.append(child)
    return nodes, parents


# ---------------------------------------------------------------- the analyzer

class _UnitAnalyzer:
    def __init__(self, code: str, filename: str):
        self.code, self.filename = code, filename
        self.source = _Source(code)
        self.errors, self.warnings = [], []
        self.result = {"ok": False, "fatal": False, "unitName": None, "docstring": None, "args": {},
                       "forward": None, "declaredChildren": [], "instantiatedChildren": [],
                       "tests": [], "helpers": [], "errors": self.errors, "warnings": self.warnings}

    def issue(self, severity: str, code: str, message: str, node: ast.AST | None = None,
              line: int | None = None, col: int | None = None):
        if node is not None:
            line, col = node.lineno, self.source.column(node.lineno, node.col_offset)
        (self.errors if severity == "error" else self.warnings).append(
            {"code": code, "message": message, "line": line, "col": col})

    def run(self) -> dict:
        if not _has_marker(self.code):
            self.issue("warning", "missing_marker", f"the first line should be '{MARKER}'", line=1)
        try:
            tree = ast.parse(self.code, self.filename)
        except (SyntaxError, ValueError) as exc:
            offset = getattr(exc, "offset", None)  # 1-based
            self.issue("error", "syntax_error", f"the file does not parse: {getattr(exc, 'msg', exc)}",
                       line=getattr(exc, "lineno", None), col=offset - 1 if offset else None)
            return self.finish()
        self.module = tree
        self.nodes, self.parents = _nodes_and_parents(tree)
        self.check_imports()
        self.survey_module()
        unit = self.find_unit_class()
        if unit is not None:
            self.check_unit_class(unit)
        return self.finish()

    def finish(self) -> dict:
        self.result["ok"] = not self.errors
        self.result["fatal"] = any(error["code"] in FATAL_CODES for error in self.errors)
        return self.result

    # -------------------------------------------------- module level

    def check_imports(self):
        for node in self.nodes:
            if isinstance(node, ast.ImportFrom) and node.level == 0:
                modules = [node.module or ""]
            elif isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            else:
                continue
            for module in modules:
                if module.split(".")[0] == "model_discovery" and module != ORIGINAL_BASE_MODULE:
                    self.issue("warning", "unknown_import",
                               f"'{module}' is part of the original Genesys and is not available here; only "
                               f"'{ORIGINAL_BASE_MODULE}' is supported (or import from genesys_rt.gau)", node)

    def survey_module(self):
        """Tests, CHILDREN_DECLARATIONS, main blocks and helper names at the top level."""
        self.test_nodes, self.main_blocks, declarations = [], [], None
        helpers = []

        def visit(statements):
            nonlocal declarations
            for node in statements:
                if _is_gau_test(node):
                    self.test_nodes.append(node)
                elif _is_main_block(node):
                    self.main_blocks.append(node)
                elif isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
                    helpers.append(node.name)
                elif _targets(node):
                    names = [name for target in _targets(node) for name in _assigned_names(target)]
                    if "CHILDREN_DECLARATIONS" in names:
                        declarations = node
                    helpers.extend(name for name in names if name not in RESERVED_CONSTANTS)
                elif isinstance(node, (ast.If, ast.Try, ast.With, ast.For, ast.While)):
                    for field in ("body", "orelse", "finalbody"):
                        visit(getattr(node, field, []))
                    for handler in getattr(node, "handlers", []):
                        visit(handler.body)

        visit(self.module.body)
        self.helper_names = list(dict.fromkeys(helpers))  # in order of first definition
        for block in self.main_blocks:
            self.issue("warning", "main_block", "remove the `if __name__ == \"__main__\":` block; "
                       "put checks in @gau_test functions", block)
        self.collect_tests()
        self.collect_declarations(declarations)

    def collect_tests(self):
        for node in self.test_nodes:
            first = min([d.lineno for d in node.decorator_list] + [node.lineno])
            self.result["tests"].append({"name": node.name, "line": first, "endLine": node.end_lineno,
                                         "source": self.source.text_of_lines(first, node.end_lineno)})
            params = node.args.posonlyargs + node.args.args
            undefaulted = [p.arg for p in params[:len(params) - len(node.args.defaults)]]
            undefaulted += [p.arg for p, d in zip(node.args.kwonlyargs, node.args.kw_defaults) if d is None]
            if undefaulted:
                self.issue("warning", "test_signature",
                           f"test '{node.name}' has parameters without defaults ({', '.join(undefaulted)}); "
                           f"a test is called as {node.name}(device=..., dtype=...)", node)
        if not self.test_nodes:
            self.issue("warning", "no_tests", "no @gau_test function: add at least one unit test")

    def collect_declarations(self, node):
        if node is None:
            self.issue("warning", "no_children_declarations",
                       "no CHILDREN_DECLARATIONS: assuming the unit has no children")
            return
        value = node.value
        if not isinstance(value, (ast.List, ast.Tuple)):
            self.issue("error", "children_declarations",
                       "CHILDREN_DECLARATIONS must be a list literal of UnitDecl(...) calls", node)
            return
        for element in value.elts:
            declaration = self.parse_declaration(element)
            if declaration is not None:
                self.result["declaredChildren"].append(declaration)

    def parse_declaration(self, element):
        def bad(message):
            self.issue("error", "children_declarations", message, element)

        if not _is_unit_decl(element):
            return bad("each CHILDREN_DECLARATIONS entry must be a UnitDecl(...) call")
        if len(element.args) > len(DECL_FIELDS) or any(kw.arg is None for kw in element.keywords):
            return bad("UnitDecl takes unitname, requirements, inputs, outputs (no */** arguments)")
        declaration = {"unitname": None, "requirements": "", "inputs": ["X"], "outputs": ["Y"]}
        for field, value_node in _decl_field_nodes(element).items():
            if field not in declaration:
                return bad(f"UnitDecl has no field '{field}'")
            try:
                value = ast.literal_eval(value_node)
            except LITERAL_ERRORS:
                return bad(f"UnitDecl {field}= must be a literal, got `{self.source.segment(value_node)}`")
            if field in ("inputs", "outputs"):
                if not (isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value)):
                    return bad(f"UnitDecl {field}= must be a list of strings")
                value = list(value)
            elif not isinstance(value, str):
                return bad(f"UnitDecl {field}= must be a string")
            declaration[field] = value
        if not (declaration["unitname"] or "").isidentifier():
            return bad("UnitDecl needs unitname=, a valid class name")
        declaration["line"] = element.lineno
        return declaration

    # -------------------------------------------------- classes

    def find_unit_class(self):
        classes = sorted((node for node in self.nodes if isinstance(node, ast.ClassDef)), key=lambda n: n.lineno)
        units = [node for node in classes if any(_name_of(base) == "GAUBase" for base in node.bases)]
        top_level_units = [node for node in units if node in self.module.body]
        unit = top_level_units[0] if len(units) == 1 and top_level_units else None
        module_like = {node.name for node in units}
        for node in classes:
            base_names = [_name_of(base) for base in node.bases]
            if node in units and len(node.bases) > 1:
                self.issue("error", "module_subclass", f"class '{node.name}' must derive from GAUBase alone", node)
            elif node not in units and any(self.is_module_base(base, module_like) for base in node.bases):
                self.issue("error", "module_subclass",
                           f"class '{node.name}' is an nn.Module ({', '.join(map(str, base_names))}): declare a "
                           f"child GAU in CHILDREN_DECLARATIONS instead, or use plain functions", node)
                module_like.add(node.name)
        if not units:
            self.issue("error", "no_gau_class", "no class deriving GAUBase: a unit file defines exactly one")
        elif len(units) > 1:
            self.issue("error", "multiple_gau_classes",
                       f"{len(units)} classes derive GAUBase ({', '.join(n.name for n in units)}): "
                       f"one unit per file; declare the others as children", units[1])
        elif unit is None:
            self.issue("error", "no_gau_class", "the GAUBase class must be defined at the top level", units[0])
        self.result["helpers"] = [name for name in self.helper_names if unit is None or name != unit.name]
        return unit

    @staticmethod
    def is_module_base(base: ast.AST, module_like: set) -> bool:
        # `nn.Linear`, `torch.nn.Module`, `Module`, or another class of this file that is a module.
        if isinstance(base, ast.Attribute) and _name_of(base.value) == "nn":
            return True
        return _name_of(base) in module_like | {"Module"}

    def check_unit_class(self, unit: ast.ClassDef):
        self.result["unitName"] = unit.name
        docstring = ast.get_docstring(unit)
        self.result["docstring"] = docstring
        if not (docstring or "").strip():
            self.issue("warning", "missing_docstring",
                       f"class '{unit.name}' has no docstring: describe what the unit computes, its "
                       f"arguments and the Z keys it reads and writes", unit)
        methods = {node.name: node for node in unit.body if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))}
        overrides = [methods[name] for name in ("forward", "__call__") if name in methods]
        for method in overrides:
            self.issue("error", "forward_override",
                       f"do not define {method.name}(): GAUBase.forward checks shapes and threads Z; "
                       f"implement _forward(self, X, **Z) instead", method)
        if "__init__" in methods:
            self.check_init(methods["__init__"])
        else:
            self.issue("error", "missing_init", f"class '{unit.name}' has no __init__", unit)
        if "_forward" in methods:
            self.check_forward(methods["_forward"])
        elif not overrides:  # with an override the unit still runs, so functional checks stay useful
            self.issue("error", "missing_forward", f"class '{unit.name}' has no _forward(self, X, **Z)", unit)
        self.check_children(unit)

    def check_init(self, init: ast.FunctionDef):
        arguments = init.args
        positional = arguments.posonlyargs + arguments.args
        names = [p.arg for p in positional + arguments.kwonlyargs]
        if [p.arg for p in positional[1:4]] != list(REQUIRED_INIT_PARAMS):
            self.issue("error", "init_signature", "__init__ must start with (self, embed_dim, block_loc, kwarg_all, "
                       "device=None, dtype=None, ..., **kwargs)", init)
        missing = [name for name in ("device", "dtype") if name not in names]
        if missing or arguments.kwarg is None:
            what = [f"{name}=None" for name in missing] + ([] if arguments.kwarg else ["**kwargs"])
            self.issue("error", "init_signature", f"__init__ must accept {', '.join(what)}: children are built "
                       f"with **factory_kwargs and every hyper-parameter in **kwarg_all", init)
        defaults = [None] * (len(positional) - len(arguments.defaults)) + list(arguments.defaults)
        pairs = list(zip(positional, defaults)) + list(zip(arguments.kwonlyargs, arguments.kw_defaults))
        for param, default in pairs[1:] if positional else pairs:  # skip self
            if param.arg in STANDARD_INIT_PARAMS:
                continue
            if default is None:
                self.result["args"][param.arg] = {"__required__": True}
                # Legal when every parent passes it explicitly (custom child arguments are kept).
                self.issue("warning", "init_signature", f"__init__ argument '{param.arg}' has no default: "
                           f"every parent must pass it, and design-level args cannot set it", param)
                continue
            try:
                self.result["args"][param.arg] = _json_value(ast.literal_eval(default))
            except LITERAL_ERRORS:
                self.result["args"][param.arg] = {"__expr__": self.source.segment(default)}
        self.check_init_order(init)

    def check_init_order(self, init: ast.FunctionDef):
        def position(node):
            return node.lineno, node.col_offset

        factory = [node for node in ast.walk(init)
                   if any(_self_attr(target) == "factory_kwargs" for target in _targets(node))]
        factory_at = min(factory, key=position, default=None)
        super_at = min(filter(_is_super_init, ast.walk(init)), key=position, default=None)
        if super_at is None:
            self.issue("error", "super_init_missing",
                       "__init__ must call super().__init__(embed_dim, block_loc, kwarg_all)", init)
        if factory_at is None or (super_at is not None and position(factory_at) > position(super_at)):
            self.issue("error", "factory_kwargs_order",
                       "assign self.factory_kwargs = {'device': device, 'dtype': dtype} before "
                       "super().__init__(...)", factory_at or init)

    def check_forward(self, forward: ast.FunctionDef):
        arguments = forward.args
        positional = [p.arg for p in arguments.posonlyargs + arguments.args]
        if len(positional) < 2:
            self.issue("error", "forward_signature",
                       f"_forward must be declared _forward(self, X, **Z), got ({', '.join(positional)})", forward)
        elif positional[1] != "X":
            # The sequence is passed positionally, so another name works; X is the convention.
            self.issue("warning", "forward_signature",
                       f"_forward's sequence argument is named '{positional[1]}'; call it X", forward)
        self.result["forward"] = {"named": positional[2:] + [p.arg for p in arguments.kwonlyargs],
                                  "varKeyword": arguments.kwarg is not None, "line": forward.lineno}

    # -------------------------------------------------- children

    def check_children(self, unit: ast.ClassDef):
        excluded = set(self.test_nodes) | set(self.main_blocks)
        unit_nodes = list(ast.walk(unit))
        attr_kinds = self.collection_attributes(unit_nodes)
        constructions = sorted((node for node in self.nodes
                                if _is_child_construction(node) and not self.inside(node, excluded)),
                               key=lambda n: (n.lineno, n.col_offset))
        for call in constructions:
            self.result["instantiatedChildren"].append(self.describe_child(call, attr_kinds))
        declared = {d["unitname"]: d for d in self.result["declaredChildren"]}
        instantiated = {child["name"] for child in self.result["instantiatedChildren"]}
        for call, child in zip(constructions, self.result["instantiatedChildren"]):
            if child["name"] not in declared and child["name"] != unit.name:
                self.issue("error", "undeclared_child", f"'{child['name']}' is built as a child but not declared: "
                           f"add UnitDecl(unitname='{child['name']}', ...) to CHILDREN_DECLARATIONS", call)
            if child["collection"] == "Sequential":
                self.issue("error", "sequential_child", f"'{child['name']}' is inside nn.Sequential, but a GAU "
                           f"returns (Y, Z); use nn.ModuleList and call each child in a loop", call)
        for name, declaration in declared.items():
            if name not in instantiated:
                self.issue("warning", "declared_unused", f"child '{name}' is declared but never built in "
                           f"this unit", line=declaration["line"])
        self.check_child_calls(unit_nodes, set(constructions))

    def inside(self, node, ancestors: set) -> bool:
        while node is not None:
            if node in ancestors:
                return True
            node = self.parents.get(node)
        return False

    @staticmethod
    def collection_attributes(unit_nodes: list) -> dict:
        """``self.attr = nn.ModuleList(...)``, ``[]``, ``{}``...: the kind of container each attribute holds."""
        kinds = {}
        for node in unit_nodes:
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and _self_attr(node.targets[0]):
                value = node.value
                if isinstance(value, ast.Call) and _name_of(value.func) in TORCH_CONTAINERS:
                    kind = _name_of(value.func)
                elif isinstance(value, (ast.List, ast.ListComp)):
                    kind = "list"
                elif isinstance(value, (ast.Dict, ast.DictComp)):
                    kind = "dict"
                else:
                    continue
                kinds[_self_attr(node.targets[0])] = kind
        return kinds

    def describe_child(self, call: ast.Call, attr_kinds: dict) -> dict:
        collection = attr = None
        node, parent = call, self.parents.get(call)
        while parent is not None and not isinstance(parent, ast.stmt):
            if isinstance(parent, ast.Call) and node is not parent.func:
                callee, receiver = _name_of(parent.func), getattr(parent.func, "value", None)
                # The nearest torch container wins, except that any enclosing Sequential is reported.
                if callee == "Sequential" or (callee in TORCH_CONTAINERS and collection not in TORCH_CONTAINERS):
                    collection = callee
                elif callee in APPEND_METHODS and isinstance(parent.func, ast.Attribute):
                    attr = _self_attr(receiver)
                    collection = collection if collection in TORCH_CONTAINERS else attr_kinds.get(attr, "list")
                elif callee == "add_module" and parent.args and isinstance(parent.args[0], ast.Constant):
                    attr = str(parent.args[0].value)
            elif isinstance(parent, (ast.List, ast.Tuple, ast.ListComp, ast.GeneratorExp)) and collection is None:
                collection = "list"
            elif isinstance(parent, (ast.Dict, ast.DictComp)) and collection is None:
                collection = "dict"
            node, parent = parent, self.parents.get(parent)
        if attr is None:
            for target in _targets(parent):
                if _self_attr(target):
                    attr = _self_attr(target)
                elif isinstance(target, ast.Subscript) and _self_attr(target.value):
                    attr = _self_attr(target.value)
                    is_key = isinstance(target.slice, ast.Constant) and isinstance(target.slice.value, str)
                    collection = collection or attr_kinds.get(attr, "dict" if is_key else "list")
        extra = [kw.arg for kw in call.keywords if kw.arg and kw.arg not in CANONICAL_CHILD_KWARGS]
        return {"name": call.func.id, "attr": attr, "line": call.lineno, "collection": collection,
                "extraKwargs": extra}

    def check_child_calls(self, unit_nodes: list, constructions: set):
        # Attributes that may hold something else (`self.linear = nn.Linear(...)` in another branch)
        # or a Sequential (already an error, and its other elements are plain modules) are not checked.
        ambiguous = {_self_attr(target) for node in unit_nodes if isinstance(node, ast.Assign)
                     and isinstance(node.value, ast.Call) and not _is_child_construction(node.value)
                     and _name_of(node.value.func) not in TORCH_CONTAINERS for target in node.targets}
        singles, collections = set(), set()
        for child in self.result["instantiatedChildren"]:
            if child["attr"] and child["attr"] not in ambiguous and child["collection"] != "Sequential":
                (collections if child["collection"] else singles).add(child["attr"])
        loop_names = self.loop_child_names(unit_nodes, collections)
        calls = sorted((node for node in unit_nodes if isinstance(node, ast.Call) and node not in constructions),
                       key=lambda n: (n.lineno, n.col_offset))
        for call in calls:
            func = call.func
            if _self_attr(func) in singles:
                callee = f"self.{func.attr}"
            elif isinstance(func, ast.Subscript) and _self_attr(func.value) in collections:
                callee = f"self.{func.value.attr}[...]"
            elif isinstance(func, ast.Name) and func.id in loop_names:
                callee = func.id
            else:
                continue
            self.check_child_call(call, callee)

    @staticmethod
    def loop_child_names(unit_nodes: list, collections: set) -> set:
        """Names bound by ``for c in self.children`` / ``.values()`` / ``.items()`` / ``enumerate(...)``
        anywhere in the class (by name, not per method: reusing such a name for something else is rare)."""
        def second(target):
            return target.elts[1] if isinstance(target, ast.Tuple) and len(target.elts) == 2 else None

        names = set()
        for node in unit_nodes:
            if not isinstance(node, (ast.For, ast.comprehension)):
                continue
            iterable, target = node.iter, node.target
            if isinstance(iterable, ast.Call):
                method = _name_of(iterable.func)
                if method == "enumerate" and iterable.args:
                    iterable, target = iterable.args[0], second(target)
                elif method in ("items", "values") and isinstance(iterable.func, ast.Attribute):
                    iterable, target = iterable.func.value, second(target) if method == "items" else target
            if _self_attr(iterable) in collections and isinstance(target, ast.Name):
                names.add(target.id)
        return names

    def check_child_call(self, call: ast.Call, callee: str):
        takes_x = len(call.args) == 1 and not isinstance(call.args[0], ast.Starred)
        x_by_keyword = not call.args and any(kw.arg == "X" for kw in call.keywords)
        if not (takes_x or x_by_keyword):
            self.issue("error", "child_call", f"{callee}(...) takes exactly one positional argument, the "
                       f"sequence X; pass other inputs as keyword arguments or through Z", call)
        node, parent = call, self.parents.get(call)
        while isinstance(parent, ast.IfExp) and node is not parent.test:
            node, parent = parent, self.parents.get(parent)
        unpacked = (isinstance(parent, ast.Assign) and len(parent.targets) == 1
                    and isinstance(parent.targets[0], (ast.Tuple, ast.List)) and len(parent.targets[0].elts) == 2
                    and not any(isinstance(e, ast.Starred) for e in parent.targets[0].elts))
        # `return self.child(X, **Z)` hands the (Y, Z) pair on; `self.child(X, **Z)[0]` picks Y explicitly.
        if not (unpacked or isinstance(parent, ast.Return) or
                (isinstance(parent, ast.Subscript) and parent.value is node)):
            self.issue("error", "child_call", f"{callee}(...) returns a pair (Y, Z): unpack it into two "
                       f"targets, e.g. `Y, Z = {callee}(X, **Z)`", call)
