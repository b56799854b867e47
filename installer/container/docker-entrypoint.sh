#!/bin/sh
# The container's entry point: finds the master key, then runs bin/switchboard with the container's arguments
# ("serve" by default, or an admin command such as "backup" or "user list").
#
# The master key comes, in this order, from SWITCHBOARD_MASTER_KEY_FILE (a file on its own volume), or the Docker
# secret "switchboard_master_key" (/run/secrets/switchboard_master_key, what the Compose file uses). With neither,
# the server creates one inside the data volume and says so: fine for a trial, not for a real hotline, because then
# every copy of the data volume also holds the key that protects the provider credentials.
set -eu

secret=/run/secrets/switchboard_master_key

if [ -z "${SWITCHBOARD_MASTER_KEY_FILE:-}" ]; then
  if [ -f "$secret" ]; then
    SWITCHBOARD_MASTER_KEY_FILE=$secret
    export SWITCHBOARD_MASTER_KEY_FILE
  elif [ "${1:-serve}" = serve ]; then
    echo "switchboard: no master key secret at $secret and SWITCHBOARD_MASTER_KEY_FILE is not set:" >&2
    echo "  keeping the key in the data volume (${SWITCHBOARD_DATA:-data}/keys/master.key), where every copy of the" >&2
    echo "  volume holds it too. For a real hotline give it as a Docker secret (see docs/install.md)." >&2
  fi
fi

exec /opt/switchboard/bin/switchboard "$@"
