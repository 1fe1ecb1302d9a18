"""Staff pages for the glossary of protection terms: list, add, change, delete."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from forum.extensions import db
from forum.forms import ActionForm, form_status
from forum.search.analysis import LANGUAGES
from forum.search.glossary import queries, services
from forum.search.glossary.forms import ConceptForm
from forum.search.glossary.models import GlossaryConcept
from forum.security import require
from forum.urls import search_words

bp = Blueprint("glossary", __name__, url_prefix="/glossary")


def _concept_or_404(concept_id: int) -> GlossaryConcept:
    concept = db.session.get(GlossaryConcept, concept_id)
    if concept is None:
        abort(404)
    return concept


def _terms_from(form: ConceptForm) -> dict[str, list[str]]:
    return {language: services.split_terms(form[language].data) for language in LANGUAGES}


@bp.get("/")
def index():
    require("glossary.manage")
    text = search_words("q", 80)
    return render_template(
        "glossary/list.html",
        concepts=queries.concepts(text),
        query=text,
        languages=LANGUAGES,
        delete_form=ActionForm(),
    )


def _save(form: ConceptForm, concept: GlossaryConcept | None):
    if not form.validate_on_submit():
        return None
    try:
        if concept is None:
            concept = services.create_concept(current_user, form.key.data, _terms_from(form))
        else:
            services.update_concept(current_user, concept, form.key.data, _terms_from(form))
    except services.GlossaryError as error:
        db.session.rollback()
        form.form_errors.append(str(error))
        return None
    db.session.commit()
    flash(_("The glossary is saved. Searches use it at once."))
    return redirect(url_for("glossary.index"), 303)


@bp.route("/new", methods=["GET", "POST"])
def create():
    require("glossary.manage")
    form = ConceptForm()
    done = _save(form, None)
    if done is not None:
        return done
    return render_template("glossary/form.html", form=form, concept=None), form_status(form)


@bp.route("/<int:concept_id>", methods=["GET", "POST"])
def edit(concept_id: int):
    require("glossary.manage")
    concept = _concept_or_404(concept_id)
    form = ConceptForm()
    if not form.is_submitted():
        form = ConceptForm(
            formdata=None,
            key=concept.key,
            **{language: "\n".join(concept.terms_in(language)) for language in LANGUAGES},
        )
    done = _save(form, concept)
    if done is not None:
        return done
    return render_template("glossary/form.html", form=form, concept=concept), form_status(form)


@bp.post("/<int:concept_id>/delete")
def delete(concept_id: int):
    require("glossary.manage")
    concept = _concept_or_404(concept_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    services.delete_concept(current_user, concept)
    db.session.commit()
    flash(_("The concept is deleted from the glossary."))
    return redirect(url_for("glossary.index"), 303)
