@treaty:new-start
Feature: New START, Article VII and Protocol Part Four: the six-monthly exchange of data

  # The sessions of the Bilateral Consultative Commission (Article XII and Protocol Part Six),
  # at least two each year, are newstart.bcc-sessions (consultative-commission.feature).

  Rule: newstart.data-exchange Each Party updates its data within 30 days after each six-month period

    Part Four of the Protocol, Section II, paragraph 2: notification, to be provided no later
    than 30 days after the expiration of each six-month period following the entry into force
    of the Treaty, providing updated data for each category of data contained in Part Two.
    The first of these six-month periods begins on the first day of the calendar month
    following the month of entry into force (5 February 2011): 1 March 2011. The periods run
    from 1 March and from 1 September; the updates are due by 30 September and by 30 (or 29,
    or 31) March, as the 30 days after the end of February fall.

    # Reading taken: a "data_exchange" record is one Party's six-monthly notification of updated
    # data, its "time" the moment it was received (Part Four, Section I, paragraph 2: the date
    # of provision is the date of receipt). The update for a period is the Party's first one
    # after the previous period's update was due; a later one is late, and stands as the next
    # period's too. Periods are judged from the first whose due moment is at or after the first
    # update the feed holds. In March 2023, after Russia declared its suspension, neither Party
    # provided the update due at the end of that month: both are findings, Russia's with the
    # note of its suspension. From the start of a period until its update is due, a Party
    # yet to send it has a pending finding: the next period's update is always pending.
    Background:
      Given the obligation covers "data_exchange" records of every party
      Then a "data_exchange" from each party is due within 30 days after the end of each 6-month period beginning 1 March
      And a missing or late six-monthly update of data is a "major" violation
      And escalation starts at "nrrc"
      And the obligation is set out in "New START Protocol, Part Four, Section II, paragraph 2"

    Example: Both Parties update their data on the last day of the 30
      Given these observations:
        | id | kind          | party | time              |
        | d1 | data_exchange | USA   | 2022-09-29T12:00Z |
        | d2 | data_exchange | RUS   | 2022-09-30T23:59Z |
      When compliance is checked as of 2022-09-30T23:59:59Z
      Then there is no finding

    Example: An update received the day after the 30 days is late
      Given these observations:
        | id | kind          | party | time              |
        | d1 | data_exchange | USA   | 2022-09-29T12:00Z |
        | d2 | data_exchange | RUS   | 2022-10-01T00:00Z |
      When compliance is checked as of 2022-10-31
      Then there is a "major" violation of "newstart.data-exchange" by "RUS" citing "d2"
      And there is a "major" pending finding of "newstart.data-exchange" by "USA" citing "d1"
      And there are 2 findings

    Example: Neither Party updates its data in March 2023
      Given these observations:
        | id | kind          | party | time              |
        | d1 | data_exchange | USA   | 2022-09-29T12:00Z |
        | d2 | data_exchange | RUS   | 2022-09-30T09:00Z |
      When compliance is checked as of 2023-04-30
      Then there is a "major" violation of "newstart.data-exchange" by "RUS" citing "d2"
      And there is a "major" violation of "newstart.data-exchange" by "USA" citing "d1"
      And there are 4 findings

    Example: An update still within its 30 days is pending
      Given these observations:
        | id | kind          | party | time              |
        | d1 | data_exchange | USA   | 2022-09-29T12:00Z |
        | d2 | data_exchange | RUS   | 2022-09-30T09:00Z |
        | d3 | data_exchange | USA   | 2023-03-20T10:00Z |
      When compliance is checked as of 2023-03-25
      Then there is a "major" pending finding of "newstart.data-exchange" by "RUS" citing "d2"
      And there are 1 findings
