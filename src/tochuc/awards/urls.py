from .views import urlpatterns as _urlpatterns

app_name = "awards"
urlpatterns = _urlpatterns
