@treaty:new-start
Feature: New START, Article XII and Protocol Part Six: the sessions of the Bilateral Consultative Commission

  Rule: newstart.bcc-sessions The Bilateral Consultative Commission meets at least twice each year

    Article XII establishes the Bilateral Consultative Commission; Part Six of the Protocol sets
    out its procedures. The U.S. Department of State's public description of the Treaty
    (March 2011): the BCC "is required to meet at least twice each year", unless the Parties
    agree otherwise.

    # The text of Protocol Part Six could not be retrieved to check it: this rule rests on the
    # State Department's description alone, not on the Treaty's words.
    # Reading taken: "each year" is each calendar year (the description does not say treaty
    # year). A "bcc_session" record is one session held, recorded by either Party with the
    # other as counterparty (one record a session, not one from each delegation), its "time"
    # the session's opening. A session is joint: the sessions of both Parties are counted
    # together, and a year with fewer than two is a finding against each Party, both citing
    # the same sessions (the Treaty does not say whose the shortfall is). A year is judged
    # once it has ended; while it runs with fewer than two, both Parties have a pending
    # finding. No later session makes up a year's. A session postponed (Cairo, 29 November
    # 2022, postponed by Russia the day before) is not a session held. The Parties' agreement
    # to meet less often is not modelled: such a year is a finding to be read against it.
    Background:
      Given the obligation covers "bcc_session" records of every party
      Then at least 2 "bcc_session" records from the parties together are due in each calendar year
      And a year with fewer than two sessions of the Commission is a "minor" violation
      And escalation starts at "diplomatic-note"
      And the obligation is set out in "New START Article XII and Protocol, Part Six"

    Example: Two sessions in a year
      Given these observations:
        | id | kind        | party | counterparty | time              |
        | b1 | bcc_session | USA   | RUS          | 2021-04-12T09:00Z |
        | b2 | bcc_session | RUS   | USA          | 2021-10-05T09:00Z |
      When compliance is checked as of 2021-12-31T23:59:59Z
      Then there is no finding

    Example: One session in a year
      Given these observations:
        | id | kind        | party | counterparty | time              |
        | b1 | bcc_session | USA   | RUS          | 2021-04-12T09:00Z |
        | b2 | bcc_session | RUS   | USA          | 2021-10-05T09:00Z |
        | b3 | bcc_session | USA   | RUS          | 2022-03-14T09:00Z |
      When compliance is checked as of 2022-12-31T23:59:59Z
      Then there is a "minor" violation of "newstart.bcc-sessions" by "RUS" citing "b3"
      And there is a "minor" violation of "newstart.bcc-sessions" by "USA" citing "b3"
      And there are 2 findings

    Example: A year with one session so far is pending
      Given these observations:
        | id | kind        | party | counterparty | time              |
        | b1 | bcc_session | USA   | RUS          | 2021-04-12T09:00Z |
        | b2 | bcc_session | RUS   | USA          | 2021-10-05T09:00Z |
        | b3 | bcc_session | USA   | RUS          | 2022-03-14T09:00Z |
      When compliance is checked as of 2022-11-30
      Then there is a "minor" pending finding of "newstart.bcc-sessions" by "RUS" citing "b3"
      And there is a "minor" pending finding of "newstart.bcc-sessions" by "USA" citing "b3"
      And there are 2 findings
