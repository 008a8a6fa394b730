from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("<int:session_id>/pdf", views.minuta_pdf, name="minuta_pdf"),
    path("<int:session_id>/docx", views.minuta_docx, name="minuta_docx"),
    path("files/<int:document_id>", views.minuta_file, name="minuta_file"),
]
