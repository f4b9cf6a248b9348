"""Tests of genesys_rt.analyze: the static unit-file analyzer, normalize and rename_identifier."""
from __future__ import annotations

import json
import sys
import textwrap
import time
import unittest
from collections import Counter
from pathlib import Path

from genesys_rt.analyze import MARKER, analyze, normalize, rename_identifier

REPOSITORY = Path(__file__).resolve().parents[2]
REFERENCE = REPOSITORY.parent / "shared" / "reference" / "genesys"  # original Genesys units, kept as test data

CANONICAL_TEST = '''
@gau_test
def test_shape(device=None, dtype=None):
    unit = MyUnit(16, (0, 1), {}, device=device, dtype=dtype)
    Y, _ = unit(torch.randn(2, 8, 16))
    assert Y.shape == (2, 8, 16)
'''


def unit_file(init: str = "", forward: str = "H, Z = self.norm(X, **Z)\nreturn X + self.proj(H), Z",
              params: str = "", declarations: str | None = '[UnitDecl(unitname="RMSNorm", requirements="normalise")]',
              docstring: str = '"""Pre-norm residual projection."""', tests: str = CANONICAL_TEST,
              head: str = "", tail: str = "", forward_params: str = "X, **Z") -> str:
    """A unit file: the canonical unit (one RMSNorm child, one test), with the named parts replaced."""
    init = init or ("self.norm = RMSNorm(embed_dim=self.embed_dim, block_loc=self.block_loc,\n"
                    "    kwarg_all=self.kwarg_all, **self.factory_kwargs, **self.kwarg_all)\n"
                    "self.proj = nn.Linear(embed_dim, embed_dim, **self.factory_kwargs)")
    lines = [MARKER, "import torch", "import torch.nn as nn", "import torch.nn.functional as F",
             "from genesys_rt.gau import GAUBase, gau_test, UnitDecl", head, "", "",
             "class MyUnit(GAUBase):", textwrap.indent(docstring, "    ") if docstring else "", "",
             f"    def __init__(self, embed_dim, block_loc, kwarg_all, device=None, dtype=None,{params} **kwargs):",
             '        self.factory_kwargs = {"device": device, "dtype": dtype}',
             "        super().__init__(embed_dim, block_loc, kwarg_all)",
             textwrap.indent(textwrap.dedent(init), " " * 8), "",
             f"    def _forward(self, {forward_params}):", textwrap.indent(textwrap.dedent(forward), " " * 8),
             "", tests]
    if declarations is not None:
        lines += ["", f"CHILDREN_DECLARATIONS = {declarations}"]
    return "\n".join(lines + [tail, ""])


def codes(report: dict, kind: str = "errors") -> list:
    return [issue["code"] for issue in report[kind]]


def line_of(code: str, text: str) -> int:
    return next(number for number, line in enumerate(code.splitlines(), 1) if text in line)


