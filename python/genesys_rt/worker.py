"""The worker: serves ops over newline-delimited JSON on stdin/stdout (protocol version 1).

    python -m genesys_rt.worker [--once] [--sandbox JSON]

Request ``{"v": 1, "id", "op", "args"}``; events ``progress`` / ``log`` / ``result`` / ``error`` carry the
request id, and a ``ready`` line opens the stream. The TS mirror is ``src/runtime/protocol.ts``.

Design code prints. Before anything else runs, the real stdout is moved to a private fd that only this
module writes to, and fd 1 (plus ``sys.stdout``) points at stderr; stdin likewise moves to a private fd and
fd 0 reads /dev/null. A stray ``print`` or C-level write therefore lands on stderr, which TS forwards as logs.

``GENESYS_EXTRA_OPS`` names extra modules (comma-separated import paths), each with an ``OPS`` dict merged
over the built-in ones. It is for tests and plugins; the orchestrator never sets it from untrusted input.
"""
from __future__ import annotations

import argparse
import importlib
import json
import math
import os
import platform
import sys
import threading
import traceback

PROTOCOL_VERSION = 1


class Channel:
    """The protocol's private stdin/stdout, claimed from fds 0 and 1 at start."""

    def __init__(self) -> None:
        sys.stdout.flush()
        self._out = os.dup(1)   # os.dup makes non-inheritable fds: spawned programs never see the channel
        self._in = os.dup(0)
        os.dup2(2, 1)
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.close(devnull)
        sys.stdout = sys.stderr
        self._lock = threading.Lock()   # ops may report progress from their own threads

    def requests(self):
        with os.fdopen(self._in, "rb") as stream:
            for line in stream:
                if line.strip():
                    yield line

    def send(self, message: dict) -> None:
        data = (_to_json(message) + "\n").encode()
        with self._lock:
            view = memoryview(data)
            while view:
                view = view[os.write(self._out, view):]

    def send_error(self, request_id, code: str, message: str, trace: str | None = None) -> None:
        error = {"code": code, "message": message}
        if trace:
            error["traceback"] = trace
        self.send({"id": request_id, "event": "error", "error": error})


def _to_json(message: dict) -> str:
    try:
        return json.dumps(message, allow_nan=False)
    except ValueError:
        # JSON has no NaN/Infinity (JSON.parse rejects them): a diverged loss is reported as null.
        return json.dumps(_finite(message), allow_nan=False)


def _finite(value):
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(item) for item in value]
    return value


class BadRequest(Exception):
    def __init__(self, message: str, request_id=None) -> None:
        super().__init__(message)
        self.request_id = request_id


def parse_request(line: bytes) -> dict:
    try:
        request = json.loads(line)
    except ValueError as error:
        raise BadRequest(f"request is not JSON: {error}") from None
    if not isinstance(request, dict):
        raise BadRequest("request must be a JSON object")
    request_id = request.get("id")
    if not isinstance(request_id, str):
        raise BadRequest("request needs a string 'id'")
    if request.get("v") != PROTOCOL_VERSION:
        raise BadRequest(f"unsupported protocol version {request.get('v')!r}, expected {PROTOCOL_VERSION}", request_id)
    if not isinstance(request.get("op"), str):
        raise BadRequest("request needs a string 'op'", request_id)
    args = request.get("args", {})
    if not isinstance(args, dict):
        raise BadRequest("'args' must be a JSON object", request_id)
    return {"id": request_id, "op": request["op"], "args": args}


def handle(line: bytes, ops: dict, channel: Channel) -> None:
    """Answer one request line with exactly one result or error event; never raises."""
    try:
        request = parse_request(line)
    except BadRequest as error:
        channel.send_error(error.request_id, "bad_request", str(error))
        return
    request_id, op = request["id"], request["op"]
    fn = ops.get(op)
    if fn is None:
        channel.send_error(request_id, "unknown_op", f"unknown op {op!r}; known ops: {', '.join(sorted(ops))}")
        return

    def progress(data: dict) -> None:
        channel.send({"id": request_id, "event": "progress", "data": data})

    try:
        data = fn(request["args"], progress)
    except MemoryError as error:
        # Drop the frames' locals first: they hold the allocation, and formatting needs a little memory.
        traceback.clear_frames(error.__traceback__)
        channel.send_error(request_id, "out_of_memory", f"op {op!r} ran out of memory (MemoryError)",
                           traceback.format_exc())
        return
    except (Exception, SystemExit) as error:   # design code may call sys.exit(); the worker must answer anyway
        channel.send_error(request_id, "op_failed", f"{type(error).__name__}: {error}", traceback.format_exc())
        return
    if not isinstance(data, dict):
        channel.send_error(request_id, "op_failed", f"op {op!r} returned {type(data).__name__}, expected a dict")
        return
    try:
        channel.send({"id": request_id, "event": "result", "data": data})
    except (TypeError, ValueError) as error:
        channel.send_error(request_id, "op_failed", f"op {op!r} returned data that is not JSON: {error}")


def load_ops() -> dict:
    from genesys_rt.ops import OPS
    ops = dict(OPS)
    for module_name in filter(None, os.environ.get("GENESYS_EXTRA_OPS", "").split(",")):
        ops.update(importlib.import_module(module_name.strip()).OPS)
    return ops


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m genesys_rt.worker", description=__doc__.split("\n\n")[0])
    parser.add_argument("--once", action="store_true", help="exit after answering one request")
    parser.add_argument("--sandbox", metavar="JSON", help="confine this process first (see genesys_rt.sandbox)")
    options = parser.parse_args(argv)

    channel = Channel()
    sandbox = None
    if options.sandbox is not None:
        from genesys_rt.sandbox import SandboxSpec, apply_sandbox
        sandbox = apply_sandbox(SandboxSpec.from_json(json.loads(options.sandbox)))
    ops = load_ops()
    channel.send({"event": "ready", "v": PROTOCOL_VERSION, "python": platform.python_version(),
                  "pid": os.getpid(), "sandbox": sandbox})
    for line in channel.requests():
        handle(line, ops, channel)
        if options.once:
            break


if __name__ == "__main__":
    main()
