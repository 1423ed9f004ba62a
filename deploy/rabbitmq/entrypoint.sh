#!/bin/bash
# docker compose: start RabbitMQ as the official image does, then give the users of
# definitions.json their passwords (set-passwords.sh). The health check waits for the flag.
set -u
FLAG=/tmp/irtibat-users-ready
rm -f "$FLAG"
docker-entrypoint.sh rabbitmq-server &
server=$!
trap 'kill -TERM "$server" 2>/dev/null' TERM INT
sh /etc/irtibat/rabbitmq/set-passwords.sh || echo "entrypoint: users keep no password" >&2
wait "$server"
status=$?
# A signal interrupts the first wait; wait again while the node finishes its shutdown.
if kill -0 "$server" 2>/dev/null; then
    wait "$server"
    status=$?
fi
exit "$status"