class CanonicalUnitTest(unittest.TestCase):
    def test_canonical_unit_is_ok_and_fully_described(self):
        code = unit_file(params=" hidden_mult=4,")
        report = analyze(code)
        self.assertEqual(report["errors"], [])
        self.assertEqual(report["warnings"], [])
        self.assertTrue(report["ok"])
        self.assertFalse(report["fatal"])
        self.assertEqual(report["unitName"], "MyUnit")
        self.assertEqual(report["docstring"], "Pre-norm residual projection.")
        self.assertEqual(report["args"], {"hidden_mult": 4})
        self.assertEqual(report["forward"], {"named": [], "varKeyword": True, "line": line_of(code, "def _forward")})
        self.assertEqual(report["declaredChildren"], [{
            "unitname": "RMSNorm", "requirements": "normalise", "inputs": ["X"], "outputs": ["Y"],
            "line": line_of(code, "CHILDREN_DECLARATIONS")}])
        self.assertEqual(report["instantiatedChildren"], [{
            "name": "RMSNorm", "attr": "norm", "line": line_of(code, "self.norm = RMSNorm"),
            "collection": None, "extraKwargs": []}])
        [test] = report["tests"]
        self.assertEqual((test["name"], test["line"]), ("test_shape", line_of(code, "@gau_test")))
        self.assertTrue(test["source"].startswith("@gau_test\ndef test_shape("))
        self.assertIn("assert Y.shape", test["source"])
        self.assertEqual(test["endLine"], line_of(code, "assert Y.shape"))
        self.assertEqual(report["helpers"], [])
        json.dumps(report)  # the worker sends it as JSON

    def test_forward_named_parameters_are_listed(self):
        report = analyze(unit_file(forward_params="X, input_emb, input_pos=None, *, scale=1.0"))
        self.assertEqual(report["forward"]["named"], ["input_emb", "input_pos", "scale"])
        self.assertFalse(report["forward"]["varKeyword"])

    def test_helpers_exclude_unit_tests_imports_and_reserved_constants(self):
        head = ("try:\n    from causal_conv1d import causal_conv1d_fn\n    HAS_CONV = True\n"
                "except ImportError:\n    HAS_CONV = False\nlogger = object()\n\ndef rotate_half(x):\n    return x")
        tail = 'SPEC = {"unitname": "MyUnit"}\nARGS = {}\nCHILDREN = ["RMSNorm"]\nDESC = ""\nEPS, SCALE = 1e-5, 2.0'
        report = analyze(unit_file(head=head, tail=tail))
        self.assertEqual(report["helpers"], ["HAS_CONV", "logger", "rotate_half", "EPS", "SCALE"])


class FatalErrorTest(unittest.TestCase):
    def assert_fatal(self, code: str, expected: str) -> dict:
        report = analyze(code)
        self.assertIn(expected, codes(report))
        self.assertTrue(report["fatal"])
        self.assertFalse(report["ok"])
        return report

    def test_syntax_error_is_fatal_with_position(self):
        report = self.assert_fatal(f"{MARKER}\nclass A(GAUBase):\n    def f(self:\n        pass\n", "syntax_error")
        error = report["errors"][0]
        self.assertEqual(error["line"], 3)
        self.assertIsInstance(error["col"], int)

    def test_no_gau_class_is_fatal(self):
        self.assert_fatal(f"{MARKER}\nimport torch\n\ndef f(x):\n    return x\n", "no_gau_class")

    def test_multiple_gau_classes_are_fatal(self):
        code = unit_file(tail='class Other(GAUBase):\n    """Other."""\n')
        report = self.assert_fatal(code, "multiple_gau_classes")
        self.assertIsNone(report["unitName"])

    def test_helper_module_subclass_is_fatal(self):
        for base in ("nn.Module", "torch.nn.Module", "Module", "nn.Linear"):
            with self.subTest(base=base):
                self.assert_fatal(unit_file(tail=f"class Helper({base}):\n    pass\n"), "module_subclass")

    def test_gau_class_with_extra_bases_is_fatal(self):
        code = unit_file().replace("class MyUnit(GAUBase):", "class MyUnit(GAUBase, nn.Module):")
        self.assert_fatal(code, "module_subclass")

    def test_plain_helper_class_is_allowed(self):
        report = analyze(unit_file(tail="class Config:\n    width = 4\n"))
        self.assertTrue(report["ok"])
        self.assertEqual(report["helpers"], ["Config"])

    def test_missing_forward_is_fatal(self):
        code = unit_file().replace("def _forward(", "def compute(")
        self.assert_fatal(code, "missing_forward")

    def test_missing_init_is_fatal(self):
        code = f'{MARKER}\nclass MyUnit(GAUBase):\n    """Doc."""\n\n    def _forward(self, X, **Z):\n        return X\n'
        self.assert_fatal(code, "missing_init")


