@treaty:new-start
Feature: New START, Article II: the central limits on strategic offensive arms

  # The limits of Article II.1 bind each Party "seven years after entry into force of this Treaty
  # and thereafter", that is from 5 February 2018. A "holding" record is a Party's aggregate
  # number of one category as of its "time": the data exchanged every six months under Part Four
  # of the Protocol, or a national estimate (flagged "estimate"). Because the limits hold
  # "thereafter", every holding is compared with the limit, not only the latest: an excess is a
  # breach for the window it lasted, from the first holding above the limit to the first back
  # at or under it (or still open at the time of the check), even once reduced; each separate
  # excess is its own finding. Holdings dated before 5 February 2018 are not judged, and no
  # finding arises for an excess first reported on or after the Treaty's end (5 February 2026).

  Rule: newstart.deployed-warheads Each Party holds at most 1,550 warheads on deployed ICBMs, deployed SLBMs and deployed heavy bombers

    Article II.1(b): 1,550, for warheads on deployed ICBMs, warheads on deployed SLBMs, and
    nuclear warheads counted for deployed heavy bombers (counted under Article III).

    Background:
      Given the obligation covers "holding" records of every party
      Then the "deployed_warheads" held by each party stays at most 1,550
      And the obligation applies from 2018-02-05
      And holding more deployed warheads is a "critical" violation
      And escalation starts at "bcc"
      And the obligation is set out in "New START, Article II.1(b)"

    Example: Exactly 1,550 deployed warheads
      Given these observations:
        | id | kind    | party | time       | deployed_warheads |
        | h1 | holding | USA   | 2022-09-01 | 1550              |
      When compliance is checked as of 2022-12-31
      Then there is no finding

    Example: 1,551 deployed warheads
      Given these observations:
        | id | kind    | party | time       | deployed_warheads |
        | h1 | holding | USA   | 2022-09-01 | 1551              |
      When compliance is checked as of 2022-12-31
      Then there is a "critical" violation of "newstart.deployed-warheads" by "USA" citing "h1"

    Example: An excess since reduced is still a breach, for the six months it lasted
      Given these observations:
        | id | kind    | party | time       | deployed_warheads |
        | h1 | holding | RUS   | 2021-03-01 | 1560              |
        | h2 | holding | RUS   | 2021-09-01 | 1540              |
      When compliance is checked as of 2021-12-31
      Then there is a "critical" violation of "newstart.deployed-warheads" by "RUS" citing "h1" and "h2"
      And the finding citing "h1" covers 2021-03-01 to 2021-09-01

    Example: Never above the limit over three data exchanges
      Given these observations:
        | id | kind    | party | time       | deployed_warheads |
        | h1 | holding | USA   | 2021-03-01 | 1357              |
        | h2 | holding | USA   | 2021-09-01 | 1389              |
        | h3 | holding | USA   | 2022-03-01 | 1550              |
      When compliance is checked as of 2022-12-31
      Then there is no finding

    Example: Two separate excesses are two breaches
      Given these observations:
        | id | kind    | party | time       | deployed_warheads |
        | h1 | holding | RUS   | 2021-03-01 | 1560              |
        | h2 | holding | RUS   | 2021-09-01 | 1540              |
        | h3 | holding | RUS   | 2022-03-01 | 1570              |
      When compliance is checked as of 2022-12-31
      Then there are 2 findings
      And there is a "critical" violation of "newstart.deployed-warheads" by "RUS" citing "h1" and "h2"
      And there is a "critical" violation of "newstart.deployed-warheads" by "RUS" citing "h3"
      And the finding citing "h3" covers 2022-03-01 to 2022-12-31

    Example: An excess reported before the limit applied and still held after it
      Given these observations:
        | id | kind    | party | time       | deployed_warheads |
        | h1 | holding | RUS   | 2017-09-01 | 1600              |
        | h2 | holding | RUS   | 2018-03-01 | 1580              |
      When compliance is checked as of 2018-06-30
      Then there is a "critical" violation of "newstart.deployed-warheads" by "RUS" citing "h2"
      And the finding citing "h2" covers 2018-03-01 to 2018-06-30

    Example: Before the limit applied on 5 February 2018
      Given these observations:
        | id | kind    | party | time       | deployed_warheads |
        | h1 | holding | RUS   | 2018-02-04 | 1600              |
      When compliance is checked as of 2018-02-04
      Then there is no finding

    Example: The first day the limit applied
      Given these observations:
        | id | kind    | party | time       | deployed_warheads |
        | h1 | holding | RUS   | 2018-02-05 | 1600              |
      When compliance is checked as of 2018-02-05
      Then there is a "critical" violation of "newstart.deployed-warheads" by "RUS" citing "h1"

    Example: During Russia's declared suspension the limit still binds
      Given these observations:
        | id | kind    | party | time       | deployed_warheads | flags    | source                   | reliability | credibility |
        | h1 | holding | RUS   | 2024-03-01 | 1600              | estimate | national technical means | B           | 3           |
      When compliance is checked as of 2024-06-30
      Then there is a "critical" potential violation of "newstart.deployed-warheads" by "RUS" citing "h1"

    Example: After the Treaty ended on 5 February 2026
      Given these observations:
        | id | kind    | party | time       | deployed_warheads |
        | h1 | holding | RUS   | 2026-02-05 | 1700              |
      When compliance is checked as of 2026-06-30
      Then there is no finding

  Rule: newstart.deployed-launchers Each Party holds at most 700 deployed ICBMs, deployed SLBMs and deployed heavy bombers

    Article II.1(a): 700, for deployed ICBMs, deployed SLBMs, and deployed heavy bombers.

    Background:
      Given the obligation covers "holding" records of every party
      Then the "deployed_launchers" held by each party stays at most 700
      And the obligation applies from 2018-02-05
      And holding more deployed launchers and bombers is a "critical" violation
      And escalation starts at "bcc"
      And the obligation is set out in "New START, Article II.1(a)"

    Example: Exactly 700 deployed launchers and bombers
      Given these observations:
        | id | kind    | party | time       | deployed_launchers |
        | h1 | holding | USA   | 2022-09-01 | 700                |
      When compliance is checked as of 2022-12-31
      Then there is no finding

    Example: 701 deployed launchers and bombers
      Given these observations:
        | id | kind    | party | time       | deployed_launchers |
        | h1 | holding | USA   | 2022-09-01 | 701                |
      When compliance is checked as of 2022-12-31
      Then there is a "critical" violation of "newstart.deployed-launchers" by "USA" citing "h1"

    Example: 701 deployed before the limit applied
      Given these observations:
        | id | kind    | party | time       | deployed_launchers |
        | h1 | holding | USA   | 2017-09-01 | 701                |
      When compliance is checked as of 2017-12-31
      Then there is no finding

  Rule: newstart.total-launchers Each Party holds at most 800 deployed and non-deployed launchers and heavy bombers

    Article II.1(c): 800, for deployed and non-deployed ICBM launchers, deployed and
    non-deployed SLBM launchers, and deployed and non-deployed heavy bombers.

    Background:
      Given the obligation covers "holding" records of every party
      Then the "launchers" held by each party stays at most 800
      And the obligation applies from 2018-02-05
      And holding more launchers and bombers is a "critical" violation
      And escalation starts at "bcc"
      And the obligation is set out in "New START, Article II.1(c)"

    Example: Exactly 800 launchers and bombers
      Given these observations:
        | id | kind    | party | time       | launchers |
        | h1 | holding | RUS   | 2022-09-01 | 800       |
      When compliance is checked as of 2022-12-31
      Then there is no finding

    Example: 801 launchers and bombers
      Given these observations:
        | id | kind    | party | time       | launchers |
        | h1 | holding | RUS   | 2022-09-01 | 801       |
      When compliance is checked as of 2022-12-31
      Then there is a "critical" violation of "newstart.total-launchers" by "RUS" citing "h1"

    Example: 801 launchers before the limit applied
      Given these observations:
        | id | kind    | party | time       | launchers |
        | h1 | holding | RUS   | 2018-02-04 | 801       |
      When compliance is checked as of 2018-02-04
      Then there is no finding
