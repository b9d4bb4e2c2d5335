"""The pandas types of the validated frame's columns (`read.py` describes the frame)."""

from __future__ import annotations

import pandas as pd

#: Text columns of the validated frame use pyarrow-backed strings with `pd.NA` for missing.
TEXT_DTYPE = pd.StringDtype("pyarrow")
#: Time columns of the validated frame: UTC, microseconds (what Python's `datetime` holds).
TIME_DTYPE = pd.DatetimeTZDtype(unit="us", tz="UTC")
