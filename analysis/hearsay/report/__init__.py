"""One self-contained HTML page for a results file: the answer first, then the details.

    python3 -m hearsay.report RESULTS.h5 -o report.html

The first screen answers the strategist's question from the data: which arm (or brand) sells
more, keeps more followers, suffers fewer complaints, by how much and how sure (paired
differences over replications, Student-t intervals). Without arms or brands it says what the
run found, metric by metric, with intervals. Plots are embedded PNGs; the page loads nothing.

The package, one concern a module: markup (numbers in words, figures, tables, style sheet),
questions (what the page asks of a file), contest (arms or brands against each other and the
"in short" verdict in sales and profit), headline (the first screen), verdict (the verdict over
time), design (what drives the answer over a design), money (costs, profit, return on
investment), market (market share and switching), sections (the other details), calibration
(the page of a calibration file: posteriors, schedule, predictive band), page (the whole page,
writing it, the command line).
"""
from .markup import CSS, LEVEL, NOISE_ONLY
from .page import build_report, check_level, main, write_report
from .questions import KEY_METRICS, LOWER_IS_BETTER, _groups_for_headline

__all__ = ["build_report", "write_report", "check_level", "main", "LEVEL", "KEY_METRICS",
           "LOWER_IS_BETTER", "NOISE_ONLY", "CSS", "_groups_for_headline"]
