"""Operations the worker serves, by name.

Each op is ``fn(args: dict, progress: Callable[[dict], None]) -> dict`` and returns plain JSON data.
Imports are inside the ops so a warm worker that only analyzes source never imports torch.
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


OPS = {
    "ping": ping,
    "torch_info": torch_info,
}
