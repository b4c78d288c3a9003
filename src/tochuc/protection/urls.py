from .views import urlpatterns as _urlpatterns

app_name = "protection"
urlpatterns = _urlpatterns
