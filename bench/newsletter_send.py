"""Send one issue to N confirmed subscribers through two real `db_worker` processes into a local aiosmtpd sink.

Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/<scratch db> .venv/bin/python bench/newsletter_send.py
       [--subscribers 100000] [--workers 2] [--batch 500]
The scratch database is migrated and its subscribers, issues and deliveries are replaced. Prints emails per
second and each worker's peak resident memory (VmHWM). Only ever connects to 127.0.0.1.
"""

import argparse
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


class CountingSink:
    def __init__(self):
        self.count, self.first, self.last = 0, None, None

    async def handle_DATA(self, server, session, envelope):
        now = time.monotonic()
        self.first = self.first or now
        self.last = now
        self.count += 1
        return "250 OK"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def peak_rss_mb(pid):
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--subscribers", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--max-seconds", type=float, default=0, help="Stop early and report what was sent so far.")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to a scratch PostgreSQL database.")

    from aiosmtpd.controller import Controller

    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "EMAIL_URL": f"smtp://127.0.0.1:{port}",
        "NEWSLETTER_THROTTLE": "1000000/s",  # unthrottled: measure the workers, not the setting
        "NEWSLETTER_BATCH_SIZE": str(args.batch),
        "NEWSLETTER_WORKERS": str(args.workers),
        "LOG_LEVEL": "WARNING",
    }
    os.environ.update(env)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)

    import django

    django.setup()
    from django.utils import timezone

    from newsletter.models import Campaign, Subscriber

    Campaign.objects.all().delete()
    Subscriber.objects.all().delete()
    now = timezone.now()
    batch = []
    for n in range(args.subscribers):
        batch.append(Subscriber(email=f"reader{n}@example.com", status="confirmed", confirmed_at=now))
        if len(batch) == 5000:
            Subscriber.objects.bulk_create(batch)
            batch = []
    Subscriber.objects.bulk_create(batch)
    campaign = Campaign(subject="Benchmark issue", preheader="Speed test")
    campaign.body = [
        ("heading", "What we shipped"),
        ("rich_text", "<p>" + "A paragraph of news with <a href='/blog/'>a link</a>. " * 20 + "</p>"),
        ("button", {"label": "Read more", "url": "http://127.0.0.1:8000/blog/"}),
    ]
    campaign.save()

    sink = CountingSink()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    started = time.monotonic()
    subprocess.run(
        [sys.executable, "manage.py", "send_newsletter", str(campaign.pk), "--no-wait"], cwd=ROOT, env=env, check=True
    )
    workers = [
        subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "db_worker",
                "--no-reload",
                "--interval",
                "0.5",
                "--no-startup-delay",
                "--worker-id",
                f"bench{n}",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
        )
        for n in range(args.workers)
    ]
    peaks = [0.0] * len(workers)
    samples = []
    try:
        while True:
            time.sleep(2)
            for i, worker in enumerate(workers):
                peaks[i] = max(peaks[i], peak_rss_mb(worker.pid) or 0)
            samples.append((sink.count, [round(p) for p in peaks]))
            print(f"{sink.count}/{args.subscribers} sent, peak RSS MB {[round(p) for p in peaks]}", flush=True)
            campaign.refresh_from_db()
            timed_out = args.max_seconds and time.monotonic() - started > args.max_seconds
            if campaign.status == "sent" or sink.count >= args.subscribers or timed_out:
                time.sleep(1)
                campaign.refresh_from_db()
                break
    finally:
        for worker in workers:
            worker.terminate()
            worker.wait(30)
        controller.stop()
    elapsed = (sink.last or time.monotonic()) - (sink.first or started)
    stats = campaign.stats()
    print()
    if sink.count < args.subscribers:
        print(f"STOPPED EARLY after --max-seconds {args.max_seconds:.0f}")
    print(f"subscribers: {args.subscribers}, workers: {args.workers}, batch: {args.batch}")
    print(f"messages received by the sink: {sink.count} (deliveries sent: {stats['sent']}, failed: {stats['failed']})")
    print(f"first to last message: {elapsed:.1f} s -> {sink.count / elapsed:.0f} emails/s")
    print(f"start to finish including queueing: {time.monotonic() - started:.1f} s")
    print(f"worker peak RSS (MB): {', '.join(f'{p:.0f}' for p in peaks)}")
    quarter = [s for s in samples if s[0] >= args.subscribers // 4][:1]
    if quarter:
        print(f"peak RSS at 25% sent: {quarter[0][1]}")


if __name__ == "__main__":
    main()
