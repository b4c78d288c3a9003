from .views import away, dossier, excel, lists, package, quality

app_name = "members"
# Each topic's module declares its routes; the fixed ones (new/, export/) come before <int:pk>/.
urlpatterns = [
    *lists.urlpatterns,
    *excel.urlpatterns,
    *quality.urlpatterns,
    *away.urlpatterns,
    *package.urlpatterns,
    *dossier.urlpatterns,
]
