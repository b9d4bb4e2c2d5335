@treaty:example-non-aggression-pact
Feature: Arvenia–Bostara Pact, Articles 5 to 8: zones, ceilings, inspections and prohibited weapons

  Rule: pact.dmz No military activity inside the demilitarised zone

    Background:
      Given the obligation covers "exercise" and "movement" activities of every party
      Then such an activity inside the zone "dmz" is prohibited
      And an activity in the zone is a "critical" violation
      And escalation starts at "joint-commission"
      And the obligation is set out in "Article 5(1) and Annex I"

    Example: A movement positioned inside the zone
      Given these observations:
        | id | kind     | party | time       | lat   | lon    |
        | m1 | movement | BOS   | 2025-05-01 | 10.25 | -30.00 |
      When compliance is checked as of 2025-05-02
      Then there is a "critical" violation of "pact.dmz" by "BOS" citing "m1"

    Example: A movement just outside the zone
      Given these observations:
        | id | kind     | party | time       | lat   | lon    |
        | m1 | movement | BOS   | 2025-05-01 | 10.25 | -29.96 |
      When compliance is checked as of 2025-05-02
      Then there is no finding

  Rule: pact.border-artillery No artillery firing within 15 km of the border

    Background:
      Given the obligation covers "exercise" activities of every party
      And an exercise is covered when any of these is reached:
        | quantity  | at least |
        | artillery | 1        |
      Then such an exercise within 15 km of the line "border" is prohibited
      And firing near the border is a "major" violation
      And escalation starts at "hotline"
      And the obligation is set out in "Article 5(2)"

    Example: Artillery firing 11 km from the border
      Given these observations:
        | id | kind     | party | time       | lat   | lon    | artillery |
        | x1 | exercise | ARV   | 2025-05-01 | 10.25 | -30.10 | 24        |
      When compliance is checked as of 2025-05-02
      Then there is a "major" violation of "pact.border-artillery" by "ARV" citing "x1"

    Example: Artillery firing 16 km from the border
      Given these observations:
        | id | kind     | party | time       | lat   | lon     | artillery |
        | x1 | exercise | ARV   | 2025-05-01 | 10.25 | -30.146 | 24        |
      When compliance is checked as of 2025-05-02
      Then there is no finding

  Rule: pact.tank-ceiling Neither party holds more than 800 battle tanks

    # Article 6(1) limits the battle tanks each party holds at all times, so every holding is
    # judged, not only the latest: an excess is a breach for the window it lasted, from the first
    # holding above 800 to the first back at or under it (or still open), even once reduced.
    Background:
      Given the obligation covers "holding" records of every party
      Then the "battle_tanks" held by each party stays at most 800
      And holding more is a "major" violation
      And escalation starts at "joint-commission"
      And the obligation is set out in "Article 6(1)"

    Example: The latest declaration is above the ceiling
      Given these observations:
        | id | kind    | party | time       | battle_tanks |
        | h1 | holding | ARV   | 2025-01-01 | 780          |
        | h2 | holding | ARV   | 2025-07-01 | 801          |
      When compliance is checked as of 2025-12-31
      Then there is a "major" violation of "pact.tank-ceiling" by "ARV" citing "h2"
      And the finding citing "h2" covers 2025-07-01 to 2025-12-31

    Example: An excess since reduced is still a breach, for the window it lasted
      Given these observations:
        | id | kind    | party | time       | battle_tanks |
        | h1 | holding | ARV   | 2025-01-01 | 850          |
        | h2 | holding | ARV   | 2025-07-01 | 800          |
      When compliance is checked as of 2025-12-31
      Then there is a "major" violation of "pact.tank-ceiling" by "ARV" citing "h1" and "h2"
      And the finding citing "h1" covers 2025-01-01 to 2025-07-01

    Example: Never above the ceiling
      Given these observations:
        | id | kind    | party | time       | battle_tanks |
        | h1 | holding | BOS   | 2025-01-01 | 800          |
        | h2 | holding | BOS   | 2025-07-01 | 640          |
      When compliance is checked as of 2025-12-31
      Then there is no finding

    Example: Two excesses with a reduction between them are two breaches
      Given these observations:
        | id | kind    | party | time       | battle_tanks |
        | h1 | holding | ARV   | 2025-01-01 | 850          |
        | h2 | holding | ARV   | 2025-04-01 | 820          |
        | h3 | holding | ARV   | 2025-07-01 | 790          |
        | h4 | holding | ARV   | 2025-10-01 | 810          |
      When compliance is checked as of 2025-12-31
      Then there are 2 findings
      And the finding citing "h1" covers 2025-01-01 to 2025-07-01
      And the finding citing "h4" covers 2025-10-01 to 2025-12-31

  Rule: pact.declared-troops Troops observed in an exercise stay within 10 percent of those notified

    Background:
      Given the obligation covers "exercise" activities of every party
      Then the observed "troops" is compared with the declared "notification" for the same activity
      And the observed figure may exceed the declared one by at most 10 percent
      And an under-declared exercise is a "minor" violation
      And escalation starts at "hotline"
      And the obligation is set out in "Article 3(3)"

    Example: Eleven percent more troops than notified
      Given these observations:
        | id | kind         | party | activity | time       | troops |
        | n1 | notification | BOS   | a1       | 2025-03-01 | 5000   |
        | x1 | exercise     | BOS   | a1       | 2025-04-01 | 5550   |
      When compliance is checked as of 2025-05-01
      Then there is a "minor" violation of "pact.declared-troops" by "BOS" citing "x1" and "n1"

    Example: Exactly ten percent more is within tolerance
      Given these observations:
        | id | kind         | party | activity | time       | troops |
        | n1 | notification | BOS   | a1       | 2025-03-01 | 5000   |
        | x1 | exercise     | BOS   | a1       | 2025-04-01 | 5500   |
      When compliance is checked as of 2025-05-01
      Then there is no finding

  Rule: pact.missile-test No flight test of a missile with a range of 300 km or more

    Background:
      Given the obligation covers "missile_test" records of every party
      And a test is prohibited when any of these is reached:
        | quantity | at least |
        | range_km | 300      |
      Then such a test is prohibited
      And a test is a "critical" violation
      And escalation starts at "diplomatic-note"
      And the obligation is set out in "Article 8"

    Example: A 450 km missile test
      Given these observations:
        | id | kind         | party | time       | range_km |
        | t1 | missile_test | ARV   | 2025-08-01 | 450      |
      When compliance is checked as of 2025-08-02
      Then there is a "critical" violation of "pact.missile-test" by "ARV" citing "t1"

    Example: A 299 km missile test
      Given these observations:
        | id | kind         | party | time       | range_km |
        | t1 | missile_test | ARV   | 2025-08-01 | 299      |
      When compliance is checked as of 2025-08-02
      Then there is no finding
