"""The configuration as typed facts, with the defaults that make a repository with no file useful."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..safe_yaml import DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH, DEFAULT_MAX_NODES, Limits
from .prd import PrdPolicy, prd_from_data
from .quality import QualityPolicy, quality_from_data
from .release import ReleasePolicy, release_from_data
from .report import ReportPolicy, report_from_data

DEFAULT_SLO_FILES: tuple[str, ...] = (
    "**/slo/**/*.yaml",
    "**/slo/**/*.yml",
    "**/slos/**/*.yaml",
    "**/slos/**/*.yml",
    "**/*.slo.yaml",
    "**/*.slo.yml",
    "**/*.openslo.yaml",
    "**/*.openslo.yml",
    "**/*.sloth.yaml",
    "**/*.sloth.yml",
)


@dataclass(frozen=True)
class SloPolicy:
    mode: str = "enforce"
    files: tuple[str, ...] = DEFAULT_SLO_FILES
    exclude: tuple[str, ...] = ()
    require_for: tuple[str, ...] = ()
    target_ceiling: float = 99.99
    require_alerting: bool = True
    slo_generator_config: str | None = None


#: Markdown below a postmortem(s)/, post-mortem(s)/ or incident(s)/ folder: mirrors the
#: `postmortem-lint` hook's `files:` pattern in .pre-commit-hooks.yaml.
DEFAULT_POSTMORTEM_FILES: tuple[str, ...] = tuple(
    f"**/{folder}/**/*.md"
    for folder in ("postmortem", "postmortems", "post-mortem", "post-mortems", "incident", "incidents")
)
#: Folder indexes and templates are not postmortems (a template is all empty sections by design).
DEFAULT_POSTMORTEM_EXCLUDE: tuple[str, ...] = ("**/README.md", "**/*[Tt]emplate*.md", "**/*TEMPLATE*.md")
#: The sections every postmortem template in our corpus has in some form; the SRE book's Trigger,
#: Resolution and Detection are recognised but required only when configured.
DEFAULT_POSTMORTEM_SECTIONS: tuple[str, ...] = (
    "Summary", "Impact", "Timeline", "Root Causes", "Action Items", "Lessons Learned",
)


@dataclass(frozen=True)
class PostmortemLintPolicy:
    mode: str = "enforce"
    files: tuple[str, ...] = DEFAULT_POSTMORTEM_FILES
    exclude: tuple[str, ...] = DEFAULT_POSTMORTEM_EXCLUDE
    required_sections: tuple[str, ...] = DEFAULT_POSTMORTEM_SECTIONS
    #: Extra headings per section name, added to the built-in aliases: ((name, (heading, ...)), ...).
    section_aliases: tuple[tuple[str, tuple[str, ...]], ...] = ()
    #: Action item types (e.g. Mitigate, Prevent, Process); empty: an item needs no type.
    action_item_types: tuple[str, ...] = ()
    #: Word lists; None: the built-in lists of postmortem/language.py.
    counterfactuals: tuple[str, ...] | None = None
    blame_words: tuple[str, ...] | None = None
    #: Given names added to, and words removed from, the built-in list of person names.
    person_names: tuple[str, ...] = ()
    not_person_names: tuple[str, ...] = ()


@dataclass(frozen=True)
class PostmortemTrigger:
    """An incident label and how long its postmortem may take: ``3d`` calendar or ``5bd`` business days."""

    label: str
    due: str


#: Severity labels and due dates when the configuration names none (DESIGN.md's sketch, plus sev3 and
#: a plain `incident` label for teams that do not grade severity).
DEFAULT_POSTMORTEM_TRIGGERS: tuple[PostmortemTrigger, ...] = (
    PostmortemTrigger("sev1", "3d"),
    PostmortemTrigger("sev2", "5bd"),
    PostmortemTrigger("sev3", "10bd"),
    PostmortemTrigger("incident", "10bd"),
)


@dataclass(frozen=True)
class PostmortemOpenPolicy:
    """postmortem open: which issue events open a postmortem, and what the postmortem carries."""

    triggers: tuple[PostmortemTrigger, ...] = DEFAULT_POSTMORTEM_TRIGGERS
    #: "labeled": as soon as an incident label is on the issue; "closed": once the incident is closed.
    when: tuple[str, ...] = ("labeled",)
    labels: tuple[str, ...] = ("postmortem",)
    #: A repository Markdown template replacing the package's; None: the built-in blameless template.
    template: str | None = None
    #: Days (``YYYY-MM-DD`` once, ``MM-DD`` yearly) that business-day due dates skip besides weekends.
    holidays: tuple[str, ...] = ()


@dataclass(frozen=True)
class PostmortemRemindPolicy:
    #: Writes (comments) per run at most; the rest wait for the next run.
    max_operations: int = 20
    #: Labels of action items tracked as issues.
    action_item_labels: tuple[str, ...] = ("action-item",)


@dataclass(frozen=True)
class PostmortemPolicy:
    """The postmortem gates: `lint` for documents, `open` and `remind` on GitHub."""

    lint: PostmortemLintPolicy = field(default_factory=PostmortemLintPolicy)
    open: PostmortemOpenPolicy = field(default_factory=PostmortemOpenPolicy)
    remind: PostmortemRemindPolicy = field(default_factory=PostmortemRemindPolicy)


def postmortem_open_from_data(data: dict) -> PostmortemOpenPolicy:
    triggers = data.get("triggers")
    opening = data.get("open") or {}
    return PostmortemOpenPolicy(
        triggers=DEFAULT_POSTMORTEM_TRIGGERS
        if triggers is None
        else tuple(PostmortemTrigger(label, str((spec or {})["due"])) for label, spec in triggers.items()),
        when=tuple(opening.get("when", ("labeled",))),
        labels=tuple(opening.get("labels", ("postmortem",))),
        template=data.get("template"),
        holidays=tuple(h if isinstance(h, str) else h["date"] for h in data.get("holidays") or ()),
    )


def postmortem_remind_from_data(data: dict) -> PostmortemRemindPolicy:
    remind = data.get("remind") or {}
    return PostmortemRemindPolicy(
        max_operations=int(remind.get("max_operations", 20)),
        action_item_labels=tuple(remind.get("action_item_labels", ("action-item",))),
    )


def _optional_words(section: dict, key: str) -> tuple[str, ...] | None:
    return tuple(section[key]) if key in section else None


def postmortem_from_data(data: dict) -> PostmortemPolicy:
    lint = (data or {}).get("lint") or {}
    sections = lint.get("sections") or {}
    language = lint.get("language") or {}
    return PostmortemPolicy(
        lint=PostmortemLintPolicy(
            mode=lint.get("mode", "enforce"),
            files=tuple(lint.get("files", DEFAULT_POSTMORTEM_FILES)),
            exclude=tuple(lint.get("exclude", DEFAULT_POSTMORTEM_EXCLUDE)),
            required_sections=tuple(sections.get("required", DEFAULT_POSTMORTEM_SECTIONS)),
            section_aliases=tuple((name, tuple(headings)) for name, headings in (sections.get("aliases") or {}).items()),
            action_item_types=tuple((lint.get("action_items") or {}).get("types", ())),
            counterfactuals=_optional_words(language, "counterfactuals"),
            blame_words=_optional_words(language, "blame_words"),
            person_names=tuple(language.get("person_names", ())),
            not_person_names=tuple(language.get("not_person_names", ())),
        ),
        open=postmortem_open_from_data(data or {}),
        remind=postmortem_remind_from_data(data or {}),
    )


@dataclass(frozen=True)
class Config:
    """Everything the gates read from .github/process-gates.yml, defaults filled in."""

    version: int = 1
    limits: Limits = field(default_factory=Limits)
    rules: dict[str, str] = field(default_factory=dict)
    slo: SloPolicy = field(default_factory=SloPolicy)
    quality: QualityPolicy = field(default_factory=QualityPolicy)
    prd: PrdPolicy = field(default_factory=PrdPolicy)
    postmortem: PostmortemPolicy = field(default_factory=PostmortemPolicy)
    release: ReleasePolicy = field(default_factory=ReleasePolicy)
    report: ReportPolicy = field(default_factory=ReportPolicy)
    #: Where the configuration came from (None: built-in defaults), for messages and the summary.
    source: str | None = None


def config_from_data(data: dict, source: str | None) -> Config:
    """Build typed configuration from already schema-validated data."""
    limits = data.get("limits") or {}
    slo = data.get("slo") or {}
    return Config(
        version=data.get("version", 1),
        limits=Limits(
            max_bytes=limits.get("max_file_bytes", DEFAULT_MAX_BYTES),
            max_depth=limits.get("max_depth", DEFAULT_MAX_DEPTH),
            max_nodes=limits.get("max_nodes", DEFAULT_MAX_NODES),
        ),
        rules=dict(data.get("rules") or {}),
        slo=SloPolicy(
            mode=slo.get("mode", "enforce"),
            files=tuple(slo.get("files", DEFAULT_SLO_FILES)),
            exclude=tuple(slo.get("exclude", ())),
            require_for=tuple(slo.get("require_for", ())),
            target_ceiling=float(slo.get("target_ceiling", 99.99)),
            require_alerting=bool(slo.get("require_alerting", True)),
            slo_generator_config=slo.get("slo_generator_config"),
        ),
        postmortem=postmortem_from_data(data.get("postmortem") or {}),
        release=release_from_data(data.get("release") or {}),
        report=report_from_data(data.get("report")),
        quality=quality_from_data(data.get("quality")),
        prd=prd_from_data(data.get("prd")),
        source=source,
    )
