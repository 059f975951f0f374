#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 330
# debug: yes
# stock: newest
# parallel: no
#
# Lifecycle stress: concurrent loops, each for a fixed time, while adverts
# flow every 10..100 ms. The kernel must survive (the harness fails the test
# on BUG / WARNING / Oops / leak and unbalanced lifecycle lines), and at the
# end, with the module loaded, everything can be deleted, no VIP is left on
# any interface of any netns, and the module unloads.
#
#                       br0 (netns br)
#        +-------------------+-------------------+
#    r1 eth0             r2 eth0             r3 eth0 (netns deleted and
#    10.0.0.1            10.0.0.2            10.0.0.3  made again, loop 5)
#    r1 vx0 ----------- r2 vx0  (veth deleted under instances, loop 4)
#    10.0.9.1            10.0.9.2
#
# Loops (all at once; errors while an object or the module is missing are
# expected and only counted):
#   1. instances S_1..S_4 (IPv4) and S_6 (IPv6) in r1 and r2: add, set (prio,
#      advert, VIP list, vmac, unicast peers, accept, garp, fast-preempt,
#      sync group moves between G1, G2 and none), delete
#   2. trackers add / set / del / report (ok, fail, value) and instances
#      attaching and detaching them (track / track-if / track none)
#   3. r1's and r2's eth0 down and up, MTU changes
#   4. the r1-r2 veth deleted under its instances and made again
#   5. netns r3 deleted with instances inside, made again
#   6. rmmod vrrp / insmod while all this runs
#
# $VRRP_ATTACK_SECS: seconds the loops run (default 25, 75 on a debug
# kernel). VRRP_ATTACK_SYNC_MOVE=0: no sync group moves in loop 1.
# VRRP_ATTACK_RMMOD=0: no loop 6.

. "$(dirname "$0")/../lib.sh"
require_module
[[ -n $VRRP_KO && -f $VRRP_KO ]] || skip "VRRP_KO not set: cannot load the module again"

SECS=$(attack_secs 25 75 170)
SYNC_MOVE=${VRRP_ATTACK_SYNC_MOVE:-1}
RMMOD=${VRRP_ATTACK_RMMOD:-1}
log "stress: $SECS s, sync group moves $SYNC_MOVE, rmmod loop $RMMOD, kernel $(uname -r)$(debug_kernel && echo ' (debug)')"
kmemleak_clear
attack_kfence

reload() {
	[[ -d /sys/module/vrrp ]] || insmod "$VRRP_KO" dyndbg=+p || true
}
CLEANUP_HOOKS+=(reload)

LAN_IPV6=1 setup_lan r1 r2 r3
step "r1 vx0 <-> r2 vx0"
vx_make() {
	"$IP" -n "$(nsname r1)" link add vx0 type veth peer name vx0 netns "$(nsname r2)" &&
	"$IP" -n "$(nsname r1)" addr add 10.0.9.1/24 dev vx0 &&
	"$IP" -n "$(nsname r2)" addr add 10.0.9.2/24 dev vx0 &&
	"$IP" -n "$(nsname r1)" link set vx0 up &&
	"$IP" -n "$(nsname r2)" link set vx0 up
}
vx_make || fail "veth vx0"

# json_names: the "name" of each object of a JSON array on stdin
json_names() { python3 -c 'import json, sys; print(" ".join(o["name"] for o in json.load(sys.stdin)))'; }

