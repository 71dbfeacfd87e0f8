"""Postmortems: `postmortem lint` today (structure, action items, timeline, impact, blameless language).

Layout: ``markdown`` reads the document's blocks with positions, ``model`` turns headings into
sections, each rule module is a pure function of the document and the policy, ``lint`` runs them
and applies the inline suppressions, and ``gather`` is the only module that touches files. Opening
postmortems from incidents and reminding owners (which need GitHub) will sit beside ``lint``.
"""
