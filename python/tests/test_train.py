import math
import os
import tempfile
import unittest
from unittest import mock
import warnings
from pathlib import Path

import torch

from genesys_rt import ops
from genesys_rt.lm import LMConfig
from genesys_rt.threads import use_cpus
from genesys_rt.train import (CHECKPOINT_FILE, MAX_CURVE_POINTS, LossCurve, TrainConfig, build_model, learning_rate,
                              load_checkpoint, make_optimizer, train)

from .fixtures_data import gpt_design, make_dataset

MODEL = LMConfig(vocab_size=257, d_model=32, n_block=1)


def tiny_config(**overrides) -> TrainConfig:
    settings = dict(seq_len=32, batch_size=4, total_tokens=32 * 4 * 30, lr=3e-3, warmup_fraction=0.1,
                    checkpoint_every=10, log_every=10, seed=7, device="cpu")
    return TrainConfig(**{**settings, **overrides})


class Stop(Exception):
    """Raised from the progress callback to interrupt a run."""


def setUpModule():
    warnings.simplefilter("ignore")  # compat shims announce themselves once


class Schedule(unittest.TestCase):
    def test_linear_warmup_then_cosine_to_ten_percent(self):
        config = TrainConfig(lr=1.0, warmup_fraction=0.1, seq_len=1, batch_size=1, total_tokens=100)
        rates = [learning_rate(step, config) for step in range(100)]
        self.assertEqual(config.warmup_steps, 10)
        self.assertAlmostEqual(rates[0], 0.1)
        self.assertAlmostEqual(rates[4], 0.5)
        self.assertAlmostEqual(rates[9], 1.0)
        self.assertAlmostEqual(rates[10], 1.0)
        self.assertAlmostEqual(rates[99], 0.1)
        self.assertAlmostEqual(rates[10 + 89 // 2], 0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * 44 / 89)))
        self.assertTrue(all(a >= b for a, b in zip(rates[10:], rates[11:])))

    def test_no_warmup_starts_at_the_peak(self):
        config = TrainConfig(lr=2.0, warmup_fraction=0.0, seq_len=1, batch_size=1, total_tokens=10)
        self.assertAlmostEqual(learning_rate(0, config), 2.0)
        self.assertAlmostEqual(learning_rate(9, config), 0.2)


class Optimizer(unittest.TestCase):
    def test_weight_decay_only_on_matrices(self):
        model = build_model(gpt_design(), MODEL, 0, torch.device("cpu"))
        optimizer = make_optimizer(model, tiny_config(weight_decay=0.1), torch.device("cpu"))
        decay, no_decay = optimizer.param_groups
        self.assertEqual(decay["weight_decay"], 0.1)
        self.assertEqual(no_decay["weight_decay"], 0.0)
        self.assertTrue(all(p.dim() >= 2 for p in decay["params"]))
        self.assertTrue(all(p.dim() < 2 for p in no_decay["params"]))
        self.assertTrue(any(p is model.embedding.weight for p in decay["params"]))
        self.assertEqual(len(decay["params"]) + len(no_decay["params"]), len(list(model.parameters())))


class LossCurveThinning(unittest.TestCase):
    def test_curve_stays_bounded_and_keeps_the_last_step(self):
        curve = LossCurve(stride=1)
        for step in range(1, 5001):
            curve.add(step, 1.0 / step, last=step == 5000)
        self.assertLessEqual(len(curve.points), MAX_CURVE_POINTS + 1)
        self.assertEqual(curve.points[-1][0], 5000)
        steps = [step for step, _ in curve.points]
        self.assertEqual(steps, sorted(steps))


class Training(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.scratch = tempfile.TemporaryDirectory()
        cls.data = make_dataset(Path(cls.scratch.name) / "data")

    @classmethod
    def tearDownClass(cls):
        cls.scratch.cleanup()

    def run_dir(self, name: str) -> Path:
        return Path(self.scratch.name) / name

    def test_completed_run_learns_and_reports(self):
        events = []
        result = train(gpt_design(), MODEL, self.data, tiny_config(), self.run_dir("plain"), events.append)
        self.assertEqual(result["status"], "completed")
        self.assertEqual(result["steps"], 30)
        self.assertEqual(result["tokens"], 30 * 4 * 32)
        self.assertLess(result["finalLoss"], result["curve"][0][1] - 1.0)
        self.assertEqual([event["step"] for event in events], [10, 20, 30])
        self.assertEqual(set(events[0]), {"step", "totalSteps", "loss", "tokensPerSecond", "etaSeconds", "lr"})
        self.assertEqual(result["curve"][-1][0], 30)
        self.assertTrue(Path(result["checkpoint"]).is_file())
        self.assertGreater(result["peakMemoryBytes"], 0)
        self.assertEqual((result["device"], result["precision"]), ("cpu", "fp32"))

    def test_interrupted_run_resumes_to_the_same_result(self):
        whole = train(gpt_design(), MODEL, self.data, tiny_config(), self.run_dir("whole"))

        def stop_at_ten(event):
            if event["step"] == 10:
                raise Stop

        with self.assertRaises(Stop):
            train(gpt_design(), MODEL, self.data, tiny_config(), self.run_dir("split"), stop_at_ten)
        self.assertEqual(load_checkpoint(self.run_dir("split") / CHECKPOINT_FILE)["step"], 10)
        resumed = train(gpt_design(), MODEL, self.data, tiny_config(), self.run_dir("split"))
        self.assertEqual(resumed["resumedFromStep"], 10)
        self.assertEqual(resumed["steps"], 30)
        self.assertAlmostEqual(resumed["finalLoss"], whole["finalLoss"], delta=0.01 * whole["finalLoss"])
        self.assertEqual(resumed["finalLoss"], whole["finalLoss"])  # bitwise on CPU
        self.assertEqual(resumed["curve"], whole["curve"])
        final_whole = load_checkpoint(self.run_dir("whole") / CHECKPOINT_FILE)["model"]
        final_resumed = load_checkpoint(self.run_dir("split") / CHECKPOINT_FILE)["model"]
        self.assertTrue(all(torch.equal(final_whole[k], final_resumed[k]) for k in final_whole))

    def test_finished_run_is_not_trained_again(self):
        first = train(gpt_design(), MODEL, self.data, tiny_config(), self.run_dir("again"))
        second = train(gpt_design(), MODEL, self.data, tiny_config(), self.run_dir("again"))
        self.assertEqual((second["steps"], second["resumedFromStep"]), (30, 30))
        self.assertEqual(second["finalLoss"], first["finalLoss"])

    def test_gradient_accumulation_matches_the_full_batch(self):
        config = dict(total_tokens=32 * 4 * 3, checkpoint_every=100)
        full = train(gpt_design(), MODEL, self.data, tiny_config(**config), self.run_dir("full"))
        micro = train(gpt_design(), MODEL, self.data, tiny_config(micro_batch=2, **config), self.run_dir("micro"))
        self.assertAlmostEqual(full["finalLoss"], micro["finalLoss"], places=4)

    def test_absurd_learning_rate_diverges_and_keeps_the_last_good_checkpoint(self):
        run_dir = self.run_dir("diverge")
        result = train(gpt_design(), MODEL, self.data,
                       tiny_config(lr=1e4, warmup_fraction=0.0, checkpoint_every=1), run_dir)
        self.assertEqual(result["status"], "diverged")
        self.assertIn("loss is nan", result["reason"])
        self.assertLess(result["steps"], 30)
        checkpoint = load_checkpoint(run_dir / CHECKPOINT_FILE)  # loads: not corrupted
        self.assertEqual(checkpoint["step"], result["steps"])
        self.assertFalse((run_dir / (CHECKPOINT_FILE + ".tmp")).exists())

    def test_loss_far_above_its_start_is_divergence(self):
        result = train(gpt_design(), MODEL, self.data, tiny_config(lr=10.0, warmup_fraction=0.0),
                       self.run_dir("climb"))
        self.assertEqual(result["status"], "diverged")
        self.assertIn("nats above the first step", result["reason"])

    def test_op_arguments_as_the_typescript_side_sends_them(self):
        events = []
        result = ops.OPS["train"]({"design": gpt_design().to_dict(), "model": {"dModel": 32, "nBlock": 1, "vocabSize": 257},
                                   "data": {"dir": str(self.data)}, "runDir": str(self.run_dir("op")),
                                   "train": {"seqLen": 32, "batchSize": 4, "totalTokens": 32 * 4 * 4, "lr": 1e-3,
                                             "warmupFraction": 0.25, "logEvery": 2, "device": "cpu"}},
                                  events.append)
        self.assertEqual((result["status"], result["steps"]), ("completed", 4))
        self.assertEqual([event["step"] for event in events], [2, 4])
        with self.assertRaises(ValueError):
            ops.OPS["train"]({"design": gpt_design().to_dict(), "model": {"dModel": 32, "nBlock": 1, "vocabSize": 257},
                              "data": {"dir": str(self.data)}, "runDir": str(self.run_dir("op2")),
                              "train": {"seqLength": 32}}, events.append)

    def test_checkpoint_from_another_model_is_refused(self):
        run_dir = self.run_dir("mismatch")
        train(gpt_design(), MODEL, self.data, tiny_config(total_tokens=32 * 4 * 2), run_dir)
        with self.assertRaises(ValueError):
            train(gpt_design(), LMConfig(257, 64, 1), self.data, tiny_config(total_tokens=32 * 4 * 2), run_dir)


if __name__ == "__main__":
    unittest.main()


class ThreadsTest(unittest.TestCase):
    """The orchestrator's OMP_NUM_THREADS decides torch's threads (its share of the cores)."""

    def test_threads_follow_the_environment_and_the_share(self):
        before = torch.get_num_threads()
        try:
            with mock.patch.dict(os.environ, {"OMP_NUM_THREADS": "1"}):
                self.assertEqual(use_cpus(), 1)
                self.assertEqual(torch.get_num_threads(), 1)
            with mock.patch.dict(os.environ, {"OMP_NUM_THREADS": "4"}):
                self.assertEqual(use_cpus(share=2), 2)
            with mock.patch.dict(os.environ, {"OMP_NUM_THREADS": "not a number"}):
                self.assertGreaterEqual(use_cpus(), 1)
        finally:
            torch.set_num_threads(before)
