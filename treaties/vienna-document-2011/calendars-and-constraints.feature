@treaty:vienna-document-2011
Feature: Vienna Document 2011, Chapters VII and VIII: annual calendars and constraining provisions

  Rule: vd11.annual-calendar Activities above 40,000 troops or 900 battle tanks are carried out only when in the annual calendar exchanged by 15 November of the year before

    Chapter VII, paragraph 61: each participating State exchanges, not later than 15 November
    each year, an annual calendar of its military activities subject to prior notification
    planned for the next calendar year. Chapter VIII (constraining provisions): activities
    subject to prior notification involving more than 40,000 troops or 900 battle tanks are
    not carried out unless they were the object of that communication; further activities
    outside the calendar "should be as few as possible", which is a recommendation.

    # Reading taken: only the binding part is an obligation here. An activity above 40,000
    # troops or 900 battle tanks needs a "calendar" record (one per forecast activity, with
    # the activity's correlation key, dated when the calendar was exchanged) by the end of
    # 15 November (UTC) of the year before it starts. Smaller notifiable activities missing
    # from the calendar are not findings: the text only asks that they be few.
    # Alert activities (flag "alert") cannot be forecast and are exempt.
    # Not verified: paragraph 61, its 15 November date and the 40,000 / 900 figures could not be
    # read in the VD11 text with the search tool (only its table of contents is stored).
    Background:
      Given the obligation covers "exercise" and "movement" activities of every party
      And only records inside the zone "zone-of-application" are covered
      And an activity is constrained when any of these is reached:
        | quantity     | more than |
        | troops       | 40000     |
        | battle_tanks | 900       |
      And an activity flagged "alert" is exempt
      Then a "calendar" for the same activity is due by 15 November of the year before it starts
      And an activity missing from the annual calendar is a "major" violation
      And escalation starts at "clarification"
      And the obligation is set out in "Vienna Document 2011, Chapter VII, paragraph 61, and Chapter VIII"

    Example: A large exercise in the calendar exchanged on 15 November
      Given these observations:
        | id | kind     | party | activity | time              | start      | troops |
        | c1 | calendar | HUN   | k1       | 2026-11-15T18:00Z |            |        |
        | x1 | exercise | HUN   | k1       | 2027-05-10        | 2027-05-10 | 41000  |
      When compliance is checked as of 2027-06-01
      Then there is no finding

    Example: A large exercise in a calendar exchanged on 16 November
      Given these observations:
        | id | kind     | party | activity | time       | start      | troops |
        | c1 | calendar | HUN   | k1       | 2026-11-16 |            |        |
        | x1 | exercise | HUN   | k1       | 2027-05-10 | 2027-05-10 | 41000  |
      When compliance is checked as of 2027-06-01
      Then there is a "major" violation of "vd11.annual-calendar" by "HUN" citing "x1" and "c1"

    Example: An exercise of 40,001 troops missing from the calendar
      Given these observations:
        | id | kind     | party | activity | time       | start      | troops |
        | x1 | exercise | ROU   | k1       | 2027-05-10 | 2027-05-10 | 40001  |
      When compliance is checked as of 2027-06-01
      Then there is a "major" violation of "vd11.annual-calendar" by "ROU" citing "x1"

    Example: An exercise of exactly 40,000 troops need not be in the calendar
      Given these observations:
        | id | kind     | party | activity | time       | start      | troops |
        | x1 | exercise | ROU   | k1       | 2027-05-10 | 2027-05-10 | 40000  |
      When compliance is checked as of 2027-06-01
      Then there is no finding

    Example: An exercise with 901 battle tanks missing from the calendar
      Given these observations:
        | id | kind     | party | activity | time       | start      | battle_tanks |
        | x1 | exercise | ROU   | k1       | 2027-05-10 | 2027-05-10 | 901          |
      When compliance is checked as of 2027-06-01
      Then there is a "major" violation of "vd11.annual-calendar" by "ROU" citing "x1"

    Example: An exercise with exactly 900 battle tanks need not be in the calendar
      Given these observations:
        | id | kind     | party | activity | time       | start      | battle_tanks |
        | x1 | exercise | ROU   | k1       | 2027-05-10 | 2027-05-10 | 900          |
      When compliance is checked as of 2027-06-01
      Then there is no finding

    Example: A notifiable exercise of 12,000 troops outside the calendar is no finding
      Given these observations:
        | id | kind     | party | activity | time       | start      | troops |
        | x1 | exercise | ROU   | k1       | 2027-05-10 | 2027-05-10 | 12000  |
      When compliance is checked as of 2027-06-01
      Then there is no finding

    Example: A large alert activity needs no calendar entry
      Given these observations:
        | id | kind     | party | activity | time       | start      | troops | flags |
        | x1 | exercise | ROU   | k1       | 2027-05-10 | 2027-05-10 | 45000  | alert |
      When compliance is checked as of 2027-06-01
      Then there is no finding

  Rule: vd11.constraint-large At most one activity above 40,000 troops or 900 battle tanks within three calendar years

    Paragraph 67.1: no participating State will carry out within three calendar years more than
    one military activity subject to prior notification involving more than 40,000 troops or
    900 battle tanks.

    # Reading taken on "within three calendar years": any three consecutive calendar years, so
    # an activity is over the limit when another such activity took place in its own calendar
    # year or in the two years before (a rolling window, the stricter of the possible readings;
    # fixed blocks of three years would let two activities fall in consecutive years across a
    # block boundary).
    # "More than" is strict: exactly 40,000 troops or exactly 900 battle tanks does not count.
    # Alert activities are counted: they too are subject to notification (paragraph 41.1).
    Background:
      Given the obligation covers "exercise" and "movement" activities of every party
      And only records inside the zone "zone-of-application" are covered
      And an activity counts as large when any of these is reached:
        | quantity     | more than |
        | troops       | 40000     |
        | battle_tanks | 900       |
      Then at most 1 such activity per party within 3 calendar years
      And a second large activity within three calendar years is a "major" violation
      And escalation starts at "clarification"
      And the obligation is set out in "Vienna Document 2011, Chapter VIII, paragraph 67.1"

    Example: Two activities of more than 40,000 troops two years apart
      Given these observations:
        | id | kind     | party | activity | time       | start      | troops |
        | x1 | exercise | RUS   | l1       | 2025-09-10 | 2025-09-10 | 40001  |
        | x2 | exercise | RUS   | l2       | 2027-09-10 | 2027-09-10 | 45000  |
      When compliance is checked as of 2027-12-31
      Then there is a "major" violation of "vd11.constraint-large" by "RUS" citing "x2" and "x1"

    Example: Two activities of more than 40,000 troops in calendar years three apart
      Given these observations:
        | id | kind     | party | activity | time       | start      | troops |
        | x1 | exercise | RUS   | l1       | 2025-12-31 | 2025-12-31 | 45000  |
        | x2 | exercise | RUS   | l2       | 2028-01-01 | 2028-01-01 | 45000  |
      When compliance is checked as of 2028-12-31
      Then there is no finding

    Example: Activities of exactly 40,000 troops do not count
      Given these observations:
        | id | kind     | party | activity | time       | start      | troops |
        | x1 | exercise | RUS   | l1       | 2026-05-10 | 2026-05-10 | 40000  |
        | x2 | exercise | RUS   | l2       | 2026-09-10 | 2026-09-10 | 40000  |
      When compliance is checked as of 2026-12-31
      Then there is no finding

    Example: A second activity with 901 battle tanks
      Given these observations:
        | id | kind     | party | activity | time       | start      | troops | battle_tanks |
        | x1 | exercise | BLR   | l1       | 2026-05-10 | 2026-05-10 | 20000  | 901          |
        | x2 | movement | BLR   | l2       | 2027-09-10 | 2027-09-10 | 20000  | 950          |
      When compliance is checked as of 2027-12-31
      Then there is a "major" violation of "vd11.constraint-large" by "BLR" citing "x2"

    Example: Activities with exactly 900 battle tanks do not count
      Given these observations:
        | id | kind     | party | activity | time       | start      | troops | battle_tanks |
        | x1 | exercise | BLR   | l1       | 2026-05-10 | 2026-05-10 | 20000  | 900          |
        | x2 | movement | BLR   | l2       | 2027-09-10 | 2027-09-10 | 20000  | 900          |
      When compliance is checked as of 2027-12-31
      Then there is no finding

  Rule: vd11.constraint-annual At most six activities above 13,000 troops or 300 battle tanks in a calendar year

    Paragraph 67.2: no participating State will carry out within a calendar year more than six
    military activities subject to prior notification involving more than 13,000 troops or 300
    battle tanks but not more than 40,000 troops or 900 battle tanks.

    # Reading taken: "more than 13,000 troops or 300 battle tanks but not more than 40,000
    # troops or 900 battle tanks" is any of the first pair, unless any of the second is passed:
    # activities above 40,000 troops or 900 tanks are limited by vd11.constraint-large instead.
    # The further sub-limit of Chapter VIII on the larger of these activities is not encoded.
    # Alert activities are counted, as in vd11.constraint-large.
    # "More than" is strict: exactly 13,000 troops or exactly 300 battle tanks does not count.
    Background:
      Given the obligation covers "exercise" and "movement" activities of every party
      And only records inside the zone "zone-of-application" are covered
      And an activity counts as constrained when any of these is reached:
        | quantity     | more than |
        | troops       | 13000     |
        | battle_tanks | 300       |
      And an activity is excluded when any of these is reached:
        | quantity     | more than |
        | troops       | 40000     |
        | battle_tanks | 900       |
      Then at most 6 such activities per party per calendar year
      And a seventh such activity in a calendar year is a "major" violation
      And escalation starts at "clarification"
      And the obligation is set out in "Vienna Document 2011, Chapter VIII, paragraph 67.2"

    Example: A seventh activity of more than 13,000 troops in one year
      Given these observations:
        | id | kind     | party | activity | time       | start      | troops |
        | x1 | exercise | RUS   | m1       | 2026-01-15 | 2026-01-15 | 13001  |
        | x2 | exercise | RUS   | m2       | 2026-02-15 | 2026-02-15 | 14000  |
        | x3 | exercise | RUS   | m3       | 2026-03-15 | 2026-03-15 | 15000  |
        | x4 | exercise | RUS   | m4       | 2026-04-15 | 2026-04-15 | 16000  |
        | x5 | exercise | RUS   | m5       | 2026-05-15 | 2026-05-15 | 17000  |
        | x6 | exercise | RUS   | m6       | 2026-06-15 | 2026-06-15 | 18000  |
        | x7 | exercise | RUS   | m7       | 2026-07-15 | 2026-07-15 | 19000  |
      When compliance is checked as of 2026-12-31
      Then there is a "major" violation of "vd11.constraint-annual" by "RUS" citing "x7"

    Example: An activity above 40,000 troops is not one of the six
      Given these observations:
        | id | kind     | party | activity | time       | start      | troops |
        | x1 | exercise | RUS   | m1       | 2026-01-15 | 2026-01-15 | 13001  |
        | x2 | exercise | RUS   | m2       | 2026-02-15 | 2026-02-15 | 14000  |
        | x3 | exercise | RUS   | m3       | 2026-03-15 | 2026-03-15 | 15000  |
        | x4 | exercise | RUS   | m4       | 2026-04-15 | 2026-04-15 | 16000  |
        | x5 | exercise | RUS   | m5       | 2026-05-15 | 2026-05-15 | 17000  |
        | x6 | exercise | RUS   | m6       | 2026-06-15 | 2026-06-15 | 40000  |
        | x7 | exercise | RUS   | m7       | 2026-07-15 | 2026-07-15 | 40001  |
      When compliance is checked as of 2026-12-31
      Then there is no finding

    Example: Six such activities a year, and the next in January, are within the limit
      Given these observations:
        | id | kind     | party | activity | time       | start      | troops |
        | x1 | exercise | RUS   | m1       | 2026-01-15 | 2026-01-15 | 13001  |
        | x2 | exercise | RUS   | m2       | 2026-02-15 | 2026-02-15 | 14000  |
        | x3 | exercise | RUS   | m3       | 2026-03-15 | 2026-03-15 | 15000  |
        | x4 | exercise | RUS   | m4       | 2026-04-15 | 2026-04-15 | 16000  |
        | x5 | exercise | RUS   | m5       | 2026-05-15 | 2026-05-15 | 17000  |
        | x6 | exercise | RUS   | m6       | 2026-12-31 | 2026-12-31 | 18000  |
        | x7 | exercise | RUS   | m7       | 2027-01-01 | 2027-01-01 | 19000  |
      When compliance is checked as of 2027-12-31
      Then there is no finding

    Example: An activity of exactly 13,000 troops is not counted
      Given these observations:
        | id | kind     | party | activity | time       | start      | troops |
        | x1 | exercise | RUS   | m1       | 2026-01-15 | 2026-01-15 | 13001  |
        | x2 | exercise | RUS   | m2       | 2026-02-15 | 2026-02-15 | 14000  |
        | x3 | exercise | RUS   | m3       | 2026-03-15 | 2026-03-15 | 15000  |
        | x4 | exercise | RUS   | m4       | 2026-04-15 | 2026-04-15 | 16000  |
        | x5 | exercise | RUS   | m5       | 2026-05-15 | 2026-05-15 | 17000  |
        | x6 | exercise | RUS   | m6       | 2026-06-15 | 2026-06-15 | 18000  |
        | x7 | exercise | RUS   | m7       | 2026-07-15 | 2026-07-15 | 13000  |
      When compliance is checked as of 2026-12-31
      Then there is no finding

    Example: A seventh activity with 301 battle tanks
      Given these observations:
        | id | kind     | party | activity | time       | start      | troops | battle_tanks |
        | x1 | exercise | TUR   | m1       | 2026-01-15 | 2026-01-15 | 5000   | 301          |
        | x2 | exercise | TUR   | m2       | 2026-02-15 | 2026-02-15 | 5000   | 310          |
        | x3 | exercise | TUR   | m3       | 2026-03-15 | 2026-03-15 | 5000   | 320          |
        | x4 | exercise | TUR   | m4       | 2026-04-15 | 2026-04-15 | 5000   | 330          |
        | x5 | exercise | TUR   | m5       | 2026-05-15 | 2026-05-15 | 5000   | 340          |
        | x6 | exercise | TUR   | m6       | 2026-06-15 | 2026-06-15 | 5000   | 350          |
        | x7 | movement | TUR   | m7       | 2026-07-15 | 2026-07-15 | 5000   | 301          |
      When compliance is checked as of 2026-12-31
      Then there is a "major" violation of "vd11.constraint-annual" by "TUR" citing "x7"

    Example: An activity with exactly 300 battle tanks is not counted
      Given these observations:
        | id | kind     | party | activity | time       | start      | troops | battle_tanks |
        | x1 | exercise | TUR   | m1       | 2026-01-15 | 2026-01-15 | 5000   | 301          |
        | x2 | exercise | TUR   | m2       | 2026-02-15 | 2026-02-15 | 5000   | 310          |
        | x3 | exercise | TUR   | m3       | 2026-03-15 | 2026-03-15 | 5000   | 320          |
        | x4 | exercise | TUR   | m4       | 2026-04-15 | 2026-04-15 | 5000   | 330          |
        | x5 | exercise | TUR   | m5       | 2026-05-15 | 2026-05-15 | 5000   | 340          |
        | x6 | exercise | TUR   | m6       | 2026-06-15 | 2026-06-15 | 5000   | 350          |
        | x7 | movement | TUR   | m7       | 2026-07-15 | 2026-07-15 | 5000   | 300          |
      When compliance is checked as of 2026-12-31
      Then there is no finding

    Example: An eighth activity is a second finding
      Given these observations:
        | id | kind     | party | activity | time       | start      | troops |
        | x1 | exercise | RUS   | m1       | 2026-01-15 | 2026-01-15 | 13001  |
        | x2 | exercise | RUS   | m2       | 2026-02-15 | 2026-02-15 | 14000  |
        | x3 | exercise | RUS   | m3       | 2026-03-15 | 2026-03-15 | 15000  |
        | x4 | exercise | RUS   | m4       | 2026-04-15 | 2026-04-15 | 16000  |
        | x5 | exercise | RUS   | m5       | 2026-05-15 | 2026-05-15 | 17000  |
        | x6 | exercise | RUS   | m6       | 2026-06-15 | 2026-06-15 | 18000  |
        | x7 | exercise | RUS   | m7       | 2026-07-15 | 2026-07-15 | 19000  |
        | x8 | exercise | RUS   | m8       | 2026-08-15 | 2026-08-15 | 20000  |
      When compliance is checked as of 2026-12-31
      Then there are 2 findings

  Rule: vd11.constraint-simultaneous At most three activities above 13,000 troops or 300 battle tanks carried out at the same time

    Chapter VIII (constraining provisions): no participating State will carry out
    simultaneously more than three military activities subject to prior notification
    involving more than 13,000 troops or 300 battle tanks.

    # Not verified: the words and the paragraph number of this provision (cited here as
    # paragraph 67.3, after 67.1 and 67.2 above). The stored copies of Vienna Document 2011
    # searched returned only its table of contents, not Chapter VIII; the thresholds are those
    # of vd11.constraint-annual, which the same chapter uses. Report to the lead for checking.
    # Reading taken: an activity runs from its start until the end reported for it (records
    # sharing an activity key are one activity), and is taken to be under way while no end is
    # reported, though a finding that rests on that is only a potential violation (the
    # activity may have ended unreported); an activity starting as another ends does not
    # overlap it. The fourth activity
    # under way at once is the finding, citing those under way with it. "More than" is strict.
    # Activities above 40,000 troops or 900 battle tanks count too: the text sets no upper bound.
    Background:
      Given the obligation covers "exercise" and "movement" activities of every party
      And an activity counts as constrained when any of these is reached:
        | quantity     | more than |
        | troops       | 13000     |
        | battle_tanks | 300       |
      Then at most 3 such activities of each party at the same time
      And a fourth such activity under way at the same time is a "major" violation
      And escalation starts at "clarification"
      And the obligation is set out in "Vienna Document 2011, Chapter VIII, paragraph 67.3"

    Example: Four activities of more than 13,000 troops under way at once
      Given these observations:
        | id | kind     | party | activity | time       | start      | end        | troops |
        | x1 | exercise | RUS   | s1       | 2026-09-01 | 2026-09-01 | 2026-09-20 | 14000  |
        | x2 | exercise | RUS   | s2       | 2026-09-05 | 2026-09-05 | 2026-09-20 | 15000  |
        | x3 | movement | RUS   | s3       | 2026-09-08 | 2026-09-08 | 2026-09-25 | 13001  |
        | x4 | exercise | RUS   | s4       | 2026-09-10 | 2026-09-10 | 2026-09-15 | 20000  |
      When compliance is checked as of 2026-12-31
      Then there is a "major" violation of "vd11.constraint-simultaneous" by "RUS" citing "x4", "x1", "x2" and "x3"

    Example: A fourth activity starting the day the first ends
      Given these observations:
        | id | kind     | party | activity | time       | start      | end        | troops |
        | x1 | exercise | RUS   | s1       | 2026-09-01 | 2026-09-01 | 2026-09-10 | 14000  |
        | x2 | exercise | RUS   | s2       | 2026-09-05 | 2026-09-05 | 2026-09-20 | 15000  |
        | x3 | movement | RUS   | s3       | 2026-09-08 | 2026-09-08 | 2026-09-25 | 13001  |
        | x4 | exercise | RUS   | s4       | 2026-09-10 | 2026-09-10 | 2026-09-15 | 20000  |
      When compliance is checked as of 2026-12-31
      Then there is no finding

    Example: One of four simultaneous activities has exactly 13,000 troops
      Given these observations:
        | id | kind     | party | activity | time       | start      | end        | troops |
        | x1 | exercise | RUS   | s1       | 2026-09-01 | 2026-09-01 | 2026-09-20 | 14000  |
        | x2 | exercise | RUS   | s2       | 2026-09-05 | 2026-09-05 | 2026-09-20 | 15000  |
        | x3 | movement | RUS   | s3       | 2026-09-08 | 2026-09-08 | 2026-09-25 | 13000  |
        | x4 | exercise | RUS   | s4       | 2026-09-10 | 2026-09-10 | 2026-09-15 | 20000  |
      When compliance is checked as of 2026-12-31
      Then there is no finding

    Example: A fourth activity with 301 battle tanks while three others are not reported ended
      Given these observations:
        | id | kind     | party | activity | time       | start      | troops | battle_tanks |
        | x1 | exercise | BLR   | s1       | 2026-09-01 | 2026-09-01 | 14000  |              |
        | x2 | exercise | BLR   | s2       | 2026-09-05 | 2026-09-05 | 15000  |              |
        | x3 | movement | BLR   | s3       | 2026-09-08 | 2026-09-08 | 5000   | 350          |
        | x4 | exercise | BLR   | s4       | 2026-09-10 | 2026-09-10 | 5000   | 301          |
      When compliance is checked as of 2026-09-30
      Then there is a "major" potential violation of "vd11.constraint-simultaneous" by "BLR" citing "x4", "x1", "x2" and "x3"

    Example: Three activities at once are within the limit
      Given these observations:
        | id | kind     | party | activity | time       | start      | troops |
        | x1 | exercise | BLR   | s1       | 2026-09-01 | 2026-09-01 | 14000  |
        | x2 | exercise | BLR   | s2       | 2026-09-05 | 2026-09-05 | 15000  |
        | x3 | movement | BLR   | s3       | 2026-09-08 | 2026-09-08 | 16000  |
      When compliance is checked as of 2026-09-30
      Then there is no finding
