"""Inlines whose autocompletes render the chosen object from the rows the inline loaded, not a query per form."""

from django.contrib.admin.widgets import AutocompleteSelect
from django.forms.models import BaseInlineFormSet

from .admin_ids import ChosenIdsChecked


class KnownChoiceAutocompleteSelect(ChosenIdsChecked, AutocompleteSelect):
    """An autocomplete that shows its chosen object from ``known`` when the form already holds it.

    Django's renders each form's chosen object with a query of its own: one per
    byline and per Check Also link on a story's page. The inline loads them with
    its rows (select_related), so a page's queries do not grow with its bylines.
    """

    known: dict | None = None

    def optgroups(self, name, value, attr=None):
        selected = {str(v) for v in value if str(v) not in self.choices.field.empty_values}
        known = {str(pk): obj for pk, obj in (self.known or {}).items()}
        if not selected or not selected <= set(known):
            return super().optgroups(name, value, attr)
        options = [] if self.is_required else [self.create_option(name, "", "", False, 0)]
        for key in sorted(selected):
            label = self.choices.field.label_from_instance(known[key])
            options.append(self.create_option(name, known[key].pk, label, selected, len(options)))
        return [(None, options, 0)]


class KnownChoicesFormSet(BaseInlineFormSet):
    """Hands each form's autocomplete the object its row already loaded (see KnownChoiceAutocompleteSelect)."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        for name, field in form.fields.items():
            widget = getattr(field.widget, "widget", field.widget)
            related_id = getattr(form.instance, f"{name}_id", None)
            if isinstance(widget, KnownChoiceAutocompleteSelect) and related_id is not None:
                widget.known = {related_id: getattr(form.instance, name)}
        return form


class KnownChoicesInline:
    """An inline whose autocompletes render from the rows it loaded with ``select_related``."""

    formset = KnownChoicesFormSet

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = KnownChoiceAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(*self.autocomplete_fields)


class CappedInline:
    """An inline that builds at most ``max_num`` forms, whatever count the form's management data declares.

    Django builds as many as the posted TOTAL_FORMS says, up to ``absolute_max``, by default 2,000: a story
    posted with bylines-TOTAL_FORMS=99999 took 7 s to answer. A count above the cap is the formset's error.
    """

    max_num = 1000  # Django's default; lists the store limits (ingest.store.MOST_PER_STORY) set lower

    def get_formset(self, request, obj=None, **kwargs):
        # The class's cap, not get_max_num(): the admin sets max_num to 0 on the inline of a user who may not add
        # its rows, and the story's existing rows must still be posted back.
        kwargs.setdefault("absolute_max", type(self).max_num)
        return super().get_formset(request, obj, **kwargs)
