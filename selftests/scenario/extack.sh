#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 600
#
# Regression: every error reply carries its own request's message. Before
# 6.2, extack has no buffer of its own; vrrp.ko formatted its messages into
# a small ring shared by every caller, and netlink_ack() copies the message
# only after genl_mutex is released: callers in other network namespaces
# could overwrite it in between, and a reply would name someone else's
# device. (6.2 and later format into the extack itself: this must pass.)
#
#    netns e1 .. e4, each: dummy xk1 .. xk4 with 10.9.0.1/24
#
# Four processes at once (selftests/genl.py), one in each netns, send N
# INSTANCE_NEW requests for VIP 10.9.0.1, which the netns's own device
# already has: each reply must say "... is already configured on xkK by
# someone else" with K its own.

. "$(dirname "$0")/../lib.sh"
require_module
require_cmd python3

GENL="$SRCDIR/selftests/genl.py"
N=${EXTACK_N:-2000}
P=4
modprobe dummy 2>/dev/null || true
for k in $(seq 1 $P); do
	netns_add "e$k"
	ipn "e$k" link add "xk$k" type dummy
	ipn "e$k" addr add 10.9.0.1/24 dev "xk$k"
	ipn "e$k" link set "xk$k" up
done

step "$P processes, $N failing requests each"
pids=()
for k in $(seq 1 $P); do
	idx=$(nq "e$k" cat "/sys/class/net/xk$k/ifindex")
	bg_start "$TMPD/e$k.log" "e$k" python3 "$GENL" instance-new --name x --ifindex "$idx" \
		--vrid 1 --vip 10.9.0.1/24 --repeat "$N" --expect-extack "configured on xk$k by"
	pids+=("$BG_PID")
done
bad=0
for k in $(seq 1 $P); do
	rc=0
	wait "${pids[k - 1]}" || rc=$?
	log "  e$k: $(cat "$TMPD/e$k.log")"
	[[ $rc == 0 ]] || bad=$((bad + 1))
done
[[ $bad == 0 ]] || fail "$bad of $P processes got replies naming another device"
log "PASS"