class ErrorTest(unittest.TestCase):
    def assert_error(self, code: str, expected: str, line_text: str | None = None) -> dict:
        report = analyze(code)
        self.assertIn(expected, codes(report), report["errors"])
        self.assertFalse(report["ok"])
        self.assertFalse(report["fatal"], report["errors"])
        if line_text is not None:
            lines = [e["line"] for e in report["errors"] if e["code"] == expected]
            self.assertIn(line_of(code, line_text), lines)
        return report

    def test_columns_are_characters_not_bytes(self):
        code = unit_file(forward='note = "→é"; H = self.norm(X, **Z)\nreturn X')
        [error] = analyze(code)["errors"]
        line = code.splitlines()[error["line"] - 1]
        self.assertEqual(error["col"], line.index("self.norm"))

    def test_forward_override_is_error(self):
        code = unit_file().replace("    def _forward(", "    def forward(self, X, **Z):\n        return X, Z\n\n"
                                   "    def _forward(")
        self.assert_error(code, "forward_override", "def forward(")

    def test_call_override_replaces_forward_without_being_fatal(self):
        code = unit_file().replace("def _forward(", "def __call__(")
        report = self.assert_error(code, "forward_override", "def __call__(")
        self.assertNotIn("missing_forward", codes(report))

    def test_init_signature_requires_the_standard_parameters(self):
        code = unit_file().replace("block_loc, kwarg_all, device=None", "kwarg_all, block_loc, device=None")
        self.assert_error(code, "init_signature", "def __init__")
        code = unit_file().replace(" **kwargs):", "):")
        report = self.assert_error(code, "init_signature")
        self.assertIn("**kwargs", report["errors"][0]["message"])

    def test_required_extra_argument_is_a_warning_and_marked_required(self):
        code = unit_file(params=" output_dim,").replace("dtype=None, output_dim,", "dtype=None, *, output_dim,")
        report = analyze(code)
        self.assertIn("init_signature", codes(report, "warnings"))
        self.assertEqual(report["args"], {"output_dim": {"__required__": True}})
        code = unit_file().replace("kwarg_all, device=None", "kwarg_all, output_dim: int, device=None")
        report = analyze(code)
        self.assertIn("init_signature", codes(report, "warnings"))
        self.assertTrue(report["ok"], report["errors"])
        self.assertEqual(report["args"], {"output_dim": {"__required__": True}})

    def test_factory_kwargs_after_super_init_is_error(self):
        code = unit_file().replace(
            '        self.factory_kwargs = {"device": device, "dtype": dtype}\n'
            "        super().__init__(embed_dim, block_loc, kwarg_all)\n",
            "        super().__init__(embed_dim, block_loc, kwarg_all)\n"
            '        self.factory_kwargs = {"device": device, "dtype": dtype}\n')
        self.assert_error(code, "factory_kwargs_order", "self.factory_kwargs =")

    def test_missing_super_init_is_error(self):
        code = unit_file().replace("        super().__init__(embed_dim, block_loc, kwarg_all)\n", "")
        self.assert_error(code, "super_init_missing", "def __init__")

    def test_forward_without_a_sequence_argument_is_error(self):
        self.assert_error(unit_file(forward_params="**Z", forward="return None"), "forward_signature", "def _forward")

    def test_forward_sequence_named_otherwise_is_a_warning(self):
        report = analyze(unit_file(forward_params="u, **Z", forward="return u"))
        self.assertIn("forward_signature", codes(report, "warnings"))

    def test_undeclared_child_is_error(self):
        report = self.assert_error(unit_file(declarations="[]"), "undeclared_child", "self.norm = RMSNorm")
        self.assertIn("CHILDREN_DECLARATIONS", report["errors"][0]["message"])

    def test_no_declarations_means_children_are_undeclared(self):
        report = self.assert_error(unit_file(declarations=None), "undeclared_child")
        self.assertIn("no_children_declarations", codes(report, "warnings"))

    def test_unit_may_build_itself(self):
        init = ("self.inner = MyUnit(embed_dim=self.embed_dim, block_loc=self.block_loc, kwarg_all={})\n"
                "self.norm = RMSNorm(embed_dim=self.embed_dim, block_loc=self.block_loc, kwarg_all=self.kwarg_all)\n"
                "self.proj = nn.Identity()")
        self.assertTrue(analyze(unit_file(init=init))["ok"])

    def test_child_inside_sequential_is_error(self):
        init = ("self.norm = nn.Sequential(RMSNorm(embed_dim=self.embed_dim, block_loc=self.block_loc,\n"
                "    kwarg_all=self.kwarg_all), nn.Linear(embed_dim, embed_dim))\nself.proj = nn.Identity()")
        report = self.assert_error(unit_file(init=init), "sequential_child", "nn.Sequential(")
        self.assertEqual(report["instantiatedChildren"][0]["collection"], "Sequential")
        self.assertNotIn("child_call", codes(report))  # its other elements are plain modules

    def test_sequential_inside_module_list_is_still_reported(self):
        init = ("self.norm = nn.ModuleList([nn.Sequential(RMSNorm(embed_dim=self.embed_dim,\n"
                "    block_loc=self.block_loc, kwarg_all=self.kwarg_all)) for _ in range(2)])\nself.proj = nn.Identity()")
        self.assert_error(unit_file(init=init, forward="return X"), "sequential_child")

    def test_malformed_children_declarations_are_errors(self):
        cases = {
            "not a list": "RMSNorm",
            "not a UnitDecl": '[dict(unitname="RMSNorm")]',
            "non-literal field": '[UnitDecl(unitname="RMSNorm", inputs=INPUTS)]',
            "unknown field": '[UnitDecl(unitname="RMSNorm", kind="norm")]',
            "missing unitname": '[UnitDecl(requirements="normalise")]',
            "inputs not strings": '[UnitDecl(unitname="RMSNorm", inputs=[1])]',
        }
        for case, declarations in cases.items():
            with self.subTest(case=case):
                self.assert_error(unit_file(declarations=declarations), "children_declarations",
                                  "CHILDREN_DECLARATIONS")

    def test_declarations_accept_positional_fields_and_tuples(self):
        report = analyze(unit_file(declarations='[UnitDecl("RMSNorm", "norm", ("X",), ("Y",))]'))
        self.assertEqual(report["declaredChildren"][0]["inputs"], ["X"])
        self.assertTrue(report["ok"], report["errors"])

    def test_child_result_not_unpacked_is_error(self):
        self.assert_error(unit_file(forward="H = self.norm(X, **Z)\nreturn X + H"), "child_call", "H = self.norm")
        self.assert_error(unit_file(forward="A, B, C = self.norm(X, **Z)\nreturn X"), "child_call", "A, B, C")
        self.assert_error(unit_file(forward="self.norm(X, **Z)\nreturn X"), "child_call", "self.norm(X")

    def test_child_call_with_extra_positional_arguments_is_error(self):
        report = self.assert_error(unit_file(forward="H, Z = self.norm(X, 0.5, **Z)\nreturn H, Z"),
                                   "child_call", "self.norm(X, 0.5")
        self.assertIn("one positional argument", report["errors"][0]["message"])

    def test_child_call_accepted_forms(self):
        forms = ["H, Z = self.norm(X, scale=2.0, **Z)\nreturn H, Z",
                 "return self.norm(X, **Z)",
                 "H = self.norm(X, **Z)[0]\nreturn H",
                 "H, _ = self.norm(X, **Z) if self.training else (X, Z)\nreturn H",
                 "[H, Z] = self.norm(X=X, **Z)\nreturn H, Z"]
        for forward in forms:
            with self.subTest(forward=forward):
                report = analyze(unit_file(forward=forward))
                self.assertTrue(report["ok"], report["errors"])

    def test_calls_on_children_in_a_module_list_are_checked(self):
        init = ("self.layers = nn.ModuleList([RMSNorm(embed_dim=self.embed_dim, block_loc=self.block_loc,\n"
                "    kwarg_all=self.kwarg_all) for _ in range(2)])")
        declarations = '[UnitDecl(unitname="RMSNorm")]'
        good = "for layer in self.layers:\n    X, Z = layer(X, **Z)\nreturn X, Z"
        self.assertTrue(analyze(unit_file(init=init, forward=good, declarations=declarations))["ok"])
        for bad in ("for i, layer in enumerate(self.layers):\n    X = layer(X, **Z)\nreturn X",
                    "X = self.layers[0](X, **Z)\nreturn X",
                    "return sum(layer(X, **Z)[0] + layer(X) for layer in self.layers)"):
            with self.subTest(forward=bad):
                self.assert_error(unit_file(init=init, forward=bad, declarations=declarations), "child_call")

    def test_attribute_that_may_hold_a_plain_module_is_not_checked(self):
        init = ("if embed_dim > 8:\n    self.norm = RMSNorm(embed_dim=self.embed_dim, block_loc=self.block_loc,\n"
                "        kwarg_all=self.kwarg_all)\nelse:\n    self.norm = nn.Linear(embed_dim, embed_dim)\n"
                "self.proj = nn.Identity()")
        self.assertTrue(analyze(unit_file(init=init, forward="return self.norm(X)[0]"))["ok"])


