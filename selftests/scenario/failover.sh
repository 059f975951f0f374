#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 300
#
# Failover: the master goes away in each way an instance can end, and the
# next router takes over; a client keeps reaching the VIP (accept mode on, so
# the VIP answers ICMP).
#
#                      br0 (netns br)
#        +-----------+-----------+-----------+
#    r1 eth0     r2 eth0     r3 eth0      c eth0
#    10.0.0.1    10.0.0.2    10.0.0.3     10.0.0.100 (client)
#    prio 200    prio 150    prio 100     VIP 10.0.0.50
#
# 1. r1's link goes down: r2 takes over, the client's pings are answered
#    and its ARP entry for the VIP moves to r2's MAC (GARP).
# 2. r1's link comes back: r1 preempts (default preempt on).
# 3. advert 1s (down interval ~3.4 s): deleting the master's instance sends
#    priority 0, r2 takes over after its skew time (~0.4 s): well under 2 s.
# 4. deleting the master's netns does the same for r3.
# (Module unload is in unload.sh: all routers share one kernel here.)

. "$(dirname "$0")/../lib.sh"
require_module
require_cmd tcpdump tshark

VIP=10.0.0.50
setup_lan r1 r2 r3 c
mac() { nq "$1" cat /sys/class/net/eth0/address; }
client_mac_for_vip() {
	nq c "$IP" -4 neigh show "$VIP" dev eth0 | awk '{for (i = 1; i < NF; i++) if ($i == "lladdr") print $(i + 1)}'
}

step "1. r1 master; the client reaches the VIP"
add r1 VI_1 vrid 51 prio 200 advert 100ms accept vip $VIP/24
wait_state r1 VI_1 master 20
add r2 VI_1 vrid 51 prio 150 advert 100ms accept vip $VIP/24
add r3 VI_1 vrid 51 prio 100 advert 100ms accept vip $VIP/24
wait_state r2 VI_1 backup 20
wait_state r3 VI_1 backup 20
wait_vip r1 $VIP present
wait_for 10 "client pings $VIP" ping_ok c $VIP
expect_eq "client's ARP entry for $VIP" "$(client_mac_for_vip)" "$(mac r1)"

step "1. r1's link goes down while the client pings the VIP"
bg_start "$TMPD/ping.log" c ping -n -i 0.1 -c 100 -W 1 $VIP
ping_pid=$BG_PID
sleep 2	# 20 pings answered by r1
link_down r1
wait_state r2 VI_1 master 10
wait_state r3 VI_1 backup 5
wait_vip r2 $VIP present
# shellcheck disable=SC2016 # the condition is eval'd by wait_for
wait_for 10 "client's ARP entry for $VIP moves to r2 ($(mac r2))" \
	eval '[[ $(client_mac_for_vip) == $(mac r2) ]]'
wait_for 10 "client pings $VIP through r2" ping_ok c $VIP
wait "$ping_pid" || true
cat "$TMPD/ping.log"
rcvd=$(awk '/packets transmitted/ {print $4}' "$TMPD/ping.log")
# 100 pings over 10 s, the failover takes well under a second: allow 5 s lost.
expect_ge "pings answered across the failover" "$rcvd" 50
reason=$(show_get r2 VI_1 last_reason)
# r1 may resign (priority 0) as its link goes down, or just fall silent.
[[ $reason == timer || $reason == priority-0 ]] || fail "r2 last reason '$reason', expected timer or priority-0"
log "  ok: r2 last reason = $reason"
expect_eq "masters" "$(masters VI_1 r1 r2 r3)" "r2 "

step "2. r1's link comes back: r1 preempts"
link_up r1
wait_state r1 VI_1 master 10
wait_state r2 VI_1 backup 5
expect_eq "r1 last reason" "$(show_get r1 VI_1 last_reason)" preempted
expect_eq "r2 last reason" "$(show_get r2 VI_1 last_reason)" higher-priority
wait_vip r1 $VIP present
wait_vip r2 $VIP absent
# shellcheck disable=SC2016 # the condition is eval'd by wait_for
wait_for 10 "client's ARP entry for $VIP back to r1" \
	eval '[[ $(client_mac_for_vip) == $(mac r1) ]]'
