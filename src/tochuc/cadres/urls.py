from .views import appointments, people, planning, posts, surplus, training

app_name = "cadres"
# Each topic's module declares its routes; fixed paths (new/, export/) come before <int:pk>/ inside each.
urlpatterns = [
    *people.urlpatterns,
    *posts.urlpatterns,
    *planning.urlpatterns,
    *appointments.urlpatterns,
    *training.urlpatterns,
    *surplus.urlpatterns,
]
