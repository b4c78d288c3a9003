"""Cadre pages, one module per topic; each module lists its own urlpatterns (see cadres/urls.py)."""
