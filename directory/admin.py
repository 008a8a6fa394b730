from django.contrib import admin

from .models import Institution, Person


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin):
    list_display = ["acronym", "name", "kind"]
    list_filter = ["kind"]
    search_fields = ["acronym", "name"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "cargo", "institution", "email", "is_enlace"]
    list_filter = ["is_enlace", "institution"]
    search_fields = ["name", "cargo", "email", "institution__acronym"]
    autocomplete_fields = ["institution", "user"]
