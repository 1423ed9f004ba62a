#!/bin/sh
# Give the users that definitions.json declares (without passwords) their passwords, at deploy
# time and never from the repository:
#   - one file per user in $RABBITMQ_USERS_DIR (file name = user name, content = password):
#     a Kubernetes Secret mounted there, or a folder docker compose bind-mounts;
#   - IRTIBAT_SERVICES_PASSWORD, IRTIBAT_OPS_PASSWORD, IRTIBAT_MONITORING_PASSWORD for the three
#     technical users (docker compose passes them from its environment).
# Idempotent: run after every start (compose entrypoint, Kubernetes postStart). A user given no
# password here keeps none and cannot log in. Passwords must not begin with "-" (rabbitmqctl
# would read them as options) and, for the services user, must be URL-safe (it goes in RABBIT_URL).
set -u
USERS_DIR="${RABBITMQ_USERS_DIR:-/etc/irtibat/rabbitmq-users}"
FLAG="${RABBITMQ_USERS_FLAG:-/tmp/irtibat-users-ready}"

rabbitmqctl -q await_startup --timeout 600 || { echo "set-passwords: node did not start" >&2; exit 1; }

set_password() {
    [ -n "$2" ] || return 0
    if rabbitmqctl -q change_password "$1" "$2" >/dev/null; then
        echo "set-passwords: password set for $1"
    else
        echo "set-passwords: could not set a password for $1 (not in definitions.json?)" >&2
    fi
}

if [ -d "$USERS_DIR" ]; then
    for file in "$USERS_DIR"/*; do
        [ -f "$file" ] || continue
        set_password "$(basename "$file")" "$(cat "$file")"
    done
fi
set_password irtibat-services "${IRTIBAT_SERVICES_PASSWORD:-}"
set_password irtibat-ops "${IRTIBAT_OPS_PASSWORD:-}"
set_password irtibat-monitoring "${IRTIBAT_MONITORING_PASSWORD:-}"
touch "$FLAG"
