from django.urls import path

from . import views

app_name = "enterprises"

urlpatterns = [
    path("", views.enterprise_list, name="list"),
    path("export/", views.export, name="export"),
    path("new/", views.create, name="create"),
    path("targets/", views.targets, name="targets"),
    path("import/", views.import_page, name="import"),
    path("import/template.xlsx", views.import_template, name="import_template"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/party-org/", views.party_org, name="party_org"),
    path("<int:pk>/close/", views.close, name="close"),
]
