from .views import dossier, lists, records

app_name = "recruitment"
# Each topic's module declares its routes; the fixed ones (new/, export/) come before <int:pk>/.
urlpatterns = [*lists.urlpatterns, *records.urlpatterns, *dossier.urlpatterns]