class WarningTest(unittest.TestCase):
    def assert_warning(self, code: str, expected: str) -> dict:
        report = analyze(code)
        self.assertIn(expected, codes(report, "warnings"))
        self.assertEqual(report["errors"], [])
        self.assertTrue(report["ok"])
        return report

    def test_unit_without_docstring_is_reported_not_skipped(self):
        report = self.assert_warning(unit_file(docstring=""), "missing_docstring")
        self.assertEqual(report["unitName"], "MyUnit")
        self.assertIsNone(report["docstring"])
        self.assertEqual(len(report["tests"]), 1)

    def test_declared_but_unbuilt_child_is_warned(self):
        declarations = '[UnitDecl(unitname="RMSNorm"), UnitDecl(unitname="GatedMLP")]'
        report = self.assert_warning(unit_file(declarations=declarations), "declared_unused")
        self.assertIn("GatedMLP", report["warnings"][0]["message"])

    def test_no_tests_is_warned(self):
        self.assert_warning(unit_file(tests=""), "no_tests")

    def test_test_with_required_parameter_is_warned(self):
        tests = "@gau_test\ndef test_shape(batch, device=None, dtype=None):\n    pass\n"
        report = self.assert_warning(unit_file(tests=tests), "test_signature")
        self.assertEqual(report["tests"][0]["name"], "test_shape")

    def test_main_block_is_warned(self):
        self.assert_warning(unit_file(tail='if __name__ == "__main__":\n    test_shape()\n'), "main_block")

    def test_missing_children_declarations_assumes_no_children(self):
        code = unit_file(declarations=None, init="self.proj = nn.Linear(embed_dim, embed_dim)",
                         forward="return self.proj(X)")
        report = self.assert_warning(code, "no_children_declarations")
        self.assertEqual(report["declaredChildren"], [])

    def test_missing_marker_is_warned(self):
        self.assert_warning(unit_file().split("\n", 1)[1], "missing_marker")

    def test_original_base_import_is_supported_and_others_are_warned(self):
        code = unit_file(head="from model_discovery.model.utils.modules import GAUBase, gau_test, UnitDecl")
        self.assertEqual(analyze(code)["warnings"], [])
        report = self.assert_warning(unit_file(head="from model_discovery.model.block_registry import BlockRegister\n"
                                                    "import model_discovery.utils as U"), "unknown_import")
        self.assertEqual(codes(report, "warnings"), ["unknown_import", "unknown_import"])


