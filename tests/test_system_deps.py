"""The scripts behind `make test` and CI: system packages, services, the two runs.

Each script runs for real, with a PATH of stand-ins for dpkg-query, apt-get, sudo, id,
psql, redis-cli… that record what they were asked and answer as a machine in a given
state would: nothing is installed, started or created on this machine.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from forum import ROOT

SCRIPTS = ROOT / "scripts"
REAL_TOOLS = ("bash", "env", "dirname", "sleep", "true")

# Stand-ins: each is a small bash program reading its state from files in $FAKE.
STAND_INS = {
    # Reports every package as installed except those listed in $FAKE/missing; those in
    # $FAKE/config-files were removed but left their configuration (dpkg still knows them).
    "dpkg-query": r"""
        shift 2  # -W -f=...
        for p in "$@"; do
          if grep -qx "$p" "$FAKE/config-files" 2>/dev/null; then printf '%s\tconfig-files\n' "$p"
          elif grep -qx "$p" "$FAKE/missing" 2>/dev/null; then echo "no package $p" >&2
          else printf '%s\tinstalled\n' "$p"; fi
        done
    """,
    # Records each call; `install` removes the packages from $FAKE/missing unless told to fail.
    "apt-get": r"""
        echo "apt-get $* [DEBIAN_FRONTEND=${DEBIAN_FRONTEND:-}]" >> "$FAKE/log"
        [[ "$1" == install ]] || exit 0
        [[ -e "$FAKE/apt-fails" ]] && exit 100
        [[ -e "$FAKE/apt-installs-nothing" ]] && exit 0
        for p in "$@"; do sed -i "/^$p\$/d" "$FAKE/missing" "$FAKE/config-files" 2>/dev/null; done
        exit 0
    """,
    "id": r"""
        case "$1" in -u) cat "$FAKE/uid" 2>/dev/null || echo 0 ;; -un) echo alice ;; esac
    """,
    # Passwordless only when $FAKE/sudo-ok exists.
    "sudo": r"""
        [[ -e "$FAKE/sudo-ok" ]] || { echo "sudo: a password is required" >&2; exit 1; }
        [[ "$1" == -n ]] && shift
        echo "sudo $*" >> "$FAKE/log"
        PATH="$CALLER_PATH" exec "$@"
    """,
    "mkdir": r"""echo "mkdir $*" >> "$FAKE/log" """,
    "pg_isready": r"""[[ -e "$FAKE/postgres-up" ]]""",
    "pg_ctlcluster": r"""echo "pg_ctlcluster $*" >> "$FAKE/log"; touch "$FAKE/postgres-up" """,
    "redis-server": r"""
        { printf 'redis-server'; printf ' [%s]' "$@"; echo; } >> "$FAKE/log"
        touch "$FAKE/redis-up"
    """,
    "redis-cli": r"""
        [[ -e "$FAKE/redis-up" ]] || { echo "Could not connect to Redis" >&2; exit 1; }
        case "$*" in
          *ping*) echo PONG ;;
          *dbsize*) cat "$FAKE/redis-keys" 2>/dev/null || echo 0 ;;
        esac
    """,
    # Answers the test suite's questions about the database convene_test, records the rest.
    "psql": r"""
        [[ -e "$FAKE/postgres-up" && ! -e "$FAKE/postgres-password" ]] || exit 2
        sql="${@: -1}"
        echo "psql $sql" >> "$FAKE/log"
        case "$sql" in
          *"'found:'"*) [[ -e "$FAKE/convene_test" ]] && echo "found:$(cat "$FAKE/convene_test")" ;;
          "CREATE DATABASE convene_test") : > "$FAKE/convene_test" ;;
          "COMMENT ON DATABASE convene_test IS "*)
            m="${sql#*IS \'}"; printf '%s' "${m%\'}" > "$FAKE/convene_test" ;;
        esac
        exit 0
    """,
    # The test runner: records its arguments and the databases it was given.
    "python": r"""
        db="${FORUM_TEST_DATABASE_URL-unset}" redis="${FORUM_TEST_REDIS_URL-unset}"
        echo "python $* [db=$db] [redis=$redis]" >> "$FAKE/log"
        exit "$(cat "$FAKE/pytest-status" 2>/dev/null || echo 0)"
    """,
}


@dataclass
class Machine:
    """A fake machine: `bin` holds the stand-ins, `state` the files they read and write."""

    bin: Path
    state: Path

    def set(self, name: str, content: str = "") -> None:
        (self.state / name).write_text(content)

    def without(self, *tools: str) -> None:
        for tool in tools:
            (self.bin / tool).unlink()

    def add_command(self, name: str) -> None:
        path = self.bin / name
        path.write_text("#!/bin/bash\nexit 0\n")
        path.chmod(0o755)

    @property
    def calls(self) -> list[str]:
        log = self.state / "log"
        return log.read_text().splitlines() if log.exists() else []

    def run(self, script: str, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
        environment = {"PATH": str(self.bin), "FAKE": str(self.state), "LANG": "C.UTF-8"}
        environment.update(env)
        return subprocess.run(
            ["/bin/bash", str(SCRIPTS / script), *args],
            env=environment,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )


@pytest.fixture
def machine(tmp_path: Path) -> Machine:
    bin_dir, state = tmp_path / "bin", tmp_path / "state"
    bin_dir.mkdir()
    state.mkdir()
    for tool in REAL_TOOLS:
        real = next(Path(d, tool) for d in ("/usr/bin", "/bin") if Path(d, tool).exists())
        (bin_dir / tool).symlink_to(real)
    for name, body in STAND_INS.items():
        path = bin_dir / name
        path.write_text(f"#!/bin/bash\nCALLER_PATH=$PATH PATH=/usr/bin:/bin\n{body}\n")
        path.chmod(0o755)
    return Machine(bin_dir, state)


def listed_packages() -> list[tuple[str, str, str]]:
    """(group, package, comment) for each line of scripts/system-deps's list."""
    text = (SCRIPTS / "system-deps").read_text()
    block = re.search(r"<<'LIST' \|\| true\n(.*?)\nLIST\n", text, re.S)
    assert block, "the package list is missing from scripts/system-deps"
    rows = []
    for line in block.group(1).splitlines():
        fields, _, comment = line.partition("#")
        group, package, *_ = fields.split()
        rows.append((group, package, comment.strip()))
    return rows


