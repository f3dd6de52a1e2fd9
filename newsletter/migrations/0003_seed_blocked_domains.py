from django.db import migrations

# Well-known disposable-mail services. Editors add and remove domains under Newsletter > Blocked domains.
DISPOSABLE = """
0-mail.com 10minutemail.com 10minutemail.net 20minutemail.com 33mail.com anonbox.net burnermail.io
discard.email disposableemailaddresses.com dispostable.com dropmail.me emailondeck.com fakeinbox.com
fakemail.net getairmail.com getnada.com guerrillamail.biz guerrillamail.com guerrillamail.de
guerrillamail.info guerrillamail.net guerrillamail.org guerrillamailblock.com harakirimail.com
incognitomail.org inboxkitten.com jetable.org mailcatch.com maildrop.cc mailinator.com mailinator.net
mailinator2.com mailnesia.com mailsac.com mailtemp.info mintemail.com moakt.com mohmal.com mytemp.email
mytrashmail.com nada.email sharklasers.com spam4.me spambog.com spamgourmet.com spamex.com temp-mail.io
temp-mail.org tempail.com tempinbox.com tempmail.dev tempmail.net tempmailaddress.com tempmailo.com
tempr.email throwawaymail.com trash-mail.com trashmail.com trashmail.de trashmail.net wegwerfmail.de
yopmail.com yopmail.fr yopmail.net emailfake.com fakemailgenerator.com mail-temp.com minuteinbox.com
""".split()


def seed(apps, schema_editor):
    BlockedDomain = apps.get_model("newsletter", "BlockedDomain")
    BlockedDomain.objects.bulk_create(
        [BlockedDomain(domain=domain, note="Disposable email service") for domain in DISPOSABLE], ignore_conflicts=True
    )


def unseed(apps, schema_editor):
    apps.get_model("newsletter", "BlockedDomain").objects.filter(domain__in=DISPOSABLE).delete()


class Migration(migrations.Migration):
    dependencies = [("newsletter", "0002_double_opt_in_campaigns")]

    operations = [migrations.RunPython(seed, unseed)]
