"""Congress pages, one module per topic; each module lists its own urlpatterns (see congresses/urls.py)."""
