#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 1500
#
# modes.sh - the priority-0 handover of takeover.sh (backup priority 240) in
# each protocol mode, vrrp.ko and keepalived as the backup in the same run,
# plus what a client pinging the VIP sees across each failover. Times come
# from packet captures (nanosecond stamps; read on the host by pcapstats.py).
# Not pass/fail: exits 0 whenever it could measure, 77 when it cannot run.
#
#                     netns br: bridge br0
#            p1 +----------+----------+ p3
#               |          | p2       |
#           r1 eth0     r2 eth0    r3 eth0 (the client, tcpdump here)
#           .1 / ::1    .2 / ::2   .3 / ::3   (10.0.0.N/24, 2001:db8::N/64)
#           vrrp.ko     the SUT: vrrp.ko or keepalived (tcpdump here)
#           prio 255    prio 240   vrid 51
#
# Modes (r1 is always vrrp.ko; r2's configuration mirrors it):
#   v3-ipv4       VRRPv3 over IPv4, multicast, VIP 10.0.0.100/24 (the
#                 baseline: the prio0-240 run of takeover.sh, with a client)
#   v3-ipv6       VRRPv3 over IPv6, VIPs fe80::64/64 2001:db8::64/64; the
#                 new master announces with unsolicited NAs (ICMPv6 136)
#   v2-pass       VRRPv2, auth PASS, 1 s adverts (v2 has whole seconds only)
#   unicast-ipv4  v3-ipv4 with unicast-src / peer (keepalived: unicast_src_ip,
#                 unicast_peer): adverts are unicast to the peer
#   unicast-ipv6  v3-ipv6 with unicast between the global addresses
#   vmac-ipv4     v3-ipv4 in virtual MAC mode (00:00:5e:00:01:33; keepalived:
#                 use_vmac, a macvlan vrrp.51 that carries the VIP)
# IPv4 VRRPv3 runs with "csum pseudo" on both vrrp.ko routers, the form
# keepalived 2.2.7 sends and checks. Every vrrp.ko instance has "accept" (so
# the master answers the client's pings, as keepalived without vrrp_strict
# does) and "garp-refresh 0"; keepalived has garp_master_delay 0 and
# vrrp_garp_master_refresh 0: one burst of 5 GARPs / NAs on becoming master.
#
# Trial (as takeover.sh): r1's instance is deleted (it sends priority 0), the
# script waits until the VIP is on r2, re-adds r1 (priority 255: it preempts
# at once) and waits until r1 is master and r2 has dropped the VIP. Marks per
# trial: start, cut (the delete returned), steady, back (just before the
# re-add). The host measures, per trial:
#   takeover      r1's priority-0 advert -> r2's first announcement of the
#                 watched VIP (gratuitous ARP, or unsolicited NA for IPv6)
#                 from r2's MAC (vmac: from 00:00:5e:00:01:33), on r2's link
#   client        r3 runs `ping -i 0.01` to the VIP for the whole run; from a
#                 capture on r3's link: echo requests without a reply, the
#                 longest gap between replies, and the destination MAC of r3's
#                 requests (its neighbour entry for the VIP) before and after
#                 the takeover; also `ip neigh` on r3 once the VIP is on r2.
# If keepalived cannot run a mode, its row is recorded as skipped with the
# reason (the vrrp.ko row still runs).
#
# Parameters: BENCH_MODES_TRIALS (trials per mode and SUT; 1 s adverts: a
# third), BENCH_MODES_BUDGET (seconds for all runs), BENCH_MODES (the list),
# BENCH_MODES_CLIENT=0 (no client).

. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

VRID=51
VMAC=00:00:5e:00:01:33
T=$(param MODES_TRIALS 20 5)
BUDGET_S=$(param MODES_BUDGET 600 200)
read -r -a MODES <<<"$(param MODES "v3-ipv4 v3-ipv6 v2-pass unicast-ipv4 unicast-ipv6 vmac-ipv4" \
	"v3-ipv4 v3-ipv6 v2-pass unicast-ipv4 unicast-ipv6 vmac-ipv4")"
CLIENT=$(param MODES_CLIENT 1 1)
PASS=s3cret

# --- modes -----------------------------------------------------------------------

