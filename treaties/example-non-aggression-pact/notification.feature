@treaty:example-non-aggression-pact
Feature: Arvenia–Bostara Pact, Articles 3 and 4: notice of exercises and how often they are held

  Rule: pact.exercise-notice Exercises of 3,000 troops or more are notified 30 days before they start

    Background:
      Given the obligation covers "exercise" activities of every party
      And an activity is notifiable when any of these is reached:
        | quantity     | at least |
        | troops       | 3000     |
        | battle_tanks | 100      |
      And an activity flagged "alert" is exempt when notified no later than its start
      Then a "notification" for the same activity is due 30 days before it starts
      And a missing or late notification is a "major" violation
      And escalation starts at "hotline"
      And the obligation is set out in "Article 3(1)"

    Example: An exercise notified 29 days ahead is late
      Given these observations:
        | id | kind         | party | activity | time       | start      | troops |
        | n1 | notification | ARV   | a1       | 2025-03-03 |            |        |
        | x1 | exercise     | ARV   | a1       | 2025-04-01 | 2025-04-01 | 3500   |
      When compliance is checked as of 2025-05-01
      Then there is a "major" violation of "pact.exercise-notice" by "ARV" citing "x1" and "n1"

    Example: An exercise notified 30 days ahead is on time
      Given these observations:
        | id | kind         | party | activity | time       | start      | troops |
        | n1 | notification | ARV   | a1       | 2025-03-02 |            |        |
        | x1 | exercise     | ARV   | a1       | 2025-04-01 | 2025-04-01 | 3500   |
      When compliance is checked as of 2025-05-01
      Then there is no finding

    Example: An exercise just below every threshold needs no notice
      Given these observations:
        | id | kind     | party | activity | time       | start      | troops | battle_tanks |
        | x1 | exercise | BOS   | a1       | 2025-04-01 | 2025-04-01 | 2999   | 99           |
      When compliance is checked as of 2025-05-01
      Then there is no finding

    Example: A snap exercise notified when it starts is exempt
      Given these observations:
        | id | kind         | party | activity | time             | start            | troops | flags |
        | n1 | notification | BOS   | a1       | 2025-04-01T06:00Z |                  |        |       |
        | x1 | exercise     | BOS   | a1       | 2025-04-01T06:00Z | 2025-04-01T06:00Z | 5000   | alert |
      When compliance is checked as of 2025-05-01
      Then there is no finding

    Example: A notice still due is pending, not a violation
      Given these observations:
        | id | kind     | party | activity | time       | start      | troops |
        | x1 | exercise | BOS   | a1       | 2025-04-01 | 2025-06-01 | 5000   |
      When compliance is checked as of 2025-04-15
      Then there is a "major" pending finding of "pact.exercise-notice" by "BOS" citing "x1"

  Rule: pact.exercise-frequency No party holds more than two exercises of 10,000 troops or more in a calendar year

    Background:
      Given the obligation covers "exercise" activities of every party
      And an activity counts as large when any of these is reached:
        | quantity | at least |
        | troops   | 10000    |
      Then at most 2 such activities per party per calendar year
      And a third large exercise is a "minor" violation
      And escalation starts at "joint-commission"
      And the obligation is set out in "Article 4(2)"

    Example: A third large exercise in one year is one too many
      Given these observations:
        | id | kind     | party | activity | time       | start      | troops |
        | x1 | exercise | ARV   | a1       | 2025-02-01 | 2025-02-01 | 10000  |
        | x2 | exercise | ARV   | a2       | 2025-06-01 | 2025-06-01 | 12000  |
        | x3 | exercise | ARV   | a3       | 2025-11-01 | 2025-11-01 | 11000  |
      When compliance is checked as of 2025-12-31
      Then there is a "minor" violation of "pact.exercise-frequency" by "ARV" citing "x3"

    Example: Two large exercises a year, in two years, are within the limit
      Given these observations:
        | id | kind     | party | activity | time       | start      | troops |
        | x1 | exercise | ARV   | a1       | 2025-02-01 | 2025-02-01 | 10000  |
        | x2 | exercise | ARV   | a2       | 2025-12-31 | 2025-12-31 | 12000  |
        | x3 | exercise | ARV   | a3       | 2026-01-01 | 2026-01-01 | 11000  |
        | x4 | exercise | ARV   | a4       | 2026-03-01 | 2026-03-01 | 9999   |
      When compliance is checked as of 2026-12-31
      Then there is no finding
