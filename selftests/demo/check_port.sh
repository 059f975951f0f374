#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# check_port.sh [PORT]: the health check a keepalived user writes for a web
# server: exit 0 while something listens on TCP PORT (default 80), 1 if not.
# Run it through "vrrpctl track run TRACKER -- check_port.sh 80" from a timer.
port=${1:-80}
if [ -n "$(ss -Hlnt "sport = :$port")" ]; then
	exit 0
fi
echo "nothing listens on TCP port $port"
exit 1
