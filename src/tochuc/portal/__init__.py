"""The committee's public portal: news in categories with an editorial workflow (draft, review, scheduled
publication), featured events, polls with one vote per visitor, and visitor statistics counted exactly.
Public pages need no login, are cached, and reveal nothing of the internal system."""
