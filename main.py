"""Activation Explorer: entry point.

``python main.py`` (or the installed ``activation-explorer``) opens the window;
``--screenshot out.png`` renders it off screen to a PNG and exits; see ``--help``. Messages
name the program as it was invoked.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

from gui.tabs import TAB_KEYS as TABS  # plain data: no Qt is imported for the command line


class UsageError(Exception):
    """A command-line argument that cannot be used; reported as one line, exit code 2."""


def _parse_size(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"\s*(\d+)\s*[xX×]\s*(\d+)\s*", text)
    if not match:
        raise UsageError(f"--size must look like 1400x900, got {text!r}")
    width, height = int(match.group(1)), int(match.group(2))
    if not (200 <= width <= 10000 and 200 <= height <= 10000):
        raise UsageError(f"--size must be between 200x200 and 10000x10000, got {text!r}")
    return width, height


def _parse_functions(text: str) -> list[str]:
    from core import activations

    requested = [key.strip() for key in text.split(",") if key.strip()]
    if not requested:
        raise UsageError("--functions needs at least one key, e.g. sigmoid,tanh")
    unknown = [key for key in requested if key not in activations.keys()]
    if unknown:
        raise UsageError(
            f"unknown function {', '.join(unknown)}; known: {', '.join(activations.keys())}"
        )
    return requested


def _check_format(path: Path) -> None:
    """Refuse a file name whose suffix names no image format Qt can write."""
    from gui.widgets.plot_export import writable_image_formats

    formats = writable_image_formats()
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in formats:
        named = f"format .{suffix}" if suffix else "a file name without a suffix"
        raise UsageError(f"cannot write screenshot as {named}; use one of .{', .'.join(formats)}")


def _check_writable(path: Path) -> None:
    """Refuse a path the picture cannot be written to, before anything is rendered.

    The check opens the file for appending (and removes it again if it did not exist): the
    permission bits alone would not do, since root passes them on /proc or a read-only mount.
    """
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise UsageError(f"cannot write screenshot: {path} is a folder")
    if not folder.is_dir():
        raise UsageError(f"cannot write screenshot: folder {folder} does not exist")
    existed = path.exists()
    try:
        with path.open("ab"):
            pass
    except OSError as error:
        reason = error.strerror or str(error)
        raise UsageError(f"cannot write screenshot to {path}: {reason}") from None
    if not existed:
        path.unlink(missing_ok=True)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        description="Explore activation functions, their derivatives and softmax.",
        epilog="Example: %(prog)s --screenshot functions.png --functions sigmoid,tanh",
    )
    parser.add_argument(
        "--screenshot",
        metavar="FILE",
        help="render the window off screen to this image file and exit (needs no display); "
        "its suffix picks the format: .png, .jpg, .webp, .bmp, …",
    )
    parser.add_argument(
        "--tab",
        default=None,
        help=f"tab to show: {', '.join(TABS)} (default: functions)",
    )
    parser.add_argument(
        "--functions",
        metavar="KEYS",
        help="comma-separated function keys to show, e.g. sigmoid,tanh,relu",
    )
    parser.add_argument(
        "--size",
        metavar="WxH",
        default=None,
        help="window size (default: 1400x900 for --screenshot, else the last session's)",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the application; returns the process exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        size = _parse_size(args.size) if args.size else None
        tab = args.tab.strip().lower() if args.tab else None
        if tab is not None and tab not in TABS:
            raise UsageError(f"unknown tab {args.tab!r}; tabs: {', '.join(TABS)}")
        functions = _parse_functions(args.functions) if args.functions else None
        screenshot = Path(args.screenshot) if args.screenshot else None
        if screenshot is not None:
            _check_format(screenshot)
            _check_writable(screenshot)
    except UsageError as error:
        print(f"{parser.prog}: error: {error}", file=sys.stderr)
        return 2

    if screenshot is not None:
        # Rendering to a file needs no screen: use Qt's offscreen platform unless told otherwise.
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    elif (
        sys.platform.startswith("linux")
        and not os.environ.get("QT_QPA_PLATFORM")
        and not os.environ.get("DISPLAY")
        and not os.environ.get("WAYLAND_DISPLAY")
    ):
        print(
            f"{parser.prog}: error: no display found (DISPLAY is not set); "
            "use --screenshot to render to a file",
            file=sys.stderr,
        )
        return 2

    from gui.app import run

    return run(screenshot=screenshot, tab=tab, functions=functions, size=size, program=parser.prog)


if __name__ == "__main__":
    exit_code = main()
    # Everything is written by now (the picture, or the session when the window closed);
    # tearing down every Qt object one by one would take another tenth of a second.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(exit_code)