# mode MODE: the globals of one mode.
#   FAM 4|6, ADV_CS, VIP (watched and pinged), R1_ARGS / R2_ARGS (vrrpctl
#   words after "vrid N prio P"), KA_VER, KA_VIPS and KA_EXTRA (keepalived
#   lines), MASTER / BACKUP (advert sources), ANN_MAC (the announcements'
#   source MAC)
mode() {
	local common
	FAM=4 ADV_CS=1 KA_VER=3 KA_EXTRA='' ANN_MAC=$R2_MAC MASTER=10.0.0.1 BACKUP=10.0.0.2
	VIP=10.0.0.100
	KA_VIPS="$VIP/24"
	common="accept garp-refresh 0"
	case $1 in
	v3-ipv4)
		R1_ARGS="advert 10ms csum pseudo $common vip $VIP/24"
		R2_ARGS=$R1_ARGS
		;;
	v3-ipv6 | unicast-ipv6)
		FAM=6 VIP=2001:db8::64
		KA_VIPS=$'fe80::64/64\n2001:db8::64/64'
		R1_ARGS="advert 10ms $common vip fe80::64/64 $VIP/64"
		R2_ARGS=$R1_ARGS
		MASTER=$R1_LL BACKUP=$R2_LL
		if [[ $1 == unicast-ipv6 ]]; then
			MASTER=2001:db8::1 BACKUP=2001:db8::2
			R1_ARGS+=" unicast-src $MASTER peer $BACKUP"
			R2_ARGS+=" unicast-src $BACKUP peer $MASTER"
			KA_EXTRA=$'unicast_src_ip 2001:db8::2\nunicast_peer {\n    2001:db8::1\n}'
		fi
		;;
	v2-pass)
		ADV_CS=100 KA_VER=2
		R1_ARGS="version 2 auth pass $PASS advert 1s $common vip $VIP/24"
		R2_ARGS=$R1_ARGS
		KA_EXTRA=$'authentication {\n    auth_type PASS\n    auth_pass '$PASS$'\n}'
		;;
	unicast-ipv4)
		R1_ARGS="advert 10ms csum pseudo $common vip $VIP/24 unicast-src 10.0.0.1 peer 10.0.0.2"
		R2_ARGS="advert 10ms csum pseudo $common vip $VIP/24 unicast-src 10.0.0.2 peer 10.0.0.1"
		KA_EXTRA=$'unicast_src_ip 10.0.0.2\nunicast_peer {\n    10.0.0.1\n}'
		;;
	vmac-ipv4)
		R1_ARGS="advert 10ms csum pseudo $common vmac vip $VIP/24"
		R2_ARGS=$R1_ARGS
		KA_EXTRA=use_vmac
		ANN_MAC=$VMAC
		;;
	*) die "unknown mode $1" ;;
	esac
}

indent() {
	local l
	while IFS= read -r l; do printf '%s%s\n' "$1" "$l"; done <<<"$2"
}
advert_ka() { printf '%d.%02d' $(($1 / 100)) $(($1 % 100)); }

# --- IPv6 ------------------------------------------------------------------------

# ipv6_on NS N: IPv6 on NS's eth0 without DAD, 2001:db8::N/64.
ipv6_on() {
	local ns=$1
	"$IP" netns exec "$ns" sysctl -qw net.ipv6.conf.all.accept_dad=0 \
		net.ipv6.conf.default.accept_dad=0 net.ipv6.conf.eth0.accept_dad=0 \
		net.ipv6.conf.all.disable_ipv6=0 net.ipv6.conf.default.disable_ipv6=0 \
		net.ipv6.conf.eth0.disable_ipv6=0
	"$IP" -n "$ns" addr add "2001:db8::$2/64" dev eth0 nodad
}
# lladdr NS: the link-local address of NS's eth0, into LL.
lladdr() {
	local a
	a=$("$IP" -n "$1" -6 -o addr show dev eth0 scope link)
	LL=
	if [[ $a =~ inet6\ (fe80::[0-9a-f:]+)/64 && $a != *tentative* ]]; then
		LL=${BASH_REMATCH[1]}
	fi
	[[ -n $LL ]]
}

# has_addr NS ADDR: ADDR on any interface of NS (keepalived's use_vmac puts
# the VIP on its macvlan vrrp.51).
has_addr() {
	local a
	if [[ $2 == *:* ]]; then
		a=$("$IP" -n "$1" -6 -o addr show)
		[[ $a == *" inet6 $2/"* ]]
	else
		a=$("$IP" -n "$1" -4 -o addr show)
		[[ $a == *" inet $2/"* ]]
	fi
}

# --- routers ----------------------------------------------------------------------

r1_add() {
	# shellcheck disable=SC2086 # word lists
	"$VRRPCTL" -n r1 instance add VI_1 dev eth0 vrid $VRID prio 255 $R1_ARGS
}