class ChildInstantiationTest(unittest.TestCase):
    DECLARATIONS = '[UnitDecl(unitname="RMSNorm")]'

    def children(self, init: str) -> list:
        report = analyze(unit_file(init=init, forward="return X", declarations=self.DECLARATIONS))
        self.assertNotIn("declared_unused", codes(report, "warnings"))
        return [(child["attr"], child["collection"]) for child in report["instantiatedChildren"]]

    def test_module_list_comprehension_counts_as_instantiated(self):
        init = ("self.layers = nn.ModuleList([RMSNorm(embed_dim=self.embed_dim, block_loc=self.block_loc,\n"
                "    kwarg_all=self.kwarg_all, **self.factory_kwargs, **self.kwarg_all) for i in range(4)])")
        self.assertEqual(self.children(init), [("layers", "ModuleList")])

    def test_module_dict_and_literals_count_as_instantiated(self):
        child = "RMSNorm(embed_dim=self.embed_dim, block_loc=self.block_loc, kwarg_all=self.kwarg_all)"
        self.assertEqual(self.children(f"self.norms = nn.ModuleDict({{'a': {child}}})"), [("norms", "ModuleDict")])
        self.assertEqual(self.children(f"self.norms = nn.ModuleDict({{k: {child} for k in 'ab'}})"),
                         [("norms", "ModuleDict")])
        self.assertEqual(self.children(f"norms = [{child}]\nself.norms = nn.ModuleList(norms)"), [(None, "list")])
        self.assertEqual(self.children(f"self.norms = {{'a': {child}}}"), [("norms", "dict")])
        report = analyze(unit_file(init=f"self.norms = nn.ModuleDict({{'a': {child}}})",
                                   forward="for key, norm in self.norms.items():\n    X = norm(X, **Z)\nreturn X"))
        self.assertIn("child_call", codes(report))

    def test_append_add_module_and_item_assignment_count_as_instantiated(self):
        child = "RMSNorm(embed_dim=self.embed_dim, block_loc=self.block_loc, kwarg_all=self.kwarg_all)"
        self.assertEqual(self.children(f"self.norms = nn.ModuleList()\nfor _ in range(2):\n"
                                       f"    self.norms.append({child})"), [("norms", "ModuleList")])
        self.assertEqual(self.children(f"self.add_module('norm', {child})"), [("norm", None)])
        self.assertEqual(self.children(f"self.norms = nn.ModuleDict()\nself.norms['a'] = {child}"),
                         [("norms", "ModuleDict")])

    def test_custom_child_constructor_kwargs_are_kept(self):
        init = ("self.norm = RMSNorm(embed_dim=self.embed_dim, block_loc=self.block_loc, kwarg_all=self.kwarg_all,\n"
                "    eps=1e-6, elementwise=False, **self.factory_kwargs, **self.kwarg_all)\nself.proj = nn.Identity()")
        code = unit_file(init=init)
        report = analyze(code)
        self.assertTrue(report["ok"], report["errors"])
        self.assertEqual(report["instantiatedChildren"][0]["extraKwargs"], ["eps", "elementwise"])
        self.assertIn("eps=1e-6, elementwise=False", normalize(code)["code"])

    def test_children_built_in_tests_are_ignored(self):
        tests = ("@gau_test\ndef test_child(device=None, dtype=None):\n"
                 "    RMSNorm(embed_dim=8, block_loc=(0, 1), kwarg_all={})\n")
        report = analyze(unit_file(tests=tests))
        self.assertEqual(len(report["instantiatedChildren"]), 1)


