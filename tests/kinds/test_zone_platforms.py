"""Zones per platform: one zone rule, each platform (flag or record kind) with its own zones."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from verify import api
from verify.errors import VerifyError
from verify.kinds import zone_prohibition as zone_kind
from verify.model.finding import Finding
from verify.model.obligation import ZoneProhibition
from verify.predicates import HasFlag, KindIs
from verify.treaty.packs import load_pack

CMA = "korea-cma-2018"
AS_OF = datetime(2019, 12, 31, tzinfo=UTC)


def no_fly() -> ZoneProhibition:
    """The Korean no-fly rule, as compiled from its feature file."""
    obligation = next(o for o in load_pack(CMA).obligations if o.id == "cma.no-fly")
    assert isinstance(obligation, ZoneProhibition)
    return obligation


def copied_pack(folder: Path, old: str, new: str) -> Path:
    """The Korean pack copied to `folder`, with `old` replaced by `new` in its feature file."""
    pack = folder / CMA
    shutil.copytree(Path(api.__file__).parent / "packs" / CMA, pack)
    feature = pack / "buffer-zones.feature"
    feature.write_text(feature.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    return pack


def findings(folder: Path, records: list[dict[str, Any]], pack: str = CMA) -> list[Finding]:
    """The no-fly rule's findings over these records, by the batch engine."""
    path = folder / "feed.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    result, _ = api.check([pack], [path], as_of=AS_OF, obligations=["cma.no-fly"])
    return list(result.findings)


def flight(flags: str, lat: float = 37.7093, lon: float = 126.60) -> dict[str, Any]:
    """A KOR flight 9 km from the MDL in the West, with these flags."""
    return {
        "id": "f1",
        "kind": "flight",
        "party": "KOR",
        "time": "2019-03-05T02:00:00Z",
        "lat": lat,
        "lon": lon,
        "flags": flags,
    }


def test_the_table_gives_each_flag_its_zones() -> None:
    """Each row of the table is a platform, its flag and zones in order; `zones` lists all."""
    obligation = no_fly()
    assert [(p.flag, p.zones[0]) for p in obligation.platforms] == [
        ("fixed-wing", "no-fly-fixed-wing-west"),
        ("rotary-wing", "no-fly-rotary-wing"),
        ("unmanned", "no-fly-uav-west"),
        ("balloon", "no-fly-balloon"),
    ]
    assert set(obligation.zones) == {z for p in obligation.platforms for z in p.zones}


def test_a_kind_column_selects_by_record_kind() -> None:
    """A `| kind | zones |` table judges records of that kind against the zones."""
    obligation = no_fly().model_copy(
        update={
            "platforms": (
                no_fly().platforms[0].model_copy(update={"flag": None, "record_kind": "flight"}),
            )
        }
    )
    zones = {zone.id: zone for zone in load_pack(CMA).meta.zones}
    checks = zone_kind.zone_checks(obligation, zones)
    assert {check.platform for check in checks} == {KindIs(("flight",))}
    assert all(check.platform != HasFlag("fixed-wing") for check in checks)


def test_a_record_is_judged_only_against_its_platforms_zones(tmp_path: Path) -> None:
    """A balloon 9 km from the MDL breaches its 25-km zone, cited for that zone."""
    (found,) = findings(tmp_path, [flight("balloon")])
    assert found.zone == "no-fly-balloon"


def test_two_platform_flags_cite_the_first_row_in_table_order(tmp_path: Path) -> None:
    """A record of two platforms is cited once, for the first of the table's rows it lies in."""
    (found,) = findings(tmp_path, [flight("unmanned,rotary-wing")])
    assert found.zone == "no-fly-rotary-wing"


def test_a_table_with_other_columns_is_a_compile_error(tmp_path: Path) -> None:
    """Columns other than `flag` (or `kind`) and `zones` are refused, naming the file."""
    pack = copied_pack(tmp_path, "| flag        | zones ", "| platform    | zones ")
    with pytest.raises(VerifyError, match=r"buffer-zones\.feature.*headed `flag`"):
        load_pack(str(pack))
