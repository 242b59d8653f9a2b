"""The task worker (`manage.py db_worker`, worker.py): django-tasks-db's, with a heartbeat, a
lease and back-off so that it rides out its database; and scheduled publishing under
`manage.py runserver` (scheduler.py)."""
