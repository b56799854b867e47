#!/bin/bash
# The image's HEALTHCHECK: GET /healthz on the container's own port; exits 0 on HTTP 200.
#   healthcheck           quiet: the exit status is the answer (what Docker runs every 30 s)
#   healthcheck --print   also prints the JSON body (install.sh reads "setupComplete" from it)
#
# The slim image has no curl or wget, and starting a second JVM every 30 seconds would cost more memory and CPU than
# the server's idle load, so this speaks HTTP/1.0 over bash's /dev/tcp (bash is part of every Debian base).
set -u

print=no
[ "${1:-}" = --print ] && print=yes

port=${SWITCHBOARD_PORT:-8080}
host=${SWITCHBOARD_BIND:-127.0.0.1}
case $host in
  0.0.0.0 | '*' | '') host=127.0.0.1 ;;
  :: | '[::]') host=::1 ;;
  \[*\]) host=${host#\[}; host=${host%\]} ;;
esac

exec 3<>"/dev/tcp/$host/$port" || exit 1
printf 'GET /healthz HTTP/1.0\r\nHost: localhost\r\nUser-Agent: switchboard-healthcheck\r\nConnection: close\r\n\r\n' >&3
timeout=${HEALTHCHECK_TIMEOUT:-5}
status=
IFS= read -r -t "$timeout" status <&3 || true
status=${status%$'\r'}
if [ "$print" = yes ]; then
  # Skip the headers up to the empty line, then copy the body.
  while IFS= read -r -t "$timeout" line <&3; do
    [ -z "${line%$'\r'}" ] && break
  done
  while IFS= read -r -t "$timeout" line <&3 || [ -n "${line:-}" ]; do
    printf '%s\n' "$line"
    line=
  done
fi
exec 3<&-
case $status in
  'HTTP/1.'[01]' 200'*) exit 0 ;;
esac
echo "healthcheck: /healthz answered: ${status:-nothing}" >&2
exit 1
