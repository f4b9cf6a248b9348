import json
import math
import tempfile
import unittest
import warnings
from pathlib import Path

import torch
import torch.distributed as dist

from genesys_rt import ops
from genesys_rt.evaluate import evaluate
from genesys_rt.lm import LMConfig
from genesys_rt.train import CHECKPOINT_FILE, TrainConfig, load_checkpoint, train
from genesys_rt.train_distributed import DistributedTrainingError, ProgressRelay, launch, resolve_processes

from .fixtures_data import gpt_design, make_dataset

MODEL = LMConfig(vocab_size=257, d_model=32, n_block=1)
GLOO = dist.is_available() and dist.is_gloo_available()


def tiny_config(**overrides) -> TrainConfig:
    settings = dict(seq_len=32, batch_size=4, total_tokens=32 * 4 * 30, lr=3e-3, warmup_fraction=0.1,
                    checkpoint_every=10, log_every=10, seed=7, device="cpu")
    return TrainConfig(**{**settings, **overrides})


def op_arguments(data: Path, run_dir: Path, **train_options) -> dict:
    return {"design": gpt_design().to_dict(), "model": {"dModel": 32, "nBlock": 1, "vocabSize": 257},
            "data": {"dir": str(data)}, "runDir": str(run_dir),
            "train": {"seqLen": 32, "batchSize": 4, "totalTokens": 32 * 4 * 30, "lr": 3e-3, "warmupFraction": 0.1,
                      "checkpointEvery": 10, "logEvery": 10, "seed": 7, "device": "cpu", **train_options}}


class Stop(Exception):
    """Raised from the progress callback to interrupt a run."""


def setUpModule():
    warnings.simplefilter("ignore")  # compat shims announce themselves once


class Planning(unittest.TestCase):
    def test_auto_is_one_process_without_gpus(self):
        self.assertEqual(resolve_processes(tiny_config(processes=0)), 1)
        self.assertEqual(resolve_processes(tiny_config(processes=1)), 1)
        self.assertEqual(resolve_processes(tiny_config(processes=2)), 2)

    def test_a_batch_that_does_not_split_over_the_processes_is_refused(self):
        with self.assertRaisesRegex(ValueError, "does not split"):
            resolve_processes(tiny_config(processes=3))
        with self.assertRaisesRegex(ValueError, "does not split"):
            ops.OPS["train"](op_arguments(Path("unused"), Path("unused"), processes=3), lambda event: None)
        with self.assertRaises(ValueError):
            resolve_processes(tiny_config(processes=-1))

    def test_progress_relay_hands_over_complete_lines_only(self):
        with tempfile.TemporaryDirectory() as scratch:
            path, events = Path(scratch) / "progress.jsonl", []
            relay = ProgressRelay(path, events.append)
            relay.poll()  # no file yet
            path.write_text(json.dumps({"step": 1}) + "\n" + '{"step": ')
            relay.poll()
            self.assertEqual(events, [{"step": 1}])
            with open(path, "a") as file:
                file.write("2}\n")
            relay.poll()
            self.assertEqual(events, [{"step": 1}, {"step": 2}])


@unittest.skipUnless(GLOO, "torch.distributed with the gloo backend is not available in this torch build")
class DistributedTraining(unittest.TestCase):
    """Two CPU processes under torchrun (gloo): about 4 s of start-up per launch."""

    @classmethod
    def setUpClass(cls):
        cls.scratch = tempfile.TemporaryDirectory()
        cls.root = Path(cls.scratch.name)
        cls.data = make_dataset(cls.root / "data")
        cls.events = []
        cls.result = ops.OPS["train"](op_arguments(cls.data, cls.root / "pair", processes=2), cls.events.append)
        cls.alone = train(gpt_design(), MODEL, cls.data, tiny_config(), cls.root / "alone")

    @classmethod
    def tearDownClass(cls):
        cls.scratch.cleanup()

    def test_two_processes_learn_what_one_learns(self):
        result = self.result
        self.assertEqual((result["status"], result["steps"], result["processes"]), ("completed", 30, 2))
        self.assertEqual(result["tokens"], 30 * 4 * 32)
        self.assertLess(result["finalLoss"], result["curve"][0][1] - 1.0)
        # The same global batches in the same order: only the all-reduce's rounding differs.
        self.assertAlmostEqual(result["finalLoss"], self.alone["finalLoss"], delta=1e-4)
        self.assertEqual([event["step"] for event in self.events], [10, 20, 30])
        self.assertEqual(set(self.events[0]), {"step", "totalSteps", "loss", "tokensPerSecond", "etaSeconds", "lr"})
        self.assertEqual([path.name for path in (self.root / "pair").glob(".torchrun-*")], [])  # scratch removed

    def test_checkpoint_is_the_single_process_format(self):
        checkpoint = load_checkpoint(self.result["checkpoint"])
        self.assertEqual(set(checkpoint["model"]), set(load_checkpoint(self.alone["checkpoint"])["model"]))
        self.assertEqual(checkpoint["step"], 30)
        self.assertEqual(len(checkpoint["rank_rng"]), 2)
        evaluation = evaluate(gpt_design(), MODEL, self.data, self.result["checkpoint"], tasks=["toy_cloze"])
        self.assertLess(evaluation["heldOut"]["loss"], math.log(257) - 1.0)
        again = train(gpt_design(), MODEL, self.data, tiny_config(), self.root / "pair")  # one process resumes it
        self.assertEqual((again["steps"], again["resumedFromStep"], again["processes"]), (30, 30, 1))
        self.assertEqual(again["finalLoss"], self.result["finalLoss"])

    def test_interrupted_run_resumes_to_completion(self):
        # Long enough that the kill lands well before the end: steps take milliseconds here.
        config = tiny_config(total_tokens=32 * 4 * 120, checkpoint_every=5, log_every=5, processes=2)
        run_dir = self.root / "interrupted"

        def stop_at_first_event(event):
            raise Stop

        with self.assertRaises(Stop):
            launch(gpt_design(), MODEL, self.data, config, run_dir, 2, stop_at_first_event)
        stopped_at = load_checkpoint(run_dir / CHECKPOINT_FILE)["step"]
        self.assertTrue(5 <= stopped_at < 120 and stopped_at % 5 == 0, stopped_at)
        events = []
        resumed = launch(gpt_design(), MODEL, self.data, config, run_dir, 2, events.append)
        self.assertEqual((resumed["status"], resumed["steps"], resumed["resumedFromStep"]),
                         ("completed", 120, stopped_at))
        self.assertEqual(events[0]["step"], stopped_at + 5)
        whole = train(gpt_design(), MODEL, self.data, tiny_config(total_tokens=32 * 4 * 120), self.root / "whole")
        self.assertAlmostEqual(resumed["finalLoss"], whole["finalLoss"], delta=1e-3)

    def test_a_failing_rank_raises_with_its_output(self):
        with self.assertRaises(DistributedTrainingError) as caught:
            launch(gpt_design(), LMConfig(vocab_size=300, d_model=32, n_block=1), self.data, tiny_config(),
                   self.root / "failing", 2)
        self.assertRegex(str(caught.exception).splitlines()[0],
                         r"exited with status 1: rank [01] raised ValueError: the dataset's vocabulary has 257 tokens")
        self.assertEqual(caught.exception.code, "distributed_training_failed")


if __name__ == "__main__":
    unittest.main()
