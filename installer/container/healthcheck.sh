#!/bin/bash
# The image's HEALTHCHECK: GET /healthz on the container's own port, healthy on HTTP 200.
#
# The slim image has no curl or wget, and starting a second JVM every 30 seconds would cost more memory and CPU than
# the server's idle load, so this speaks HTTP/1.0 over bash's /dev/tcp (bash is part of every Debian base).
set -u

port=${SWITCHBOARD_PORT:-8080}
host=${SWITCHBOARD_BIND:-127.0.0.1}
case $host in
  0.0.0.0 | '*' | '') host=127.0.0.1 ;;
  :: | '[::]') host=::1 ;;
  \[*\]) host=${host#\[}; host=${host%\]} ;;
esac

exec 3<>"/dev/tcp/$host/$port" || exit 1
printf 'GET /healthz HTTP/1.0\r\nHost: localhost\r\nUser-Agent: switchboard-healthcheck\r\nConnection: close\r\n\r\n' >&3
status=
IFS= read -r -t "${HEALTHCHECK_TIMEOUT:-5}" status <&3 || true
exec 3<&-
case $status in
  'HTTP/1.'[01]' 200'*) exit 0 ;;
esac
echo "healthcheck: /healthz answered: ${status:-nothing}" >&2
exit 1
