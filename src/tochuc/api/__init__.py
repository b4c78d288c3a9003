"""The JSON API `/api/v1/` for neighbouring systems: bearer tokens (`tochuc token`), read-only views of orgs,
members and their events through the same selectors and scope as the web, and lifecycle events recorded
through the web's own event registry (members.views.events.EVENTS)."""
