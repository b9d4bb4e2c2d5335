@treaty:ballistic-missile-launch-notification
Feature: Ballistic Missile Launch Notification Agreement (1988): notice of ICBM and SLBM launches

  Rule: bmlna.launch-notice Every launch of an ICBM or SLBM is notified no less than 24 hours ahead, with its planned date, launch area and impact area

    Each Party provides the other, through the Nuclear Risk Reduction Centers, notification no
    less than twenty-four hours in advance of the planned date, launch area and area of impact
    of any launch of an intercontinental ballistic missile or a submarine-launched ballistic
    missile. For an SLBM the launch area is the ocean quadrant or the body of water of the
    launch; for every launch the impact area is given by geographic coordinates.

    # Reading taken on the records: a launch is a "missile_test" flagged "icbm" or "slbm"
    # (its `start` the moment of launch); its notice is the "notification" of the same party
    # with the same `activity`, whose `start` is the planned date of launch and whose
    # `launch_area` and `impact_area` (fields this pack declares) give the areas. The 24 hours
    # are counted back from the launch as observed.
    # Not expressed: a notified launch window (the planned date may be a window of days) and a
    # notice of a launch that was then cancelled, which the Agreement does not require.
    # Not verified: the article number. The FAS summary and the White House statement of
    # 31 May 1988 give the 24 hours, the three contents and the Centers, not the article.
    Background:
      Given the obligation covers "missile_test" tests of every party
      And only tests flagged "icbm" or "slbm" are covered
      Then a "notification" for the same activity is due 24 hours before it starts
      And the "notification" must give "start", "launch_area" and "impact_area"
      And a missing, late or incomplete launch notification is a "major" violation
      And escalation starts at "nrrc"
      And the obligation is set out in "Agreement of 31 May 1988 on Notifications of Launches of ICBMs and SLBMs"

    Example: An ICBM launch notified exactly 24 hours ahead
      Given these observations:
        | id | kind         | party | activity | time              | start             | launch_area          | impact_area       | flags |
        | n1 | notification | USA   | gt-1     | 2024-06-10T08:00Z | 2024-06-11T08:00Z | Vandenberg SFB, CA   | Kwajalein Atoll   |       |
        | l1 | missile_test | USA   | gt-1     | 2024-06-11T08:00Z | 2024-06-11T08:00Z |                      |                   | icbm  |
      When compliance is checked as of 2024-06-30
      Then there is no finding

    Example: An ICBM launch notified 23 hours 59 minutes ahead is late
      Given these observations:
        | id | kind         | party | activity | time              | start             | launch_area          | impact_area       | flags |
        | n1 | notification | USA   | gt-1     | 2024-06-10T08:01Z | 2024-06-11T08:00Z | Vandenberg SFB, CA   | Kwajalein Atoll   |       |
        | l1 | missile_test | USA   | gt-1     | 2024-06-11T08:00Z | 2024-06-11T08:00Z |                      |                   | icbm  |
      When compliance is checked as of 2024-06-30
      Then there is a "major" violation of "bmlna.launch-notice" by "USA" citing "l1" and "n1"

    Example: An SLBM launch never notified
      Given these observations:
        | id | kind         | party | activity | time              | start             | flags |
        | l1 | missile_test | RUS   | sl-7     | 2024-10-18T11:30Z | 2024-10-18T11:30Z | slbm  |
      When compliance is checked as of 2024-10-31
      Then there is a "major" violation of "bmlna.launch-notice" by "RUS" citing "l1"

    Example: A launch of a missile that is neither an ICBM nor an SLBM is not covered
      Given these observations:
        | id | kind         | party | activity | time              | start             | flags |
        | l1 | missile_test | RUS   | cr-2     | 2024-10-18T11:30Z | 2024-10-18T11:30Z | cruise |
      When compliance is checked as of 2024-10-31
      Then there is no finding

    Example: A notification on time that gives no impact area is incomplete
      Given these observations:
        | id | kind         | party | activity | time              | start             | launch_area        | flags |
        | n1 | notification | RUS   | ys-3     | 2024-10-16T09:00Z | 2024-10-18T09:00Z | Plesetsk           |       |
        | l1 | missile_test | RUS   | ys-3     | 2024-10-18T09:00Z | 2024-10-18T09:00Z |                    | icbm  |
      When compliance is checked as of 2024-10-31
      Then there is a "major" violation of "bmlna.launch-notice" by "RUS" citing "l1" and "n1"

    Example: A notification that gives its planned date, launch area and impact area is complete
      Given these observations:
        | id | kind         | party | activity | time              | start             | launch_area        | impact_area              | flags |
        | n1 | notification | RUS   | ys-3     | 2024-10-16T09:00Z | 2024-10-18T09:00Z | Plesetsk           | Kura test range          |       |
        | l1 | missile_test | RUS   | ys-3     | 2024-10-18T09:00Z | 2024-10-18T09:00Z |                    |                          | icbm  |
      When compliance is checked as of 2024-10-31
      Then there is no finding

    Example: A late notification without its planned date is both late and incomplete
      Given these observations:
        | id | kind         | party | activity | time              | launch_area   | impact_area          | flags |
        | n1 | notification | USA   | tr-5     | 2024-03-01T20:00Z | Pacific Ocean | Pacific test range   |       |
        | l1 | missile_test | USA   | tr-5     | 2024-03-02T08:00Z |               |                      | slbm  |
      When compliance is checked as of 2024-03-31
      Then there are 2 findings
