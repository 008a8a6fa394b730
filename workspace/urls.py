from django.urls import path

from .views import documents, editor, pages, workflow

app_name = "workspace"

urlpatterns = [
    path("", pages.home, name="home"),
    path("groups/<int:group_id>/", pages.group, name="group"),
    path("groups/<int:group_id>/plan/", pages.plan_session, name="plan_session"),
    path("sessions/<int:session_id>/", editor.session, name="session"),
    path("sessions/<int:session_id>/revisions/<int:number>/", pages.revision, name="revision"),
    path("sessions/<int:session_id>/header/", editor.header_save, name="header_save"),
    path("sessions/<int:session_id>/people/", editor.people_search, name="people_search"),
    path("sessions/<int:session_id>/participants/", editor.participant_add, name="participant_add"),
    path("sessions/<int:session_id>/participants/new/", editor.person_create_view,
         name="person_create"),
    path("sessions/<int:session_id>/participants/<int:attendance_id>/", editor.participant_update,
         name="participant_update"),
    path("sessions/<int:session_id>/agenda/", editor.agenda_add, name="agenda_add"),
    path("sessions/<int:session_id>/agenda/followup/", editor.followup_add, name="followup_add"),
    path("sessions/<int:session_id>/agenda/<int:item_id>/", editor.agenda_update,
         name="agenda_update"),
    path("sessions/<int:session_id>/agenda/<int:item_id>/narrative/", editor.narrative_save,
         name="narrative_save"),
    path("sessions/<int:session_id>/acuerdos/", editor.acuerdo_add, name="acuerdo_add"),
    path("sessions/<int:session_id>/acuerdos/<int:acuerdo_id>/", editor.acuerdo_update,
         name="acuerdo_update"),
    path("sessions/<int:session_id>/acuerdos/<int:acuerdo_id>/institutions/",
         editor.acuerdo_institutions, name="acuerdo_institutions"),
    path("sessions/<int:session_id>/acuerdos/<int:acuerdo_id>/delete/", editor.acuerdo_delete,
         name="acuerdo_delete"),
    path("sessions/<int:session_id>/photos/", editor.photo_add, name="photo_add"),
    path("sessions/<int:session_id>/documents/", documents.document_add, name="document_add"),
    path("sessions/<int:session_id>/documents/<int:document_id>/remove/",
         documents.document_remove, name="document_remove"),
    path("sessions/<int:session_id>/photos/<int:photo_id>/", editor.photo_update,
         name="photo_update"),
    path("sessions/<int:session_id>/submit/", workflow.submit, name="submit"),
    path("sessions/<int:session_id>/approve/", workflow.approve, name="approve"),
    path("sessions/<int:session_id>/return/", workflow.return_, name="return"),
    path("sessions/<int:session_id>/reopen/", workflow.reopen, name="reopen"),
]