# --- scripts/system-deps ------------------------------------------------------------


def test_every_package_says_who_needs_it_and_belongs_to_a_known_group():
    rows = listed_packages()
    assert {"chromium", "postgresql", "redis-server", "libpango-1.0-0", "mat2"} <= {
        package for _, package, _ in rows
    }
    for group, package, comment in rows:
        assert group in {"run", "test", "bench"}, package
        assert len(comment) > 10, f"{package} needs a comment saying who needs it"


def test_with_everything_installed_it_asks_dpkg_only(machine):
    result = machine.run("system-deps")
    assert result.returncode == 0, result.stderr
    assert re.search(r"all \d+ packages for 'test' are installed", result.stdout)
    assert machine.calls == []  # no apt-get update, no install, no sudo


def test_check_names_the_missing_package_who_needs_it_and_the_command(machine):
    machine.set("missing", "chromium\n")
    result = machine.run("system-deps", "--check")
    assert result.returncode == 1
    assert re.search(r"chromium\s+tests/e2e: Playwright", result.stdout)
    assert (
        "sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium"
        in result.stdout
    )
    assert machine.calls == []


def test_as_root_it_installs_what_is_missing_with_apt_get(machine):
    machine.set("missing", "chromium\nwrk\n")
    result = machine.run("system-deps", "test", "bench")
    assert result.returncode == 0, result.stdout + result.stderr
    update, install = machine.calls
    assert update.startswith("apt-get update")
    assert install.startswith("apt-get install -y -qq --no-install-recommends")
    assert install.split(" [")[0].endswith(" chromium wrk")
    assert "[DEBIAN_FRONTEND=noninteractive]" in install
    assert "are installed" in result.stdout.splitlines()[-1]


def test_a_removed_package_that_left_its_configuration_counts_as_missing(machine):
    machine.set("config-files", "chromium\n")
    result = machine.run("system-deps", "--check")
    assert result.returncode == 1
    assert "--no-install-recommends chromium" in result.stdout


def test_without_root_or_sudo_it_prints_the_command_and_stops(machine):
    machine.set("uid", "1000")
    machine.set("missing", "chromium\n")
    result = machine.run("system-deps")
    assert result.returncode == 1
    assert "needs root or passwordless sudo" in result.stderr
    assert "sudo apt-get install -y --no-install-recommends chromium" in result.stderr
    assert not [call for call in machine.calls if call.startswith("apt-get")]