class ArgumentDefaultTest(unittest.TestCase):
    def test_non_literal_default_is_kept_as_source(self):
        report = analyze(unit_file(params=" activation=F.silu, ratio=1/2, eps=1e-5,"))
        self.assertEqual(report["args"], {"activation": {"__expr__": "F.silu"}, "ratio": {"__expr__": "1/2"},
                                          "eps": 1e-5})

    def test_literal_defaults_become_json_values(self):
        params = " width=None, sizes=(1, 2), flags={'a': True}, neg=-3, name='x', huge=float('inf'), big=1e999,"
        report = analyze(unit_file(params=params))
        self.assertEqual(report["args"], {"width": None, "sizes": [1, 2], "flags": {"a": True}, "neg": -3,
                                          "name": "x", "huge": {"__expr__": "float('inf')"},
                                          "big": {"__expr__": "1e999"}})
        json.dumps(report, allow_nan=False)

    def test_kwarg_all_get_code_is_left_in_place(self):
        init = ("self.proj = nn.Linear(embed_dim, self.p, **self.factory_kwargs)  # uses self.p before it is set\n"
                "self.p = kwarg_all.get('p', 3)\n"
                "self.norm = RMSNorm(embed_dim=self.embed_dim, block_loc=self.block_loc, kwarg_all=self.kwarg_all)")
        code = unit_file(init=init).split("\n", 1)[1]  # without the marker, so normalize has work to do
        report = analyze(code)
        self.assertEqual(report["errors"], [])
        self.assertEqual(report["args"], {})  # the value comes from kwarg_all at run time, not a parameter
        normalized = normalize(code)["code"]
        self.assertEqual(normalized, f"{MARKER}\n{code}")
        self.assertLess(normalized.index("self.proj = nn.Linear"), normalized.index("self.p = kwarg_all.get"))


