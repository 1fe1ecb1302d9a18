"""Who may do what, in one package: the core (`can`, `require`, the rule registry,
`audit`) and one rules module per feature, each importing its feature's models.

Feature code imports the core from here and the helpers of a feature's rules (SQL
visibility clauses, profile-field visibility) from that rules module. Importing this
package registers every rule.
"""

# Registered for their side effect: each module adds its feature's rules.
from forum.security import accounts, attacks, events, exchanges, insights  # noqa: F401, I001
from forum.security import letters, library, messages, notices, observatory  # noqa: F401, I001
from forum.security import proposals, search, topics, workshops  # noqa: F401, I001
from forum.security.audit import audit
from forum.security.core import (
    actions,
    can,
    has_role,
    is_member,
    require,
    roles_on_hold,
    rule,
    uses_privileges,
)

__all__ = [
    "actions",
    "audit",
    "can",
    "has_role",
    "is_member",
    "require",
    "roles_on_hold",
    "rule",
    "uses_privileges",
]