wait_for 10 "client pings $VIP through r1" ping_ok c $VIP
expect_eq "r1 master transitions" "$(stat r1 VI_1 master_transitions)" 2
for ns in r1 r2 r3; do del $ns VI_1; done
wait_vip r1 $VIP absent

step "3. advert 1s: deleting the master's instance, r2 takes over on priority 0"
add r1 VI_2 vrid 52 prio 200 advert 1s accept vip $VIP/24
wait_state r1 VI_2 master 20
add r2 VI_2 vrid 52 prio 150 advert 1s accept vip $VIP/24
add r3 VI_2 vrid 52 prio 100 advert 1s accept vip $VIP/24
wait_state r2 VI_2 backup 10
wait_state r3 VI_2 backup 10
# shellcheck disable=SC2016 # the condition is eval'd by wait_for
wait_for 10 "r2 has heard r1" eval '[[ $(stat r2 VI_2 rcvd_adverts) -ge 1 ]]'
monitor_start r2 "$TMPD/mon-r2.json"
no_conflicts r1 VI_2	# del's check, before the capture: it is not the takeover
capture_start "$TMPD/del.pcap"
vctl r1 instance del VI_2 || fail "instance del VI_2 in r1"
wait_state r2 VI_2 master 10
capture_stop
ts=$(monitor_ts "$TMPD/mon-r2.json" VI_2 master)
[[ -n $ts ]] || { cat "$TMPD/mon-r2.json"; fail "no master event for VI_2 in r2's monitor"; }
# timed on the wire: r1's priority 0, then r2's first advert
dt=$(wire_gap_ms "$TMPD/del.pcap" 10.0.0.1 0 10.0.0.2)
[[ -n $dt ]] || fail "no priority 0 from r1 followed by an advert from r2 in the capture"
log "  takeover after priority 0: $dt ms (down interval would be ~3400 ms)"
expect_le "takeover after delete (ms)" "$dt" 2000
expect_eq "r2 last reason" "$(show_get r2 VI_2 last_reason)" priority-0
expect_eq "r2 priority-0 adverts received" "$(stat r2 VI_2 rcvd_pri0)" 1
wait_vip r2 $VIP present
wait_state r3 VI_2 backup 5
wait_for 10 "client pings $VIP through r2" ping_ok c $VIP
bg_stop "$MON_PID"

step "4. deleting the master's netns (r2): r3 takes over on priority 0"
# shellcheck disable=SC2016 # the condition is eval'd by wait_for
wait_for 10 "r3 has heard r2" eval '[[ $(stat r3 VI_2 rcvd_adverts) -ge 2 ]]'
monitor_start r3 "$TMPD/mon-r3.json"
capture_start "$TMPD/netns.pcap"
netns_del r2
wait_state r3 VI_2 master 10
capture_stop
ts=$(monitor_ts "$TMPD/mon-r3.json" VI_2 master)
[[ -n $ts ]] || { cat "$TMPD/mon-r3.json"; fail "no master event for VI_2 in r3's monitor"; }
dt=$(wire_gap_ms "$TMPD/netns.pcap" 10.0.0.2 0 10.0.0.3)
[[ -n $dt ]] || fail "no priority 0 from r2 followed by an advert from r3 in the capture"
log "  takeover after netns deletion: $dt ms"
expect_le "takeover after netns deletion (ms)" "$dt" 2000
expect_eq "r3 last reason" "$(show_get r3 VI_2 last_reason)" priority-0
wait_vip r3 $VIP present
wait_for 10 "client pings $VIP through r3" ping_ok c $VIP
bg_stop "$MON_PID"
