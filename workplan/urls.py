from django.urls import path

from . import views

app_name = "workplan"

urlpatterns = [
    path("grupos/<int:group_id>/planes/", views.group_plans, name="group_plans"),
    path("grupos/<int:group_id>/plan/<int:year>/", views.plan_detail, name="plan"),
    path("planes/<int:pk>/consulta/", views.plan_submit, name="submit"),
    path("planes/<int:pk>/aprobar/", views.plan_approve, name="approve"),
    path("planes/<int:pk>/calendario/aprobar/", views.calendar_approve, name="calendar_approve"),
    path("planes/<int:pk>/calendario/", views.planned_session_add, name="planned_session_add"),
    path("planes/<int:pk>/ejes/", views.eje_add, name="eje_add"),
    path("planes/ejes/<int:eje_id>/actividades/", views.actividad_add, name="actividad_add"),
    path("planes/actividades/<int:pk>/mover/", views.actividad_move, name="actividad_move"),
    path("planes/actividades/<int:pk>/editar/", views.actividad_edit, name="actividad_edit"),
    path("planes/actividades/<int:pk>/cancelar/", views.actividad_cancel,
         name="actividad_cancel"),
    path("planes/<int:pk>/proponer/", views.plan_propose, name="propose"),
    path("planes/<int:pk>/propuestas/", views.proposal_queue, name="proposals"),
    path("planes/propuestas/<int:pk>/decidir/", views.proposal_decide, name="proposal_decide"),
    path("planes/propuestas/<int:pk>/retirar/", views.proposal_withdraw, name="proposal_withdraw"),
    path("acuerdos/<int:acuerdo_id>/actividades/", views.acuerdo_actividades,
         name="acuerdo_actividades"),
]
