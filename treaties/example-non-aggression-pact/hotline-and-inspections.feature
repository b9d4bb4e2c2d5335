@treaty:example-non-aggression-pact
Feature: Arvenia–Bostara Pact, Articles 7 and 9: inspections and the hotline

  Rule: pact.hotline-reply A request for clarification over the hotline is answered within 24 hours

    Background:
      Given the obligation covers "clarification_request" requests of every party
      Then a "clarification_reply" from the addressed party is due within 24 hours of the request
      And a missing or late reply is a "minor" violation
      And escalation starts at "hotline"
      And the obligation is set out in "Article 9(1)"

    Example: A reply after 25 hours
      Given these observations:
        | id | kind                  | party | counterparty | time              | refers_to |
        | q1 | clarification_request | ARV   | BOS          | 2025-05-01T08:00Z |           |
        | r1 | clarification_reply   | BOS   | ARV          | 2025-05-02T09:00Z | q1        |
      When compliance is checked as of 2025-05-10
      Then there is a "minor" violation of "pact.hotline-reply" by "BOS" citing "q1" and "r1"

    Example: A reply after exactly 24 hours
      Given these observations:
        | id | kind                  | party | counterparty | time              | refers_to |
        | q1 | clarification_request | ARV   | BOS          | 2025-05-01T08:00Z |           |
        | r1 | clarification_reply   | BOS   | ARV          | 2025-05-02T08:00Z | q1        |
      When compliance is checked as of 2025-05-10
      Then there is no finding

    Example: No reply at all
      Given these observations:
        | id | kind                  | party | counterparty | time              |
        | q1 | clarification_request | ARV   | BOS          | 2025-05-01T08:00Z |
      When compliance is checked as of 2025-05-10
      Then there is a "minor" violation of "pact.hotline-reply" by "BOS" citing "q1"

  Rule: pact.inspection-entry An inspection request within the quota is answered in 24 hours and the inspectors admitted within 72

    Background:
      Given the obligation covers "inspection_request" requests of every party
      And a party must accept 4 requests per calendar year
      Then an "inspection_reply" from the addressed party is due within 24 hours of the request
      And an "inspection" from the addressed party is due within 72 hours of the request
      And a missing or late reply or entry is a "major" violation
      And escalation starts at "joint-commission"
      And the obligation is set out in "Article 7(2)"

    Example: Inspectors admitted after 80 hours
      Given these observations:
        | id | kind               | party | counterparty | time              | refers_to |
        | q1 | inspection_request | ARV   | BOS          | 2025-05-01T00:00Z |           |
        | r1 | inspection_reply   | BOS   | ARV          | 2025-05-01T12:00Z | q1        |
        | e1 | inspection         | BOS   | ARV          | 2025-05-04T08:00Z | q1        |
      When compliance is checked as of 2025-05-10
      Then there is a "major" violation of "pact.inspection-entry" by "BOS" citing "q1" and "e1"

    Example: A fifth request in a year is owed nothing
      Given these observations:
        | id | kind               | party | counterparty | time       | refers_to |
        | q1 | inspection_request | ARV   | BOS          | 2025-02-01 |           |
        | r1 | inspection_reply   | BOS   | ARV          | 2025-02-01 | q1        |
        | e1 | inspection         | BOS   | ARV          | 2025-02-02 | q1        |
        | q2 | inspection_request | ARV   | BOS          | 2025-03-01 |           |
        | r2 | inspection_reply   | BOS   | ARV          | 2025-03-01 | q2        |
        | e2 | inspection         | BOS   | ARV          | 2025-03-02 | q2        |
        | q3 | inspection_request | ARV   | BOS          | 2025-04-01 |           |
        | r3 | inspection_reply   | BOS   | ARV          | 2025-04-01 | q3        |
        | e3 | inspection         | BOS   | ARV          | 2025-04-02 | q3        |
        | q4 | inspection_request | ARV   | BOS          | 2025-05-01 |           |
        | r4 | inspection_reply   | BOS   | ARV          | 2025-05-01 | q4        |
        | e4 | inspection         | BOS   | ARV          | 2025-05-02 | q4        |
        | q5 | inspection_request | ARV   | BOS          | 2025-06-01 |           |
      When compliance is checked as of 2025-12-31
      Then there is no finding

  Rule: pact.inspection-quota A party may refuse inspections only beyond four a year

    Background:
      Given the obligation covers "inspection_request" requests of every party
      And a party must accept 4 requests per calendar year
      Then an "inspection_reply" flagged "refused" to a request within quota is a breach
      And a refusal within quota is a "major" violation
      And escalation starts at "joint-commission"
      And the obligation is set out in "Article 7(1)"

    Example: Refusing the second request of the year
      Given these observations:
        | id | kind               | party | counterparty | time       | refers_to | flags   |
        | q1 | inspection_request | ARV   | BOS          | 2025-02-01 |           |         |
        | q2 | inspection_request | ARV   | BOS          | 2025-03-01 |           |         |
        | r2 | inspection_reply   | BOS   | ARV          | 2025-03-01 | q2        | refused |
      When compliance is checked as of 2025-12-31
      Then there is a "major" violation of "pact.inspection-quota" by "BOS" citing "q2" and "r2"

    Example: Refusing the fifth request of the year
      Given these observations:
        | id | kind               | party | counterparty | time       | refers_to | flags   |
        | q1 | inspection_request | ARV   | BOS          | 2025-02-01 |           |         |
        | q2 | inspection_request | ARV   | BOS          | 2025-03-01 |           |         |
        | q3 | inspection_request | ARV   | BOS          | 2025-04-01 |           |         |
        | q4 | inspection_request | ARV   | BOS          | 2025-05-01 |           |         |
        | q5 | inspection_request | ARV   | BOS          | 2025-06-01 |           |         |
        | r5 | inspection_reply   | BOS   | ARV          | 2025-06-01 | q5        | refused |
      When compliance is checked as of 2025-12-31
      Then there is no finding
