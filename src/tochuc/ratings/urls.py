from .views import urlpatterns as _urlpatterns

app_name = "ratings"
urlpatterns = _urlpatterns
