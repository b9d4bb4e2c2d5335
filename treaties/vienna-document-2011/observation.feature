@treaty:vienna-document-2011
Feature: Vienna Document 2011, Chapter VI: observation of certain military activities

  Rule: vd11.observation-invitation Observers are invited to large notifiable activities, with the notification

    Paragraph 47: the participating States invite observers from all other participating States
    to notifiable military activities; paragraph 47.4: whenever the troops engaged meet or exceed
    13,000, or the battle tanks 300, or the ACVs 500, or the artillery pieces, mortars and
    multiple rocket launchers (100 mm and above) 250; paragraph 47.5: amphibious landings and
    parachute assaults by airborne forces whenever the troops engaged meet or exceed 3,500.

    # Reading taken on timing: the host State extends its invitations at the time of the
    # notification under Chapter V, so an "invitation" record is due on the same schedule as the
    # notification: 42 days before the start. An invitation sent with (or before) a timely
    # notification is on time; one sent later is late.
    # Reading taken on "all other participating States": an invitation is owed to each other
    # participating State bound by the Document when it is due (Mongolia from 21 November 2012),
    # and a missing or late one is a breach towards that State. An "invitation" record with a
    # "counterparty" is addressed to that State; one without is addressed to all. So an activity
    # with no invitation at all is one finding towards each of the other 56 States.
    # Reading taken on alert activities: activities carried out without advance notice to the
    # troops (flag "alert") cannot be the object of an invitation 42 days ahead; Chapter VI makes
    # them an exception to observation unless they last beyond a period the text fixes. The
    # vocabulary has no condition on an activity's duration, so alert activities are exempt here
    # outright (a vocabulary gap: a long alert activity is not checked).
    # The feed reports the troops of an amphibious landing or a parachute assault as
    # "amphibious_troops" or "parachute_troops", as for Chapter V.
    # Checked against the text: the VD11 text itself could not be read with the search tool
    # (only its title page and table of contents are stored), so paragraphs 47, 47.4 and 47.5
    # and their figures are as an earlier note gave them. Secondary sources (press reports on
    # Zapad-2017, an Estonian defence minister's interview) confirm that observers are owed from
    # 13,000 troops; the 300 battle tanks, 500 ACVs, 250 artillery pieces and 3,500 troops of
    # an amphibious landing or parachute assault are not verified.
    Background:
      Given the obligation covers "exercise" and "movement" activities of every party
      And only records inside the zone "zone-of-application" are covered
      And an activity is subject to observation when any of these is reached:
        | quantity          | at least |
        | troops            | 13000    |
        | battle_tanks      | 300      |
        | acv               | 500      |
        | artillery         | 250      |
        | amphibious_troops | 3500     |
        | parachute_troops  | 3500     |
      And an activity flagged "alert" is exempt
      Then an "invitation" to every other party for the same activity is due 42 days before it starts
      And a missing or late invitation is a "major" violation
      And escalation starts at "clarification"
      And the obligation is set out in "Vienna Document 2011, Chapter VI, paragraphs 47, 47.4 and 47.5"

    Example: Observers invited with the notification, exactly 42 days ahead
      Given these observations:
        | id | kind         | party | activity | time       | start      | troops |
        | n1 | notification | BLR   | z1       | 2026-07-31 |            |        |
        | i1 | invitation   | BLR   | z1       | 2026-07-31 |            |        |
        | x1 | exercise     | BLR   | z1       | 2026-09-11 | 2026-09-11 | 20000  |
      When compliance is checked as of 2026-09-30
      Then there is no finding

    Example: Observers invited 41 days ahead
      Given these observations:
        | id | kind         | party | activity | time       | start      | troops |
        | n1 | notification | BLR   | z1       | 2026-07-31 |            |        |
        | i1 | invitation   | BLR   | z1       | 2026-08-01 |            |        |
        | x1 | exercise     | BLR   | z1       | 2026-09-11 | 2026-09-11 | 20000  |
      When compliance is checked as of 2026-09-30
      Then there is a "major" violation of "vd11.observation-invitation" by "BLR" towards "LTU" citing "x1" and "i1"
      And there are 56 findings

    Example: No invitation to an exercise of exactly 13,000 troops
      Given these observations:
        | id | kind     | party | activity | time       | start      | troops |
        | x1 | exercise | RUS   | z1       | 2026-09-11 | 2026-09-11 | 13000  |
      When compliance is checked as of 2026-09-30
      Then there is a "major" violation of "vd11.observation-invitation" by "RUS" towards "UKR" citing "x1"

    Example: An exercise of 12,999 troops need not be observed
      Given these observations:
        | id | kind     | party | activity | time       | start      | troops |
        | x1 | exercise | RUS   | z1       | 2026-09-11 | 2026-09-11 | 12999  |
      When compliance is checked as of 2026-09-30
      Then there is no finding

    Example: No invitation to an exercise with 300 battle tanks
      Given these observations:
        | id | kind     | party | activity | time       | start      | troops | battle_tanks |
        | x1 | exercise | RUS   | z1       | 2026-09-11 | 2026-09-11 | 9000   | 300          |
      When compliance is checked as of 2026-09-30
      Then there is a "major" violation of "vd11.observation-invitation" by "RUS" towards "UKR" citing "x1"

    Example: An exercise with 299 battle tanks need not be observed
      Given these observations:
        | id | kind     | party | activity | time       | start      | troops | battle_tanks |
        | x1 | exercise | RUS   | z1       | 2026-09-11 | 2026-09-11 | 9000   | 299          |
      When compliance is checked as of 2026-09-30
      Then there is no finding

    Example: No invitation to an exercise with 500 armoured combat vehicles
      Given these observations:
        | id | kind     | party | activity | time       | start      | troops | acv |
        | x1 | exercise | UKR   | z1       | 2026-09-11 | 2026-09-11 | 9000   | 500 |
      When compliance is checked as of 2026-09-30
      Then there is a "major" violation of "vd11.observation-invitation" by "UKR" towards "RUS" citing "x1"

    Example: An exercise with 499 armoured combat vehicles need not be observed
      Given these observations:
        | id | kind     | party | activity | time       | start      | troops | acv |
        | x1 | exercise | UKR   | z1       | 2026-09-11 | 2026-09-11 | 9000   | 499 |
      When compliance is checked as of 2026-09-30
      Then there is no finding

    Example: No invitation to an exercise with 250 artillery pieces
      Given these observations:
        | id | kind     | party | activity | time       | start      | troops | artillery |
        | x1 | exercise | SRB   | z1       | 2026-09-11 | 2026-09-11 | 9000   | 250       |
      When compliance is checked as of 2026-09-30
      Then there is a "major" violation of "vd11.observation-invitation" by "SRB" towards "HRV" citing "x1"

    Example: An exercise with 249 artillery pieces need not be observed
      Given these observations:
        | id | kind     | party | activity | time       | start      | troops | artillery |
        | x1 | exercise | SRB   | z1       | 2026-09-11 | 2026-09-11 | 9000   | 249       |
      When compliance is checked as of 2026-09-30
      Then there is no finding

    Example: No invitation to an amphibious landing of 3,500 troops
      Given these observations:
        | id | kind     | party | activity | time       | start      | amphibious_troops |
        | x1 | exercise | GRC   | z1       | 2026-09-11 | 2026-09-11 | 3500              |
      When compliance is checked as of 2026-09-30
      Then there is a "major" violation of "vd11.observation-invitation" by "GRC" towards "TUR" citing "x1"

    Example: An amphibious landing of 3,499 troops need not be observed
      Given these observations:
        | id | kind     | party | activity | time       | start      | amphibious_troops |
        | x1 | exercise | GRC   | z1       | 2026-09-11 | 2026-09-11 | 3499              |
      When compliance is checked as of 2026-09-30
      Then there is no finding

    Example: No invitation to a parachute assault of 3,500 troops
      Given these observations:
        | id | kind     | party | activity | time       | start      | parachute_troops |
        | x1 | exercise | ITA   | z1       | 2026-09-11 | 2026-09-11 | 3500             |
      When compliance is checked as of 2026-09-30
      Then there is a "major" violation of "vd11.observation-invitation" by "ITA" towards "FRA" citing "x1"

    Example: A parachute assault of 3,499 troops need not be observed
      Given these observations:
        | id | kind     | party | activity | time       | start      | parachute_troops |
        | x1 | exercise | ITA   | z1       | 2026-09-11 | 2026-09-11 | 3499             |
      When compliance is checked as of 2026-09-30
      Then there is no finding

    Example: A snap exercise is not subject to an invitation here
      Given these observations:
        | id | kind         | party | activity | time              | start             | troops | flags |
        | n1 | notification | RUS   | s1       | 2026-03-10T06:00Z |                   |        |       |
        | x1 | exercise     | RUS   | s1       | 2026-03-10T06:00Z | 2026-03-10T06:00Z | 40000  | alert |
      When compliance is checked as of 2026-03-31
      Then there is no finding

    Example: Observers invited from three States only: each of the others is owed one
      Given these observations:
        | id | kind       | party | counterparty | activity | time       | start      | troops |
        | i1 | invitation | BLR   | LVA          | z1       | 2026-07-31 |            |        |
        | i2 | invitation | BLR   | LTU          | z1       | 2026-07-31 |            |        |
        | i3 | invitation | BLR   | POL          | z1       | 2026-07-31 |            |        |
        | x1 | exercise   | BLR   |              | z1       | 2026-09-11 | 2026-09-11 | 20000  |
      When compliance is checked as of 2026-09-30
      Then there is a "major" violation of "vd11.observation-invitation" by "BLR" towards "EST" citing "x1"
      And there are 53 findings

    Example: An invitation to one State sent 41 days ahead is late towards that State
      Given these observations:
        | id | kind       | party | counterparty | activity | time       | start      | troops |
        | i1 | invitation | BLR   | UKR          | z1       | 2026-08-01 |            |        |
        | x1 | exercise   | BLR   |              | z1       | 2026-09-11 | 2026-09-11 | 20000  |
      When compliance is checked as of 2026-09-30
      Then there is a "major" violation of "vd11.observation-invitation" by "BLR" towards "UKR" citing "x1" and "i1"
      And there are 56 findings

    Example: An invitation to all in time covers a State invited again later
      Given these observations:
        | id | kind       | party | counterparty | activity | time       | start      | troops |
        | i1 | invitation | BLR   |              | z1       | 2026-07-31 |            |        |
        | i2 | invitation | BLR   | UKR          | z1       | 2026-08-01 |            |        |
        | x1 | exercise   | BLR   |              | z1       | 2026-09-11 | 2026-09-11 | 20000  |
      When compliance is checked as of 2026-09-30
      Then there is no finding

    Example: Before Mongolia joined, 55 other States were owed an invitation
      Given these observations:
        | id | kind     | party | activity | time       | start      | troops |
        | x1 | exercise | RUS   | z1       | 2012-09-11 | 2012-09-11 | 20000  |
      When compliance is checked as of 2012-09-30
      Then there are 55 findings

    Example: After Mongolia joined, 56 other States were owed an invitation
      Given these observations:
        | id | kind     | party | activity | time       | start      | troops |
        | x1 | exercise | RUS   | z1       | 2013-09-11 | 2013-09-11 | 20000  |
      When compliance is checked as of 2013-09-30
      Then there is a "major" violation of "vd11.observation-invitation" by "RUS" towards "MNG" citing "x1"
      And there are 56 findings

  Rule: vd11.observation-declared An activity notified below the observation threshold is not carried out at or above it

    Paragraph 47.4 (as cited in vd11.observation-invitation): observers are invited whenever the
    troops engaged meet or exceed 13,000. A State that notifies an activity with fewer troops
    owes no invitation; if the activity is then carried out with 13,000 or more, observers were
    owed and were not invited. Zapad-2017 is the case in point: Belarus and Russia notified
    12,700 troops; independent estimates put the exercise at around 70,000 (RUSI), while an
    invited Swedish observer counted about 12,400.

    # Reading taken: the notification's own figures are the declaration (its latest version, by
    # time, counts); a record of the same activity and party observing 13,000 troops or more,
    # where the notification declared fewer, is the breach. An estimate (flag "estimate") or an
    # observation from weak sources gives a potential violation, as everywhere in this pack.
    # Only troops are compared: the vocabulary compares one quantity per rule, and the public
    # cases turn on troop numbers; the tank, ACV and artillery thresholds of paragraph 47.4 are
    # not encoded here.
    # Not verified: paragraph 47.4 and the 13,000 figure could not be read in the VD11 text with
    # the search tool (only its table of contents is stored); the 13,000-troop observation
    # threshold is confirmed by secondary sources (press reports on Zapad-2017).
    Background:
      Given the obligation covers "exercise" and "movement" activities of every party
      Then the observed "troops" is compared with the declared "notification" for the same activity
      And an observed figure of 13,000 or more is a breach where the declared one stayed below it
      And an activity carried out above the observation threshold it was notified under is a "major" violation
      And escalation starts at "clarification"
      And the obligation is set out in "Vienna Document 2011, Chapter VI, paragraph 47.4, against the notification of Chapter V"

    Example: Notified at 12,700 troops and observed at 13,000
      Given these observations:
        | id | kind         | party | activity | time       | start      | troops |
        | n1 | notification | BLR   | w1       | 2026-07-14 | 2026-09-14 | 12700  |
        | x1 | exercise     | BLR   | w1       | 2026-09-14 | 2026-09-14 | 13000  |
      When compliance is checked as of 2026-09-30
      Then there is a "major" violation of "vd11.observation-declared" by "BLR" citing "x1" and "n1"

    Example: Notified at 12,700 troops and observed at 12,999
      Given these observations:
        | id | kind         | party | activity | time       | start      | troops |
        | n1 | notification | BLR   | w1       | 2026-07-14 | 2026-09-14 | 12700  |
        | x1 | exercise     | BLR   | w1       | 2026-09-14 | 2026-09-14 | 12999  |
      When compliance is checked as of 2026-09-30
      Then there is no finding

    Example: Notified at 13,000 troops, so observers were owed anyway
      Given these observations:
        | id | kind         | party | activity | time       | start      | troops |
        | n1 | notification | BLR   | w1       | 2026-07-14 | 2026-09-14 | 13000  |
        | x1 | exercise     | BLR   | w1       | 2026-09-14 | 2026-09-14 | 70000  |
      When compliance is checked as of 2026-09-30
      Then there is no finding

    Example: Zapad-2017: notified at 12,700 troops, estimated at 70,000 by open sources
      Given these observations:
        | id | kind         | party | activity   | time       | start      | troops | flags    | source        | reliability | credibility |
        | n1 | notification | BLR   | zapad-2017 | 2017-07-14 | 2017-09-14 | 12700  |          | osce-network  | A           | 1           |
        | x1 | exercise     | BLR   | zapad-2017 | 2017-09-20 | 2017-09-14 | 12400  |          | observer      | B           | 2           |
        | x2 | exercise     | BLR   | zapad-2017 | 2017-09-29 | 2017-09-14 | 70000  | estimate | rusi-estimate | C           | 3           |
      When compliance is checked as of 2017-12-31
      Then there is a "major" potential violation of "vd11.observation-declared" by "BLR" citing "x2" and "n1"