def test_with_passwordless_sudo_it_installs_through_sudo(machine):
    machine.set("uid", "1000")
    machine.set("sudo-ok")
    machine.set("missing", "redis-server\n")
    machine.without("redis-server")  # the command would stand in for the package
    result = machine.run("system-deps")
    assert result.returncode == 0, result.stderr
    assert any(
        call.startswith("sudo env DEBIAN_FRONTEND=noninteractive apt-get install")
        for call in machine.calls
    )
    assert any(
        call.startswith("apt-get install") and call.split(" [")[0].endswith("redis-server")
        for call in machine.calls
    )


def test_a_command_on_path_stands_for_its_package(machine):
    """Node.js from another source brings npm without Debian's npm package."""
    machine.set("missing", "npm\n")
    assert machine.run("system-deps", "--check").returncode == 1
    machine.add_command("npm")
    assert machine.run("system-deps", "--check").returncode == 0


def test_groups_choose_the_packages(machine):
    machine.set("missing", "chromium\n")
    assert machine.run("system-deps", "--check", "run").returncode == 0
    machine.set("missing", "wrk\n")
    assert machine.run("system-deps", "--check").returncode == 0  # test does not need wrk
    assert machine.run("system-deps", "--check", "bench").returncode == 1
    machine.set("missing", "libpango-1.0-0\n")
    assert machine.run("system-deps", "--check", "bench").returncode == 1  # bench includes run


def test_a_failed_or_incomplete_install_is_an_error(machine):
    machine.set("missing", "chromium\n")
    machine.set("apt-fails")
    assert machine.run("system-deps").returncode != 0
    (machine.state / "apt-fails").unlink()
    machine.set("apt-installs-nothing")
    result = machine.run("system-deps")
    assert result.returncode == 1
    assert "still missing: chromium" in result.stderr


def test_an_unknown_argument_shows_the_usage(machine):
    result = machine.run("system-deps", "--instal")
    assert result.returncode == 2
    assert "usage: scripts/system-deps" in result.stderr


# --- scripts/services ---------------------------------------------------------------


def test_services_that_are_up_are_left_alone(machine):
    machine.set("postgres-up")
    machine.set("redis-up")
    result = machine.run("services", "--require")
    assert result.returncode == 0
    assert "PostgreSQL is up" in result.stdout and "Redis is up" in result.stdout
    assert machine.calls == []


def test_a_stopped_redis_is_started_as_the_image_does(machine):
    machine.set("postgres-up")
    result = machine.run("services", "--require")
    assert result.returncode == 0, result.stdout
    assert machine.calls == [
        "mkdir -p /var/lib/redis /var/log/redis",
        "redis-server [--daemonize] [yes] [--bind] [127.0.0.1] [-::1] [--port] [6379] [--save] []"
        " [--appendonly] [no] [--dir] [/var/lib/redis] [--logfile] [/var/log/redis/ci.log]",
    ]


def test_with_passwordless_sudo_a_stopped_postgresql_is_started_through_sudo(machine):
    machine.set("uid", "1000")
    machine.set("sudo-ok")
    machine.set("redis-up")
    clusters = sorted(Path("/etc/postgresql").glob("*/main"))
    if not clusters:
        pytest.skip("no PostgreSQL cluster on this machine for the command to name")
    result = machine.run("services", "--require")
    assert result.returncode == 0, result.stdout
    version = clusters[-1].parent.name
    assert machine.calls[-1] == f"pg_ctlcluster --skip-systemctl-redirect {version} main start"
    assert machine.calls[-2].startswith("sudo pg_ctlcluster")


def test_without_root_it_prints_how_to_start_them(machine):
    machine.set("uid", "1000")
    machine.without("pg_ctlcluster")
    result = machine.run("services")
    assert result.returncode == 0  # make test goes on, on SQLite
    assert "PostgreSQL is not installed (scripts/system-deps test installs it)" in result.stdout
    assert "Redis is stopped; starting it needs root" in result.stdout
    assert (
        "redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save ''" in result.stdout
    )
    assert machine.calls == []
    assert machine.run("services", "--require").returncode == 1  # CI needs them


# --- scripts/test-suite -------------------------------------------------------------


# What test-suite adds on a 2-core machine: two xdist workers, and the slowest tests.
SPREAD = "--durations=25 -n 2 --dist loadgroup"


def run_suite(machine: Machine, **env: str) -> subprocess.CompletedProcess[str]:
    env = {"TEST_WORKERS": "2", **env}
    return machine.run("test-suite", "-q", PY=str(machine.bin / "python"), **env)


