#!/bin/sh
# Browser tests drive Debian's Chromium (Playwright's own browser download is not used).
# Install it when we may (root with apt-get); otherwise say how, and the browser tests skip.
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests ..."
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null \
    && exit 0
  echo "Could not install chromium; the browser tests will be skipped." >&2
  exit 0
fi
echo "Chromium is not installed, so the browser tests will be skipped." >&2
echo "Enable them with: sudo apt-get install chromium (or set CHROMIUM=/path/to/chromium)." >&2
