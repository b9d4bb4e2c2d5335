@treaty:open-skies
Feature: Open Skies, Article VI: the 96-hour period of an observation flight

  Rule: openskies.flight-duration An observation flight is completed within 96 hours of the observing Party's arrival at the point of entry

    Article VI, Section I, paragraph 9 sets a period of 96 hours for the conduct of an
    observation flight: Article VI, Section I, paragraph 3 refers to "the 96-hour period
    specified in paragraph 9 of this section", and Annex F to "the period of 96 hours allowed
    for the conduct of the observation flight, pursuant to Article VI, Section I, paragraph 9".

    # Verified: the 96 hours and the paragraph they are set in (the two references above).
    # Not verified: the words of paragraph 9 itself, which the stored copies of the Treaty
    # searched did not return. Reading taken: the 96 hours run from the observing Party's
    # arrival at the point of entry (the flight's `start`) to the completion of the
    # observation flight (its `end`), and a departure agreed between the Parties, which the
    # Treaty may allow, is not modelled.
    # A flight with no end reported once the 96 hours have passed is a finding; before then it
    # is pending. The Party in breach is the observing Party (`party`); the observed Party is
    # the `counterparty`.
    Background:
      Given the obligation covers "flight" flights of every party
      Then such a flight is completed within 96 hours of its start
      And an observation flight not completed within 96 hours is a "minor" violation
      And escalation starts at "clarification"
      And the obligation is set out in "Treaty on Open Skies, Article VI, Section I, paragraph 9 (the 96-hour period)"

    Example: A flight completed exactly 96 hours after arrival
      Given these observations:
        | id | kind   | party | counterparty | activity | time              | start             | end               |
        | a1 | flight | DEU   | RUS          | os-1     | 2019-06-03T08:00Z | 2019-06-03T08:00Z |                   |
        | c1 | flight | DEU   | RUS          | os-1     | 2019-06-07T08:00Z |                   | 2019-06-07T08:00Z |
      When compliance is checked as of 2019-06-30
      Then there is no finding

    Example: A flight completed 96 hours and one minute after arrival
      Given these observations:
        | id | kind   | party | counterparty | activity | time              | start             | end               |
        | a1 | flight | DEU   | RUS          | os-1     | 2019-06-03T08:00Z | 2019-06-03T08:00Z |                   |
        | c1 | flight | DEU   | RUS          | os-1     | 2019-06-07T08:01Z |                   | 2019-06-07T08:01Z |
      When compliance is checked as of 2019-06-30
      Then there is a "minor" violation of "openskies.flight-duration" by "DEU" citing "a1" and "c1"

    Example: A flight not reported completed once the 96 hours have passed
      Given these observations:
        | id | kind   | party | counterparty | activity | time              | start             |
        | a1 | flight | RUS   | DEU          | os-2     | 2019-09-09T10:00Z | 2019-09-09T10:00Z |
      When compliance is checked as of 2019-09-13T10:01Z
      Then there is a "minor" violation of "openskies.flight-duration" by "RUS" citing "a1"

    Example: A flight not yet completed within its 96 hours is pending
      Given these observations:
        | id | kind   | party | counterparty | activity | time              | start             |
        | a1 | flight | RUS   | DEU          | os-2     | 2019-09-09T10:00Z | 2019-09-09T10:00Z |
      When compliance is checked as of 2019-09-13T09:59Z
      Then there is a "minor" pending finding of "openskies.flight-duration" by "RUS" citing "a1"

    Example: A flight reported once, after the fact, with both its arrival and completion
      Given these observations:
        | id | kind   | party | counterparty | activity | time              | start             | end               |
        | f1 | flight | FRA   | UKR          | os-3     | 2019-10-05T07:00Z | 2019-10-01T08:00Z | 2019-10-05T07:00Z |
      When compliance is checked as of 2019-10-31
      Then there is no finding

    Example: A flight after the United States' withdrawal took effect is no finding
      Given these observations:
        | id | kind   | party | counterparty | activity | time              | start             |
        | a1 | flight | USA   | RUS          | os-4     | 2020-11-20T08:00Z | 2020-11-20T08:00Z |
      When compliance is checked as of 2020-12-31
      Then there is no finding

  Rule: openskies.one-flight-at-a-time An observed Party is not obliged to accept more than one observation flight at any one time

    Article VI, Section I, paragraph 3: no State Party shall be obliged to accept more than one
    observation flight at any one time during the 96-hour period specified in paragraph 9,
    unless that State Party has requested a demonstration flight pursuant to Annex F; in that
    case the observed Party shall be obliged to accept an overlap of up to 24 hours.

    # Verified: paragraph 3's wording above. Reading taken: the text gives the observed Party a
    # right to refuse a second flight, not a duty to others; the finding is against the
    # observing Party whose flight began while another was under way over the same observed
    # Party (the flight the observed Party was not obliged to accept). A flight is under way
    # from its arrival at the point of entry to its reported completion (not to the end of its
    # 96 hours), and one that arrives as another is completed does not overlap it. A flight
    # with no completion reported is taken to be under way still; an overlap with it is only a
    # potential violation (it may have been completed unreported).
    # A second flight the observed Party accepted is flagged "accepted" and exempt.
    # Vocabulary gap: the demonstration-flight case (an overlap of up to 24 hours that the
    # observed Party must accept) cannot be stated; such a flight is flagged "accepted" too,
    # so an overlap beyond the 24 hours goes unreported.
    Background:
      Given the obligation covers "flight" flights of every party
      And a flight flagged "accepted" is exempt
      Then at most 1 such flight over each addressed party at the same time
      And a second observation flight at the same time over an observed Party is a "minor" violation
      And escalation starts at "clarification"
      And the obligation is set out in "Treaty on Open Skies, Article VI, Section I, paragraph 3"

    Example: A second flight over the same observed Party overlaps the first by an hour
      Given these observations:
        | id | kind   | party | counterparty | activity | time              | start             | end               |
        | f1 | flight | DEU   | RUS          | os-1     | 2019-06-03T08:00Z | 2019-06-03T08:00Z |                   |
        | f2 | flight | FRA   | RUS          | os-2     | 2019-06-05T11:00Z | 2019-06-05T11:00Z |                   |
        | e1 | flight | DEU   | RUS          | os-1     | 2019-06-05T12:00Z |                   | 2019-06-05T12:00Z |
        | e2 | flight | FRA   | RUS          | os-2     | 2019-06-08T09:00Z |                   | 2019-06-08T09:00Z |
      When compliance is checked as of 2019-06-30
      Then there is a "minor" violation of "openskies.one-flight-at-a-time" by "FRA" citing "f2" and "f1"

    Example: A second flight arriving as the first is completed
      Given these observations:
        | id | kind   | party | counterparty | activity | time              | start             | end               |
        | f1 | flight | DEU   | RUS          | os-1     | 2019-06-03T08:00Z | 2019-06-03T08:00Z |                   |
        | e1 | flight | DEU   | RUS          | os-1     | 2019-06-05T12:00Z |                   | 2019-06-05T12:00Z |
        | f2 | flight | FRA   | RUS          | os-2     | 2019-06-05T12:00Z | 2019-06-05T12:00Z |                   |
        | e2 | flight | FRA   | RUS          | os-2     | 2019-06-08T09:00Z |                   | 2019-06-08T09:00Z |
      When compliance is checked as of 2019-06-30
      Then there is no finding

    Example: Two flights at the same time over different observed Parties
      Given these observations:
        | id | kind   | party | counterparty | activity | time              | start             | end               |
        | f1 | flight | DEU   | RUS          | os-1     | 2019-06-03T08:00Z | 2019-06-03T08:00Z |                   |
        | f2 | flight | FRA   | UKR          | os-2     | 2019-06-04T11:00Z | 2019-06-04T11:00Z |                   |
        | e1 | flight | DEU   | RUS          | os-1     | 2019-06-05T12:00Z |                   | 2019-06-05T12:00Z |
        | e2 | flight | FRA   | UKR          | os-2     | 2019-06-06T09:00Z |                   | 2019-06-06T09:00Z |
      When compliance is checked as of 2019-06-30
      Then there is no finding

    Example: A second flight the observed Party accepted
      Given these observations:
        | id | kind   | party | counterparty | activity | time              | start             | end               | flags    |
        | f1 | flight | DEU   | RUS          | os-1     | 2019-06-03T08:00Z | 2019-06-03T08:00Z |                   |          |
        | f2 | flight | FRA   | RUS          | os-2     | 2019-06-04T11:00Z | 2019-06-04T11:00Z |                   | accepted |
        | e1 | flight | DEU   | RUS          | os-1     | 2019-06-05T12:00Z |                   | 2019-06-05T12:00Z |          |
        | e2 | flight | FRA   | RUS          | os-2     | 2019-06-06T09:00Z |                   | 2019-06-06T09:00Z | accepted |
      When compliance is checked as of 2019-06-30
      Then there is no finding

    Example: A second flight while the first is not reported completed is a potential violation
      Given these observations:
        | id | kind   | party | counterparty | activity | time              | start             |
        | f1 | flight | POL   | BLR          | os-5     | 2019-08-12T09:00Z | 2019-08-12T09:00Z |
        | f2 | flight | GBR   | BLR          | os-6     | 2019-08-13T10:00Z | 2019-08-13T10:00Z |
      When compliance is checked as of 2019-08-14
      Then there is a "minor" potential violation of "openskies.one-flight-at-a-time" by "GBR" citing "f2" and "f1"
