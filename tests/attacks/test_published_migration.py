"""Migration 0034 writes down, for records already stored, the rule the figures asked
until then: verified, with a standing aggregate consent. On a SQLite file of its own
(every engine runs the same statement; the shared test database is already migrated)."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from forum.extensions import db as _db
from tests.conftest import make_app

BEFORE = "0033_notifications_seen"
RECORDS = {
    # id: (status, [(use, withdrawn)]), published afterwards?
    1: ("verified", [("internal", False), ("aggregate", False)], True),
    2: ("verified", [("aggregate", True)], False),
    3: ("verified", [("aggregate", True), ("aggregate", False)], True),
    4: ("reported", [("aggregate", False)], False),
    5: ("rejected", [("aggregate", False)], False),
    6: ("verified", [("internal", False), ("named", False)], False),
    7: ("verified", [], False),
}


def test_existing_records_are_marked_as_the_rule_counted_them(tmp_path: Path) -> None:
    app = make_app(f"sqlite:///{tmp_path / 'migrate.sqlite3'}", tmp_path)
    with app.app_context():
        upgrade(revision=BEFORE)
        with _db.engine.begin() as conn:
            for number, (status, consents, _published) in RECORDS.items():
                conn.execute(
                    sa.text(
                        "INSERT INTO attack_incidents (id, status, origin, occurred_on,"
                        " date_precision, country, setting, target_unit, target_size,"
                        " target_gender, target_age, previously_threatened, source_kind,"
                        " source_reliability, received_on, stat_key) VALUES (:id, :status,"
                        " 'staff', '2025-05-01', 'day', 'CO', 'rural', 'individual', '1',"
                        " 'woman', 'unknown', 'yes', 'victim', 'probable', '2025-05-02', 7)"
                    ),
                    {"id": number, "status": status},
                )
                for use, withdrawn in consents:
                    conn.execute(
                        sa.text(
                            "INSERT INTO attack_consents (incident_id, use, given_on,"
                            " withdrawn_on) VALUES (:id, :use, '2025-05-01', :withdrawn)"
                        ),
                        {
                            "id": number,
                            "use": use,
                            "withdrawn": "2025-06-01" if withdrawn else None,
                        },
                    )
        upgrade()
        with _db.engine.connect() as conn:
            marked = dict(conn.execute(sa.text("SELECT id, published FROM attack_incidents")).all())
        assert {n: bool(p) for n, p in marked.items()} == {
            n: published for n, (_s, _c, published) in RECORDS.items()
        }
        downgrade(revision=BEFORE)
        with _db.engine.connect() as conn:
            columns = [c["name"] for c in sa.inspect(conn).get_columns("attack_incidents")]
        assert "published" not in columns
        _db.engine.dispose()
