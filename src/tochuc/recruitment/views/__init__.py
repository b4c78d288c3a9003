"""Recruitment pages, one module per topic; each module lists its own urlpatterns (see recruitment/urls.py)."""
