from django.urls import path

from .style_guide import style_guide

app_name = "design"
urlpatterns = [path("", style_guide, name="estilo")]
