#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 300
#
# Regression: adverts that arrive as IP fragments. After reassembly the
# VRRP message sits in the skb's frag_list; the receive path linearizes it,
# which moves the packet to a new buffer and frees the old one. It once took
# its IP source / destination address pointers before that, and then read
# them (checksum pseudo-header, destination check, the master address it
# records) from the freed buffer. On the debug kernel (KASAN): "BUG: KASAN:
# use-after-free in vrrp_wire_csum"; where KFENCE can be switched on at run
# time (Debian's 6.12) it is, for the length of the test, to give a stock
# kernel a chance to report it too ("BUG: KFENCE: use-after-free read").
#
#                      br0 (netns br)
#        +-----------------------+
#    r1 eth0                 inj eth0
#    prio 100                inject.py, prio 254, every advert in fragments
#    tcpdump on eth0         of 64 bytes (--frag 64), 100 or 60 addresses
#    V3: vrid 60 vip 10.0.0.60/24          IPv4 VRRPv3 (pseudo-header csum)
#    V2: version 2 vrid 61 vip 10.0.0.61/24  advert 10s
#    V6: vrid 62 vip fe80::62/64 2001:db8::62/64
#
# For each instance, N fragmented valid adverts from inj must all be
# accepted (rcvd_adverts grows by N, r1 goes backup), and the master address
# r1 shows is exactly inj's source address: a stale buffer whose bytes were
# reused shows another one. The adverts claim a 10 s interval, so r1 stays
# backup (master down interval >= 30 s) while it is checked.

. "$(dirname "$0")/../lib.sh"
require_module
require_cmd python3 tcpdump

# shellcheck disable=SC2034 # read by setup_lan
LAN_IPV6=1
N=200
setup_lan r1 inj
llinj=$(lladdr inj)

KFENCE=/sys/module/kfence/parameters/sample_interval
kfence_restore() { [[ -z $KFENCE_OLD ]] || echo "$KFENCE_OLD" >"$KFENCE" 2>/dev/null || true; }
KFENCE_OLD=
if [[ -w $KFENCE && $(<"$KFENCE") == 0 ]]; then
	if echo 1 >"$KFENCE" 2>/dev/null; then
		KFENCE_OLD=0
		CLEANUP_HOOKS+=(kfence_restore)
		log "KFENCE sampling on (every 1 ms) for this test"
	fi
fi

add r1 V3 vrid 60 advert 1s csum pseudo vip 10.0.0.60/24
add r1 V2 version 2 vrid 61 advert 10s vip 10.0.0.61/24
add r1 V6 vrid 62 advert 1s vip fe80::62/64 2001:db8::62/64
wait_state r1 V3 master 20
wait_state r1 V6 master 20
# V2 (10 s adverts) waits out 30 s before it takes over: backup until then
wait_state r1 V2 backup 5

# A packet socket on r1's eth0: received skbs are shared with it.
bg_start "$TMPD/tcpdump.log" r1 tcpdump -i eth0 -n -w /dev/null
wait_for 10 "tcpdump listening on r1 eth0" grep -q "listening on" "$TMPD/tcpdump.log"

# check NAME SRC INJECT_ARGS...: N fragmented adverts from inj to NAME.
check() {
	local name=$1 src=$2 before got
	shift 2
	step "$name: $N fragmented adverts from $src"
	before=$(stat r1 "$name" rcvd_adverts)
	n inj python3 "$INJECT" --dev eth0 --src "$src" --prio 254 --interval 1000 \
		--frag 64 --num $N --gap 0.002 "$@" || fail "inject.py"
	wait_for 10 "r1 $name counts $N more adverts" \
		eval "[[ \$(stat r1 $name rcvd_adverts) -ge $((before + N)) ]]"
	got=$(( $(stat r1 "$name" rcvd_adverts) - before ))
	expect_eq "$name adverts received" "$got" "$N"
	expect_state r1 "$name" backup
	expect_eq "$name master address" "$(show_get r1 "$name" master)" "$src"
}

check V3 10.0.0.200 --vrid 60 --csum pseudo --vip 10.0.0.60 --extra-addrs 100
check V2 10.0.0.200 --vrid 61 --version 2 --vip 10.0.0.61 --extra-addrs 100
check V6 "$llinj" --vrid 62 --family 6 --vip fe80::62 --vip 2001:db8::62 --extra-addrs 60

for i in V3 V2 V6; do del r1 $i; done
log "PASS"