class NormalizeTest(unittest.TestCase):
    def test_adds_marker_and_keeps_everything_else(self):
        body = "# a comment that must survive\nimport torch   # spacing too\n\n\nx = ( 1 ,\n  2 )\n"
        result = normalize(body)
        self.assertEqual(result["code"], f"{MARKER}\n{body}")
        self.assertEqual(result["changes"], [{"code": "missing_marker", "line": 1,
                                              "message": f"added the '{MARKER}' marker as the first line"}])

    def test_is_idempotent(self):
        once = normalize("import torch\n")["code"]
        self.assertEqual(normalize(once), {"code": once, "changes": []})

    def test_keeps_crlf_line_endings_and_bom(self):
        self.assertEqual(normalize("import torch\r\n")["code"], f"{MARKER}\r\nimport torch\r\n")
        self.assertEqual(normalize("\ufeffimport torch\n")["code"], f"\ufeff{MARKER}\nimport torch\n")

    def test_normalized_unit_analyzes_without_marker_warning(self):
        code = normalize(unit_file().split("\n", 1)[1])["code"]
        self.assertEqual(analyze(code)["warnings"], [])


class RenameTest(unittest.TestCase):
    CODE = textwrap.dedent('''\
        class RMSNorm(GAUBase):
            """RMSNorm normalises; HierarchicalRMSNorm is another unit."""

            def __init__(self):
                self.RMSNorm_scale = 1.0
                self.norm = RMSNorm(kwarg_all={})
                self.other = HierarchicalRMSNorm(kwarg_all={})
                # RMSNorm in a comment stays
                self.label = "RMSNorm"

        def make(RMSNorm=None):
            return RMSNorm

        make(RMSNorm=1)

        CHILDREN_DECLARATIONS = [UnitDecl(unitname="RMSNorm"), UnitDecl('RMSNorm', "RMSNorm"),
                                 UnitDecl(unitname="HierarchicalRMSNorm")]
        ''')

    def test_rename_by_ast_does_not_touch_substrings(self):
        renamed = rename_identifier(self.CODE, "RMSNorm", "ScaleNorm")
        self.assertIn("class ScaleNorm(GAUBase):", renamed)
        self.assertIn("self.norm = ScaleNorm(kwarg_all={})", renamed)
        self.assertIn("HierarchicalRMSNorm(kwarg_all={})", renamed)
        self.assertIn("self.RMSNorm_scale = 1.0", renamed)
        self.assertIn('"""RMSNorm normalises; HierarchicalRMSNorm is another unit."""', renamed)
        self.assertIn("# RMSNorm in a comment stays", renamed)
        self.assertIn('self.label = "RMSNorm"', renamed)
        self.assertIn("def make(ScaleNorm=None):\n    return ScaleNorm", renamed)
        self.assertIn("make(RMSNorm=1)", renamed)  # a keyword names the callee's parameter: untouched
        self.assertIn('UnitDecl(unitname="ScaleNorm"), UnitDecl(\'ScaleNorm\', "RMSNorm")', renamed)
        self.assertIn('UnitDecl(unitname="HierarchicalRMSNorm")', renamed)

    def test_rename_handles_non_ascii_text_before_names(self):
        code = 'x = "héllo→"; y = RMSNorm(1) + RMSNorm(2)  # é\nclass  \\\n  RMSNorm: pass\n'
        self.assertEqual(rename_identifier(code, "RMSNorm", "N"),
                         'x = "héllo→"; y = N(1) + N(2)  # é\nclass  \\\n  N: pass\n')

    def test_rename_to_short_name_and_back_round_trips(self):
        there = rename_identifier(self.CODE, "RMSNorm", "X")
        self.assertIn("HierarchicalRMSNorm", there)
        self.assertEqual(rename_identifier(there, "X", "RMSNorm"), self.CODE)

    def test_rename_refuses_bad_names_and_imported_names(self):
        with self.assertRaises(ValueError):
            rename_identifier(self.CODE, "RMSNorm", "not valid")
        with self.assertRaises(ValueError):
            rename_identifier(self.CODE, "RMSNorm", "class")
        with self.assertRaises(ValueError):
            rename_identifier("from torchtune.modules import RMSNorm\nx = RMSNorm()\n", "RMSNorm", "Norm")


