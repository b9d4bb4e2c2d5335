@treaty:korea-cma-2018
Feature: Inter-Korean Comprehensive Military Agreement (2018), Article 1: ground, maritime and air buffer zones

  # Positions are WGS 84. The zones are approximations of the official maps (see treaty.yaml):
  # a finding within a few kilometres of a zone's edge must be confirmed on the official map.
  # North Korea declared on 23 November 2023 that it was no longer bound (no finding against
  # PRK from that day); South Korea suspended the no-fly clause from 22 November 2023 and the
  # whole Agreement from 4 June 2024 (findings against KOR then carry a note).

  Rule: cma.ground-buffer No live-fire artillery drill and no regiment-level field exercise within 5 km of the MDL

    Article 1, paragraph 2: the two sides cease various military exercises aimed at each other
    along the Military Demarcation Line from 1 November 2018; on the ground, all live-fire
    artillery drills and field training exercises at the regiment level and above within 5 km
    of the MDL.

    # Reading taken: an "exercise" record is covered when it fired at least one artillery round
    # ("artillery_rounds") or engaged at least one regiment or equivalent formation
    # ("regiments"); a smaller exercise without artillery fire is not. Its position is that of
    # the firing unit or of the exercise area; a record without a position but reported in
    # zone "mdl" (within the 5-km band) counts as inside. Distances are to the approximate line.
    Background:
      Given the obligation covers "exercise" activities of every party
      And an exercise is covered when any of these is reached:
        | quantity         | at least |
        | artillery_rounds | 1        |
        | regiments        | 1        |
      Then such an exercise within 5 km of the line "mdl" is prohibited
      And a drill in the ground buffer zone is a "major" violation
      And escalation starts at "hotline"
      And the obligation is set out in "Comprehensive Military Agreement, Article 1, paragraph 2 (on the ground)"

    Example: An artillery firing drill 4.9 km from the MDL
      Given these observations:
        | id | kind     | party | time       | lat     | lon    | artillery_rounds |
        | g1 | exercise | PRK   | 2019-09-17 | 38.2703 | 127.90 | 40               |
      When compliance is checked as of 2019-12-31
      Then there is a "major" violation of "cma.ground-buffer" by "PRK" citing "g1"

    Example: An artillery firing drill 5.1 km from the MDL
      Given these observations:
        | id | kind     | party | time       | lat     | lon    | artillery_rounds |
        | g1 | exercise | PRK   | 2019-09-17 | 38.2685 | 127.90 | 40               |
      When compliance is checked as of 2019-12-31
      Then there is no finding

    Example: A regiment-level field exercise 3 km from the MDL
      Given these observations:
        | id | kind     | party | time       | lat     | lon    | regiments | troops |
        | g1 | exercise | KOR   | 2020-04-14 | 38.2877 | 127.90 | 1         | 2500   |
      When compliance is checked as of 2020-12-31
      Then there is a "major" violation of "cma.ground-buffer" by "KOR" citing "g1"

    Example: A battalion exercise without artillery fire 3 km from the MDL
      Given these observations:
        | id | kind     | party | time       | lat     | lon    | regiments | artillery_rounds | troops |
        | g1 | exercise | KOR   | 2020-04-14 | 38.2877 | 127.90 | 0         | 0                | 600    |
      When compliance is checked as of 2020-12-31
      Then there is no finding

    Example: A drill reported in the 5-km band without a position
      Given these observations:
        | id | kind     | party | time       | zone | artillery_rounds | source              | reliability | credibility |
        | g1 | exercise | PRK   | 2022-02-08 | mdl  | 90               | open-source report  | B           | 2           |
      When compliance is checked as of 2022-12-31
      Then there is a "major" violation of "cma.ground-buffer" by "PRK" citing "g1"

    Example: A North Korean drill after 23 November 2023
      Given these observations:
        | id | kind     | party | time       | lat     | lon    | artillery_rounds |
        | g1 | exercise | PRK   | 2024-02-15 | 38.2877 | 127.90 | 200              |
      When compliance is checked as of 2024-12-31
      Then there is no finding

  Rule: cma.maritime-buffer No firing drill and no maritime manoeuvre in the West Sea and East Sea buffer zones

    Article 1, paragraph 2: at sea, the two sides cease all artillery and naval live-fire drills
    and maritime manoeuvres within the zone north of Deokjeok-do and south of Cho-do in the West
    Sea, and within the zone north of Sokcho and south of Tongcheon in the East Sea.

    # Reading taken: an "exercise" record is covered when it fired at least one round
    # ("artillery_rounds": coastal artillery, island artillery or naval guns) or engaged at
    # least one naval vessel ("vessels": a maritime manoeuvre); training ashore on an island
    # without fire is not. Its position is that of the firing unit or vessels; fire from outside
    # that falls into a zone is recorded at the impact area and is covered.
    # Not expressible: the further duty to cover the barrels of coastal artillery and ship guns
    # and to close gun ports in the zones (a state of things, not an event in the feed).
    Background:
      Given the obligation covers "exercise" activities of every party
      And an exercise is covered when any of these is reached:
        | quantity         | at least |
        | artillery_rounds | 1        |
        | vessels          | 1        |
      Then such an exercise inside any of the zones "west-sea-buffer" and "east-sea-buffer" is prohibited
      And a drill in a maritime buffer zone is a "major" violation
      And escalation starts at "hotline"
      And the obligation is set out in "Comprehensive Military Agreement, Article 1, paragraph 2 (at sea)"

    Example: A coastal artillery drill near Yeonpyeong-do
      Given these observations:
        | id | kind     | party | time       | lat   | lon    | artillery_rounds |
        | w1 | exercise | PRK   | 2019-07-16 | 37.67 | 125.70 | 30               |
      When compliance is checked as of 2019-12-31
      Then there is a "major" violation of "cma.maritime-buffer" by "PRK" citing "w1"

    Example: A naval firing drill just north of Deokjeok-do's latitude
      Given these observations:
        | id | kind     | party | time       | lat   | lon    | artillery_rounds | vessels |
        | w1 | exercise | KOR   | 2021-05-12 | 37.24 | 126.00 | 50               | 2       |
      When compliance is checked as of 2021-12-31
      Then there is a "major" violation of "cma.maritime-buffer" by "KOR" citing "w1"

    Example: A naval firing drill just south of Deokjeok-do's latitude
      Given these observations:
        | id | kind     | party | time       | lat   | lon    | artillery_rounds | vessels |
        | w1 | exercise | KOR   | 2021-05-12 | 37.22 | 126.00 | 50               | 2       |
      When compliance is checked as of 2021-12-31
      Then there is no finding

    Example: A manoeuvre just south of Cho-do's latitude
      Given these observations:
        | id | kind     | party | time       | lat   | lon    | vessels |
        | w1 | exercise | PRK   | 2021-08-20 | 38.53 | 124.85 | 4       |
      When compliance is checked as of 2021-12-31
      Then there is a "major" violation of "cma.maritime-buffer" by "PRK" citing "w1"

    Example: A manoeuvre just north of Cho-do's latitude
      Given these observations:
        | id | kind     | party | time       | lat   | lon    | vessels |
        | w1 | exercise | PRK   | 2021-08-20 | 38.55 | 124.85 | 4       |
      When compliance is checked as of 2021-12-31
      Then there is no finding

    Example: A naval manoeuvre just north of Sokcho's latitude
      Given these observations:
        | id | kind     | party | time       | lat   | lon    | vessels |
        | e1 | exercise | KOR   | 2022-03-03 | 38.22 | 128.80 | 3       |
      When compliance is checked as of 2022-12-31
      Then there is a "major" violation of "cma.maritime-buffer" by "KOR" citing "e1"

    Example: A naval manoeuvre just south of Sokcho's latitude
      Given these observations:
        | id | kind     | party | time       | lat   | lon    | vessels |
        | e1 | exercise | KOR   | 2022-03-03 | 38.20 | 128.80 | 3       |
      When compliance is checked as of 2022-12-31
      Then there is no finding

    Example: Island training without fire is not covered
      Given these observations:
        | id | kind     | party | time       | lat   | lon    | troops |
        | w1 | exercise | KOR   | 2021-05-12 | 37.67 | 125.70 | 300    |
      When compliance is checked as of 2021-12-31
      Then there is no finding

    Example: A drill after South Korea suspended the Agreement carries a note but is reported
      Given these observations:
        | id | kind     | party | time       | lat   | lon    | artillery_rounds |
        | w1 | exercise | KOR   | 2024-08-20 | 37.67 | 125.70 | 290              |
      When compliance is checked as of 2024-12-31
      Then there is a "major" violation of "cma.maritime-buffer" by "KOR" citing "w1"

  Rule: cma.no-fly No flight of any aircraft type inside the no-fly zone for its type

    Article 1, paragraph 3: no-fly zones for all aircraft types above the MDL from 1 November
    2018: for fixed-wing aircraft within 40 km of the MDL in the East (between MDL markers 0646
    and 1292) and within 20 km in the West (markers 0001 to 0646); for rotary-wing aircraft
    within 10 km; for UAVs within 15 km in the East and 10 km in the West; for hot-air balloons
    within 25 km. Aircraft needed for fire-fighting, ground and maritime rescue, medical
    evacuation, weather observation and farming support may fly with prior notice to the other
    side; the zones do not apply to commercial aircraft (including cargo planes).

    # Figures checked against the English text in the Republic of Korea's 2020 Defence White
    # Paper (appendix, p. 52). Reading taken: a "flight" record says its type by a flag:
    # "fixed-wing", "rotary-wing", "unmanned" (UAV) or "balloon"; each type is judged against its
    # own zones (treaty.yaml); a flight flagged with no type is judged against none (the feed
    # must say what flew). Every type's zone reaches at least 10 km from the MDL, so a flight
    # without a position but reported in zone "mdl" (within 5 km of it, or crossing it) is in
    # the zone of its type whichever side of marker 0646 it was: "mdl" is listed for every type.
    # Exceptions: "commercial" flights are exempt; a flight for one of the listed purposes is
    # exempt only when prior notice was given to the other side, which a zone rule cannot
    # check, so the feed flags it "notified-exception" only once that notice is confirmed.
    # A flight's position is any reported point of its track (one record per reported point).
    Background:
      Given the obligation covers "flight" records of every party
      And a flight flagged "commercial" is exempt
      And a flight flagged "notified-exception" is exempt
      Then such a flight inside the zones for its type is prohibited:
        | flag        | zones                                                 |
        | fixed-wing  | no-fly-fixed-wing-west, no-fly-fixed-wing-east, mdl   |
        | rotary-wing | no-fly-rotary-wing, mdl                               |
        | unmanned    | no-fly-uav-west, no-fly-uav-east, mdl                 |
        | balloon     | no-fly-balloon, mdl                                   |
      And a flight in the no-fly zone is a "major" violation
      And escalation starts at "hotline"
      And the obligation is set out in "Comprehensive Military Agreement, Article 1, paragraph 3"

    Example: A fixed-wing flight 19.5 km from the MDL in the West
      Given these observations:
        | id | kind   | party | time              | lat     | lon    | flags      |
        | f1 | flight | KOR   | 2019-03-05T02:00Z | 37.8724 | 126.95 | fixed-wing |
      When compliance is checked as of 2019-12-31
      Then there is a "major" violation of "cma.no-fly" by "KOR" citing "f1"

    Example: A fixed-wing flight 20.5 km from the MDL in the West
      Given these observations:
        | id | kind   | party | time              | lat     | lon    | flags      |
        | f1 | flight | KOR   | 2019-03-05T02:00Z | 37.8621 | 126.95 | fixed-wing |
      When compliance is checked as of 2019-12-31
      Then there is no finding

    Example: A fixed-wing flight 39.5 km from the MDL in the East
      Given these observations:
        | id | kind   | party | time              | lat     | lon    | flags      |
        | f1 | flight | PRK   | 2020-06-10T23:00Z | 37.9649 | 128.00 | fixed-wing |
      When compliance is checked as of 2020-12-31
      Then there is a "major" violation of "cma.no-fly" by "PRK" citing "f1"

    Example: A fixed-wing flight 40.5 km from the MDL in the East
      Given these observations:
        | id | kind   | party | time              | lat     | lon    | flags      |
        | f1 | flight | PRK   | 2020-06-10T23:00Z | 37.9558 | 128.00 | fixed-wing |
      When compliance is checked as of 2020-12-31
      Then there is no finding

    Example: A commercial aircraft 8 km from the MDL
      Given these observations:
        | id | kind   | party | time              | lat     | lon    | flags                 |
        | f1 | flight | KOR   | 2019-03-05T02:00Z | 37.7236 | 126.60 | fixed-wing,commercial |
      When compliance is checked as of 2019-12-31
      Then there is no finding

    Example: A notified fire-fighting flight 8 km from the MDL
      Given these observations:
        | id | kind   | party | time              | lat     | lon    | flags                         |
        | f1 | flight | KOR   | 2019-04-05T02:00Z | 37.7236 | 126.60 | fixed-wing,notified-exception |
      When compliance is checked as of 2019-12-31
      Then there is no finding

    Example: A helicopter 12 km from the MDL is outside its 10-km zone
      Given these observations:
        | id | kind   | party | time              | lat     | lon    | flags       |
        | f1 | flight | KOR   | 2019-03-05T02:00Z | 37.6741 | 126.60 | rotary-wing |
      When compliance is checked as of 2019-12-31
      Then there is no finding

    Example: A helicopter 9 km from the MDL is inside its 10-km zone
      Given these observations:
        | id | kind   | party | time              | lat     | lon    | flags       |
        | f1 | flight | KOR   | 2019-03-05T02:00Z | 37.7093 | 126.60 | rotary-wing |
      When compliance is checked as of 2019-12-31
      Then there is a "major" violation of "cma.no-fly" by "KOR" citing "f1"

    Example: A drone 9 km from the MDL in the West is inside its 10-km zone
      Given these observations:
        | id | kind   | party | time              | lat     | lon    | flags    |
        | f1 | flight | PRK   | 2019-03-05T02:00Z | 37.7093 | 126.60 | unmanned |
      When compliance is checked as of 2019-12-31
      Then there is a "major" violation of "cma.no-fly" by "PRK" citing "f1"

    Example: A drone 14 km from the MDL in the East is inside its 15-km zone
      Given these observations:
        | id | kind   | party | time              | lat     | lon    | flags    |
        | f1 | flight | KOR   | 2020-06-10T23:00Z | 38.1974 | 128.00 | unmanned |
      When compliance is checked as of 2020-12-31
      Then there is a "major" violation of "cma.no-fly" by "KOR" citing "f1"

    Example: A drone 16 km from the MDL in the East is outside its 15-km zone
      Given these observations:
        | id | kind   | party | time              | lat     | lon    | flags    |
        | f1 | flight | KOR   | 2020-06-10T23:00Z | 38.1791 | 128.00 | unmanned |
      When compliance is checked as of 2020-12-31
      Then there is no finding

    Example: A flight of no stated type is judged against no zone
      Given these observations:
        | id | kind   | party | time              | lat     | lon    |
        | f1 | flight | KOR   | 2019-03-05T02:00Z | 37.7093 | 126.60 |
      When compliance is checked as of 2019-12-31
      Then there is no finding

    Example: The DPRK drones of 26 December 2022, seen over Paju and reported crossing the MDL
      Given these observations:
        | id | kind   | party | time              | lat   | lon    | zone | flags    |
        | u1 | flight | PRK   | 2022-12-26T01:25Z | 37.76 | 126.78 |      | unmanned |
        | u2 | flight | PRK   | 2022-12-26T01:30Z |       |        | mdl  | unmanned |
      When compliance is checked as of 2022-12-31
      Then there are 2 findings
      And there is a "major" violation of "cma.no-fly" by "PRK" citing "u1"
      And there is a "major" violation of "cma.no-fly" by "PRK" citing "u2"

    Example: A drone 12 km from the MDL in the West is outside its 10-km zone
      Given these observations:
        | id | kind   | party | time              | lat     | lon    | flags    |
        | f1 | flight | KOR   | 2019-03-05T02:00Z | 37.6741 | 126.60 | unmanned |
      When compliance is checked as of 2019-12-31
      Then there is no finding

    Example: A balloon 30 km from the MDL is outside its 25-km zone
      Given these observations:
        | id | kind   | party | time              | lat     | lon    | flags   |
        | f1 | flight | PRK   | 2019-03-05T02:00Z | 37.5003 | 126.60 | balloon |
      When compliance is checked as of 2019-12-31
      Then there is no finding

    Example: A balloon 24 km from the MDL is inside its 25-km zone
      Given these observations:
        | id | kind   | party | time              | lat     | lon    | flags   |
        | f1 | flight | PRK   | 2019-03-05T02:00Z | 37.5562 | 126.60 | balloon |
      When compliance is checked as of 2019-12-31
      Then there is a "major" violation of "cma.no-fly" by "PRK" citing "f1"

    Example: North Korean warplanes 25 km north of the MDL in the West, October 2022
      Given these observations:
        | id | kind   | party | time              | lat   | lon    | flags      |
        | f1 | flight | PRK   | 2022-10-13T13:30Z | 38.18 | 126.60 | fixed-wing |
      When compliance is checked as of 2022-12-31
      Then there is no finding

    Example: A South Korean reconnaissance flight after the no-fly clause was suspended
      Given these observations:
        | id | kind   | party | time              | lat     | lon    | flags      |
        | f1 | flight | KOR   | 2023-12-01T03:00Z | 37.8724 | 126.95 | fixed-wing |
      When compliance is checked as of 2023-12-31
      Then there is a "major" violation of "cma.no-fly" by "KOR" citing "f1"
