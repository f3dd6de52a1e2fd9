import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create the 'admin' superuser if missing. ADMIN_EMAIL and ADMIN_PASSWORD set its details."

    def handle(self, *args, **options):
        User = get_user_model()
        email = os.environ.get("ADMIN_EMAIL", "admin@example.com")
        if User.objects.filter(username="admin").exists():
            self.stdout.write(
                "Admin login: user 'admin' already exists (its password was printed when it was created; "
                "reset it with `.venv/bin/python manage.py changepassword admin`)."
            )
            return
        password = os.environ.get("ADMIN_PASSWORD") or secrets.token_urlsafe(12)
        User.objects.create_superuser("admin", email, password)
        self.stdout.write(self.style.SUCCESS("Admin login created. It is shown only this once:"))
        self.stdout.write(f"    username: admin\n    password: {password}\n    email:    {email}")