class PerformanceTest(unittest.TestCase):
    def test_canonical_unit_is_analyzed_quickly(self):
        code = unit_file()
        start = time.perf_counter()
        for _ in range(20):
            analyze(code)
        self.assertLess((time.perf_counter() - start) / 20, 0.05)  # seconds per unit


@unittest.skipUnless(REFERENCE.is_dir(), "reference data of the original Genesys is not checked out")
class ReferenceUnitsTest(unittest.TestCase):
    """Every unit file of the original (core seeds verbatim, designs without tests) analyzes without a fatal error."""

    def reference_units(self):
        for path in sorted((REFERENCE / "core").glob("*.json")):
            for name, unit in json.loads(path.read_text())["units"].items():
                yield f"core/{path.stem}", name, unit["code"]
        with open(REFERENCE / "designs.jsonl", encoding="utf-8") as designs:
            for row in map(json.loads, designs):
                for name, unit in row["units"].items():
                    yield row["id"], name, unit["code"]

    def test_reference_units_are_not_fatal(self):
        errors, warnings, seconds = Counter(), Counter(), []
        for origin, name, code in self.reference_units():
            start = time.perf_counter()
            report = analyze(code)
            seconds.append(time.perf_counter() - start)
            with self.subTest(origin=origin, unit=name):
                self.assertFalse(report["fatal"], report["errors"])
                self.assertEqual(report["unitName"], name)
            errors.update(codes(report))
            warnings.update(codes(report, "warnings"))
        seconds.sort()
        print(f"\n{len(seconds)} reference units; median {seconds[len(seconds) // 2] * 1000:.1f} ms, "
              f"max {seconds[-1] * 1000:.1f} ms\n  errors: {dict(errors.most_common())}\n"
              f"  warnings: {dict(warnings.most_common())}", file=sys.stderr)


if __name__ == "__main__":
    unittest.main()
