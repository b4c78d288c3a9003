from .views import congresses, delegates, elections, personnel

app_name = "congresses"
# Each topic's module declares its routes; fixed paths (new/, export/) come before <int:pk>/ inside each.
urlpatterns = [*congresses.urlpatterns, *delegates.urlpatterns, *personnel.urlpatterns, *elections.urlpatterns]
