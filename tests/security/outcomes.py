"""The outcomes the authorization matrix records (see test_authorization_matrix.py)."""

GO, LOGIN = "GO", "LOGIN"
# Outcomes after which nothing may have changed (anything else may have).
REFUSED = {LOGIN, 400, 403, 404, 405, 422}
# An endpoint with two addresses answers with both outcomes (the thread: 200 at its
# address, a redirect there from the other one).
SHOWN = "200/GO"
