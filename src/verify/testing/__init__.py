"""Running a pack's worked examples as tests: `verify test`, and the suite's pack examples.

`examples` is the pytest-bdd plugin whose step definitions run each `Example:` of a pack through
the API; `parity` runs the stream engine on what the batch engine judged and says where the two
disagree (an example where they do fails); `outcomes` is the pytest plugin that records how each
example ended, for `verify test` to report by file and line. The stage comes after `api`: it
drives the engines, which `treaty/` (loading a pack) must know nothing of.
"""
