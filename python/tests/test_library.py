"""Every seed design of the library passes the whole checker at the micro size (a contract suite)."""
import unittest
from pathlib import Path

from genesys_rt.checker import check_design
from genesys_rt.design import load_design

LIBRARY = Path(__file__).resolve().parents[2] / "library"
SEEDS = sorted(p.name for p in LIBRARY.iterdir() if (p / "design.json").exists())


class SeedLibrary(unittest.TestCase):
    def test_the_five_seeds_are_there(self):
        self.assertEqual(SEEDS, ["gpt", "mamba2", "retnet", "rwkv6", "ttt"])

    def test_every_seed_passes_the_checker(self):
        for seed in SEEDS:
            with self.subTest(seed=seed):
                design = load_design(LIBRARY / seed)
                self.assertGreaterEqual(len(design.units), 3, "a seed is a tree of several units")
                report = check_design(design.to_dict(), {"contract": "strict"})
                errors = [(c["name"], i["code"], i["unit"], i["message"]) for c in report["checks"]
                          for i in c["issues"] if i["severity"] == "error"]
                self.assertTrue(report["passed"], errors)
                unit_tests = next(c for c in report["checks"] if c["name"] == "unit_tests")
                self.assertEqual(unit_tests["data"]["passed"], unit_tests["data"]["total"])
                self.assertGreater(unit_tests["data"]["total"], 0)


if __name__ == "__main__":
    unittest.main()
