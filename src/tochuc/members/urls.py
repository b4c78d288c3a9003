from .views import dossier, lists

app_name = "members"
# Each topic's module declares its routes; the fixed ones (new/, export/) come before <int:pk>/.
urlpatterns = [*lists.urlpatterns, *dossier.urlpatterns]
