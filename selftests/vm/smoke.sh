#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# parallel: no
#
# smoke.sh - self-test of the VM harness: two netns joined by veth pairs through
# a bridge in a third netns ping each other over IPv4 and IPv6.
#
#   ns a                     ns s                      ns b
#   a0 10.99.0.1/24 ---- s_a [br0] s_b ---- b0 10.99.0.2/24
#      fd99::1/64                              fd99::2/64
#
# Nothing here needs vrrp.ko; when it is built, the test also checks that the
# runner loaded it (see the contract in guest.sh).
set -euo pipefail

A=smoke-a-$$
B=smoke-b-$$
S=smoke-s-$$

run() { echo "+ $*"; "$@"; }
na() { run ip netns exec "$A" "$@"; }
nb() { run ip netns exec "$B" "$@"; }
ns() { run ip netns exec "$S" "$@"; }

cleanup() {
	ip netns del "$A" 2>/dev/null || true
	ip netns del "$B" 2>/dev/null || true
	ip netns del "$S" 2>/dev/null || true
}
trap cleanup EXIT

check_module() {
	if [[ -f ${VRRP_KO:-} ]]; then
		[[ -d /sys/module/vrrp ]] || { echo "vrrp.ko exists but is not loaded"; exit 1; }
		echo "vrrp loaded: $(cat /sys/module/vrrp/taint 2>/dev/null || true)"
	fi
}

setup() {
	run ip netns add "$A"
	run ip netns add "$B"
	run ip netns add "$S"
	ns ip link add br0 type bridge
	ns ip link set br0 up
	ns ip link add s_a type veth peer name a0 netns "$A"
	ns ip link add s_b type veth peer name b0 netns "$B"
	ns ip link set s_a master br0 up
	ns ip link set s_b master br0 up
	na ip addr add 10.99.0.1/24 dev a0
	na ip addr add fd99::1/64 dev a0 nodad
	na ip link set a0 up
	nb ip addr add 10.99.0.2/24 dev b0
	nb ip addr add fd99::2/64 dev b0 nodad
	nb ip link set b0 up
}

# wait_forwarding: the bridge ports must leave STP listening/learning first.
wait_forwarding() {
	local _
	for _ in $(seq 50); do
		if [[ $(ip netns exec "$S" bridge link show | grep -c 'state forwarding') == 2 ]]; then
			return 0
		fi
		sleep 0.1
	done
	ns bridge link show
	return 1
}

check_module
setup
wait_forwarding
na ping -c 3 -i 0.2 -W 2 10.99.0.2
nb ping -c 3 -i 0.2 -W 2 10.99.0.1
na ping -6 -c 3 -i 0.2 -W 2 fd99::2
echo "smoke: ok"
