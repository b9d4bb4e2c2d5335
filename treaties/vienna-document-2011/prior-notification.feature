@treaty:vienna-document-2011
Feature: Vienna Document 2011, Chapter V: prior notification of certain military activities

  Rule: vd11.prior-notification Notifiable military activities are notified 42 days or more before they start

    Paragraph 38: notification 42 days or more in advance of the start of notifiable military
    activities. Paragraph 40.1: the thresholds for land forces and for air forces;
    paragraph 40.2: amphibious landings and parachute assaults of 3,000 troops or more.
    Paragraph 41 exempts alert activities from advance notice: vd11.alert-notification.

    # Reading taken: an activity is "notifiable" when any one figure reported for it reaches its
    # threshold at any time during the activity (paragraph 40.1 counts the forces involved at
    # any time); the feed reports the peak figure of the activity. The structural condition of paragraph 40.1
    # (a divisional structure or at least two brigades/regiments) is not checked: the vocabulary
    # has no step for force structure, so a feed should record only activities that meet it.
    # Notifiable movements (transfers and concentrations, paragraph 40.1) are covered as
    # "movement" records with the same thresholds.
    # Zone of application: paragraph 38 covers notifiable military activities in the zone of
    # application for CSBMs (treaty.yaml: an approximation). A record positioned outside it is
    # out of scope (Vostok-2018 in eastern Siberia owed no notice under the Document); a record
    # without a position is presumed inside, as a notification rarely carries one.
    # A notification is evidence of the activity it announces: one that gives the activity's
    # start and figures (paragraph 42 lists what a notification carries) is judged by its own
    # start and figures, so a notice of a 9,100-troop exercise sent 41 days ahead is late the
    # moment it is sent, before the exercise is observed. The notifying State describes an
    # activity carried out without advance notice to the troops as such: its notification
    # carries the flag "alert" and is left to vd11.alert-notification.
    # Not verified: the paragraph numbers (38, 40, 40.1, 40.2, 41, 41.1, 42) and the thresholds
    # could not be read in the VD11 text with the search tool (only its table of contents is
    # stored); the 9,000-troop notification threshold is confirmed by secondary sources only.
    Background:
      Given the obligation covers "exercise" and "movement" activities of every party
      And only records inside the zone "zone-of-application" are covered
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
      And a "notification" with a start stands for the activity it announces
      Then a "notification" for the same activity is due 42 days before it starts
      And a missing or late notification is a "major" violation
      And escalation starts at "clarification"
      And the obligation is set out in "Vienna Document 2011, Chapter V, paragraphs 38 and 40"

    Example: Vostok-2018 in eastern Siberia lies outside the zone of application
      Given these observations:
        | id | kind     | party | activity   | time       | start      | lat   | lon    | troops |
        | x1 | exercise | RUS   | vostok2018 | 2018-09-11 | 2018-09-11 | 50.60 | 115.60 | 297000 |
      When compliance is checked as of 2018-12-31
      Then there is no finding

    Example: An unnotified exercise positioned in Belarus lies inside the zone of application
      Given these observations:
        | id | kind     | party | activity | time       | start      | lat   | lon   | troops |
        | x1 | exercise | BLR   | a1       | 2026-09-11 | 2026-09-11 | 53.90 | 27.56 | 12000  |
      When compliance is checked as of 2026-12-31
      Then there is a "major" violation of "vd11.prior-notification" by "BLR" citing "x1"

    Example: An unnotified exercise positioned in Kazakhstan lies inside the zone of application
      Given these observations:
        | id | kind     | party | activity | time       | start      | lat   | lon   | troops |
        | x1 | exercise | KAZ   | a1       | 2026-09-11 | 2026-09-11 | 47.10 | 71.20 | 12000  |
      When compliance is checked as of 2026-12-31
      Then there is a "major" violation of "vd11.prior-notification" by "KAZ" citing "x1"

    Example: A notice sent 41 days before the 9,100-troop exercise it announces is late when sent
      Given these observations:
        | id | kind         | party | activity | time       | start      | troops |
        | n1 | notification | RUS   | a9       | 2026-08-01 | 2026-09-11 | 9100   |
      When compliance is checked as of 2026-08-02
      Then there is a "major" violation of "vd11.prior-notification" by "RUS" citing "n1"

    Example: A notice sent 42 days before the 9,100-troop exercise it announces is on time
      Given these observations:
        | id | kind         | party | activity | time       | start      | troops |
        | n1 | notification | RUS   | a9       | 2026-07-31 | 2026-09-11 | 9100   |
      When compliance is checked as of 2026-08-02
      Then there is no finding

    Example: A late notice announcing 8,999 troops makes no activity notifiable
      Given these observations:
        | id | kind         | party | activity | time       | start      | troops |
        | n1 | notification | RUS   | a9       | 2026-08-01 | 2026-09-11 | 8999   |
      When compliance is checked as of 2026-08-02
      Then there is no finding

    Example: The exercise observed later stays one finding, on the notice that announced it
      Given these observations:
        | id | kind         | party | activity | time       | start      | troops |
        | n1 | notification | RUS   | a9       | 2026-08-01 | 2026-09-11 | 9100   |
        | x1 | exercise     | RUS   | a9       | 2026-09-11 | 2026-09-11 | 9300   |
      When compliance is checked as of 2026-09-30
      Then there is a "major" violation of "vd11.prior-notification" by "RUS" citing "n1"

    Example: A notice of an alert activity is left to the alert rule
      Given these observations:
        | id | kind         | party | activity | time              | start             | troops | flags |
        | n1 | notification | BLR   | s9       | 2026-03-10T10:00Z | 2026-03-10T04:00Z | 15000  | alert |
      When compliance is checked as of 2026-03-31
      Then there is no finding

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

    Example: An exercise notified 41 days ahead is late
      Given these observations:
        | id | kind         | party | activity | time       | start      | troops |
        | n1 | notification | POL   | a1       | 2026-08-01 |            |        |
        | x1 | exercise     | POL   | a1       | 2026-09-11 | 2026-09-11 | 12000  |
      When compliance is checked as of 2026-09-30
      Then there is a "major" violation of "vd11.prior-notification" by "POL" citing "x1" and "n1"

    Example: A notification a minute too late is late
      Given these observations:
        | id | kind         | party | activity | time              | start             | troops |
        | n1 | notification | DEU   | a1       | 2026-07-31T08:01Z |                   |        |
        | x1 | exercise     | DEU   | a1       | 2026-09-11T08:00Z | 2026-09-11T08:00Z | 12000  |
      When compliance is checked as of 2026-09-30
      Then there is a "major" violation of "vd11.prior-notification" by "DEU" citing "x1" and "n1"

    Example: An exercise of exactly 9,000 troops never notified
      Given these observations:
        | id | kind     | party | activity | time       | start      | troops |
        | x1 | exercise | BLR   | a1       | 2026-09-11 | 2026-09-11 | 9000   |
      When compliance is checked as of 2026-09-30
      Then there is a "major" violation of "vd11.prior-notification" by "BLR" citing "x1"

    Example: An exercise of 8,999 troops needs no notice
      Given these observations:
        | id | kind     | party | activity | time       | start      | troops |
        | x1 | exercise | BLR   | a1       | 2026-09-11 | 2026-09-11 | 8999   |
      When compliance is checked as of 2026-09-30
      Then there is no finding

    Example: An exercise with 250 battle tanks never notified
      Given these observations:
        | id | kind     | party | activity | time       | start      | troops | battle_tanks |
        | x1 | exercise | BLR   | a1       | 2026-09-11 | 2026-09-11 | 4000   | 250          |
      When compliance is checked as of 2026-09-30
      Then there is a "major" violation of "vd11.prior-notification" by "BLR" citing "x1"

    Example: An exercise with 249 battle tanks needs no notice
      Given these observations:
        | id | kind     | party | activity | time       | start      | troops | battle_tanks |
        | x1 | exercise | BLR   | a1       | 2026-09-11 | 2026-09-11 | 4000   | 249          |
      When compliance is checked as of 2026-09-30
      Then there is no finding

    Example: An exercise with 500 armoured combat vehicles never notified
      Given these observations:
        | id | kind     | party | activity | time       | start      | troops | acv |
        | x1 | exercise | ARM   | a1       | 2026-09-11 | 2026-09-11 | 5000   | 500 |
      When compliance is checked as of 2026-09-30
      Then there is a "major" violation of "vd11.prior-notification" by "ARM" citing "x1"

    Example: An exercise with 499 armoured combat vehicles needs no notice
      Given these observations:
        | id | kind     | party | activity | time       | start      | troops | acv |
        | x1 | exercise | ARM   | a1       | 2026-09-11 | 2026-09-11 | 5000   | 499 |
      When compliance is checked as of 2026-09-30
      Then there is no finding

    Example: An exercise with 250 artillery pieces never notified
      Given these observations:
        | id | kind     | party | activity | time       | start      | troops | artillery |
        | x1 | exercise | AZE   | a1       | 2026-09-11 | 2026-09-11 | 5000   | 250       |
      When compliance is checked as of 2026-09-30
      Then there is a "major" violation of "vd11.prior-notification" by "AZE" citing "x1"

    Example: An exercise with 249 artillery pieces needs no notice
      Given these observations:
        | id | kind     | party | activity | time       | start      | troops | artillery |
        | x1 | exercise | AZE   | a1       | 2026-09-11 | 2026-09-11 | 5000   | 249       |
      When compliance is checked as of 2026-09-30
      Then there is no finding

    Example: An exercise with 200 air sorties never notified
      Given these observations:
        | id | kind     | party | activity | time       | start      | troops | aircraft_sorties |
        | x1 | exercise | GBR   | a1       | 2026-09-11 | 2026-09-11 | 3000   | 200              |
      When compliance is checked as of 2026-09-30
      Then there is a "major" violation of "vd11.prior-notification" by "GBR" citing "x1"

    Example: An exercise with 199 air sorties needs no notice
      Given these observations:
        | id | kind     | party | activity | time       | start      | troops | aircraft_sorties |
        | x1 | exercise | GBR   | a1       | 2026-09-11 | 2026-09-11 | 3000   | 199              |
      When compliance is checked as of 2026-09-30
      Then there is no finding

    Example: An amphibious landing of 3,000 troops never notified
      Given these observations:
        | id | kind     | party | activity | time       | start      | amphibious_troops |
        | x1 | exercise | TUR   | a1       | 2026-09-11 | 2026-09-11 | 3000              |
      When compliance is checked as of 2026-09-30
      Then there is a "major" violation of "vd11.prior-notification" by "TUR" citing "x1"

    Example: An amphibious landing of 2,999 troops needs no notice
      Given these observations:
        | id | kind     | party | activity | time       | start      | amphibious_troops |
        | x1 | exercise | TUR   | a1       | 2026-09-11 | 2026-09-11 | 2999              |
      When compliance is checked as of 2026-09-30
      Then there is no finding

    Example: A parachute assault of 3,000 troops never notified
      Given these observations:
        | id | kind     | party | activity | time       | start      | parachute_troops |
        | x1 | exercise | FRA   | a1       | 2026-09-11 | 2026-09-11 | 3000             |
      When compliance is checked as of 2026-09-30
      Then there is a "major" violation of "vd11.prior-notification" by "FRA" citing "x1"

    Example: A parachute assault of 2,999 troops needs no notice
      Given these observations:
        | id | kind     | party | activity | time       | start      | parachute_troops |
        | x1 | exercise | FRA   | a1       | 2026-09-11 | 2026-09-11 | 2999             |
      When compliance is checked as of 2026-09-30
      Then there is no finding

    Example: A notifiable movement of troops is covered too
      Given these observations:
        | id | kind     | party | activity | time       | start      | troops |
        | m1 | movement | RUS   | t1       | 2026-09-11 | 2026-09-11 | 15000  |
      When compliance is checked as of 2026-09-30
      Then there is a "major" violation of "vd11.prior-notification" by "RUS" citing "m1"

    Example: A notification still due is pending, not a violation
      Given these observations:
        | id | kind     | party | activity | time       | start      | troops |
        | x1 | exercise | RUS   | a1       | 2026-06-01 | 2026-09-11 | 12000  |
      When compliance is checked as of 2026-07-15
      Then there is a "major" pending finding of "vd11.prior-notification" by "RUS" citing "x1"

    Example: An alert activity is left to the alert rule
      Given these observations:
        | id | kind     | party | activity | time       | start      | troops | flags |
        | x1 | exercise | RUS   | a1       | 2026-09-11 | 2026-09-11 | 30000  | alert |
      When compliance is checked as of 2026-09-30
      Then there is no finding

    Example: An estimated troop figure gives a potential violation
      Given these observations:
        | id | kind     | party | activity | time       | start      | troops | flags    | source              | reliability | credibility |
        | x1 | exercise | RUS   | a1       | 2026-09-11 | 2026-09-11 | 20000  | estimate | open-source imagery | B           | 2           |
      When compliance is checked as of 2026-09-30
      Then there is a "major" potential violation of "vd11.prior-notification" by "RUS" citing "x1"

  Rule: vd11.alert-notification Alert activities are notified at the latest when the troops involved commence them

    Paragraph 41: notifiable military activities carried out without advance notice to the troops
    involved are exceptions to the requirement of notification 42 days in advance; paragraph 41.1:
    notification of such activities, above the agreed thresholds, is given at the time the troops
    involved commence them.

    # Reading taken: "alert" is the feed's flag for an activity carried out without advance notice
    # to the troops involved (a snap exercise); "the agreed thresholds" are those of paragraph 40,
    # repeated here. "At the time the troops commence" is read as: received no later than the
    # activity's start; a notification even a minute after the start is late.
    Background:
      Given the obligation covers "exercise" and "movement" activities of every party
      And only records inside the zone "zone-of-application" are covered
      And only activities flagged "alert" are covered
      And an activity is notifiable when any of these is reached:
        | quantity          | at least |
        | troops            | 9000     |
        | battle_tanks      | 250      |
        | acv               | 500      |
        | artillery         | 250      |
        | aircraft_sorties  | 200      |
        | amphibious_troops | 3000     |
        | parachute_troops  | 3000     |
      Then a "notification" for the same activity is due no later than when it starts
      And a missing or late notification of an alert activity is a "major" violation
      And escalation starts at "clarification"
      And the obligation is set out in "Vienna Document 2011, Chapter V, paragraphs 41 and 41.1"

    Example: A snap exercise notified as the troops commence it
      Given these observations:
        | id | kind         | party | activity | time              | start             | troops | flags |
        | n1 | notification | RUS   | s1       | 2026-03-10T06:00Z |                   |        |       |
        | x1 | exercise     | RUS   | s1       | 2026-03-10T06:00Z | 2026-03-10T06:00Z | 30000  | alert |
      When compliance is checked as of 2026-03-31
      Then there is no finding

    Example: A snap exercise notified a minute after it started
      Given these observations:
        | id | kind         | party | activity | time              | start             | troops | flags |
        | n1 | notification | RUS   | s1       | 2026-03-10T06:01Z |                   |        |       |
        | x1 | exercise     | RUS   | s1       | 2026-03-10T06:00Z | 2026-03-10T06:00Z | 30000  | alert |
      When compliance is checked as of 2026-03-31
      Then there is a "major" violation of "vd11.alert-notification" by "RUS" citing "x1" and "n1"

    Example: A snap exercise never notified
      Given these observations:
        | id | kind     | party | activity | time              | start             | troops | flags |
        | x1 | exercise | BLR   | s1       | 2026-03-10T06:00Z | 2026-03-10T06:00Z | 9000   | alert |
      When compliance is checked as of 2026-03-31
      Then there is a "major" violation of "vd11.alert-notification" by "BLR" citing "x1"

    Example: A snap exercise just below every threshold needs no notice
      Given these observations:
        | id | kind     | party | activity | time       | start      | troops | battle_tanks | acv | artillery | aircraft_sorties | amphibious_troops | parachute_troops | flags |
        | x1 | exercise | BLR   | s1       | 2026-03-10 | 2026-03-10 | 8999   | 249          | 499 | 249       | 199              | 2999              | 2999             | alert |
      When compliance is checked as of 2026-03-31
      Then there is no finding

    Example: A snap exercise with 250 battle tanks never notified
      Given these observations:
        | id | kind     | party | activity | time       | start      | battle_tanks | flags |
        | x1 | exercise | BLR   | s1       | 2026-03-10 | 2026-03-10 | 250          | alert |
      When compliance is checked as of 2026-03-31
      Then there is a "major" violation of "vd11.alert-notification" by "BLR" citing "x1"

    Example: A snap exercise with 500 armoured combat vehicles never notified
      Given these observations:
        | id | kind     | party | activity | time       | start      | acv | flags |
        | x1 | exercise | BLR   | s1       | 2026-03-10 | 2026-03-10 | 500 | alert |
      When compliance is checked as of 2026-03-31
      Then there is a "major" violation of "vd11.alert-notification" by "BLR" citing "x1"

    Example: A snap exercise with 250 artillery pieces never notified
      Given these observations:
        | id | kind     | party | activity | time       | start      | artillery | flags |
        | x1 | exercise | BLR   | s1       | 2026-03-10 | 2026-03-10 | 250       | alert |
      When compliance is checked as of 2026-03-31
      Then there is a "major" violation of "vd11.alert-notification" by "BLR" citing "x1"

    Example: A snap exercise with 200 air sorties never notified
      Given these observations:
        | id | kind     | party | activity | time       | start      | aircraft_sorties | flags |
        | x1 | exercise | BLR   | s1       | 2026-03-10 | 2026-03-10 | 200              | alert |
      When compliance is checked as of 2026-03-31
      Then there is a "major" violation of "vd11.alert-notification" by "BLR" citing "x1"

    Example: A snap amphibious landing of 3,000 troops never notified
      Given these observations:
        | id | kind     | party | activity | time       | start      | amphibious_troops | flags |
        | x1 | exercise | RUS   | s1       | 2026-03-10 | 2026-03-10 | 3000              | alert |
      When compliance is checked as of 2026-03-31
      Then there is a "major" violation of "vd11.alert-notification" by "RUS" citing "x1"

    Example: A snap parachute assault of 3,000 troops never notified
      Given these observations:
        | id | kind     | party | activity | time       | start      | parachute_troops | flags |
        | x1 | exercise | RUS   | s1       | 2026-03-10 | 2026-03-10 | 3000             | alert |
      When compliance is checked as of 2026-03-31
      Then there is a "major" violation of "vd11.alert-notification" by "RUS" citing "x1"

    Example: An exercise planned in advance is left to the 42-day rule
      Given these observations:
        | id | kind     | party | activity | time       | start      | troops |
        | x1 | exercise | RUS   | s1       | 2026-03-10 | 2026-03-10 | 30000  |
      When compliance is checked as of 2026-03-31
      Then there is no finding
