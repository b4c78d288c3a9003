from .views import urlpatterns as _urlpatterns

app_name = "portal"
urlpatterns = _urlpatterns
