Feature: Waiving a finding under governance
  An analyst records that a finding is not pursued for a while: why, who wrote the waiver, who
  approved it (never the author) and when it lapses. A waived finding stays in the output with
  its waiver and does not count for the exit code while the waiver holds at the as-of time.

  Background:
    Given a feed "feed.jsonl" with these lines:
      """
      {"id":"ex-1","kind":"exercise","party":"ARM","activity":"steppe-shield","time":"2027-05-03T05:00:00Z","start":"2027-05-03T05:00:00Z","troops":11200,"source":"open-source","reliability":"A","credibility":"1"}
      {"id":"nt-1","kind":"notification","party":"ARM","activity":"steppe-shield","time":"2027-04-12T08:00:00Z","source":"osce-cnet","reliability":"A","credibility":"1"}
      """

  Scenario: A waiver that holds at the as-of time makes the run pass, and the finding stays
    Given a waivers file "waivers.yaml" with these lines:
      """
      - obligation: vd11.prior-notification
        party: ARM
        activity: steppe-shield
        reason: The notice was late by agreement at the Forum for Security Co-operation.
        author: Desk officer
        approved_by: Head of the verification centre
        expires: 2027-12-31
      """
    When I run verify check on the feed against "vienna-document-2011" as of "2027-07-01T00:00:00Z"
    Then the exit code is 0
    And there is exactly one finding
    And it is a "violation" of "vd11.prior-notification" by "ARM" citing "ex-1" and "nt-1"
    And it is waived until "2027-12-31"

  Scenario: Once the waiver has expired the finding counts again
    Given a waivers file "waivers.yaml" with these lines:
      """
      - obligation: vd11.prior-notification
        party: ARM
        reason: The notice was late by agreement at the Forum for Security Co-operation.
        author: Desk officer
        approved_by: Head of the verification centre
        expires: 2027-12-31
      """
    When I run verify check on the feed against "vienna-document-2011" as of "2028-01-01T00:00:00Z"
    Then the exit code is 1
    And there is exactly one finding
    And it is not waived

  Scenario: The author may not approve their own waiver
    Given a waivers file "waivers.yaml" with these lines:
      """
      - obligation: vd11.prior-notification
        party: ARM
        reason: The notice was late by agreement.
        author: Desk officer
        approved_by: desk  officer
        expires: 2027-12-31
      """
    When I run verify check on the feed against "vienna-document-2011" as of "2027-07-01T00:00:00Z"
    Then the exit code is 2
    And stderr says "waivers.yaml:5: approved_by: 'desk  officer' wrote this waiver and may not approve it"
