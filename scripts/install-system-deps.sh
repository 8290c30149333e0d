#!/usr/bin/env bash
# Installs the Debian packages the test suites run against: the Go pushgateway
# (the reference for differential tests), a real Prometheus, the official
# Python client, Redis, Chromium (for the web UI tests), OpenSSL, curl
# (for the documentation examples) and wrk (for the test of `pnpm bench`).
# Does nothing when all are present.
set -euo pipefail

declare -A needed=(
  [prometheus-pushgateway]=prometheus-pushgateway
  [prometheus]=prometheus
  [redis-server]=redis-server
  [openssl]=openssl
  [curl]=curl
  [chromium]=chromium
  [wrk]=wrk
)
missing=()
for binary in "${!needed[@]}"; do
  command -v "$binary" >/dev/null 2>&1 || missing+=("${needed[$binary]}")
done
/usr/bin/python3 -c 'import prometheus_client' >/dev/null 2>&1 || missing+=(python3-prometheus-client)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "The tests need these Debian packages: ${missing[*]}" >&2
  echo "Install them (sudo apt-get install ${missing[*]}) and run the tests again." >&2
  exit 1
fi
echo "Installing test dependencies: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
