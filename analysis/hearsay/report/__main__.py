"""python3 -m hearsay.report RESULTS.h5 -o report.html: see hearsay.report.page.main."""
import sys

from .page import main

sys.exit(main())
