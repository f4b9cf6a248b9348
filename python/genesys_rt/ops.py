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


OPS = {
    "ping": ping,
    "torch_info": torch_info,
    "analyze": analyze_unit,
    "analyze_many": analyze_units,
    "compose": compose_design,
    "check": check_design,
}
