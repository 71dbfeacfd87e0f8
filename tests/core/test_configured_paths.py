"""A file the configuration names must exist: a typo fails closed (exit 2) instead of checking less."""

from __future__ import annotations

from process_gates.cli import main


def test_missing_slo_generator_config_fails_closed(tmp_path, monkeypatch, capsys):
    (tmp_path / ".github").mkdir()
    (tmp_path / ".github" / "process-gates.yml").write_text("version: 1\nslo:\n  slo_generator_config: slo/config.yaml\n")
    (tmp_path / "slo").mkdir()
    monkeypatch.chdir(tmp_path)
    code = main(["slo", "validate", "slo"])
    out = capsys.readouterr().out
    assert code == 2
    assert (
        ".github/process-gates.yml: error config.path-missing: slo.slo_generator_config: 'slo/config.yaml' "
        "does not exist or is not a regular file" in out
    )


def test_existing_slo_generator_config_is_accepted(tmp_path, monkeypatch, capsys):
    (tmp_path / ".github").mkdir()
    (tmp_path / ".github" / "process-gates.yml").write_text("version: 1\nslo:\n  slo_generator_config: slo/config.yaml\n")
    (tmp_path / "slo").mkdir()
    (tmp_path / "slo" / "config.yaml").write_text("backends:\n  prometheus:\n    url: http://localhost:9090\n")
    monkeypatch.chdir(tmp_path)
    assert main(["slo", "validate", "slo"]) == 0
    assert "config.path-missing" not in capsys.readouterr().out


def test_empty_folder_says_nothing_was_validated(tmp_path, monkeypatch, capsys):
    (tmp_path / "slo").mkdir()
    monkeypatch.chdir(tmp_path)
    assert main(["slo", "validate", "slo"]) == 0
    assert "no YAML files (*.yaml, *.yml) under the given path(s); nothing to validate" in capsys.readouterr().out
