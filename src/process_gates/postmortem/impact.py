"""The impact section states how long and how much: a number with a unit, not only adjectives.

"Some users saw errors" cannot be compared with the next incident or with an SLO; "for 42 minutes, 12%
of checkout requests failed" can. Accepted: a digit (or a number word) with a unit of time, a share,
a count of something (users, requests, orders ...), a currency, or a time range such as 14:02-14:47.
"""

from __future__ import annotations

import re

from ..findings import Finding, Location, rule
from .markdown import Heading, ListBlock, Paragraph, Table, Text
from .model import PostmortemDocument, Section
from .sections import section_has_content

QUANTIFIED = rule(
    "postmortem.impact.quantified",
    "error",
    "The impact section states no duration or number: how long, how many users or requests, what share, what cost.",
    "Quantify the impact, e.g. \"for 42 minutes, 12% of checkout requests failed (about 3,100 orders)\".",
)

_NUMBER = r"(?:\d[\d,.\u202f\u00a0']*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|ninety|a\s+hundred|hundreds|a\s+thousand|thousands|millions)"
_UNIT = (
    r"(?:%|percent|per\s*cent|pct|ms|milliseconds?|s|secs?|seconds?|mins?|minutes?|h|hrs?|hours?|days?|weeks?|months?|"
    r"k|m|bn|million|billion|thousand|users?|customers?|clients?|accounts?|tenants?|merchants?|members?|people|"
    r"visitors?|sessions?|requests?|reqs?|req/s|rps|qps|calls?|queries|transactions?|orders?|payments?|"
    r"messages?|emails?|events?|jobs?|builds?|deploy(?:ment)?s?|pipelines?|errors?|failures?|pages?|"
    r"sites?|services?|pods?|nodes?|servers?|hosts?|instances?|clusters?|regions?|zones?|repositor(?:y|ies)|"
    r"teams?|records?|rows?|files?|items?|tickets?|incidents?|alerts?|[kmgt]i?b|bytes?|eur|usd|gbp|dollars?|euros?)"
)
QUANTITY = re.compile(
    r"(?<![\w.])" + _NUMBER + r"\s*(?:of\s+(?:the\s+|our\s+|all\s+)?)?" + _UNIT + r"(?![a-z])"
    r"|[$€£¥]\s*\d"
    r"|\b\d{1,2}:\d{2}\s*(?:-|–|—|to|until|till)\s*\d{1,2}:\d{2}",
    re.IGNORECASE,
)


def section_texts(section: Section) -> list[Text]:
    """Every piece of text written in a section and its sub-sections, in order (tables cell by cell)."""
    texts: list[Text] = [section.inline] if section.inline else []
    for block in section.all_blocks():
        if isinstance(block, Heading):
            texts.append(block.title)
        elif isinstance(block, Paragraph):
            texts.extend(block.lines)
        elif isinstance(block, ListBlock):
            for item in block.walk():
                texts.extend(item.lines)
        elif isinstance(block, Table):
            for row in [block.header, *block.rows]:
                texts.extend(row.cells)
    return texts


def check_impact(doc: PostmortemDocument) -> list[Finding]:
    findings: list[Finding] = []
    sections = doc.named("Impact")
    written = [s for s in sections if section_has_content(s)]
    if not written:
        return findings  # missing or empty: the section rules already say so
    for section in written:
        if any(QUANTITY.search(t.text) for t in section_texts(section)):
            return findings
    first = written[0]
    findings.append(
        QUANTIFIED.finding(
            f'the "{first.title}" section states no duration or number (such as "45 minutes", "12% of requests", "3,200 users")',
            Location(doc.path, first.line, first.column),
        )
    )
    return findings