# sut_start SUT MODE: the backup under test in r2 (prio 240); returns 1 with
# WHY set when keepalived cannot run the mode.
sut_start() {
	local conf=$WORK/ka-$2.conf
	WHY=
	if [[ $1 == vrrp ]]; then
		# shellcheck disable=SC2086
		vctl r2 instance add VI_1 dev eth0 vrid $VRID prio 240 $R2_ARGS
		return
	fi
	{
		ka_global ka_r2 "$KA_VER"
		cat <<-EOF
		vrrp_instance VI_1 {
		    state BACKUP
		    interface eth0
		    virtual_router_id $VRID
		    priority 240
		    advert_int $(advert_ka "$ADV_CS")
		    garp_master_delay 0
		    virtual_ipaddress {
		EOF
		indent '        ' "$KA_VIPS"
		printf '    }\n'
		[[ -z $KA_EXTRA ]] || indent '    ' "$KA_EXTRA"
		printf '}\n'
	} >"$conf"
	sed 's/^/    | /' "$conf"
	ka_start r2 r2 "$conf"
	if [[ $2 == vmac-* ]] && ! until_ 10 "$IP" -n r2 link show vrrp.$VRID >/dev/null 2>&1; then
		WHY="keepalived created no macvlan vrrp.$VRID: $(grep -iE 'vmac|macvlan|netlink' \
			"$KA_DIR/r2.log" | tail -n 2 | tr '\n' ' ')"
		ka_stop r2
		return 1
	fi
}
sut_stop() {
	if [[ $1 == vrrp ]]; then
		"$VRRPCTL" -n r2 instance del VI_1 2>/dev/null || true
	else
		ka_stop r2
	fi
}

steady() { is_vstate r1 VI_1 master && not has_addr r2 "$VIP"; }
taken() { has_addr r2 "$VIP"; }

# until_ TIMEOUT_S CMD...: wait_for that returns 1 on timeout instead of dying.
until_() {
	local deadline
	now_us
	deadline=$((NOW_US + $1 * 1000000))
	shift
	until "$@"; do
		now_us
		((NOW_US < deadline)) || return 1
		nap 0.02
	done
}

# trial: r1 resigns (priority 0), r2 takes over, r1 comes back. Returns 1
# with WHY set when r2 never takes over.
trial() {
	local t_start t_cut t_back
	t_start=$EPOCHREALTIME
	"$VRRPCTL" -n r1 instance del VI_1
	t_cut=$EPOCHREALTIME
	if ! until_ 20 taken; then
		WHY="r2 did not take over within 20 s"
		r1_add
		wait_for 30 "r1 master again" steady
		return 1
	fi
	[[ $CLIENT != 1 ]] || printf '%s %s\n' "$t_start" \
		"$("$IP" -n r3 neigh show "$VIP" dev eth0)" >>"$NEIGH"
	t_back=$EPOCHREALTIME
	r1_add
	wait_for 30 "r1 master again, VIP gone from r2" steady
	printf '%s %s %s %s\n' "$t_start" "$t_cut" "$EPOCHREALTIME" "$t_back" >>"$MARKS"
	# Two of r1's adverts before the next cut: r2 hears a steady master.
	local cs=$((ADV_CS * 2 + 3))
	nap "$((cs / 100)).$((cs / 10 % 10))$((cs % 10))"
}

client_start() {
	local -a six=()
	[[ $FAM == 4 ]] || six=(-6)
	bg r3 - "$WORK/$1.client.cap.log" tcpdump -i eth0 --time-stamp-precision=nano \
		--immediate-mode -U -n -s 128 -B 8192 -Z root -w "$WORK/$1.client.pcap" \
		"icmp or icmp6"
	CLIENT_CAP=$BG_PID
	wait_for 20 "client tcpdump listening" grep -q "listening on" "$WORK/$1.client.cap.log"
	bg r3 - "$WORK/$1.ping.log" ping "${six[@]}" -n -i 0.01 -W 1 "$VIP"
	PING_PID=$BG_PID
	wait_for 20 "the client's pings are answered" grep -q "bytes from" "$WORK/$1.ping.log"
}
# client_on_master: r3's neighbour entry for the VIP is r1's MAC (or the vmac).
client_on_master() {
	local n
	n=$("$IP" -n r3 neigh show "$VIP" dev eth0)
	[[ $n == *" lladdr $R1_MAC "* || ($ANN_MAC == "$VMAC" && $n == *" lladdr $VMAC "*) ]]
}
client_stop() {
	kill -INT "$PING_PID" 2>/dev/null || true
	nap 0.3
	bg_stop "$PING_PID"
	bg_stop "$CLIENT_CAP"
	"$IP" -n r3 neigh flush dev eth0 2>/dev/null || true
}

# bench SUT MODE: one run, its trials under one capture on r2's link.
bench() {
	local sut=$1 md=$2 id=$1-$2 n=$T i t0 budget_us client_meta=()
	mode "$md"
	((ADV_CS < 100)) || n=$(((T + 2) / 3))
	MARKS=$WORK/$id.marks
	NEIGH=$WORK/$id.neigh
	: >"$MARKS"
	step "$id: $n trials, SUT $sut, advert $((ADV_CS * 10)) ms, r2: $R2_ARGS"
	"$VRRPCTL" -n r1 instance del VI_1 2>/dev/null || true
	r1_add
	wait_for 30 "r1 master" is_vstate r1 VI_1 master
	if ! sut_start "$sut" "$md"; then
		log "SKIP $id: $WHY"
		meta "$WORK/$id.meta" "bench=modes" "name=$md" "sut=$sut" "skipped=$WHY"
		RUNS_LEFT=$((RUNS_LEFT - 1))
		return
	fi
	wait_for 30 "steady: r1 master, r2 backup" steady
	nap $((3 * ADV_CS / 100 + 1))	# r2 has heard r1 for a while
	capture_start r2 eth0 "$WORK/$id.pcap" \
		'ip proto 112 or arp or ip6 proto 112 or (icmp6 and ip6[40] == 136)'
	if [[ $CLIENT == 1 ]]; then
		client_start "$id"
		client_meta=("client_pcap=$id.client.pcap" "client_neigh=$id.neigh"
			     "master_mac=$R1_MAC")
	fi
	# Starting tcpdump and ping stalls the emulated guest, sometimes long
	# enough for r2 to take over for a moment: start the first trial from a
	# steady state, with the client's neighbour entry on the master.
	nap 0.3
	wait_for 30 "steady again" steady
	if [[ $CLIENT == 1 ]] && ! client_on_master; then
		log "the client's neighbour entry is not on r1: $("$IP" -n r3 neigh show "$VIP")"
		"$IP" -n r3 neigh flush "$VIP" dev eth0
		wait_for 10 "the client's neighbour entry on r1" client_on_master
	fi
	READY=$EPOCHREALTIME
	now_us
	t0=$NOW_US
	budget_us=$(((BUDGET_S * 1000000 - (t0 - START_US)) / RUNS_LEFT))
	WHY=
	for ((i = 1; i <= n; i++)); do
		if ! trial; then
			printf '\n%s: trial %d: %s\n' "$id" "$i" "$WHY"
			break
		fi
		printf '.'
		now_us
		if ((i < n && NOW_US - t0 > budget_us)); then
			printf '\nout of time: %d of %d trials' "$i" "$n"
			break
		fi
	done
	printf '\n%d trials in %d ms\n' "$(wc -l <"$MARKS")" $(((NOW_US - t0) / 1000))
	[[ $CLIENT != 1 ]] || client_stop
	capture_stop
	if [[ -n $WHY && ! -s $MARKS && $sut == keepalived ]]; then
		log "SKIP $id: $WHY; keepalived's log:"
		tail -n 20 "$KA_DIR/r2.log"
		meta "$WORK/$id.meta" "bench=modes" "name=$md" "sut=$sut" \
			"skipped=$WHY (keepalived log: $KA_DIR/r2.log)"
	else
		meta "$WORK/$id.meta" "bench=modes" "name=$md" "sut=$sut" "kind=prio0" \
			"mode=$md" "family=$FAM" "backup_prio=240" "advert_cs=$ADV_CS" \
			"master=$MASTER" "backup=$BACKUP" "backup_mac=$R2_MAC" \
			"announce_mac=$ANN_MAC" "vip=$VIP" "vip_count=1" "pcap=$id.pcap" \
			"marks=$id.marks" "ready=$READY" "${client_meta[@]}" ${WHY:+"note=$WHY"}
	fi
	sut_stop "$sut"
	"$VRRPCTL" -n r1 instance del VI_1 2>/dev/null || true
	RUNS_LEFT=$((RUNS_LEFT - 1))
}

[[ -d /sys/module/vrrp ]] || skip "vrrp.ko is not loaded"
[[ -x $VRRPCTL ]] || skip "no vrrpctl at $VRRPCTL"
command -v tcpdump >/dev/null || skip "no tcpdump"
SUTS=(vrrp)
if have_keepalived; then
	SUTS+=(keepalived)
else
	log "no keepalived: vrrp.ko rows only"
fi
sysinfo
now_us
START_US=$NOW_US
RUNS_LEFT=$((${#MODES[@]} * ${#SUTS[@]}))
log "kernel $(uname -r); up to $T trials per run; modes: ${MODES[*]}; SUTs: ${SUTS[*]}"

lan_setup r1 r2 r3
R1_MAC=$(mac_of r1 eth0)
R2_MAC=$(mac_of r2 eth0)
for ns in r1 r2 r3; do
	ipv6_on "$ns" "${ns#r}"
done
wait_for 10 "r1's link-local" lladdr r1
R1_LL=$LL
wait_for 10 "r2's link-local" lladdr r2
R2_LL=$LL
for md in "${MODES[@]}"; do
	for sut in "${SUTS[@]}"; do
		bench "$sut" "$md"
	done
done