# Forks are slow in an emulated guest: the loops use builtins where they can.
alive() { (( SECONDS < END )); }
END=$(( SECONDS + SECS ))
# v NS ARGS: vrrpctl in NS; its messages go to $ERRLOG (summed up at the end)
v() { "$VRRPCTL" -n "$(nsname "$1")" "${@:2}" >/dev/null 2>>"$ERRLOG"; }
# p WORD...: one of the words, in P
p() { P=${*:RANDOM % $# + 1:1}; }
# ms: a random advert interval 10..100 ms, in MS
ms() { MS="$(( (RANDOM % 10 + 1) * 10 ))ms"; }
OK=0 ERR=0
# count RC: count a command's outcome in OK / ERR
count() { if [[ $1 == 0 ]]; then OK=$((OK + 1)); else ERR=$((ERR + 1)); fi; }
report() { echo "$1: $OK ok, $ERR failed" >"$TMPD/loop.$1"; }

# settings FAMILY: random instance settings, in the array S
settings() {
	local fam=$1 i n
	S=()
	(( RANDOM % 2 )) && S+=(prio $((RANDOM % 254 + 1)))
	(( RANDOM % 3 )) || { ms; S+=(advert "$MS"); }
	if (( RANDOM % 3 == 0 )); then
		S+=(vip)
		n=$((RANDOM % 4 + 1))
		for ((i = 0; i < n; i++)); do
			if [[ $fam == 6 ]]; then
				if (( i == 0 )); then S+=("fe80::5$((RANDOM % 10))"); else S+=("2001:db8::5$((RANDOM % 10))$i/64"); fi
			else
				S+=("10.0.0.5$((RANDOM % 10))/24")
				(( i )) && S+=("10.0.1.$((RANDOM % 50 + 1))/24")
			fi
		done
	fi
	(( RANDOM % 4 )) || { p vmac novmac; S+=("$P"); }
	(( RANDOM % 4 )) || { p accept noaccept; S+=("$P"); }
	(( RANDOM % 5 )) || { p preempt nopreempt; S+=("$P"); }
	(( RANDOM % 5 )) || { p fast-preempt nofast-preempt; S+=("$P"); }
	if (( RANDOM % 5 == 0 )); then
		S+=(garp-count $((RANDOM % 5 + 1)))
		p 0 10ms 50ms; S+=(garp-interval "$P")
		p 0 100ms 1s; S+=(garp-refresh "$P")
	fi
	if (( RANDOM % 4 == 0 )); then
		if [[ $fam == 6 ]]; then
			p none 2001:db8::1 2001:db8::2; S+=(peer "$P")
			[[ $P == none ]] || S+=(unicast-src "2001:db8::${NS#r}")
		else
			p none 10.0.0.1 10.0.0.2 10.0.0.3; S+=(peer "$P")
			[[ $P == none ]] || (( RANDOM % 2 )) || S+=(peer 10.0.0.99)
		fi
	fi
	if [[ $SYNC_MOVE == 1 ]] && (( RANDOM % 4 == 0 )); then
		p G1 G2 none; S+=(sync-group "$P")
	fi
	true
}

loop_instances() {
	local name fam vrid vip rc
	ERRLOG=$TMPD/err.instances
	while alive; do
		p r1 r2; NS=$P
		p S_1 S_2 S_3 S_4 S_6; name=$P
		fam=4; [[ $name == S_6 ]] && fam=6
		vrid=${name#S_}
		settings $fam
		case $((RANDOM % 6)) in
		0 | 1)
			if [[ $fam == 6 ]]; then vip=("fe80::5$vrid" "2001:db8::5$vrid/64"); else vip=("10.0.0.5$vrid/24"); fi
			ms
			v "$NS" instance add "$name" dev eth0 vrid "$vrid" advert "$MS" vip "${vip[@]}" "${S[@]}"
			rc=$? ;;
		2 | 3 | 4)
			v "$NS" instance set "$name" "${S[@]}"
			rc=$? ;;
		*)
			v "$NS" instance del "$name"
			rc=$? ;;
		esac
		count $rc
	done
	report instances
}

loop_trackers() {
	local ns t i rc
	ERRLOG=$TMPD/err.trackers
	while alive; do
		p r1 r2; ns=$P
		p T1 T2 T3; t=$P
		p S_1 S_2 S_3 S_4 S_6 D_1; i=$P
		case $((RANDOM % 9)) in
		0) v "$ns" tracker add "$t" weight $((RANDOM % 60 - 30)) fall $((RANDOM % 3 + 1)) \
			rise $((RANDOM % 3 + 1)) timeout $((RANDOM % 3 * 500))ms; rc=$? ;;
		1) v "$ns" tracker set "$t" weight $((RANDOM % 100 - 50)) timeout $((RANDOM % 3 * 1000))ms; rc=$? ;;
		2) v "$ns" tracker del "$t"; rc=$? ;;
		3 | 4) p ok ok fail; v "$ns" track "$t" "$P"; rc=$? ;;
		5) v "$ns" weight "$t" $((RANDOM % 509 - 254)); rc=$? ;;
		6) p T1 T2 T3; v "$ns" instance set "$i" track "$t" weight $((RANDOM % 21 - 10)) track "$P"; rc=$? ;;
		7) p eth0 vx0; v "$ns" instance set "$i" track-if "$P" weight $((RANDOM % 2 * -30)) reverse track "$t"; rc=$? ;;
		*) v "$ns" instance set "$i" track none; rc=$? ;;
		esac
		count $rc
	done
	report trackers
}

loop_links() {
	local ns rc
	ERRLOG=$TMPD/err.links
	while alive; do
		p r1 r2; ns=$P
		case $((RANDOM % 4)) in
		0 | 1)
			"$IP" -n "$(nsname "$ns")" link set eth0 down && sleep 0.$((RANDOM % 5)) &&
				"$IP" -n "$(nsname "$ns")" link set eth0 up
			rc=$? ;;
		2) p 1280 1400 9000; "$IP" -n "$(nsname "$ns")" link set eth0 mtu "$P"; rc=$? ;;
		*) "$IP" -n "$(nsname "$ns")" link set eth0 mtu 1500; rc=$? ;;
		esac 2>>"$ERRLOG"
		count $rc
		sleep 0.$((RANDOM % 10))
	done
	"$IP" -n "$(nsname r1)" link set eth0 up mtu 1500 || true
	"$IP" -n "$(nsname r2)" link set eth0 up mtu 1500 || true
	report links
}

