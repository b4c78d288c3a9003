"""Every write of the app, one module per topic: proposals (appraisal), conferences, recommendations."""
