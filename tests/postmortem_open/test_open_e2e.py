"""``postmortem open`` end to end: the real CLI and PyGithub against the emulator, from corpus payloads."""

from __future__ import annotations

from process_gates.cli import main

from incident_support import REPO, postmortems


def test_opens_one_postmortem_with_due_date_labels_assignees_and_backlink(github_emulator, incident_world, capsys) -> None:
    incident = incident_world()
    code = main(["postmortem", "open", "--at", "2026-11-20"])  # a Friday: 5 business days -> Friday 27th
    out = capsys.readouterr().out

    assert code == 0, out
    [pm] = postmortems(github_emulator.state)
    assert pm.title == "Postmortem: Spelling error in the README file (#1)"
    assert {lab.name for lab in pm.labels} == {"postmortem", "sev2"}
    assert [u.login for u in pm.assignees] == ["Codertocat"]
    assert "<!-- process-gates:postmortem incident=1 severity=sev2 opened=2026-11-20 due=2026-11-27 -->" in pm.body
    assert "<!-- pg:due -->2026-11-27<!-- /pg:due -->" in pm.body
    assert "sev2: 5 business days" in pm.body
    [link] = [c.body for c in incident.comments]
    assert link.startswith("<!-- process-gates:postmortem -->\n")
    assert f"#{pm.number}" in link and "2026-11-27" in link
    assert f"postmortem #{pm.number}: created" in out


CREATE = ("POST", "/repos/{owner}/{repo}/issues")


def test_a_rerun_opens_nothing_new_and_writes_nothing(github_emulator, incident_world, capsys) -> None:
    incident = incident_world()
    assert main(["postmortem", "open", "--at", "2026-11-20"]) == 0
    github_emulator.log.clear()
    assert main(["postmortem", "open", "--at", "2026-11-23"]) == 0
    out = capsys.readouterr().out

    assert len(postmortems(github_emulator.state)) == 1
    assert "already exists (due 2026-11-27)" in out
    writes = [e for e in github_emulator.log.filter() if e.method != "GET" and e.route != "/graphql"]
    assert writes == [], writes
    assert len(incident.comments) == 1


def test_a_raised_severity_moves_the_due_date_instead_of_opening_another(github_emulator, incident_world, capsys) -> None:
    incident = incident_world()
    assert main(["postmortem", "open", "--at", "2026-11-20"]) == 0
    github_emulator.state.add_labels(incident, ["sev1"], actor="Codertocat")
    assert main(["postmortem", "open", "--at", "2026-11-21"]) == 0
    out = capsys.readouterr().out

    [pm] = postmortems(github_emulator.state)
    # Due counts from the day the postmortem was opened: sev1 is 3 calendar days -> 2026-11-23.
    assert "due=2026-11-23" in pm.body and "<!-- pg:due -->2026-11-23<!-- /pg:due -->" in pm.body
    assert "sev1: 3 days" in pm.body and "sev2: 5 business days" not in pm.body
    assert {lab.name for lab in pm.labels} == {"postmortem", "sev1"}
    assert "severity raised to sev1" in out
    [link] = [c.body for c in incident.comments]
    assert "2026-11-23" in link and "sev1: 3 days" in link

    # Lowering it again never extends the deadline already given.
    github_emulator.state.remove_label(incident, "sev1", actor="Codertocat")
    assert main(["postmortem", "open", "--at", "2026-11-22"]) == 0
    [pm] = postmortems(github_emulator.state)
    assert "due=2026-11-23" in pm.body


def test_a_dropped_create_is_reconciled_not_repeated(github_emulator, incident_world) -> None:
    incident_world()
    github_emulator.faults.add("drop", "POST", "/repos/{owner}/{repo}/issues", when="after")
    assert main(["postmortem", "open", "--at", "2026-11-20"]) == 0

    assert len(postmortems(github_emulator.state)) == 1
    assert github_emulator.log.count(*CREATE) == 1