loop_veth() {
	ERRLOG=$TMPD/err.veth
	while alive; do
		ms; v r1 instance add D_1 dev vx0 vrid 9 prio 200 advert "$MS" vip 10.0.9.50/24 10.0.9.51/24
		ms; v r2 instance add D_1 dev vx0 vrid 9 prio 100 advert "$MS" vip 10.0.9.50/24 10.0.9.51/24
		ms; v r1 instance add D_2 dev vx0 vrid 8 advert "$MS" vmac vip 10.0.9.52/24
		sleep 0.$((RANDOM % 10 + 1))
		p r1 r2; "$IP" -n "$(nsname "$P")" link del vx0 2>>"$ERRLOG"
		count $?
		vx_make 2>>"$ERRLOG"
		count $?
	done
	report veth
}
# r3_make: netns r3 again. Its bridge port gets a new name each time: the
# old one goes with the old netns, asynchronously.
r3_make() {
	local port=p3-$RANDOM
	"$IP" netns add "$(nsname r3)" &&
	"$IP" -n "$(nsname r3)" link set lo up &&
	"$IP" netns exec "$(nsname r3)" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 &&
	"$IP" -n "$(nsname br)" link add "$port" type veth peer name eth0 netns "$(nsname r3)" &&
	"$IP" -n "$(nsname br)" link set "$port" master br0 up &&
	"$IP" -n "$(nsname r3)" addr add 10.0.0.3/24 dev eth0 &&
	"$IP" -n "$(nsname r3)" link set eth0 up
}
loop_netns() {
	ERRLOG=$TMPD/err.netns
	while alive; do
		ms; v r3 instance add S_1 dev eth0 vrid 1 prio 250 advert "$MS" vip 10.0.0.51/24
		ms; v r3 instance add R_7 dev eth0 vrid 7 prio 250 advert "$MS" vip 10.0.0.57/24 10.0.1.57/24
		v r3 tracker add T1 weight -10
		v r3 instance set R_7 track T1
		sleep 0.$((RANDOM % 10 + 1))
		"$IP" netns del "$(nsname r3)" 2>>"$ERRLOG"
		count $?
		r3_make 2>>"$ERRLOG"
		count $?
	done
	report netns
}

loop_module() {
	ERRLOG=$TMPD/err.module
	while alive; do
		sleep $((RANDOM % 3 + 2))
		rmmod vrrp 2>>"$ERRLOG"
		count $?
		sleep 0.$((RANDOM % 5))
		insmod "$VRRP_KO" dyndbg=+p 2>>"$ERRLOG"
		count $?
	done
	report module
}

step "a first master on eth0 before the loops"
add r1 S_1 vrid 1 prio 200 advert 50ms vip 10.0.0.51/24
wait_state r1 S_1 master 20
log "how ip shows a VIP the module installed:"
"$IP" -n "$(nsname r1)" -o addr show dev eth0 | grep 10.0.0.51 || fail "no 10.0.0.51 on r1"

step "the loops, $SECS s"
pids=()
for l in instances trackers links veth netns; do
	( set +e; "loop_$l" ) &
	pids+=($!)
done
if [[ $RMMOD == 1 ]]; then
	( set +e; loop_module ) &
	pids+=($!)
fi
for p in "${pids[@]}"; do
	wait "$p" || fail "a loop failed"
done
cat "$TMPD"/loop.*
log "most frequent error messages of the loops (expected: objects or the module missing):"
cat "$TMPD"/err.* 2>/dev/null | sort | uniq -c | sort -rn | head -n 15

step "the end: module loaded, everything deleted"
reload
[[ -d /sys/module/vrrp ]] || fail "vrrp not loaded after the loops"
[[ -e /run/netns/$(nsname r3) ]] || r3_make || fail "netns r3 again"
for ns in r1 r2 r3; do
	for name in $(vctlq "$ns" -j show | json_names); do
		del "$ns" "$name"
	done
	for name in $(vctlq "$ns" -j tracker show | json_names); do
		vctl "$ns" tracker del "$name" || fail "tracker del $name in $ns"
	done
	expect_eq "instances left in $ns" "$(vctlq "$ns" -j show)" "[]"
done

step "no VIP (and no address the module installed, proto 112) is left anywhere"
# VIPs: 10.0.0.5x, 10.0.1.x, 10.0.9.5x, fe80::5x, 2001:db8::5x*
VIP_RE=' inet (10\.0\.0\.5[0-9]|10\.0\.1\.[0-9]+|10\.0\.9\.5[0-9])/| inet6 (fe80::5[0-9]|2001:db8::5[0-9]+)/| proto (112|0x70) '
for ns in r1 r2 r3 br; do
	left=$("$IP" -n "$(nsname "$ns")" -o addr show | grep -E "$VIP_RE" || true)
	[[ -z $left ]] || fail "addresses left in $ns: $left"
done
left=$("$IP" -o addr show | grep -E "$VIP_RE" || true)
[[ -z $left ]] || fail "addresses left in the initial netns: $left"
log "  ok: no VIP on any interface of r1 r2 r3 br or the initial netns"

step "the module unloads"
pp rmmod vrrp || fail "rmmod vrrp after the stress"
kmemleak_check
reload
log "stress: $SECS s, sync group moves $SYNC_MOVE, rmmod loop $RMMOD"
