"""Reading and saving a person's profile. Functions flush; the view commits."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from forum.extensions import db
from forum.models import User
from forum.profiles.models import PROFILE_FIELDS, Profile, Visibility


def profile_of(user: User) -> Profile | None:
    return db.session.get(Profile, user.id)


def save_profile(user: User, values: Mapping[str, Any]) -> Profile:
    """Store every field and its visibility; empty fields are stored as nothing at all."""
    profile = profile_of(user) or Profile(user_id=user.id)
    for name in PROFILE_FIELDS:
        value = values.get(name)
        if name == "languages":
            value = sorted(set(value or []))
        elif isinstance(value, str):
            value = value.strip() or None
        setattr(profile, name, value)
        visibility = Visibility(values.get(f"{name}_visibility") or Visibility.ME.value)
        setattr(profile, f"{name}_visibility", visibility.value)
    db.session.add(profile)
    db.session.flush()
    return profile


def profile_export(profile: Profile | None) -> dict[str, Any]:
    if profile is None:
        return {}
    return {
        name: {"value": profile.value_of(name), "visible_to": profile.visibility_of(name).value}
        for name in PROFILE_FIELDS
    }
