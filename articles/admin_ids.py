"""Ids from a request that are not ids of the table ("abc", a number past bigint): an error, 404 or 400, not a 500.

Django checks an id only where it looks one up with ``get()``; elsewhere a raw string
reaches a ``filter(pk__in=...)`` and raises ValueError: the autocomplete widget drawing
the chosen objects of a form sent back with ``section=abc`` (or an add form's
``?section=abc``), an action's ``_selected_action=abc``, simple-history's
``/history/abc/``.
"""

from django.contrib.admin import helpers
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import BadRequest, ValidationError
from django.db import models
from django.http import Http404


def is_id(field: models.Field, value) -> bool:
    """Whether ``value`` is one ``field`` (a primary key) could hold: of its type, within the column's range."""
    try:
        field.run_validators(field.to_python(value))
    except (ValidationError, TypeError):
        return False
    return True


class ChosenIdsChecked:
    """An autocomplete that draws only the chosen values that are ids: the form's own field reports the rest."""

    def optgroups(self, name, value, attr=None):
        target = self.field.target_field
        empty = self.choices.field.empty_values
        return super().optgroups(name, [v for v in value if str(v) in empty or is_id(target, v)], attr)


class CheckedAutocompleteSelect(ChosenIdsChecked, AutocompleteSelect):
    pass


class CheckedAutocompleteSelectMultiple(ChosenIdsChecked, AutocompleteSelectMultiple):
    pass


class CheckedIdsAdmin:
    """A ModelAdmin (or inline) whose autocompletes, actions and history pages check the ids they are sent."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request) and "widget" not in kwargs:
            kwargs["widget"] = CheckedAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request) and "widget" not in kwargs:
            kwargs["widget"] = CheckedAutocompleteSelectMultiple(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def response_action(self, request, queryset):
        selected = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        if not all(is_id(self.opts.pk, pk) for pk in selected):
            raise BadRequest("The selected rows are not ids of this list.")
        return super().response_action(request, queryset)

    def history_view(self, request, object_id, extra_context=None):
        if not is_id(self.opts.pk, object_id):
            raise Http404(f"No {self.opts.verbose_name} with that id.")
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        history_id = self.model.history.model._meta.pk
        if not (is_id(self.opts.pk, object_id) and is_id(history_id, version_id)):
            raise Http404(f"No such version of a {self.opts.verbose_name}.")
        return super().history_form_view(request, object_id, version_id, extra_context)
