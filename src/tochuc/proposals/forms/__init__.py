"""The forms of the app: proposals (appraisal), conferences and recommendations."""
