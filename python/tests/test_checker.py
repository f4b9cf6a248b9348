import unittest
from pathlib import Path

from genesys_rt.checker import check_design
from genesys_rt.design import load_design

from .tiny_designs import tiny_design

LIBRARY = Path(__file__).resolve().parents[2] / "library"
FAST = {"d_model": 32, "n_block": 2, "seq_len": 32, "train_steps": 8, "reference": None}


def failing(report: dict) -> dict:
    """Check name -> error codes, for the checks that failed."""
    return {c["name"]: [i["code"] for i in c["issues"] if i["severity"] == "error"]
            for c in report["checks"] if c["status"] == "fail"}


class CheckerVerdicts(unittest.TestCase):
    def test_a_correct_design_passes(self):
        report = check_design(tiny_design("good"), FAST)
        self.assertTrue(report["passed"], failing(report))
        names = [c["name"] for c in report["checks"]]
        self.assertEqual(names, ["static", "build", "unit_tests", "forward", "causality", "gradients",
                                 "efficiency", "training"])
        self.assertGreater(report["parameters"]["total"], 0)

    def assert_causality_leak(self, kind: str):
        report = check_design(tiny_design(kind), FAST)
        self.assertFalse(report["passed"])
        causality = next(c for c in report["checks"] if c["name"] == "causality")
        self.assertEqual(causality["status"], "fail")
        error = causality["issues"][0]
        self.assertEqual(error["unit"], "Mixer", error)
        self.assertEqual(error["file"], "units/Mixer.py")
        self.assertIsNotNone(error["line"])

    def test_statistics_over_the_whole_sequence_leak_the_future(self):
        self.assert_causality_leak("sequence_mean")

    def test_attention_without_a_mask_leaks_the_future(self):
        self.assert_causality_leak("unmasked_attention")

    def test_a_same_padding_convolution_leaks_the_future(self):
        self.assert_causality_leak("same_padding_conv")

    def test_a_detached_parameter_is_reported_unused(self):
        report = check_design(tiny_design("detached_parameter"), FAST)
        gradients = next(c for c in report["checks"] if c["name"] == "gradients")
        self.assertEqual(gradients["status"], "fail")
        self.assertTrue(any("gate.weight" in i["message"] and i["unit"] == "Mixer" for i in gradients["issues"]))

    def test_a_nan_producing_unit_fails(self):
        report = check_design(tiny_design("nan"), FAST)
        self.assertFalse(report["passed"])
        self.assertIn("non_finite", failing(report).get("forward", []))

    def test_a_wrong_output_shape_points_at_the_unit(self):
        report = check_design(tiny_design("wrong_shape"), FAST)
        self.assertFalse(report["passed"])
        issues = [i for c in report["checks"] for i in c["issues"] if i["severity"] == "error"]
        self.assertTrue(any("shape" in i["message"] for i in issues), issues)

    def test_a_syntax_error_is_fatal_with_its_line(self):
        report = check_design(tiny_design("syntax_error"), FAST)
        self.assertFalse(report["passed"])
        self.assertEqual([c["name"] for c in report["checks"]], ["static"])
        error = report["checks"][0]["issues"][0]
        self.assertEqual((error["code"], error["unit"]), ("syntax_error", "Mixer"))
        self.assertIsNotNone(error["line"])

    def test_a_runtime_error_is_located_in_the_unit_file(self):
        design = tiny_design("runtime_error")
        report = check_design(design, FAST)
        self.assertFalse(report["passed"])
        error = next(i for c in report["checks"] for i in c["issues"] if i["severity"] == "error")
        self.assertEqual(error["unit"], "Mixer")
        line = design["units"]["Mixer"]["code"].splitlines()[error["line"] - 1]
        self.assertIn("self.gate.weight[:3]", line)

    def test_a_malformed_design_is_a_report_not_a_crash(self):
        report = check_design({"name": "broken", "root": "Nope", "units": {}}, FAST)
        self.assertFalse(report["passed"])
        self.assertEqual(report["checks"][0]["name"], "design")

    def test_a_forward_override_fails_unless_the_design_comes_from_the_original(self):
        design = tiny_design("good")
        design["units"]["Mixer"]["code"] = design["units"]["Mixer"]["code"].replace(
            "    def _forward(self, X, **Z):",
            "    def forward(self, X, **Z):\n        return super().forward(X, **Z)\n\n    def _forward(self, X, **Z):")
        self.assertEqual(failing(check_design(design, FAST)), {"static": ["forward_override"]})
        design["metadata"] = {"origin": "genesys"}
        report = check_design(design, FAST)
        self.assertTrue(report["passed"], failing(report))
        self.assertIn("forward_override", [i["code"] for i in report["checks"][0]["issues"]])

    def test_unknown_options_are_rejected(self):
        with self.assertRaises(ValueError):
            check_design(tiny_design("good"), {"d_modle": 3})


@unittest.skipUnless((LIBRARY / "gpt" / "design.json").exists(), "seed library not present")
class ReferenceComparison(unittest.TestCase):
    def test_efficiency_is_measured_against_the_gpt_seed(self):
        options = {**FAST, "reference": str(LIBRARY / "gpt")}
        report = check_design(tiny_design("good"), options)
        efficiency = next(c for c in report["checks"] if c["name"] == "efficiency")
        self.assertIn("timeRatio", efficiency["data"])
        self.assertGreater(efficiency["data"]["memoryRatio"], 0)


if __name__ == "__main__":
    unittest.main()
