@treaty:vienna-document-2011
Feature: Vienna Document 2011, Chapter V: prior notification of certain military activities

  Rule: vd11.prior-notification Notifiable military activities are notified 42 days or more before they start

    Paragraph 38: notification 42 days or more in advance of the start of notifiable military
    activities. Paragraph 40.1: the thresholds for land forces and for air forces;
    paragraph 40.2: amphibious landings and parachute assaults of 3,000 troops or more.
    Paragraph 41 exempts alert activities from advance notice: vd11.alert-notification.

    Background:
      Given the obligation covers "exercise" and "movement" activities of every party
      And an activity is notifiable when any of these is reached:
        | quantity          | at least |
        | troops            | 9000     |
        | battle_tanks      | 250      |
        | acv               | 500      |
        | artillery         | 250      |
        | aircraft_sorties  | 200      |
        | amphibious_troops | 3000     |
        | parachute_troops  | 3000     |
      And an activity flagged "alert" is exempt
      Then a "notification" for the same activity is due 42 days before it starts
      And a missing or late notification is a "major" violation
      And escalation starts at "clarification"
      And the obligation is set out in "Vienna Document 2011, Chapter V, paragraphs 38 and 40"

    Example: A 12,000-troop exercise notified 10 days ahead
      Given these observations:
        | id | kind         | party | activity | time       | start      | troops |
        | n1 | notification | RUS   | a1       | 2026-09-01 |            |        |
        | x1 | exercise     | RUS   | a1       | 2026-09-11 | 2026-09-11 | 12000  |
      When compliance is checked as of 2026-09-30
      Then there is a "major" violation of "vd11.prior-notification" by "RUS" citing "x1" and "n1"

    Example: An exercise notified exactly 42 days ahead
      Given these observations:
        | id | kind         | party | activity | time       | start      | troops |
        | n1 | notification | POL   | a1       | 2026-07-31 |            |        |
        | x1 | exercise     | POL   | a1       | 2026-09-11 | 2026-09-11 | 12000  |
      When compliance is checked as of 2026-09-30
      Then there is no finding
