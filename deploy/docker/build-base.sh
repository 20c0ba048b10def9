#!/usr/bin/env bash
# Builds the base images for a machine where no image registry is reachable (CI, this development machine), as root:
#   hookbus/debian:bookworm   debootstrap of Debian bookworm (minbase), imported
#   hookbus/jre:17            + OpenJDK 17 JRE (and python3-minimal: the fake `tilt` of the container test is Python)
#   hookbus/prometheus:latest + Debian's prometheus, with deploy/prometheus/prometheus.yml
# Then: HOOKBUS_BASE_IMAGE=hookbus/jre:17 docker-compose --profile local build
set -euo pipefail
cd "$(dirname "$0")/../.."
mirror=$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -1)
mirror=${mirror:-http://deb.debian.org/debian}
if ! docker image inspect hookbus/debian:bookworm >/dev/null 2>&1; then
  root=$(mktemp -d)
  trap 'rm -rf "$root"' EXIT
  debootstrap --variant=minbase bookworm "$root" "$mirror" >/dev/null
  tar -C "$root" -c . | docker import - hookbus/debian:bookworm >/dev/null
fi
docker build -q --network host --build-arg EXTRA_PACKAGES=python3-minimal -f deploy/docker/Dockerfile.jre -t hookbus/jre:17 deploy/docker >/dev/null
docker build -q --network host -f deploy/docker/Dockerfile.prometheus -t hookbus/prometheus:latest deploy/prometheus >/dev/null
echo "base images: hookbus/debian:bookworm hookbus/jre:17 hookbus/prometheus:latest"
