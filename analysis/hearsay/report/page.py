"""The whole page, writing it safely, and the command line."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .. import safe_write
from ..calibration import is_calibration
from ..results import ResultsError, open_results
from .calibration import build_calibration_report
from .design import _sensitivity_section
from .headline import _first_screen
from .market import _market_section
from .markup import CSS, LEVEL, _esc
from .money import _money_section
from .segments import _segments_section
from .questions import _groups_for_headline
from .sections import (_arms_section, _bass_section, _cascade_section, _comparison_section,
                       _runs_section, _series_section, _summary_section, _sweep_section)
from .verdict import _verdict_over_time_section


def build_report(ds, level=LEVEL):
    """The whole page as an HTML string, for a Dataset from :func:`open_results`."""
    mode = _groups_for_headline(ds)
    title = ds.attrs.get("scenario_name") or "hearsay results"
    body = [
        _first_screen(ds, mode, level),
        _verdict_over_time_section(ds, mode, level),
        _sensitivity_section(ds, level),
        _money_section(ds, level),
        _market_section(ds, level),
        _segments_section(ds, level),
        _summary_section(ds, level),
        _comparison_section(ds, level),
        _arms_section(ds, level),
        _sweep_section(ds, level),
        _series_section(ds, level),
        _cascade_section(ds),
        _bass_section(ds, level),
        _runs_section(ds),
    ]
    return ("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
            "<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>{_esc(title)} — hearsay report</title><style>{CSS}</style></head>"
            f"<body><main>{''.join(body)}<p class='small'>Made by hearsay.report.</p>"
            "</main></body></html>")


def check_level(level):
    """The confidence level as a float in (0, 1); ValueError saying what to give otherwise."""
    try:
        value = float(level)
    except (TypeError, ValueError):
        raise ValueError(f"the confidence level must be a number between 0 and 1, e.g. 0.95; "
                         f"got {level!r}") from None
    if not 0 < value < 1:  # NaN fails too
        raise ValueError(f"the confidence level must be between 0 and 1 (exclusive), e.g. 0.95 "
                         f"for 95% intervals; got {level!r}")
    return value


def write_report(results, output, allow_incomplete=False, level=LEVEL, overwrite=False):
    """Read `results`, write the page to `output`, return its path.

    The page is written like every hearsay output (hearsay.safe_write): an existing `output` is
    replaced only with ``overwrite=True``, and never the results file itself or anything but a
    regular file; the page appears whole or not at all.
    """
    level = check_level(level)
    output = Path(output)
    if not output.parent.is_dir():
        output.parent.mkdir(parents=True, exist_ok=True)
    # Refused before the (slow) page is made; checked again, under the lock, when it is written.
    safe_write.check_replaceable(output, overwrite, [results])
    if is_calibration(results):
        # A calibration file holds particles, not runs: its page is the calibration section.
        page = build_calibration_report(results, level=0.9 if level == LEVEL else level)
    else:
        ds = open_results(results, allow_incomplete=allow_incomplete)
        page = build_report(ds, level=level)
    safe_write.write_text(output, page, overwrite=overwrite, inputs=[results])
    return output


def _level_argument(text):
    try:
        return check_level(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python3 -m hearsay.report",
        description="Write one self-contained HTML report for a hearsay results file.")
    parser.add_argument("results", help="results file (.h5) written by hearsay run, or a "
                                        "calibration file written by hearsay calibrate")
    parser.add_argument("-o", "--output", help="HTML file to write (default: RESULTS.html)")
    parser.add_argument("--force", action="store_true",
                        help="replace an existing output file (never the results file itself)")
    parser.add_argument("--allow-incomplete", action="store_true",
                        help="report the finished runs of a file whose runs have not all finished")
    parser.add_argument("--level", type=_level_argument, default=LEVEL,
                        help="confidence level of the intervals, between 0 and 1 (default 0.95; "
                             "for a calibration file, the credible interval's: default 0.9)")
    args = parser.parse_args(argv)
    output = args.output or str(Path(args.results).with_suffix(".html"))
    if os.path.lexists(output) and not args.force and not os.path.isdir(output):
        print(f"error: {output} exists; use --force to replace it", file=sys.stderr)
        return 1
    try:
        path = write_report(args.results, output, allow_incomplete=args.allow_incomplete,
                            level=args.level, overwrite=args.force)
    except (FileNotFoundError, ResultsError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except FileExistsError as error:
        print(f"error: {error.strerror}", file=sys.stderr)
        return 1
    except safe_write.OutputError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(path)
    return 0
