"""Facilitator pages of standard setting: create panels, seat panelists, run rounds, adopt.

The facilitator (an admin) sees what panelists do not: who sits on the panel, the cuts'
standard errors, and for the bookmark method the ability scale (the booklet's RP67 locations
and the cuts on theta). The writes go through `assessment_app.standards.service`.
"""
