"""Standard setting: panels of assessors set a test's level cut points from the event's data.

- `booklet` freezes what a panel judges when it is created: per competency, the graded
  response model calibrated on the event's finished attempts and its ordered item booklet
  (RP67), or, for the modified Angoff method, the competency's pool of items;
- `summary` turns a round's judgements into cuts with standard errors, and the impact of
  those cuts on the event's candidates;
- `service` holds the writes: panels, panelists, rounds, judgements and the adoption of the
  cuts as an audited scoring correction.

The numbers come from `psychometrics.standard_setting` (pure numpy). `service` loads
`booklet`, `summary` and the results (numpy) only when a panel computes, so the pages and
commands start without them.
"""

BOUNDARIES = (2, 3, 4, 5)  # a cut per boundary: the level a candidate reaches at it
