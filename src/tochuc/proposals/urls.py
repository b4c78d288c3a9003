from .views import urlpatterns as _urlpatterns

app_name = "proposals"
urlpatterns = _urlpatterns