def pytest_calls(machine: Machine) -> list[str]:
    return [call for call in machine.calls if call.startswith("python")]


def test_without_postgresql_it_passes_on_sqlite_and_ends_saying_how_to_add_postgresql(machine):
    machine.without("psql", "pg_isready", "pg_ctlcluster", "redis-server", "redis-cli")
    result = run_suite(machine)
    assert result.returncode == 0
    assert pytest_calls(machine) == [f"python -m pytest {SPREAD} -q [db=unset] [redis=unset]"]
    last = "\n".join(result.stdout.splitlines()[-6:])
    assert "SQLite run:     passed" in last
    assert "PostgreSQL run: SKIPPED: PostgreSQL is not installed" in last
    assert (
        "FORUM_TEST_DATABASE_URL=postgresql+psycopg://USER:PASSWORD@HOST:5432/DATABASE make test"
        in last
    )
    assert "Redis tests:    SKIPPED: no Redis answers on 127.0.0.1:6379." in last


def test_a_local_postgresql_gets_a_database_of_its_own_and_the_second_run(machine):
    machine.set("postgres-up")
    machine.set("redis-up")
    result = run_suite(machine)
    assert result.returncode == 0, result.stdout
    assert "psql CREATE DATABASE convene_test" in machine.calls
    url = "postgresql+psycopg://postgres@127.0.0.1:5432/convene_test"
    assert pytest_calls(machine) == [
        f"python -m pytest {SPREAD} -q [db=unset] [redis=redis://127.0.0.1:6379/15]",
        f"python -m pytest -m not e2e {SPREAD} -q [db={url}] [redis=redis://127.0.0.1:6379/15]",
    ]
    assert f"PostgreSQL run: passed on {url}" in result.stdout.splitlines()[-2]
    # The next run finds its own database by the mark and does not create it again.
    (machine.state / "log").unlink()
    assert run_suite(machine).returncode == 0
    assert "psql CREATE DATABASE convene_test" not in machine.calls
    assert len(pytest_calls(machine)) == 2


def test_a_convene_test_database_it_did_not_create_is_never_touched(machine):
    machine.set("postgres-up")
    machine.set("convene_test", "the organisation's staging copy")
    machine.set("redis-up")
    machine.set("redis-keys", "12")
    result = run_suite(machine)
    assert result.returncode == 0
    assert pytest_calls(machine) == [f"python -m pytest {SPREAD} -q [db=unset] [redis=unset]"]
    assert "that make test did not create" in result.stdout
    assert "Redis database 15 on 127.0.0.1:6379 holds 12 keys" in result.stdout


def test_given_urls_are_used_as_they_are_and_passwords_are_not_printed(machine):
    url = "postgresql+psycopg://tester:s3cret-pw@db.internal:5432/ci_only"
    result = run_suite(machine, FORUM_TEST_DATABASE_URL=url, FORUM_TEST_REDIS_URL="redis://r/3")
    assert result.returncode == 0
    assert (
        pytest_calls(machine)[1]
        == f"python -m pytest -m not e2e {SPREAD} -q [db={url}] [redis=redis://r/3]"
    )
    assert not [call for call in machine.calls if call.startswith("psql")]
    assert "s3cret-pw" not in result.stdout
    assert "tester:***@db.internal:5432/ci_only" in result.stdout


def test_an_empty_url_turns_the_postgresql_run_off(machine):
    machine.set("postgres-up")
    result = run_suite(machine, FORUM_TEST_DATABASE_URL="")
    assert len(pytest_calls(machine)) == 1
    assert "SKIPPED: FORUM_TEST_DATABASE_URL is set but empty." in result.stdout


def test_a_failing_sqlite_run_fails_make_test_and_skips_the_second_run(machine):
    machine.set("postgres-up")
    machine.set("pytest-status", "1")
    result = run_suite(machine)
    assert result.returncode == 1
    assert len(pytest_calls(machine)) == 1
    assert "SQLite run:     FAILED (pytest exit 1)" in result.stdout


def test_test_workers_0_runs_the_suite_in_one_process(machine):
    machine.without("psql", "pg_isready", "pg_ctlcluster", "redis-server", "redis-cli")
    assert run_suite(machine, TEST_WORKERS="0").returncode == 0
    assert pytest_calls(machine) == ["python -m pytest --durations=25 -q [db=unset] [redis=unset]"]
