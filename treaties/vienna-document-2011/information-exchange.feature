@treaty:vienna-document-2011
Feature: Vienna Document 2011, Chapter I: annual exchange of military information

  Rule: vd11.information-exchange Each participating State provides its annual information on military forces not later than 15 December

    Chapter I, paragraph 10: the participating States will exchange annually information on
    their military forces (command organization, manpower, major weapon and equipment systems)
    in the zone of application; it will be provided to all other participating States not
    later than 15 December of each year, valid as of 1 January of the following year.
    Participating States with no military forces to report will so inform the others, which
    counts as their exchange here.

    # Reading taken: an "information_exchange" record is one State's annual information, its
    # "time" the moment it was provided. The exchange due on 15 December of a year is the
    # State's first information after 15 December of the year before; one provided later is
    # late, and then also stands as the next year's. Only years whose 15 December falls at or
    # after the first exchange the feed holds are judged: a feed says nothing of the years
    # before it watched. A State that provided none is reported as a potential violation,
    # citing nothing but its last earlier exchange where the feed has one: the evidence is an
    # absence from the feed, which may be incomplete.
    Background:
      Given the obligation covers "information_exchange" records of every party
      Then an "information_exchange" from each party is due by 15 December of each calendar year
      And a missing or late annual exchange of information is a "minor" violation
      And escalation starts at "clarification"
      And the obligation is set out in "Vienna Document 2011, Chapter I, paragraph 10"

    Example: Every participating State exchanges by 15 December, one in its last minute
      Given these observations:
        | id     | kind                 | party | time                 |
        | x-ALB | information_exchange | ALB   | 2026-12-01T09:00Z    |
        | x-AND | information_exchange | AND   | 2026-12-01T09:00Z    |
        | x-ARM | information_exchange | ARM   | 2026-12-01T09:00Z    |
        | x-AUT | information_exchange | AUT   | 2026-12-01T09:00Z    |
        | x-AZE | information_exchange | AZE   | 2026-12-01T09:00Z    |
        | x-BLR | information_exchange | BLR   | 2026-12-01T09:00Z    |
        | x-BEL | information_exchange | BEL   | 2026-12-01T09:00Z    |
        | x-BIH | information_exchange | BIH   | 2026-12-01T09:00Z    |
        | x-BGR | information_exchange | BGR   | 2026-12-01T09:00Z    |
        | x-CAN | information_exchange | CAN   | 2026-12-01T09:00Z    |
        | x-HRV | information_exchange | HRV   | 2026-12-01T09:00Z    |
        | x-CYP | information_exchange | CYP   | 2026-12-01T09:00Z    |
        | x-CZE | information_exchange | CZE   | 2026-12-01T09:00Z    |
        | x-DNK | information_exchange | DNK   | 2026-12-01T09:00Z    |
        | x-EST | information_exchange | EST   | 2026-12-01T09:00Z    |
        | x-FIN | information_exchange | FIN   | 2026-12-01T09:00Z    |
        | x-FRA | information_exchange | FRA   | 2026-12-01T09:00Z    |
        | x-GEO | information_exchange | GEO   | 2026-12-01T09:00Z    |
        | x-DEU | information_exchange | DEU   | 2026-12-01T09:00Z    |
        | x-GRC | information_exchange | GRC   | 2026-12-01T09:00Z    |
        | x-VAT | information_exchange | VAT   | 2026-12-01T09:00Z    |
        | x-HUN | information_exchange | HUN   | 2026-12-01T09:00Z    |
        | x-ISL | information_exchange | ISL   | 2026-12-01T09:00Z    |
        | x-IRL | information_exchange | IRL   | 2026-12-01T09:00Z    |
        | x-ITA | information_exchange | ITA   | 2026-12-01T09:00Z    |
        | x-KAZ | information_exchange | KAZ   | 2026-12-01T09:00Z    |
        | x-KGZ | information_exchange | KGZ   | 2026-12-01T09:00Z    |
        | x-LVA | information_exchange | LVA   | 2026-12-01T09:00Z    |
        | x-LIE | information_exchange | LIE   | 2026-12-01T09:00Z    |
        | x-LTU | information_exchange | LTU   | 2026-12-01T09:00Z    |
        | x-LUX | information_exchange | LUX   | 2026-12-01T09:00Z    |
        | x-MLT | information_exchange | MLT   | 2026-12-01T09:00Z    |
        | x-MDA | information_exchange | MDA   | 2026-12-01T09:00Z    |
        | x-MCO | information_exchange | MCO   | 2026-12-01T09:00Z    |
        | x-MNG | information_exchange | MNG   | 2026-12-01T09:00Z    |
        | x-MNE | information_exchange | MNE   | 2026-12-01T09:00Z    |
        | x-NLD | information_exchange | NLD   | 2026-12-01T09:00Z    |
        | x-MKD | information_exchange | MKD   | 2026-12-01T09:00Z    |
        | x-NOR | information_exchange | NOR   | 2026-12-01T09:00Z    |
        | x-POL | information_exchange | POL   | 2026-12-01T09:00Z    |
        | x-PRT | information_exchange | PRT   | 2026-12-01T09:00Z    |
        | x-ROU | information_exchange | ROU   | 2026-12-01T09:00Z    |
        | x-RUS | information_exchange | RUS   | 2026-12-15T23:59Z    |
        | x-SMR | information_exchange | SMR   | 2026-12-01T09:00Z    |
        | x-SRB | information_exchange | SRB   | 2026-12-01T09:00Z    |
        | x-SVK | information_exchange | SVK   | 2026-12-01T09:00Z    |
        | x-SVN | information_exchange | SVN   | 2026-12-01T09:00Z    |
        | x-ESP | information_exchange | ESP   | 2026-12-01T09:00Z    |
        | x-SWE | information_exchange | SWE   | 2026-12-01T09:00Z    |
        | x-CHE | information_exchange | CHE   | 2026-12-01T09:00Z    |
        | x-TJK | information_exchange | TJK   | 2026-12-01T09:00Z    |
        | x-TUR | information_exchange | TUR   | 2026-12-01T09:00Z    |
        | x-TKM | information_exchange | TKM   | 2026-12-01T09:00Z    |
        | x-UKR | information_exchange | UKR   | 2026-12-01T09:00Z    |
        | x-GBR | information_exchange | GBR   | 2026-12-01T09:00Z    |
        | x-USA | information_exchange | USA   | 2026-12-01T09:00Z    |
        | x-UZB | information_exchange | UZB   | 2026-12-01T09:00Z    |
      When compliance is checked as of 2026-12-31
      Then there is no finding

    Example: An exchange a minute after 15 December is late
      Given these observations:
        | id     | kind                 | party | time                 |
        | x-ALB | information_exchange | ALB   | 2026-12-01T09:00Z    |
        | x-AND | information_exchange | AND   | 2026-12-01T09:00Z    |
        | x-ARM | information_exchange | ARM   | 2026-12-01T09:00Z    |
        | x-AUT | information_exchange | AUT   | 2026-12-01T09:00Z    |
        | x-AZE | information_exchange | AZE   | 2026-12-01T09:00Z    |
        | x-BLR | information_exchange | BLR   | 2026-12-01T09:00Z    |
        | x-BEL | information_exchange | BEL   | 2026-12-01T09:00Z    |
        | x-BIH | information_exchange | BIH   | 2026-12-01T09:00Z    |
        | x-BGR | information_exchange | BGR   | 2026-12-01T09:00Z    |
        | x-CAN | information_exchange | CAN   | 2026-12-01T09:00Z    |
        | x-HRV | information_exchange | HRV   | 2026-12-01T09:00Z    |
        | x-CYP | information_exchange | CYP   | 2026-12-01T09:00Z    |
        | x-CZE | information_exchange | CZE   | 2026-12-01T09:00Z    |
        | x-DNK | information_exchange | DNK   | 2026-12-01T09:00Z    |
        | x-EST | information_exchange | EST   | 2026-12-01T09:00Z    |
        | x-FIN | information_exchange | FIN   | 2026-12-01T09:00Z    |
        | x-FRA | information_exchange | FRA   | 2026-12-01T09:00Z    |
        | x-GEO | information_exchange | GEO   | 2026-12-01T09:00Z    |
        | x-DEU | information_exchange | DEU   | 2026-12-01T09:00Z    |
        | x-GRC | information_exchange | GRC   | 2026-12-01T09:00Z    |
        | x-VAT | information_exchange | VAT   | 2026-12-01T09:00Z    |
        | x-HUN | information_exchange | HUN   | 2026-12-01T09:00Z    |
        | x-ISL | information_exchange | ISL   | 2026-12-01T09:00Z    |
        | x-IRL | information_exchange | IRL   | 2026-12-01T09:00Z    |
        | x-ITA | information_exchange | ITA   | 2026-12-01T09:00Z    |
        | x-KAZ | information_exchange | KAZ   | 2026-12-01T09:00Z    |
        | x-KGZ | information_exchange | KGZ   | 2026-12-01T09:00Z    |
        | x-LVA | information_exchange | LVA   | 2026-12-01T09:00Z    |
        | x-LIE | information_exchange | LIE   | 2026-12-01T09:00Z    |
        | x-LTU | information_exchange | LTU   | 2026-12-01T09:00Z    |
        | x-LUX | information_exchange | LUX   | 2026-12-01T09:00Z    |
        | x-MLT | information_exchange | MLT   | 2026-12-01T09:00Z    |
        | x-MDA | information_exchange | MDA   | 2026-12-01T09:00Z    |
        | x-MCO | information_exchange | MCO   | 2026-12-01T09:00Z    |
        | x-MNG | information_exchange | MNG   | 2026-12-01T09:00Z    |
        | x-MNE | information_exchange | MNE   | 2026-12-01T09:00Z    |
        | x-NLD | information_exchange | NLD   | 2026-12-01T09:00Z    |
        | x-MKD | information_exchange | MKD   | 2026-12-01T09:00Z    |
        | x-NOR | information_exchange | NOR   | 2026-12-01T09:00Z    |
        | x-POL | information_exchange | POL   | 2026-12-01T09:00Z    |
        | x-PRT | information_exchange | PRT   | 2026-12-01T09:00Z    |
        | x-ROU | information_exchange | ROU   | 2026-12-01T09:00Z    |
        | x-RUS | information_exchange | RUS   | 2026-12-16T00:00Z    |
        | x-SMR | information_exchange | SMR   | 2026-12-01T09:00Z    |
        | x-SRB | information_exchange | SRB   | 2026-12-01T09:00Z    |
        | x-SVK | information_exchange | SVK   | 2026-12-01T09:00Z    |
        | x-SVN | information_exchange | SVN   | 2026-12-01T09:00Z    |
        | x-ESP | information_exchange | ESP   | 2026-12-01T09:00Z    |
        | x-SWE | information_exchange | SWE   | 2026-12-01T09:00Z    |
        | x-CHE | information_exchange | CHE   | 2026-12-01T09:00Z    |
        | x-TJK | information_exchange | TJK   | 2026-12-01T09:00Z    |
        | x-TUR | information_exchange | TUR   | 2026-12-01T09:00Z    |
        | x-TKM | information_exchange | TKM   | 2026-12-01T09:00Z    |
        | x-UKR | information_exchange | UKR   | 2026-12-01T09:00Z    |
        | x-GBR | information_exchange | GBR   | 2026-12-01T09:00Z    |
        | x-USA | information_exchange | USA   | 2026-12-01T09:00Z    |
        | x-UZB | information_exchange | UZB   | 2026-12-01T09:00Z    |
      When compliance is checked as of 2026-12-31
      Then there is a "minor" violation of "vd11.information-exchange" by "RUS" citing "x-RUS"
      And there are 1 findings

    Example: A State that provided no information by 15 December
      Given these observations:
        | id     | kind                 | party | time                 |
        | x-ALB | information_exchange | ALB   | 2026-12-01T09:00Z    |
        | x-AND | information_exchange | AND   | 2026-12-01T09:00Z    |
        | x-ARM | information_exchange | ARM   | 2026-12-01T09:00Z    |
        | x-AUT | information_exchange | AUT   | 2026-12-01T09:00Z    |
        | x-AZE | information_exchange | AZE   | 2026-12-01T09:00Z    |
        | x-BLR | information_exchange | BLR   | 2026-12-01T09:00Z    |
        | x-BEL | information_exchange | BEL   | 2026-12-01T09:00Z    |
        | x-BIH | information_exchange | BIH   | 2026-12-01T09:00Z    |
        | x-BGR | information_exchange | BGR   | 2026-12-01T09:00Z    |
        | x-CAN | information_exchange | CAN   | 2026-12-01T09:00Z    |
        | x-HRV | information_exchange | HRV   | 2026-12-01T09:00Z    |
        | x-CYP | information_exchange | CYP   | 2026-12-01T09:00Z    |
        | x-CZE | information_exchange | CZE   | 2026-12-01T09:00Z    |
        | x-DNK | information_exchange | DNK   | 2026-12-01T09:00Z    |
        | x-EST | information_exchange | EST   | 2026-12-01T09:00Z    |
        | x-FIN | information_exchange | FIN   | 2026-12-01T09:00Z    |
        | x-FRA | information_exchange | FRA   | 2026-12-01T09:00Z    |
        | x-GEO | information_exchange | GEO   | 2026-12-01T09:00Z    |
        | x-DEU | information_exchange | DEU   | 2026-12-01T09:00Z    |
        | x-GRC | information_exchange | GRC   | 2026-12-01T09:00Z    |
        | x-VAT | information_exchange | VAT   | 2026-12-01T09:00Z    |
        | x-HUN | information_exchange | HUN   | 2026-12-01T09:00Z    |
        | x-ISL | information_exchange | ISL   | 2026-12-01T09:00Z    |
        | x-IRL | information_exchange | IRL   | 2026-12-01T09:00Z    |
        | x-ITA | information_exchange | ITA   | 2026-12-01T09:00Z    |
        | x-KAZ | information_exchange | KAZ   | 2026-12-01T09:00Z    |
        | x-KGZ | information_exchange | KGZ   | 2026-12-01T09:00Z    |
        | x-LVA | information_exchange | LVA   | 2026-12-01T09:00Z    |
        | x-LIE | information_exchange | LIE   | 2026-12-01T09:00Z    |
        | x-LTU | information_exchange | LTU   | 2026-12-01T09:00Z    |
        | x-LUX | information_exchange | LUX   | 2026-12-01T09:00Z    |
        | x-MLT | information_exchange | MLT   | 2026-12-01T09:00Z    |
        | x-MDA | information_exchange | MDA   | 2026-12-01T09:00Z    |
        | x-MCO | information_exchange | MCO   | 2026-12-01T09:00Z    |
        | x-MNG | information_exchange | MNG   | 2026-12-01T09:00Z    |
        | x-MNE | information_exchange | MNE   | 2026-12-01T09:00Z    |
        | x-NLD | information_exchange | NLD   | 2026-12-01T09:00Z    |
        | x-MKD | information_exchange | MKD   | 2026-12-01T09:00Z    |
        | x-NOR | information_exchange | NOR   | 2026-12-01T09:00Z    |
        | x-POL | information_exchange | POL   | 2026-12-01T09:00Z    |
        | x-PRT | information_exchange | PRT   | 2026-12-01T09:00Z    |
        | x-ROU | information_exchange | ROU   | 2026-12-01T09:00Z    |
        | x-SMR | information_exchange | SMR   | 2026-12-01T09:00Z    |
        | x-SRB | information_exchange | SRB   | 2026-12-01T09:00Z    |
        | x-SVK | information_exchange | SVK   | 2026-12-01T09:00Z    |
        | x-SVN | information_exchange | SVN   | 2026-12-01T09:00Z    |
        | x-ESP | information_exchange | ESP   | 2026-12-01T09:00Z    |
        | x-SWE | information_exchange | SWE   | 2026-12-01T09:00Z    |
        | x-CHE | information_exchange | CHE   | 2026-12-01T09:00Z    |
        | x-TJK | information_exchange | TJK   | 2026-12-01T09:00Z    |
        | x-TUR | information_exchange | TUR   | 2026-12-01T09:00Z    |
        | x-TKM | information_exchange | TKM   | 2026-12-01T09:00Z    |
        | x-UKR | information_exchange | UKR   | 2026-12-01T09:00Z    |
        | x-GBR | information_exchange | GBR   | 2026-12-01T09:00Z    |
        | x-USA | information_exchange | USA   | 2026-12-01T09:00Z    |
        | x-UZB | information_exchange | UZB   | 2026-12-01T09:00Z    |
      When compliance is checked as of 2026-12-31
      Then there is a "minor" potential violation of "vd11.information-exchange" by "RUS"
      And there are 1 findings

    Example: Before 15 December the States yet to exchange are pending
      Given these observations:
        | id     | kind                 | party | time                 |
        | x-DEU | information_exchange | DEU   | 2026-12-02T09:00Z    |
        | x-POL | information_exchange | POL   | 2026-12-01T09:00Z    |
      When compliance is checked as of 2026-12-10
      Then there is a "minor" pending finding of "vd11.information-exchange" by "RUS"
      And there are 55 findings
