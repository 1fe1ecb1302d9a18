"""The demo exchanges: enough, varied, well-formed and loaded only once."""

import sqlalchemy as sa

from forum import taxonomy
from forum.exchanges.models import Post, Thread, ThreadRegion, ThreadRisk


def test_seed_demo_adds_exchanges_once(runner, db, client):
    result = runner.invoke(args=["forum", "seed-demo"])
    assert result.exit_code == 0, result.output
    assert "Exchanges: 32 threads" in result.output
    threads = db.session.scalars(sa.select(Thread)).all()
    assert len(threads) >= 30
    assert set(db.session.scalars(sa.select(ThreadRegion.region))) == set(taxonomy.REGIONS)
    assert len(set(db.session.scalars(sa.select(ThreadRisk.risk)))) >= 8
    assert {t.language for t in threads} == {"en", "es", "fr", "pt", "ar"}
    assert any(t.locked_at for t in threads)
    assert (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(Post)
            .where(Post.is_opening.is_(True), Post.is_anonymous.is_(True))
        )
        >= 1
    )
    deep = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Post)
        .where(Post.parent_id.in_(sa.select(Post.id).where(Post.is_opening.is_(False))))
    )
    assert deep >= 10  # replies to replies
    assert all(t.reply_count >= 1 for t in threads)

    again = runner.invoke(args=["forum", "seed-demo"])
    assert again.exit_code == 0 and "Exchanges: 0 threads" in again.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Thread)) == len(threads)
    assert client.get("/exchanges/").status_code == 200
