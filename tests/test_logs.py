import logging
import threading
import urllib.request

from werkzeug.serving import make_server

from forum.logs import RedactAddresses, redact


def test_redact_removes_ipv4_and_ipv6_addresses():
    line = '203.0.113.9 - - "GET /events/ HTTP/1.1" 200 from 2001:db8::1 and ::1'
    cleaned = redact(line)
    assert "203.0.113.9" not in cleaned and "2001:db8::1" not in cleaned and "::1" not in cleaned
    assert "GET /events/ HTTP/1.1" in cleaned and "200" in cleaned


def test_version_numbers_and_times_are_not_mangled():
    assert redact("took 12:30:01, Python 3.11.7") == "took 12:30:01, Python 3.11.7"


def test_the_real_development_server_logs_no_address(app, caplog):
    """Serve a request over a socket with werkzeug, as `flask run` does."""
    server = make_server("127.0.0.1", 0, app)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with caplog.at_level(logging.INFO):
            with urllib.request.urlopen(f"http://127.0.0.1:{server.port}/robots.txt") as reply:
                assert reply.status == 200
    finally:
        server.shutdown()
        thread.join(5)
    access = [r for r in caplog.records if "robots.txt" in r.getMessage()]
    assert access, "the access line was not logged"
    for record in access:
        assert "127.0.0.1" not in record.getMessage()


def test_filter_handles_records_with_arguments():
    record = logging.LogRecord(
        "x", logging.INFO, __file__, 1, "%s asked %s", ("10.1.2.3", "/"), None
    )
    RedactAddresses().filter(record)
    assert record.getMessage() == "- asked /"


def test_application_errors_are_logged_without_the_address(app, caplog):
    @app.get("/boom")
    def boom():
        raise RuntimeError("kaput")

    app.config["PROPAGATE_EXCEPTIONS"] = False
    client = app.test_client()
    with caplog.at_level(logging.ERROR):
        response = client.get("/boom", environ_base={"REMOTE_ADDR": "198.51.100.7"})
    assert response.status_code == 500
    assert "Something went wrong" in response.get_data(as_text=True)
    assert "198.51.100.7" not in caplog.text


def test_the_run_banner_keeps_the_servers_own_address():
    """The development server's banner names where it listens, not a client."""
    for banner in (" * Running on http://127.0.0.1:5000", " * Running on http://[::1]:5000"):
        assert redact(banner) == banner
    line = '203.0.113.9 - - "GET http://198.51.100.4/ HTTP/1.1" 200'
    assert redact(line) == '- - - "GET http://198.51.100.4/ HTTP/1.1" 200'
