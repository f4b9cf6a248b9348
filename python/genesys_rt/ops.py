"""Operations the worker serves, by name.

Each op is ``fn(args: dict, progress: Callable[[dict], None]) -> dict`` and returns plain JSON data.
Imports are inside the ops so a warm worker that only analyzes source never imports torch.
Ops that execute design code (``compose`` does not; ``check`` does) must run in a fresh
sandboxed process: the TypeScript side decides where each op runs.
"""
from __future__ import annotations

import platform
import sys


def ping(args, progress):
    return {"python": sys.version.split()[0], "platform": platform.platform()}


def torch_info(args, progress):
    import torch
    return {"torch": torch.__version__, "cuda": torch.cuda.is_available(),
            "threads": torch.get_num_threads()}


def analyze_unit(args, progress):
    from .analyze import analyze
    return analyze(args["code"], args.get("filename", "unit.py"))


def analyze_units(args, progress):
    from .analyze import analyze
    return {"units": [analyze(unit["code"], unit.get("filename", "unit.py")) for unit in args["units"]]}


def rename_units(args, progress):
    """AST renames in unit files (trusted: parses, never runs the code): ``{units: [{code, renames: [[old, new], ...]}]}``."""
    from .analyze import rename_identifier
    codes = []
    for unit in args["units"]:
        code = unit["code"]
        for old, new in unit["renames"]:
            code = rename_identifier(code, old, new)
        codes.append(code)
    return {"codes": codes}


def compose_design(args, progress):
    from .compose import compose
    from .design import Design
    composed = compose(Design.from_dict(args["design"]), include_tests=bool(args.get("includeTests")))
    return {"source": composed.source, "blockClass": composed.block_class, "order": composed.order,
            "placeholders": composed.placeholders, "renames": composed.renames,
            "lineMap": [list(entry) for entry in composed.line_map]}


def check_design(args, progress):
    from .checker import check_design as run_check
    return run_check(args["design"], args.get("options"), progress)


def _camel_to_snake(name: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name)


def _model_config(model: dict):
    from .lm import LMConfig
    return LMConfig(vocab_size=int(model["vocabSize"]), d_model=int(model["dModel"]), n_block=int(model["nBlock"]))


def size_design(args, progress):
    from .sizing import size_design as run_sizing
    return run_sizing(args["design"], int(args["targetParams"]), int(args["vocabSize"]), float(args["depthPerWidth"]),
                      tolerance=float(args.get("tolerance", 0.2)), width_multiple=int(args.get("widthMultiple", 32)),
                      max_blocks=int(args.get("maxBlocks", 64)))


def count_params(args, progress):
    from .sizing import count_design_parameters
    return {"params": count_design_parameters(args["design"], int(args["dModel"]), int(args["nBlock"]),
                                              int(args["vocabSize"]))}


def train_design(args, progress):
    """One process, or ``train.processes`` (0: every visible GPU) ranks under torchrun (train_distributed.py)."""
    from .train import TrainConfig, train
    from .train_distributed import launch, resolve_processes
    config = TrainConfig.from_dict({_camel_to_snake(key): value for key, value in args.get("train", {}).items()})
    processes = resolve_processes(config)
    if processes > 1:
        return launch(args["design"], _model_config(args["model"]), args["data"]["dir"], config, args["runDir"],
                      processes, progress)
    return train(args["design"], _model_config(args["model"]), args["data"]["dir"], config, args["runDir"], progress)


def evaluate_design(args, progress):
    from .evaluate import evaluate
    checkpoint = args.get("checkpoint")
    if (checkpoint is None) == (not args.get("random")):
        raise ValueError("evaluate needs exactly one of 'checkpoint' (trained weights) or 'random': true (baseline)")
    return evaluate(args["design"], _model_config(args["model"]), args["data"]["dir"], checkpoint_path=checkpoint,
                    tasks=args.get("tasks"), max_held_out_tokens=args.get("maxHeldOutTokens"),
                    max_items_per_task=args.get("maxItemsPerTask"), device=args.get("device", "auto"),
                    max_length=args.get("maxLength"), progress=progress)


def bench_train(args, progress):
    from .bench_loop import bench_train as run_bench
    return run_bench(**{_camel_to_snake(key): value for key, value in args.items()})


OPS = {
    "ping": ping,
    "torch_info": torch_info,
    "analyze": analyze_unit,
    "analyze_many": analyze_units,
    "rename_units": rename_units,
    "compose": compose_design,
    "check": check_design,
    "size": size_design,
    "count_params": count_params,
    "train": train_design,
    "evaluate": evaluate_design,
    "bench_train": bench_train,
}