def test_two_concurrent_runs_leave_exactly_one_postmortem(github_emulator, incident_world) -> None:
    import threading

    incident = incident_world()
    s = github_emulator.state
    s.search_lag = 30.0  # finding the marker must not depend on search
    # Both runs list (no postmortem yet) before either create lands.
    github_emulator.faults.add("slow", "POST", "/repos/{owner}/{repo}/issues", times=2, delay=0.5)
    codes: list[int] = []
    runs = [threading.Thread(target=lambda: codes.append(main(["postmortem", "open", "--at", "2026-11-20"]))) for _ in range(2)]
    for run in runs:
        run.start()
    for run in runs:
        run.join(30)

    assert codes == [0, 0]
    assert github_emulator.log.count(*CREATE) == 2  # the race really happened
    [pm] = postmortems(s)
    others = [i for i in s.repo(REPO).issues.values() if i.number not in (incident.number, pm.number)]
    assert len(others) == 1 and others[0].state == "closed" and others[0].state_reason == "duplicate"
    assert f"a duplicate of #{pm.number}" in others[0].body and not others[0].labels
    links = [c.body for c in incident.comments]
    assert len(links) == 1 and f"#{pm.number}" in links[0]


def test_closed_policy_waits_for_the_incident_to_close(github_emulator, incident_world, capsys, tmp_path) -> None:
    incident = incident_world()
    (tmp_path / "pg.yml").write_text("version: 1\npostmortem:\n  open: {when: [closed]}\n", encoding="utf-8")
    assert main(["--config", "pg.yml", "postmortem", "open", "--at", "2026-11-20"]) == 0
    assert "opens when it is closed" in capsys.readouterr().out
    assert postmortems(github_emulator.state) == []

    github_emulator.state.edit_issue(incident, actor="Codertocat", state="closed")
    assert main(["--config", "pg.yml", "postmortem", "open", "--at", "2026-11-20"]) == 0
    [pm] = postmortems(github_emulator.state)
    assert "| Closed | 20" in pm.body and "still open" not in pm.body


def test_dry_run_prints_the_postmortem_and_writes_nothing(github_emulator, incident_world, capsys) -> None:
    incident_world()
    assert main(["postmortem", "open", "--dry-run", "--at", "2026-11-20"]) == 0
    out = capsys.readouterr().out

    assert "would open an issue titled: Postmortem: Spelling error in the README file (#1)" in out
    assert "labels: postmortem, sev2; assignees: Codertocat" in out
    assert "## Where We Got Lucky" in out
    assert "dry run: nothing was written" in out
    assert [e for e in github_emulator.log.filter() if e.method != "GET" and e.route != "/graphql"] == []


def test_hostile_incident_text_is_escaped_in_the_postmortem(github_emulator, incident_world) -> None:
    title = "<img src=x onerror=alert(1)> **@acme/everyone** [click](javascript:alert(1)) {{due}} `x`"
    incident_world(title=title)
    assert main(["postmortem", "open", "--at", "2026-11-20"]) == 0
    [pm] = postmortems(github_emulator.state)

    assert "<img" not in pm.body and "&lt;img" in pm.body
    assert "@acme" not in pm.body and "@\u200bacme" in pm.body
    assert "](javascript" not in pm.body and "\\[click\\]\\(javascript:alert\\(1\\)\\)" in pm.body
    assert "\\{\\{due\\}\\}" in pm.body  # a value is never filled again
    assert pm.title.startswith("Postmortem: <img src=x")  # titles are plain text, shown as text by GitHub


def test_the_postmortem_itself_and_unlabelled_issues_are_left_alone(github_emulator, incident_world, capsys) -> None:
    incident_world(labels=("bug",))
    assert main(["postmortem", "open", "--at", "2026-11-20"]) == 0
    assert "carries none of the incident labels" in capsys.readouterr().out
    assert postmortems(github_emulator.state) == []

    github_emulator.state.add_labels(github_emulator.state.issue(REPO, 1), ["sev1"], actor="Codertocat")
    assert main(["postmortem", "open", "--at", "2026-11-20"]) == 0
    [pm] = postmortems(github_emulator.state)
    # The postmortem carries sev1 too, so labelling it fires the workflow on it: nothing happens.
    assert main(["postmortem", "open", "--issue", str(pm.number), "--at", "2026-11-20"]) == 0
    assert "is a postmortem itself" in capsys.readouterr().out
    assert len(postmortems(github_emulator.state)) == 1


