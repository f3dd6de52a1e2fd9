#!/usr/bin/env bash
# Proves the Docker image for real without an image registry: installs Debian's engine, builds a bookworm base with
# debootstrap, builds the project's image on it, runs it against SQLite and then PostgreSQL + Redis, waits for
# `healthy` and fetches pages. Cleans up after itself (containers, then dockerd by its PID).
# The debootstrap base is cached in $LK_DOCKER_CACHE (outside the repo) so repeated runs are fast; an empty cache
# works too. Run as root. Prints the time each phase took.
set -euo pipefail
cd "$(dirname "$0")/.."

CACHE=${LK_DOCKER_CACHE:-/var/cache/launchkit-docker}
RUNDIR=${LK_DOCKER_RUN:-/run/lk-docker}
BASE_IMAGE=local/python:3.11-bookworm
BASE_TAR=$CACHE/base-bookworm-python3.tar
IMAGE=launchkit:ci
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
PG_URL=${LK_DOCKER_PG:-postgres://postgres@127.0.0.1:5432}
PG_DB=lk_docker
REDIS_URL_CI=${LK_DOCKER_REDIS:-redis://127.0.0.1:6379/15}
SOCK=$RUNDIR/docker.sock
DOCKER=(/usr/bin/docker --host "unix://$SOCK")
export DOCKER_BUILDKIT=0  # Debian's engine 20.10: the classic builder pulls nothing it does not need
START=$(date +%s)
DOCKERD_PID=""
CONTAINERS=()

phase() { echo "== docker: $1 ($(($(date +%s) - START)) s so far)"; }

cleanup() {
    local status=$?
    for c in "${CONTAINERS[@]}"; do "${DOCKER[@]}" rm -f "$c" >/dev/null 2>&1 || true; done
    if [ -n "$DOCKERD_PID" ]; then
        kill "$DOCKERD_PID" 2>/dev/null || true
        for _ in $(seq 30); do kill -0 "$DOCKERD_PID" 2>/dev/null || break; sleep 1; done
    fi
    echo "== docker: finished with status $status after $(($(date +%s) - START)) s"
    exit $status
}
trap cleanup EXIT

# 1. Engine and debootstrap from Debian.
if [ ! -x /usr/sbin/dockerd ] || [ ! -x /usr/bin/docker ] || ! command -v debootstrap >/dev/null; then
    phase "installing docker.io and debootstrap"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io debootstrap >/dev/null
fi

# 2. dockerd with its own roots and socket and no bridge, so containers only ever use the host's network.
mkdir -p "$CACHE/engine" "$RUNDIR"
phase "starting dockerd"
/usr/sbin/dockerd --bridge=none --iptables=false --ip6tables=false \
    --data-root "$CACHE/engine" --exec-root "$RUNDIR/exec" --pidfile "$RUNDIR/docker.pid" \
    --host "unix://$SOCK" >"$RUNDIR/dockerd.log" 2>&1 &
DOCKERD_PID=$!
for _ in $(seq 60); do "${DOCKER[@]}" version >/dev/null 2>&1 && break; sleep 1; done
"${DOCKER[@]}" version --format 'engine {{.Server.Version}}' || { cat "$RUNDIR/dockerd.log"; exit 1; }

# 3. A bookworm base with Python 3.11, built once and cached as a tarball.
if [ ! -s "$BASE_TAR" ]; then
    phase "debootstrap bookworm (cache is empty)"
    ROOTFS=$(mktemp -d "$CACHE/rootfs.XXXXXX")
    debootstrap --variant=minbase --include=python3,python3-venv,python3-pip,ca-certificates \
        bookworm "$ROOTFS" "$MIRROR" >"$CACHE/debootstrap.log" 2>&1 || { tail -30 "$CACHE/debootstrap.log"; exit 1; }
    # The host's CA certificates, so pip inside the build trusts whatever the host's network trusts.
    mkdir -p "$ROOTFS/usr/local/share/ca-certificates/host"
    find /usr/local/share/ca-certificates -name '*.crt' -exec cp {} "$ROOTFS/usr/local/share/ca-certificates/host/" \;
    chroot "$ROOTFS" update-ca-certificates >/dev/null
    ln -sf /usr/bin/python3 "$ROOTFS/usr/local/bin/python"
    rm -rf "$ROOTFS"/var/cache/apt/archives/*.deb "$ROOTFS"/var/lib/apt/lists/*
    tar -C "$ROOTFS" -cf "$BASE_TAR.tmp" . && mv "$BASE_TAR.tmp" "$BASE_TAR"
    rm -rf "$ROOTFS"
    "${DOCKER[@]}" rmi -f "$BASE_IMAGE" >/dev/null 2>&1 || true
fi
if ! "${DOCKER[@]}" image inspect "$BASE_IMAGE" >/dev/null 2>&1; then
    phase "importing the base image"
    "${DOCKER[@]}" import - "$BASE_IMAGE" <"$BASE_TAR" >/dev/null
fi

# 4. The project's image.
phase "building $IMAGE"
"${DOCKER[@]}" build --network host --build-arg PYTHON_IMAGE="$BASE_IMAGE" --build-arg RELEASE="$(git rev-parse --short HEAD 2>/dev/null || echo ci)" -t "$IMAGE" . >"$RUNDIR/build.log" 2>&1 \
    || { tail -40 "$RUNDIR/build.log"; exit 1; }
BUILD_DONE=$(date +%s)
"${DOCKER[@]}" image inspect "$IMAGE" --format 'image size {{.Size}} bytes, user {{.Config.User}}'
# No secret in any layer's environment.
if "${DOCKER[@]}" image inspect "$IMAGE" --format '{{json .Config.Env}}' | grep -qi secret; then
    echo "the image's environment mentions a secret"; exit 1
fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# run_stack NAME ENV...: migrate + load_demo as a one-off release container, then web and worker; waits for healthy.
run_stack() {
    local name=$1; shift
    local port; port=$(free_port)
    local common=(--network host -e DJANGO_SECRET_KEY="ci-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
        -e DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost -e DJANGO_SECURE_SSL_REDIRECT=false -e DJANGO_SECURE_COOKIES=false
        -e BASE_URL="http://127.0.0.1:$port" -e PORT="$port" -e HOST=127.0.0.1 -e WEB_CONCURRENCY=2 "$@")
    local vol="lk-ci-$name-data"
    "${DOCKER[@]}" volume rm -f "$vol" >/dev/null 2>&1 || true
    phase "$name: release (migrate, load_demo)"
    "${DOCKER[@]}" run --rm "${common[@]}" -e LOG_LEVEL=WARNING -v "$vol:/data" "$IMAGE" \
        sh -c 'python manage.py migrate --noinput -v0 && python manage.py load_demo' >/dev/null
    CONTAINERS+=("lk-ci-$name-web" "lk-ci-$name-worker")
    "${DOCKER[@]}" run -d --name "lk-ci-$name-web" "${common[@]}" -v "$vol:/data" "$IMAGE" >/dev/null
    "${DOCKER[@]}" run -d --name "lk-ci-$name-worker" "${common[@]}" -v "$vol:/data" "$IMAGE" \
        python manage.py run_worker --no-reload >/dev/null
    phase "$name: waiting for healthy on port $port"
    local status=""
    for _ in $(seq 90); do
        status=$("${DOCKER[@]}" inspect --format '{{.State.Health.Status}}' "lk-ci-$name-web")
        [ "$status" = healthy ] && break
        [ "$status" = unhealthy ] && break
        sleep 1
    done
    if [ "$status" != healthy ]; then
        echo "web container is $status"; "${DOCKER[@]}" logs "lk-ci-$name-web" | tail -40; exit 1
    fi
    phase "$name: healthy; fetching pages"
    local base="http://127.0.0.1:$port"
    curl -fsS "$base/healthz" | grep -q '"ok"'
    curl -fsS "$base/" -o "$RUNDIR/home.html"
    # The signup form, with the URL site.js fetches its one-time token from (cached pages carry no CSRF token).
    grep -q 'data-token-url="/newsletter/subscribe/start/"' "$RUNDIR/home.html" \
        || { echo "no signup form on /"; exit 1; }
    local css; css=$(grep -o '/static/css/site\.[0-9a-f]*\.css' "$RUNDIR/home.html" | head -1)
    [ -n "$css" ] || { echo "no hashed stylesheet link on /"; exit 1; }
    curl -fsS "$base$css" -o /dev/null
    # The second fetch of / comes from the page cache.
    curl -fsS -D - -o /dev/null "$base/" | tr -d '\r' | grep -qi '^x-wagtail-cache: hit' \
        || { echo "the second fetch of / was not a page-cache hit"; exit 1; }
    # The worker is alive (it would have exited on a bad configuration).
    [ "$("${DOCKER[@]}" inspect --format '{{.State.Running}}' "lk-ci-$name-worker")" = true ] \
        || { "${DOCKER[@]}" logs "lk-ci-$name-worker" | tail -40; exit 1; }
    echo "   / $(wc -c <"$RUNDIR/home.html") bytes, $css, /healthz ok, cache hit, worker running"
    "${DOCKER[@]}" rm -f "lk-ci-$name-web" "lk-ci-$name-worker" >/dev/null
    "${DOCKER[@]}" volume rm -f "$vol" >/dev/null
}

run_stack sqlite
psql "$PG_URL/postgres" -q -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" -c "CREATE DATABASE $PG_DB" >/dev/null
run_stack postgres -e DATABASE_URL="$PG_URL/$PG_DB" -e REDIS_URL="$REDIS_URL_CI" -e CACHE_KEY_PREFIX=lk-docker-ci
RUN_DONE=$(date +%s)
# Keep the cached engine's disk use flat across runs: drop the previous builds' dangling layers.
"${DOCKER[@]}" image prune -f >/dev/null
echo "== docker: build $((BUILD_DONE - START)) s (including engine and base), runs $((RUN_DONE - BUILD_DONE)) s"
