from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("informe/", views.informe, name="informe"),
    path("informe/filas/<str:kind>/", views.informe_rows, name="rows"),
    path("informe/exportar.<str:fmt>", views.informe_export, name="export"),
    path("informe/graficas/<str:name>.svg", views.informe_chart, name="chart"),
]
