"""verify: treaty compliance verification, from Gherkin obligations to findings with evidence."""

from __future__ import annotations

__version__ = "0.1.0"
