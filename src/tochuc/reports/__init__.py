"""Statistical reports: declarative specs (`catalog`) run by one engine (`engine`) as aggregate SQL for any org
and day, rendered as a page, .xlsx, PDF, CSV and json (`render`), and the dashboard's charts."""
