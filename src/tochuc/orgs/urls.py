from django.urls import path

from . import views

app_name = "orgs"
urlpatterns = [
    path("", views.tree, name="tree"),
    path("search/", views.search, name="search"),
    path("lookup/", views.lookup, name="lookup"),
    path("<str:code>/", views.detail, name="detail"),
    path("<str:code>/children/", views.children, name="children"),
    path("<str:code>/new/", views.create, name="create"),
    path("<str:code>/edit/", views.edit, name="edit"),
    path("<str:code>/rename/", views.rename, name="rename"),
    path("<str:code>/move/", views.move, name="move"),
    path("<str:code>/merge/", views.merge, name="merge"),
    path("<str:code>/split/", views.split, name="split"),
    path("<str:code>/dissolve/", views.dissolve, name="dissolve"),
    path("<str:code>/export/", views.export, name="export"),
]
