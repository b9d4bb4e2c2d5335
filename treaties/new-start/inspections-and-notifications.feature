@treaty:new-start
Feature: New START, Article VII and Article XI: notifications and on-site inspections

  Rule: newstart.inspection A Party may not refuse an inspection within the annual quota of eighteen

    Article XI and Part Five of the Protocol: each Party has the right to conduct up to
    eighteen inspections each year, ten Type One inspections (at ICBM bases, submarine bases
    and air bases) and eight Type Two inspections. The inspected Party has no right to refuse
    an inspection within that number.

    # Reading taken on the quota year: the Treaty counts inspections per year from the date of
    # entry into force, 5 February 2011, so each quota year runs from 5 February to 4 February
    # (a request of 20 January 2020 counts with the year that began on 5 February 2019).
    # The figures (18 a year: 10 Type One, 8 Type Two) are as this rule has always cited them;
    # the State Department's public statements confirm "up to 18 annually", but the text of
    # Part Five (Section VI) giving the split could not be retrieved to check it in this pass.
    # Each request counts against the total and, where flagged "type-one" or "type-two",
    # against that type's own quota; a request beyond either may be refused.
    # An "inspection_request" is the inspecting Party's notification of its intent to inspect;
    # a refusal is an "inspection_reply" flagged "refused" from the Party to be inspected.
    Background:
      Given the obligation covers "inspection_request" requests of every party
      And a party must accept 18 requests per treaty year beginning 5 February
      And of these, at most 10 requests flagged "type-one"
      And of these, at most 8 requests flagged "type-two"
      Then an "inspection_reply" flagged "refused" to a request within quota is a breach
      And a refusal of an inspection within the quota is a "major" violation
      And escalation starts at "bcc"
      And the obligation is set out in "New START, Article XI and Protocol Part Five (18 inspections a year: 10 Type One, 8 Type Two)"

    Example: Refusing the eighteenth inspection of the treaty year
      Given these observations:
        | id  | kind               | party | counterparty | time       | refers_to | flags    |
        | q1  | inspection_request | USA   | RUS          | 2019-02-05 |           |          |
        | q2  | inspection_request | USA   | RUS          | 2019-02-19 |           |          |
        | q3  | inspection_request | USA   | RUS          | 2019-03-05 |           |          |
        | q4  | inspection_request | USA   | RUS          | 2019-03-19 |           |          |
        | q5  | inspection_request | USA   | RUS          | 2019-04-02 |           |          |
        | q6  | inspection_request | USA   | RUS          | 2019-04-16 |           |          |
        | q7  | inspection_request | USA   | RUS          | 2019-04-30 |           |          |
        | q8  | inspection_request | USA   | RUS          | 2019-05-14 |           |          |
        | q9  | inspection_request | USA   | RUS          | 2019-05-28 |           |          |
        | q10 | inspection_request | USA   | RUS          | 2019-06-11 |           |          |
        | q11 | inspection_request | USA   | RUS          | 2019-06-25 |           |          |
        | q12 | inspection_request | USA   | RUS          | 2019-07-09 |           |          |
        | q13 | inspection_request | USA   | RUS          | 2019-07-23 |           |          |
        | q14 | inspection_request | USA   | RUS          | 2019-08-06 |           |          |
        | q15 | inspection_request | USA   | RUS          | 2019-08-20 |           |          |
        | q16 | inspection_request | USA   | RUS          | 2019-09-03 |           |          |
        | q17 | inspection_request | USA   | RUS          | 2019-09-17 |           |          |
        | q18 | inspection_request | USA   | RUS          | 2019-10-01 |           |          |
        | r18 | inspection_reply   | RUS   | USA          | 2019-10-01 | q18       | refused  |
      When compliance is checked as of 2020-03-31
      Then there is a "major" violation of "newstart.inspection" by "RUS" citing "q18" and "r18"

    Example: Refusing a nineteenth inspection in the same treaty year
      Given these observations:
        | id  | kind               | party | counterparty | time       | refers_to | flags    |
        | q1  | inspection_request | USA   | RUS          | 2019-02-05 |           |          |
        | q2  | inspection_request | USA   | RUS          | 2019-02-19 |           |          |
        | q3  | inspection_request | USA   | RUS          | 2019-03-05 |           |          |
        | q4  | inspection_request | USA   | RUS          | 2019-03-19 |           |          |
        | q5  | inspection_request | USA   | RUS          | 2019-04-02 |           |          |
        | q6  | inspection_request | USA   | RUS          | 2019-04-16 |           |          |
        | q7  | inspection_request | USA   | RUS          | 2019-04-30 |           |          |
        | q8  | inspection_request | USA   | RUS          | 2019-05-14 |           |          |
        | q9  | inspection_request | USA   | RUS          | 2019-05-28 |           |          |
        | q10 | inspection_request | USA   | RUS          | 2019-06-11 |           |          |
        | q11 | inspection_request | USA   | RUS          | 2019-06-25 |           |          |
        | q12 | inspection_request | USA   | RUS          | 2019-07-09 |           |          |
        | q13 | inspection_request | USA   | RUS          | 2019-07-23 |           |          |
        | q14 | inspection_request | USA   | RUS          | 2019-08-06 |           |          |
        | q15 | inspection_request | USA   | RUS          | 2019-08-20 |           |          |
        | q16 | inspection_request | USA   | RUS          | 2019-09-03 |           |          |
        | q17 | inspection_request | USA   | RUS          | 2019-09-17 |           |          |
        | q18 | inspection_request | USA   | RUS          | 2019-10-01 |           |          |
        | q19 | inspection_request | USA   | RUS          | 2019-10-15 |           |          |
        | r19 | inspection_reply   | RUS   | USA          | 2019-10-15 | q19       | refused  |
      When compliance is checked as of 2020-03-31
      Then there is no finding

    Example: A request of 4 February still counts with the treaty year then ending
      Given these observations:
        | id  | kind               | party | counterparty | time       | refers_to | flags    |
        | q1  | inspection_request | USA   | RUS          | 2019-02-05 |           |          |
        | q2  | inspection_request | USA   | RUS          | 2019-02-19 |           |          |
        | q3  | inspection_request | USA   | RUS          | 2019-03-05 |           |          |
        | q4  | inspection_request | USA   | RUS          | 2019-03-19 |           |          |
        | q5  | inspection_request | USA   | RUS          | 2019-04-02 |           |          |
        | q6  | inspection_request | USA   | RUS          | 2019-04-16 |           |          |
        | q7  | inspection_request | USA   | RUS          | 2019-04-30 |           |          |
        | q8  | inspection_request | USA   | RUS          | 2019-05-14 |           |          |
        | q9  | inspection_request | USA   | RUS          | 2019-05-28 |           |          |
        | q10 | inspection_request | USA   | RUS          | 2019-06-11 |           |          |
        | q11 | inspection_request | USA   | RUS          | 2019-06-25 |           |          |
        | q12 | inspection_request | USA   | RUS          | 2019-07-09 |           |          |
        | q13 | inspection_request | USA   | RUS          | 2019-07-23 |           |          |
        | q14 | inspection_request | USA   | RUS          | 2019-08-06 |           |          |
        | q15 | inspection_request | USA   | RUS          | 2019-08-20 |           |          |
        | q16 | inspection_request | USA   | RUS          | 2019-09-03 |           |          |
        | q17 | inspection_request | USA   | RUS          | 2019-09-17 |           |          |
        | q18 | inspection_request | USA   | RUS          | 2019-10-01 |           |          |
        | q19 | inspection_request | USA   | RUS          | 2020-02-04 |           |          |
        | r19 | inspection_reply   | RUS   | USA          | 2020-02-04 | q19       | refused  |
      When compliance is checked as of 2020-03-31
      Then there is no finding

    Example: A request of 5 February opens a new treaty year
      Given these observations:
        | id  | kind               | party | counterparty | time       | refers_to | flags    |
        | q1  | inspection_request | USA   | RUS          | 2019-02-05 |           |          |
        | q2  | inspection_request | USA   | RUS          | 2019-02-19 |           |          |
        | q3  | inspection_request | USA   | RUS          | 2019-03-05 |           |          |
        | q4  | inspection_request | USA   | RUS          | 2019-03-19 |           |          |
        | q5  | inspection_request | USA   | RUS          | 2019-04-02 |           |          |
        | q6  | inspection_request | USA   | RUS          | 2019-04-16 |           |          |
        | q7  | inspection_request | USA   | RUS          | 2019-04-30 |           |          |
        | q8  | inspection_request | USA   | RUS          | 2019-05-14 |           |          |
        | q9  | inspection_request | USA   | RUS          | 2019-05-28 |           |          |
        | q10 | inspection_request | USA   | RUS          | 2019-06-11 |           |          |
        | q11 | inspection_request | USA   | RUS          | 2019-06-25 |           |          |
        | q12 | inspection_request | USA   | RUS          | 2019-07-09 |           |          |
        | q13 | inspection_request | USA   | RUS          | 2019-07-23 |           |          |
        | q14 | inspection_request | USA   | RUS          | 2019-08-06 |           |          |
        | q15 | inspection_request | USA   | RUS          | 2019-08-20 |           |          |
        | q16 | inspection_request | USA   | RUS          | 2019-09-03 |           |          |
        | q17 | inspection_request | USA   | RUS          | 2019-09-17 |           |          |
        | q18 | inspection_request | USA   | RUS          | 2019-10-01 |           |          |
        | q19 | inspection_request | USA   | RUS          | 2020-02-05 |           |          |
        | r19 | inspection_reply   | RUS   | USA          | 2020-02-05 | q19       | refused  |
      When compliance is checked as of 2020-03-31
      Then there is a "major" violation of "newstart.inspection" by "RUS" citing "q19" and "r19"

    Example: Refusing the tenth Type One inspection of the treaty year
      Given these observations:
        | id  | kind               | party | counterparty | time       | refers_to | flags    |
        | q1  | inspection_request | USA   | RUS          | 2019-02-05 |           | type-one |
        | q2  | inspection_request | USA   | RUS          | 2019-02-19 |           | type-one |
        | q3  | inspection_request | USA   | RUS          | 2019-03-05 |           | type-one |
        | q4  | inspection_request | USA   | RUS          | 2019-03-19 |           | type-one |
        | q5  | inspection_request | USA   | RUS          | 2019-04-02 |           | type-one |
        | q6  | inspection_request | USA   | RUS          | 2019-04-16 |           | type-one |
        | q7  | inspection_request | USA   | RUS          | 2019-04-30 |           | type-one |
        | q8  | inspection_request | USA   | RUS          | 2019-05-14 |           | type-one |
        | q9  | inspection_request | USA   | RUS          | 2019-05-28 |           | type-one |
        | q10 | inspection_request | USA   | RUS          | 2019-06-11 |           | type-one |
        | r10 | inspection_reply   | RUS   | USA          | 2019-06-11 | q10       | refused  |
      When compliance is checked as of 2019-12-31
      Then there is a "major" violation of "newstart.inspection" by "RUS" citing "q10" and "r10"

    Example: An eleventh Type One inspection may be refused though the total is within eighteen
      Given these observations:
        | id  | kind               | party | counterparty | time       | refers_to | flags    |
        | q1  | inspection_request | USA   | RUS          | 2019-02-05 |           | type-one |
        | q2  | inspection_request | USA   | RUS          | 2019-02-19 |           | type-one |
        | q3  | inspection_request | USA   | RUS          | 2019-03-05 |           | type-one |
        | q4  | inspection_request | USA   | RUS          | 2019-03-19 |           | type-one |
        | q5  | inspection_request | USA   | RUS          | 2019-04-02 |           | type-one |
        | q6  | inspection_request | USA   | RUS          | 2019-04-16 |           | type-one |
        | q7  | inspection_request | USA   | RUS          | 2019-04-30 |           | type-one |
        | q8  | inspection_request | USA   | RUS          | 2019-05-14 |           | type-one |
        | q9  | inspection_request | USA   | RUS          | 2019-05-28 |           | type-one |
        | q10 | inspection_request | USA   | RUS          | 2019-06-11 |           | type-one |
        | q11 | inspection_request | USA   | RUS          | 2019-06-25 |           | type-one |
        | r11 | inspection_reply   | RUS   | USA          | 2019-06-25 | q11       | refused  |
      When compliance is checked as of 2019-12-31
      Then there is no finding

    Example: A Type Two inspection after ten Type One is still within its own quota of eight
      Given these observations:
        | id  | kind               | party | counterparty | time       | refers_to | flags    |
        | q1  | inspection_request | USA   | RUS          | 2019-02-05 |           | type-one |
        | q2  | inspection_request | USA   | RUS          | 2019-02-19 |           | type-one |
        | q3  | inspection_request | USA   | RUS          | 2019-03-05 |           | type-one |
        | q4  | inspection_request | USA   | RUS          | 2019-03-19 |           | type-one |
        | q5  | inspection_request | USA   | RUS          | 2019-04-02 |           | type-one |
        | q6  | inspection_request | USA   | RUS          | 2019-04-16 |           | type-one |
        | q7  | inspection_request | USA   | RUS          | 2019-04-30 |           | type-one |
        | q8  | inspection_request | USA   | RUS          | 2019-05-14 |           | type-one |
        | q9  | inspection_request | USA   | RUS          | 2019-05-28 |           | type-one |
        | q10 | inspection_request | USA   | RUS          | 2019-06-11 |           | type-one |
        | q11 | inspection_request | USA   | RUS          | 2019-06-25 |           | type-two |
        | r11 | inspection_reply   | RUS   | USA          | 2019-06-25 | q11       | refused  |
      When compliance is checked as of 2019-12-31
      Then there is a "major" violation of "newstart.inspection" by "RUS" citing "q11" and "r11"

    Example: Refusing the first inspection of the year
      Given these observations:
        | id | kind               | party | counterparty | time       | refers_to | flags   |
        | q1 | inspection_request | RUS   | USA          | 2022-03-01 |           |         |
        | r1 | inspection_reply   | USA   | RUS          | 2022-03-01 | q1        | refused |
      When compliance is checked as of 2022-12-31
      Then there is a "major" violation of "newstart.inspection" by "USA" citing "q1" and "r1"

    Example: A refusal during Russia's declared suspension is still reported
      Given these observations:
        | id | kind               | party | counterparty | time       | refers_to | flags   |
        | q1 | inspection_request | USA   | RUS          | 2023-08-01 |           |         |
        | r1 | inspection_reply   | RUS   | USA          | 2023-08-02 | q1        | refused |
      When compliance is checked as of 2023-12-31
      Then there is a "major" violation of "newstart.inspection" by "RUS" citing "q1" and "r1"

    Example: A refusal after the Treaty ended
      Given these observations:
        | id | kind               | party | counterparty | time       | refers_to | flags   |
        | q1 | inspection_request | USA   | RUS          | 2026-03-01 |           |         |
        | r1 | inspection_reply   | RUS   | USA          | 2026-03-02 | q1        | refused |
      When compliance is checked as of 2026-12-31
      Then there is no finding

  Rule: newstart.notification A change in data is notified no later than five days after it occurs

    Part Four of the Protocol, Section II, paragraph 3: notification, to be provided no later
    than five days after it occurs, of each change in data for each category of data contained
    in Part Two of the Protocol (unless notified under another provision of Part Four; changes
    in data on warheads are notified only in the six-monthly update of paragraph 2).

    # Which notification, and how it is written: the vocabulary expresses a notice due before an
    # activity starts ("due N days before it starts") or an answer due after a request ("due
    # within N hours of the request"), but not a notice due N days after the notifying Party's
    # own act. The five-day rule is therefore written as an answer owed after an event:
    # a "data_change" record is a change in data of the Party named as its "counterparty"
    # (an item lost, converted, eliminated, relocated, ...), reported by the other Party as
    # "party", with "time" the moment the change occurred; the counterparty owes a
    # "notification" within five days (120 hours, inclusive), matched by "refers_to" or, as
    # usual in practice, by the same activity key. A Party's own record of its own change
    # (no counterparty) is not checked. A vocabulary gap reported to the lead.
    # Changes in data on warheads must not be recorded as "data_change": paragraph 3 excludes
    # them. A change already notified under another Section of Part Four counts when that
    # notification is recorded with the same activity key.
    Background:
      Given the obligation covers "data_change" records of every party
      Then a "notification" from the addressed party is due within 5 days of the request
      And a missing or late notification of a change in data is a "minor" violation
      And escalation starts at "nrrc"
      And the obligation is set out in "New START Protocol, Part Four, Section II, paragraph 3"

    Example: A change notified exactly five days after it occurred
      Given these observations:
        | id | kind         | party | counterparty | activity | time              |
        | d1 | data_change  | USA   | RUS          | ch-017   | 2021-06-01T10:00Z |
        | n1 | notification | RUS   | USA          | ch-017   | 2021-06-06T10:00Z |
      When compliance is checked as of 2021-06-30
      Then there is no finding

    Example: A change notified five days and one minute after it occurred
      Given these observations:
        | id | kind         | party | counterparty | activity | time              |
        | d1 | data_change  | USA   | RUS          | ch-017   | 2021-06-01T10:00Z |
        | n1 | notification | RUS   | USA          | ch-017   | 2021-06-06T10:01Z |
      When compliance is checked as of 2021-06-30
      Then there is a "minor" violation of "newstart.notification" by "RUS" citing "d1" and "n1"

    Example: A change never notified
      Given these observations:
        | id | kind        | party | counterparty | activity | time              |
        | d1 | data_change | RUS   | USA          | ch-102   | 2022-03-10T00:00Z |
      When compliance is checked as of 2022-06-30
      Then there is a "minor" violation of "newstart.notification" by "USA" citing "d1"

    Example: A notification still within its five days is pending
      Given these observations:
        | id | kind        | party | counterparty | activity | time              |
        | d1 | data_change | RUS   | USA          | ch-102   | 2022-03-10T00:00Z |
      When compliance is checked as of 2022-03-12
      Then there is a "minor" pending finding of "newstart.notification" by "USA" citing "d1"

    Example: A notification that refers to the reported change
      Given these observations:
        | id | kind         | party | counterparty | time              | refers_to |
        | d1 | data_change  | USA   | RUS          | 2021-06-01T10:00Z |           |
        | n1 | notification | RUS   | USA          | 2021-06-03T10:00Z | d1        |
      When compliance is checked as of 2021-06-30
      Then there is no finding
