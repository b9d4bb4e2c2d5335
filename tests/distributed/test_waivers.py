"""Waivers on `--engine dask`: applied to the merged findings as the local engine applies them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.distributed.conftest import generate
from verify import api
from verify.errors import UsageError
from verify.model.pack import Pack
from verify.model.waiver import Waiver
from verify.treaty import load_pack


@pytest.fixture(scope="module")
def packs() -> list[Pack]:
    """The packs the generator covers, loaded once."""
    return [load_pack(name) for name in generate.PACKS]


def _waiver(**fields: str) -> Waiver:
    return Waiver.model_validate(
        {
            "reason": "accepted as explained",
            "author": "desk officer",
            "approved_by": "head of centre",
            "expires": "2030-01-01",
            **fields,
        }
    )


def test_dask_waives_what_local_waives(scheduler: str, generated: Path, packs: list[Pack]) -> None:
    """A waiver by id and one by obligation and party cover the same findings on both engines."""
    findings = api.check(packs, [generated])[0].findings
    first = next(f for f in findings if f.obligation.startswith("pact."))
    waivers = [
        _waiver(finding=first.id),
        _waiver(obligation="vd11.prior-notification", party="RUS"),
    ]
    local, _ = api.check(packs, [generated], waivers=waivers)
    dask, _ = api.check(
        packs, [generated], waivers=waivers, engine="dask", scheduler=scheduler, partitions=2
    )
    assert dask.findings == local.findings
    assert any(f.waiver is not None and f.id == first.id for f in dask.findings)


def test_a_waiver_naming_an_activity_is_refused_on_dask(
    scheduler: str, generated: Path, packs: list[Pack]
) -> None:
    """The activity of a finding's records is only known where the records are: refused."""
    waiver = _waiver(obligation="vd11.prior-notification", party="RUS", activity="a1")
    with pytest.raises(UsageError, match="engine local"):
        api.check(packs, [generated], waivers=[waiver], engine="dask", scheduler=scheduler)
