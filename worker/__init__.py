"""The task worker (`manage.py db_worker`): django-tasks-db's, riding out its database, with a
heartbeat and a lease; and scheduled publishing under `manage.py runserver` (scheduler.py)."""
