@treaty:open-skies
Feature: Open Skies, Article III and Article VIII: passive quotas and lawful prohibitions

  Rule: openskies.passive-quota A State Party may not prohibit an observation flight within its passive quota, unless the Treaty allows it

    Article III, Section I, paragraph 4: the total number of observation flights that each State
    Party is obliged to accept over its territory is its total passive quota, allocated in
    Annex A, Section I: 42 for the United States of America, 42 for the Republic of Belarus
    and the Russian Federation group of States Parties, 12 each for Canada, France, Germany,
    the United Kingdom and Ukraine (among others not listed in this pack).
    Article VIII, Section I, paragraph 2: the observed Party may prohibit an observation flight
    before it begins if the observing Party fails to arrive at the point of entry within 24
    hours after the estimated time of arrival it notified (Article VI, Section I, paragraph 5).

    # Readings taken: the passive quota is counted per calendar year (active quotas are
    # distributed "each year" and reviewed for the following calendar year, Article III,
    # Section I, paragraphs 5 and 7). A request is an "observation_request" addressed to the
    # observed Party (its "counterparty"); a prohibition is an "observation_reply" flagged
    # "prohibited" from that Party. Requests to Russia and to Belarus count together against
    # the group's quota (treaty.yaml, `groups:`). A prohibition is lawful when the reply records
    # an "arrival_delay_hours" of more than 24; a request beyond the quota may be refused.
    # Not modelled: a prohibited flight "shall not be counted against the quota" (Article
    # VIII, Section I, paragraph 3), so every request counts, prohibited or not; a later
    # request may be judged beyond the quota when the Treaty would count it within, and no
    # finding then arises where one might be due. Nor the limit of one flight at a time over a
    # Party, or the other grounds of prohibition in Annex F.
    Background:
      Given the obligation covers "observation_request" requests of every party
      And a party must accept these requests per calendar year:
        | party   | requests |
        | USA     | 42       |
        | RUS-BLR | 42       |
        | CAN     | 12       |
        | DEU     | 12       |
        | FRA     | 12       |
        | GBR     | 12       |
        | UKR     | 12       |
      And a refusal is lawful if any of these is reached:
        | quantity            | more than |
        | arrival_delay_hours | 24        |
      Then an "observation_reply" flagged "prohibited" to a request within quota is a breach
      And a prohibition of a flight within the passive quota is a "major" violation
      And escalation starts at "clarification"
      And the obligation is set out in "Treaty on Open Skies, Article III, Section I, paragraph 4, Annex A, Section I, and Article VIII, Section I"

    Example: Prohibiting a flight over Russia within the group's quota
      Given these observations:
        | id  | kind                | party | counterparty | time       | refers_to | flags      | arrival_delay_hours |
        | f1  | observation_request | USA   | RUS          | 2019-03-01 |           |            |                     |
        | p1  | observation_reply   | RUS   | USA          | 2019-03-02 | f1        | prohibited |                     |
      When compliance is checked as of 2019-12-31
      Then there is a "major" violation of "openskies.passive-quota" by "RUS" citing "f1" and "p1"

    Example: The forty-second flight over the group, over Belarus, is within its quota
      Given these observations:
        | id  | kind                | party | counterparty | time       | refers_to | flags      | arrival_delay_hours |
        | f1  | observation_request | FRA   | RUS          | 2019-01-02 |           |            |                     |
        | f2  | observation_request | GBR   | BLR          | 2019-01-09 |           |            |                     |
        | f3  | observation_request | CAN   | RUS          | 2019-01-16 |           |            |                     |
        | f4  | observation_request | UKR   | BLR          | 2019-01-23 |           |            |                     |
        | f5  | observation_request | DEU   | RUS          | 2019-01-30 |           |            |                     |
        | f6  | observation_request | FRA   | BLR          | 2019-02-06 |           |            |                     |
        | f7  | observation_request | GBR   | RUS          | 2019-02-13 |           |            |                     |
        | f8  | observation_request | CAN   | BLR          | 2019-02-20 |           |            |                     |
        | f9  | observation_request | UKR   | RUS          | 2019-02-27 |           |            |                     |
        | f10 | observation_request | DEU   | BLR          | 2019-03-06 |           |            |                     |
        | f11 | observation_request | FRA   | RUS          | 2019-03-13 |           |            |                     |
        | f12 | observation_request | GBR   | BLR          | 2019-03-20 |           |            |                     |
        | f13 | observation_request | CAN   | RUS          | 2019-03-27 |           |            |                     |
        | f14 | observation_request | UKR   | BLR          | 2019-04-03 |           |            |                     |
        | f15 | observation_request | DEU   | RUS          | 2019-04-10 |           |            |                     |
        | f16 | observation_request | FRA   | BLR          | 2019-04-17 |           |            |                     |
        | f17 | observation_request | GBR   | RUS          | 2019-04-24 |           |            |                     |
        | f18 | observation_request | CAN   | BLR          | 2019-05-01 |           |            |                     |
        | f19 | observation_request | UKR   | RUS          | 2019-05-08 |           |            |                     |
        | f20 | observation_request | DEU   | BLR          | 2019-05-15 |           |            |                     |
        | f21 | observation_request | FRA   | RUS          | 2019-05-22 |           |            |                     |
        | f22 | observation_request | GBR   | BLR          | 2019-05-29 |           |            |                     |
        | f23 | observation_request | CAN   | RUS          | 2019-06-05 |           |            |                     |
        | f24 | observation_request | UKR   | BLR          | 2019-06-12 |           |            |                     |
        | f25 | observation_request | DEU   | RUS          | 2019-06-19 |           |            |                     |
        | f26 | observation_request | FRA   | BLR          | 2019-06-26 |           |            |                     |
        | f27 | observation_request | GBR   | RUS          | 2019-07-03 |           |            |                     |
        | f28 | observation_request | CAN   | BLR          | 2019-07-10 |           |            |                     |
        | f29 | observation_request | UKR   | RUS          | 2019-07-17 |           |            |                     |
        | f30 | observation_request | DEU   | BLR          | 2019-07-24 |           |            |                     |
        | f31 | observation_request | FRA   | RUS          | 2019-07-31 |           |            |                     |
        | f32 | observation_request | GBR   | BLR          | 2019-08-07 |           |            |                     |
        | f33 | observation_request | CAN   | RUS          | 2019-08-14 |           |            |                     |
        | f34 | observation_request | UKR   | BLR          | 2019-08-21 |           |            |                     |
        | f35 | observation_request | DEU   | RUS          | 2019-08-28 |           |            |                     |
        | f36 | observation_request | FRA   | BLR          | 2019-09-04 |           |            |                     |
        | f37 | observation_request | GBR   | RUS          | 2019-09-11 |           |            |                     |
        | f38 | observation_request | CAN   | BLR          | 2019-09-18 |           |            |                     |
        | f39 | observation_request | UKR   | RUS          | 2019-09-25 |           |            |                     |
        | f40 | observation_request | DEU   | BLR          | 2019-10-02 |           |            |                     |
        | f41 | observation_request | FRA   | RUS          | 2019-10-09 |           |            |                     |
        | f42 | observation_request | GBR   | BLR          | 2019-10-16 |           |            |                     |
        | p42 | observation_reply   | BLR   | GBR          | 2019-10-16 | f42       | prohibited |                     |
      When compliance is checked as of 2019-12-31
      Then there is a "major" violation of "openskies.passive-quota" by "BLR" citing "f42" and "p42"

    Example: A forty-third flight over the group may be prohibited, though Russia alone had fewer than 42
      Given these observations:
        | id  | kind                | party | counterparty | time       | refers_to | flags      | arrival_delay_hours |
        | f1  | observation_request | FRA   | RUS          | 2019-01-02 |           |            |                     |
        | f2  | observation_request | GBR   | BLR          | 2019-01-09 |           |            |                     |
        | f3  | observation_request | CAN   | RUS          | 2019-01-16 |           |            |                     |
        | f4  | observation_request | UKR   | BLR          | 2019-01-23 |           |            |                     |
        | f5  | observation_request | DEU   | RUS          | 2019-01-30 |           |            |                     |
        | f6  | observation_request | FRA   | BLR          | 2019-02-06 |           |            |                     |
        | f7  | observation_request | GBR   | RUS          | 2019-02-13 |           |            |                     |
        | f8  | observation_request | CAN   | BLR          | 2019-02-20 |           |            |                     |
        | f9  | observation_request | UKR   | RUS          | 2019-02-27 |           |            |                     |
        | f10 | observation_request | DEU   | BLR          | 2019-03-06 |           |            |                     |
        | f11 | observation_request | FRA   | RUS          | 2019-03-13 |           |            |                     |
        | f12 | observation_request | GBR   | BLR          | 2019-03-20 |           |            |                     |
        | f13 | observation_request | CAN   | RUS          | 2019-03-27 |           |            |                     |
        | f14 | observation_request | UKR   | BLR          | 2019-04-03 |           |            |                     |
        | f15 | observation_request | DEU   | RUS          | 2019-04-10 |           |            |                     |
        | f16 | observation_request | FRA   | BLR          | 2019-04-17 |           |            |                     |
        | f17 | observation_request | GBR   | RUS          | 2019-04-24 |           |            |                     |
        | f18 | observation_request | CAN   | BLR          | 2019-05-01 |           |            |                     |
        | f19 | observation_request | UKR   | RUS          | 2019-05-08 |           |            |                     |
        | f20 | observation_request | DEU   | BLR          | 2019-05-15 |           |            |                     |
        | f21 | observation_request | FRA   | RUS          | 2019-05-22 |           |            |                     |
        | f22 | observation_request | GBR   | BLR          | 2019-05-29 |           |            |                     |
        | f23 | observation_request | CAN   | RUS          | 2019-06-05 |           |            |                     |
        | f24 | observation_request | UKR   | BLR          | 2019-06-12 |           |            |                     |
        | f25 | observation_request | DEU   | RUS          | 2019-06-19 |           |            |                     |
        | f26 | observation_request | FRA   | BLR          | 2019-06-26 |           |            |                     |
        | f27 | observation_request | GBR   | RUS          | 2019-07-03 |           |            |                     |
        | f28 | observation_request | CAN   | BLR          | 2019-07-10 |           |            |                     |
        | f29 | observation_request | UKR   | RUS          | 2019-07-17 |           |            |                     |
        | f30 | observation_request | DEU   | BLR          | 2019-07-24 |           |            |                     |
        | f31 | observation_request | FRA   | RUS          | 2019-07-31 |           |            |                     |
        | f32 | observation_request | GBR   | BLR          | 2019-08-07 |           |            |                     |
        | f33 | observation_request | CAN   | RUS          | 2019-08-14 |           |            |                     |
        | f34 | observation_request | UKR   | BLR          | 2019-08-21 |           |            |                     |
        | f35 | observation_request | DEU   | RUS          | 2019-08-28 |           |            |                     |
        | f36 | observation_request | FRA   | BLR          | 2019-09-04 |           |            |                     |
        | f37 | observation_request | GBR   | RUS          | 2019-09-11 |           |            |                     |
        | f38 | observation_request | CAN   | BLR          | 2019-09-18 |           |            |                     |
        | f39 | observation_request | UKR   | RUS          | 2019-09-25 |           |            |                     |
        | f40 | observation_request | DEU   | BLR          | 2019-10-02 |           |            |                     |
        | f41 | observation_request | FRA   | RUS          | 2019-10-09 |           |            |                     |
        | f42 | observation_request | GBR   | BLR          | 2019-10-16 |           |            |                     |
        | f43 | observation_request | CAN   | RUS          | 2019-10-23 |           |            |                     |
        | p43 | observation_reply   | RUS   | CAN          | 2019-10-23 | f43       | prohibited |                     |
      When compliance is checked as of 2019-12-31
      Then there is no finding

    Example: Observers arriving more than 24 hours late may be refused
      Given these observations:
        | id  | kind                | party | counterparty | time       | refers_to | flags      | arrival_delay_hours |
        | f1  | observation_request | DEU   | UKR          | 2019-05-06 |           |            |                     |
        | p1  | observation_reply   | UKR   | DEU          | 2019-05-08 | f1        | prohibited | 24.5                |
      When compliance is checked as of 2019-12-31
      Then there is no finding

    Example: Observers arriving 24 hours late may not be refused
      Given these observations:
        | id  | kind                | party | counterparty | time       | refers_to | flags      | arrival_delay_hours |
        | f1  | observation_request | DEU   | UKR          | 2019-05-06 |           |            |                     |
        | p1  | observation_reply   | UKR   | DEU          | 2019-05-07 | f1        | prohibited | 24                  |
      When compliance is checked as of 2019-12-31
      Then there is a "major" violation of "openskies.passive-quota" by "UKR" citing "f1" and "p1"

    Example: A prohibition with no arrival delay recorded is no lawful refusal
      Given these observations:
        | id  | kind                | party | counterparty | time       | refers_to | flags      | arrival_delay_hours |
        | f1  | observation_request | GBR   | CAN          | 2019-06-03 |           |            |                     |
        | p1  | observation_reply   | CAN   | GBR          | 2019-06-03 | f1        | prohibited |                     |
      When compliance is checked as of 2019-12-31
      Then there is a "major" violation of "openskies.passive-quota" by "CAN" citing "f1" and "p1"

    Example: No finding against Russia after its withdrawal took effect
      Given these observations:
        | id  | kind                | party | counterparty | time       | refers_to | flags      | arrival_delay_hours |
        | f1  | observation_request | DEU   | RUS          | 2022-03-01 |           |            |                     |
        | p1  | observation_reply   | RUS   | DEU          | 2022-03-02 | f1        | prohibited |                     |
      When compliance is checked as of 2022-12-31
      Then there is no finding
