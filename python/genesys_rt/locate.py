"""Pointing failures at unit files: exceptions and classes mapped back to (unit, file, line)."""
from __future__ import annotations

import traceback

from .compose import ComposedModule


def unit_file(unit: str | None) -> str | None:
    return f"units/{unit}.py" if unit else None


def issue(severity: str, code: str, message: str, unit: str | None = None,
          line: int | None = None, source: str | None = None, frames: list | None = None) -> dict:
    """One finding of a check, in the report's shape."""
    return {"severity": severity, "code": code, "message": message, "unit": unit,
            "file": unit_file(unit), "line": line, "source": source, "traceback": frames or []}


def map_exception(error: BaseException, composed: ComposedModule | None, units_code: dict) -> list:
    """Traceback frames of an exception, with frames in the composed module mapped to unit files."""
    frames = []
    for frame in traceback.extract_tb(error.__traceback__):
        entry = {"file": frame.filename, "line": frame.lineno, "function": frame.name,
                 "source": (frame.line or "").strip(), "unit": None}
        if composed is not None and frame.filename == composed.filename:
            unit, line = composed.locate(frame.lineno)
            entry.update(unit=unit, file=unit_file(unit) or "<composed>", line=line or frame.lineno)
            if unit and line:
                lines = units_code.get(unit, "").splitlines()
                entry["source"] = lines[line - 1].strip() if line <= len(lines) else entry["source"]
        frames.append(entry)
    return frames


def exception_issue(code: str, what: str, error: BaseException,
                    composed: ComposedModule | None, units_code: dict) -> dict:
    """An error issue for an exception, located at the innermost frame inside a unit file."""
    frames = map_exception(error, composed, units_code)
    inner = next((f for f in reversed(frames) if f["unit"]), None)
    message = f"{what}: {type(error).__name__}: {error}"
    if inner:
        return issue("error", code, message, inner["unit"], inner["line"], inner["source"], frames)
    return issue("error", code, message, frames=frames)


def forward_location(module, composed: ComposedModule | None) -> tuple:
    """(unit, line) of a unit instance's ``_forward`` definition."""
    unit = type(module).__name__
    code = getattr(type(module)._forward, "__code__", None)
    if code is None:
        return unit, None
    line = code.co_firstlineno
    if composed is not None:
        mapped_unit, mapped_line = composed.locate(line)
        return mapped_unit or unit, mapped_line
    return unit, line
