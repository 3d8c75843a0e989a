"""`claimdesk factchecks` and the "seen before" lines of `claimdesk check`, as real subprocesses."""

from __future__ import annotations

from pathlib import Path

from tests.test_cli import claimdesk

FIXTURES = Path(__file__).parent / "fixtures" / "claimreview"
ARTICLE = (
    "Park wardens said on Monday that snow owls were seen nesting in Dunmore Park in July, "
    "and that 40 volunteers had counted the birds.\n\n"
    "The council said the Dunmore library will close every Sunday from September."
)


def test_imported_fact_checks_are_seen_before_in_a_new_check(tmp_path):
    env = {"CLAIMDESK_DB_PATH": str(tmp_path / "desk.sqlite3")}
    loaded = claimdesk("factchecks", "import", str(FIXTURES / "items.jsonl"), env=env)
    assert loaded.returncode == 0, loaded.stderr.decode()
    assert "2 added" in loaded.stdout.decode() and "1 skipped" in loaded.stdout.decode()

    stats = claimdesk("factchecks", "stats", env=env)
    assert '"factchecks": 2' in stats.stdout.decode()

    article = tmp_path / "article.txt"
    article.write_text(ARTICLE)
    report = claimdesk("check", str(article), env=env)
    assert report.returncode == 0, report.stderr.decode()
    out = report.stdout.decode()
    assert "Seen before: fact-checked by Checks Example on 2023-08-01: Unproven" in out
    assert "https://checks.example.com/2023/owls" in out


def test_a_forgotten_fact_check_is_no_longer_seen(tmp_path):
    env = {"CLAIMDESK_DB_PATH": str(tmp_path / "desk.sqlite3")}
    claimdesk("factchecks", "import", str(FIXTURES / "items.jsonl"), env=env)
    gone = claimdesk("factchecks", "forget", "https://checks.example.com/2023/owls", env=env)
    assert "removed 1 fact-check" in gone.stdout.decode()
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE)
    out = claimdesk("check", str(article), env=env).stdout.decode()
    assert "owls" in out and "checks.example.com/2023/owls" not in out


def test_a_claim_checked_before_is_seen_again_with_its_article(tmp_path):
    env = {"CLAIMDESK_DB_PATH": str(tmp_path / "desk.sqlite3")}
    first = tmp_path / "first.txt"
    first.write_text("Harbour News\n\n" + ARTICLE)
    assert claimdesk("check", str(first), env=env).returncode == 0
    second = tmp_path / "second.txt"
    second.write_text(
        "Officials said snow owls were seen nesting in Dunmore Park in July this year, "
        "according to 40 volunteers who counted the birds."
    )
    out = claimdesk("check", str(second), env=env).stdout.decode()
    assert "Also in" in out
