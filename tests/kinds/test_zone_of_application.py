"""A rule's zone of application: records positioned outside it play no part in the rule."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from verify import api
from verify.engines.regions import region_of
from verify.errors import VerifyError
from verify.model.obligation import Obligation
from verify.model.treaty import TreatyMeta
from verify.treaty.packs import load_pack

VD11 = "vienna-document-2011"


def prior_notification() -> tuple[Obligation, TreatyMeta]:
    """The VD11 prior-notification rule, as compiled, and its pack's metadata."""
    pack = load_pack(VD11)
    return next(o for o in pack.obligations if o.id == "vd11.prior-notification"), pack.meta


def test_the_phrase_names_the_zone_of_application() -> None:
    """`only records inside the zone "..." are covered` sets the scope's zone."""
    obligation, _ = prior_notification()
    assert obligation.scope.within_zone == "zone-of-application"


def test_a_record_without_a_position_is_presumed_inside() -> None:
    """A missing position is admitted; Minsk is inside, eastern Siberia is not."""
    obligation, meta = prior_notification()
    region = region_of(obligation, meta)
    assert region is not None
    lon = np.array([np.nan, 27.56, 115.6])
    lat = np.array([np.nan, 53.9, 50.6])
    assert region.admits(lon, lat).tolist() == [True, True, False]


def test_an_unknown_zone_of_application_is_a_compile_error(tmp_path: Path) -> None:
    """A zone the pack does not declare is refused, with a did-you-mean, naming the file."""
    pack = tmp_path / VD11
    shutil.copytree(Path(api.__file__).parent / "packs" / VD11, pack)
    feature = pack / "prior-notification.feature"
    text = feature.read_text(encoding="utf-8").replace(
        'inside the zone "zone-of-application"', 'inside the zone "zone-of-aplication"'
    )
    feature.write_text(text, encoding="utf-8")
    with pytest.raises(VerifyError, match=r"prior-notification\.feature.*did you mean"):
        load_pack(str(pack))