def test_a_repository_template_replaces_the_built_in_one(github_emulator, incident_world, tmp_path, capsys) -> None:
    incident_world()
    (tmp_path / "pm.md").write_text("# PM for {{ title }}\n\nDue {{due}}; lead {{commanders}}\n", encoding="utf-8")
    (tmp_path / "pg.yml").write_text("version: 1\npostmortem:\n  template: pm.md\n", encoding="utf-8")
    assert main(["--config", "pg.yml", "postmortem", "open", "--at", "2026-11-20"]) == 0
    [pm] = postmortems(github_emulator.state)
    assert pm.body.splitlines()[1:] == [
        "# PM for Spelling error in the README file", "",
        "Due <!-- pg:due -->2026-11-27<!-- /pg:due -->; lead @\u200bCodertocat",
    ]

    # A broken template fails closed on every run, before anything is written: found now, not at the next outage.
    (tmp_path / "pm.md").write_text("ok\n\nSee {{ticket}}\n", encoding="utf-8")
    capsys.readouterr()
    github_emulator.log.clear()
    assert main(["--config", "pg.yml", "postmortem", "open", "--issue", "1", "--at", "2026-11-20"]) == 2
    err = capsys.readouterr().err
    assert "pm.md:3:5: unknown placeholder {{ticket}} in the postmortem template; use one of: title," in err
    assert [e for e in github_emulator.log.filter() if e.method != "GET"] == []


def test_a_token_that_cannot_write_issues_fails_with_exit_3_and_says_which_permission(github_emulator, incident_world, monkeypatch, capsys) -> None:
    incident_world()
    monkeypatch.setenv("GITHUB_TOKEN", github_emulator.state.actions_token(read_only=True).value)
    assert main(["postmortem", "open", "--at", "2026-11-20"]) == 3
    err = capsys.readouterr().err
    assert "GitHub POST /repos/{owner}/{repo}/issues was refused (HTTP 403 Resource not accessible by integration)" in err
    assert "permissions:" in err
    assert postmortems(github_emulator.state) == []


def test_workflow_dispatch_names_the_issue_and_other_events_are_refused(github_emulator, incident_world, monkeypatch, tmp_path, capsys) -> None:
    import json

    incident_world()
    event = tmp_path / "dispatch.json"
    event.write_text(json.dumps({"inputs": {"issue": "#1"}, "ref": "refs/heads/master", "repository": {"full_name": REPO}}), encoding="utf-8")
    monkeypatch.setenv("GITHUB_EVENT_NAME", "workflow_dispatch")
    monkeypatch.setenv("GITHUB_EVENT_PATH", str(event))
    assert main(["postmortem", "open", "--at", "2026-11-20"]) == 0
    assert len(postmortems(github_emulator.state)) == 1

    monkeypatch.setenv("GITHUB_EVENT_NAME", "push")
    assert main(["postmortem", "open"]) == 2
    assert "does not handle the `push` event; trigger it on: issues, workflow_dispatch" in capsys.readouterr().err


def test_a_refused_back_link_keeps_the_postmortem_and_the_rerun_adds_the_link(github_emulator, incident_world, capsys) -> None:
    incident = incident_world()
    github_emulator.faults.add(
        "forbidden", "POST", "/repos/{owner}/{repo}/issues/{issue_number}/comments",
        message="Unable to create comment because issue is locked.",
    )
    code = main(["postmortem", "open", "--at", "2026-11-20"])
    captured = capsys.readouterr()

    [pm] = postmortems(github_emulator.state)
    assert incident.comments == []
    assert code == 0, captured.out  # the postmortem, the part that matters, exists; the link is reported
    assert "notice github.comment.forbidden: could not write the process-gates `postmortem` comment on #1 (HTTP 403 Unable to create comment because issue is locked.)" in captured.out
    assert "Traceback" not in captured.out + captured.err

    assert main(["postmortem", "open", "--at", "2026-11-21"]) == 0
    assert [p.number for p in postmortems(github_emulator.state)] == [pm.number]
    [link] = [c.body for c in incident.comments]
    assert f"#{pm.number}" in link
