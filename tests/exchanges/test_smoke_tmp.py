from tests.conftest import login
def test_smoke(client, make_user, make_thread, make_reply, db):
    amina = make_user("amina", display_name="Amina K.")
    t = make_thread(amina, visibility="public")
    r = make_reply(amina, t)
    r2 = make_reply(amina, t, parent=r, anonymous=True)
    resp = client.get("/exchanges/")
    assert resp.status_code == 200, resp.get_data(as_text=True)
    resp = client.get(f"/exchanges/{t.id}", follow_redirects=True)
    print(resp.get_data(as_text=True)[-3000:])
    assert resp.status_code == 200
    login(client, "amina")
    resp = client.get(f"/exchanges/{t.id}", follow_redirects=True)
    assert resp.status_code == 200
    resp = client.get("/exchanges/?q=lawyers")
    assert "Legal support" in resp.get_data(as_text=True)
    resp = client.get("/exchanges/new")
    assert resp.status_code == 200, resp.get_data(as_text=True)
    resp = client.get("/")
    assert resp.status_code == 200
