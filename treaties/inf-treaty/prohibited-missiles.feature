@treaty:inf-treaty
Feature: INF Treaty, Articles II, IV, V and VI: no ground-launched missiles of 500 to 5,500 km

  # Not waivable: Articles IV.1, V.1 and VI.1 are absolute (all such missiles eliminated, none
  # possessed, produced or flight-tested thereafter), with no exception a national office could
  # weigh; a finding here is raised or disproved, never set aside by a waiver (docs/waivers.md).
  @not-waivable
  Rule: inf.prohibited-missile No Party possesses, produces or flight-tests a ground-launched ballistic or cruise missile with a range of 500 to 5,500 km

    Article II.5 and II.6: an intermediate-range missile is a ground-launched ballistic (GLBM)
    or cruise (GLCM) missile with a range capability in excess of 1,000 km but not in excess of
    5,500 km; a shorter-range missile one with a range capability equal to or in excess of
    500 km but not in excess of 1,000 km. Article IV.1 and V.1: all such missiles eliminated,
    and none possessed thereafter; Article VI.1: none produced or flight-tested.

    # One obligation id covers the three prohibited acts: a "missile_test" (a flight test), a
    # "holding" (missiles possessed, with their number in "missiles") and a "production" record.
    # "Ground-launched" is the feed's flag for a GLBM or GLCM; a missile launched from the sea
    # or the air is not covered, nor a test launch from a fixed land-based test launcher of a
    # missile that is not itself ground-based, which the Treaty excludes from the definition.
    # Reading taken on dates: the possession ban took full effect only when the elimination
    # periods ended (18 months for shorter-range missiles, Article V.1; three years for
    # intermediate-range missiles, Article IV.1, that is 1 June 1991). One Rule has one
    # applicability date, so the rule is checked from 1 June 1991; production and flight tests,
    # banned from entry into force (1 June 1988), are not checked before that date: a
    # vocabulary gap (no per-kind applicability date).
    # A "holding" record reports missiles held; a record of zero missiles must not be fed (the
    # vocabulary cannot require "missiles at least 1" for holdings without requiring it of tests).
    # Launchers, stages and support equipment (Articles IV to VI) are not covered.
    Background:
      Given the obligation covers "missile_test", "holding" and "production" records of every party
      And only records flagged "ground-launched" are covered
      And a record is prohibited when all of these are met:
        | quantity | at least | at most |
        | range_km | 500      | 5500    |
      Then such a record is prohibited
      And the obligation applies from 1991-06-01
      And a prohibited missile is a "critical" violation
      And escalation starts at "svc"
      And the obligation is set out in "INF Treaty, Articles II.5, II.6, IV.1, V.1 and VI.1"

    Example: A flight test of a ground-launched cruise missile with a range of 2,000 km
      Given these observations:
        | id | kind         | party | time       | range_km | missiles | flags           |
        | t1 | missile_test | RUS   | 2015-06-01 | 2000     | 1        | ground-launched |
      When compliance is checked as of 2015-12-31
      Then there is a "critical" violation of "inf.prohibited-missile" by "RUS" citing "t1"

    Example: A ground-launched missile with a range of exactly 500 km
      Given these observations:
        | id | kind         | party | time       | range_km | flags           |
        | t1 | missile_test | USA   | 2015-06-01 | 500      | ground-launched |
      When compliance is checked as of 2015-12-31
      Then there is a "critical" violation of "inf.prohibited-missile" by "USA" citing "t1"

    Example: A ground-launched missile with a range of 499 km
      Given these observations:
        | id | kind         | party | time       | range_km | flags           |
        | t1 | missile_test | RUS   | 2015-06-01 | 499      | ground-launched |
      When compliance is checked as of 2015-12-31
      Then there is no finding

    Example: A ground-launched missile with a range of exactly 5,500 km
      Given these observations:
        | id | kind         | party | time       | range_km | flags           |
        | t1 | missile_test | RUS   | 2015-06-01 | 5500     | ground-launched |
      When compliance is checked as of 2015-12-31
      Then there is a "critical" violation of "inf.prohibited-missile" by "RUS" citing "t1"

    Example: A ground-launched missile with a range of 5,501 km is not an INF missile
      Given these observations:
        | id | kind         | party | time       | range_km | flags           |
        | t1 | missile_test | RUS   | 2015-06-01 | 5501     | ground-launched |
      When compliance is checked as of 2015-12-31
      Then there is no finding

    Example: A sea-launched cruise missile is not covered
      Given these observations:
        | id | kind         | party | time       | range_km | flags        |
        | t1 | missile_test | RUS   | 2015-06-01 | 2000     | sea-launched |
      When compliance is checked as of 2015-12-31
      Then there is no finding

    Example: Ground-launched missiles of 2,000 km held
      Given these observations:
        | id | kind    | party | time       | range_km | missiles | flags           |
        | h1 | holding | RUS   | 2018-12-01 | 2000     | 64       | ground-launched |
      When compliance is checked as of 2018-12-31
      Then there is a "critical" violation of "inf.prohibited-missile" by "RUS" citing "h1"

    Example: Ground-launched missiles of 2,000 km produced
      Given these observations:
        | id | kind       | party | time       | range_km | missiles | flags           |
        | p1 | production | RUS   | 2017-03-01 | 2000     | 8        | ground-launched |
      When compliance is checked as of 2017-12-31
      Then there is a "critical" violation of "inf.prohibited-missile" by "RUS" citing "p1"

    Example: Missiles still held during the elimination period
      Given these observations:
        | id | kind    | party | time       | range_km | missiles | flags           |
        | h1 | holding | USA   | 1990-01-01 | 1800     | 100      | ground-launched |
      When compliance is checked as of 1990-12-31
      Then there is no finding

    Example: A test on the Treaty's last day
      Given these observations:
        | id | kind         | party | time       | range_km | flags           |
        | t1 | missile_test | USA   | 2019-08-01 | 1000     | ground-launched |
      When compliance is checked as of 2019-12-31
      Then there is a "critical" violation of "inf.prohibited-missile" by "USA" citing "t1"

    Example: A test after the withdrawal took effect on 2 August 2019
      Given these observations:
        | id | kind         | party | time       | range_km | flags           |
        | t1 | missile_test | USA   | 2019-08-02 | 1000     | ground-launched |
        | t2 | missile_test | RUS   | 2020-05-01 | 2000     | ground-launched |
      When compliance is checked as of 2020-12-31
      Then there is no finding

    Example: An estimated range gives a potential violation
      Given these observations:
        | id | kind         | party | time       | range_km | flags                    | source                   | reliability | credibility |
        | t1 | missile_test | RUS   | 2014-07-01 | 2000     | ground-launched,estimate | national technical means | B           | 2           |
      When compliance is checked as of 2014-12-31
      Then there is a "critical" potential violation of "inf.prohibited-missile" by "RUS" citing "t1"
