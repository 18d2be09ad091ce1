#!/bin/sh
# `make cluster` puts Debian's HAProxy in front of the app instances. Install it when we may
# (root with apt-get); otherwise say how and fail, since the cluster run cannot do without it.
if command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ]; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's haproxy for the cluster run ..."
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends haproxy >/dev/null \
    && exit 0
  echo "Could not install haproxy." >&2
  exit 1
fi
echo "HAProxy is not installed: sudo apt-get install haproxy" >&2
exit 1
