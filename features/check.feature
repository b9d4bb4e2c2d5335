Feature: Checking an observation feed against a treaty pack
  An analyst runs `verify check` on a feed; findings come out with their evidence, bad records
  go to the rejects file with their line numbers, and the exit code says what happened.

  Background:
    Given a feed "feed.jsonl" with these lines:
      """
      {"id":"ex-1","kind":"exercise","party":"ARM","activity":"steppe-shield","time":"2027-05-03T05:00:00Z","start":"2027-05-03T05:00:00Z","troops":11200,"source":"open-source","reliability":"C","credibility":"2"}
      {"id":"nt-1","kind":"notification","party":"ARM","activity":"steppe-shield","time":"2027-04-12T08:00:00Z","source":"osce-cnet","reliability":"A","credibility":"1"}
      {"id":"ex-2","kind":"exercise","party":"GEO","activity":"black-sea","time":"2027-06-01T05:00:00Z","start":"2027-06-01T05:00:00Z","troops":9500}
      {"id":"nt-2","kind":"notification","party":"GEO","activity":"black-sea","time":"2027-04-01T00:00:00Z"}
      {"id":"ex-3","kind":"exercise","party":"AZE","activity":"caspian-dawn","time":"2027-06-01T05:00:00Z","start":"2027-06-01T05:00:00Z","troops":4000}
      {"id":"bad-1","kind":"exercise","party":"AZE","time":"2027-06-01T05:00:00"}
      {"id":"bad-2","kind":"parade","party":"AZE","time":"2027-06-01T05:00:00Z"}
      {"id":"ex-1","kind":"exercise","party":"ARM","time":"2027-06-01T05:00:00Z"}
      {"id":"bad-3","kind":"exercise","party":"ARM","time":"2027-06-01T05:00:00Z","troops":-5}
      """

  Scenario: A late notification is the only finding, and the run exits 1
    When I run verify check on the feed against "vienna-document-2011" as of "2027-07-01T00:00:00Z"
    Then the exit code is 1
    And there is exactly one finding
    And it is a "violation" of "vd11.prior-notification" by "ARM" citing "ex-1" and "nt-1"

  Scenario: Malformed records are rejected with their line and reason, and counted
    When I run verify check on the feed against "vienna-document-2011" as of "2027-07-01T00:00:00Z"
    Then the rejects file holds these records:
      | line | field | reason          |
      | 6    | time  | offset          |
      | 7    | kind  | unknown kind    |
      | 8    | id    | duplicate id    |
      | 9    | troops| negative        |
    And stderr says "4 record(s) rejected"

  Scenario: An unknown treaty pack is an invalid command
    When I run verify check on the feed against "no-such-pack" as of "2027-07-01T00:00:00Z"
    Then the exit code is 2
    And stderr says "no treaty pack 'no-such-pack'"
