"""What the list pages' django-filter FilterSets share."""


class FormClassOnce:
    """Mixin for a django_filters.FilterSet whose form class is built once per process, not per
    request: django-filter builds a field per filter, then a class, every time (~2 ms of each
    Mis acuerdos and group page request, issue #17). The class is the same for everyone but for
    the choices of the filters named in `per_request_choices` (the user's groups, the group's
    institutions), which `form` sets on each form from that filterset's own filters; the class's
    own fields list none, so a form that missed that step would offer nothing rather than
    another request's choices. tests/test_part_filter_form.py."""

    per_request_choices: tuple[str, ...] = ()
    _form_class = None

    def get_form_class(self):
        cls = type(self)
        if cls.__dict__.get("_form_class") is None:
            form_class = super().get_form_class()
            for name in self.per_request_choices:
                field = form_class.base_fields[name]
                field.queryset = field.queryset.none()
            cls._form_class = form_class
        return cls._form_class

    @property
    def form(self):
        if not hasattr(self, "_form"):
            form = super().form
            for name in self.per_request_choices:
                form.fields[name].queryset = self.filters[name].get_queryset(self.request)
        return self._form


def options_from_instances(field, objects) -> None:
    """A ModelChoiceFilter's form field offers `objects` (instances the page has read already, or
    a function reading them when the options are first listed) as ModelChoiceIterator would list
    them from its queryset, without that query and an instance per option: the empty and null
    options first, then (pk, label_from_instance). Set on the widget:
    django-filter's choices setter would wrap the list again. A chosen value is still checked
    against the field's queryset (ModelChoiceField.to_python)."""
    head = [("", field.empty_label)] if field.empty_label is not None else []
    if field.null_label is not None:
        head.append((field.null_value, field.null_label))
    # Set on `_choices`, not through the `choices` setter: these pairs are already what its
    # normalize_choices returns (a (value, label) pair of a text per option), and it would build
    # them again, matching each label against half a dozen types (~3 µs an option, a hundred
    # sessions on the group page; issue #17).
    if callable(objects):  # read when the widget lists them: a form only validated reads nothing
        field.widget._choices = _LazyOptions(head, objects, field.label_from_instance)
        return
    field.widget._choices = head + [(obj.pk, field.label_from_instance(obj)) for obj in objects]


class _LazyOptions:
    """options_from_instances' pairs from `read()`, read the first time they are listed (the
    CSV and XLSX exports build the form to filter and never render it)."""

    def __init__(self, head, read, label):
        self.head, self.read, self.label, self.pairs = head, read, label, None

    def __iter__(self):
        if self.pairs is None:
            self.pairs = self.head + [(obj.pk, self.label(obj)) for obj in self.read()]
        return iter(self.pairs)
