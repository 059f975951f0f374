#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 400
#
# health.sh - benchmark item 4: health-driven failover. The master's health
# check lowers its priority below the backup's; the time runs from that call
# to the backup's first gratuitous ARP for the VIP, taken from a capture on
# the backup's link (times on the host by pcapstats.py).
#
#     br0 (netns br) <- r1 eth0 10.0.0.1 (master, prio 250, tracks "chk")
#                    <- r2 eth0 10.0.0.2 (backup, prio 200; tcpdump here)
#
#   vrrp.ko     `vrrpctl tracker add chk weight 0`, r1 `track chk`; a trial is
#               `weight chk -100` on r1 (effective priority 150), then
#               `weight chk 0` to give the VIP back, written (a shell builtin,
#               timed just before) to a `vrrpctl -n r1 -b -` already running,
#               so that starting a process is not part of the time, as for
#               keepalived below. Once with and once without `fast-preempt`
#               on r2. A tracker event's kernel timestamp in `vrrpctl -j
#               monitor`, if there is one, is taken as the call's time instead.
#   keepalived  both routers keepalived; r1 has `track_file chk` (weight 1) on
#               a file holding 0; a trial writes -100 to it (a shell builtin,
#               timed just before), then 0.
# Without tracker support in vrrpctl/vrrp.ko the vrrp.ko rows are recorded
# as "skipped: no tracker support" (the feature is probed, not a version).

. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

VRID=52
VIP=10.0.0.101
T=$(param TRIALS 20 6)
ADV_MS=10
MON_PID=
BATCH_FD=
BATCH_PID=

steady() { has_vip r1 $VIP && not has_vip r2 $VIP; }

# shellcheck disable=SC2016 # LOWER and RESTORE are eval'd by trial
# trial LOWER RESTORE: run LOWER, wait for r2 to take over, run RESTORE and
# wait for r1 to be master again. Marks: t_call t_returned t_steady.
trial() {
	local t_call t_ret
	t_call=$EPOCHREALTIME
	eval "$1"
	t_ret=$EPOCHREALTIME
	wait_for 30 "r2 takes over" has_vip r2 $VIP
	eval "$2"
	wait_for 30 "r1 master again" steady
	printf '%s %s %s\n' "$t_call" "$t_ret" "$EPOCHREALTIME" >>"$MARKS"
}

# trials ID LOWER RESTORE SUT FAST
trials() {
	local id=$1 i
	MARKS=$WORK/$id.marks
	: >"$MARKS"
	wait_for 30 "r1 master, r2 backup" steady
	nap 0.5
	capture_start r2 eth0 "$WORK/$id.pcap" 'ip proto 112 or arp'
	for ((i = 1; i <= T; i++)); do
		trial "$2" "$3"
		printf '.'
	done
	printf '\n'
	capture_stop
	meta "$WORK/$id.meta" "bench=health" "name=health" "sut=$4" "fast_preempt=$5" \
		"kind=health" "master_prio=250" "lowered_prio=150" "backup_prio=200" \
		"advert_cs=$((ADV_MS / 10))" "master=10.0.0.1" "backup=10.0.0.2" \
		"backup_mac=$R2_MAC" "vip=$VIP" "vip_count=1" "pcap=$id.pcap" "marks=$id.marks" \
		"monitor=${MON_FILE:-}"
}

# shellcheck disable=SC2016
vrrp_rows() {
	local fast id
	for fast in 0 1; do
		id=vrrp-health-fp$fast
		step "$id: vrrp.ko, fast-preempt $fast"
		vctl r1 instance add HC dev eth0 vrid $VRID prio 250 advert ${ADV_MS}ms \
			garp-refresh 0 track chk vip $VIP/24
		wait_for 30 "r1 master" is_vstate r1 HC master
		local -a fp=()
		[[ $fast == 0 ]] || fp=(fast-preempt)
		vctl r2 instance add HC dev eth0 vrid $VRID prio 200 advert ${ADV_MS}ms \
			garp-refresh 0 "${fp[@]}" vip $VIP/24
		MON_FILE=$id.monitor
		bg r1 - "$WORK/$MON_FILE" "$VRRPCTL" -j monitor
		MON_PID=$BG_PID
		rm -f "$WORK/batch.fifo"
		mkfifo "$WORK/batch.fifo"
		"$VRRPCTL" -n r1 -b - <"$WORK/batch.fifo" >"$WORK/$id.batch.log" 2>&1 &
		BATCH_PID=$!
		BG_PIDS+=("$BATCH_PID")
		exec {BATCH_FD}>"$WORK/batch.fifo"
		nap 1
		trials "$id" 'echo "weight chk -100" >&$BATCH_FD' \
			'echo "weight chk 0" >&$BATCH_FD' vrrp "$fast"
		exec {BATCH_FD}>&-
		wait "$BATCH_PID" || log "vrrpctl -b - failed: $(cat "$WORK/$id.batch.log")"
		bg_stop "$MON_PID"
		"$VRRPCTL" -n r2 instance del HC
		"$VRRPCTL" -n r1 instance del HC
	done
}

ka_conf() {
	ka_global "ka_$1"
	if [[ $1 == r1 ]]; then
		printf 'track_file chk {\n    file %s\n    weight 1\n}\n' "$WORK/chk"
	fi
	cat <<-EOF
	vrrp_instance HC {
	    state BACKUP
	    interface eth0
	    virtual_router_id $VRID
	    priority $2
	    advert_int 0.0$((ADV_MS / 10))
	    garp_master_delay 0
	    virtual_ipaddress {
	        $VIP/24
	    }
	EOF
	if [[ $1 == r1 ]]; then
		printf '    track_file {\n        chk\n    }\n'
	fi
	echo "}"
}

# shellcheck disable=SC2016
keepalived_rows() {
	step "keepalived-health: track_file weight change"
	echo 0 >"$WORK/chk"
	ka_conf r1 250 >"$WORK/ka-hc-r1.conf"
	ka_conf r2 200 >"$WORK/ka-hc-r2.conf"
	ka_start r1 r1 "$WORK/ka-hc-r1.conf"
	wait_for 30 "keepalived r1 master" has_vip r1 $VIP
	ka_start r2 r2 "$WORK/ka-hc-r2.conf"
	MON_FILE=
	trials keepalived-health 'echo -100 >"$WORK/chk"' 'echo 0 >"$WORK/chk"' keepalived 0
	ka_stop r2
	ka_stop r1
}

# tracker_support: the running vrrpctl and vrrp.ko both know trackers.
tracker_support() {
	"$VRRPCTL" -n r1 tracker add probe weight 0 >/dev/null 2>&1 || return 1
	"$VRRPCTL" -n r1 tracker del probe >/dev/null 2>&1 || true
}

[[ -d /sys/module/vrrp ]] || skip "vrrp.ko is not loaded"
command -v tcpdump >/dev/null || skip "no tcpdump"
sysinfo
lan_setup r1 r2
R2_MAC=$(mac_of r2 eth0)

if tracker_support; then
	vctl r1 tracker add chk weight 0
	vrrp_rows
else
	log "skipped: no tracker support (vrrpctl -n r1 tracker add probe weight 0 failed)"
	meta "$WORK/vrrp-health.meta" "bench=health" "name=health" "sut=vrrp" \
		"skipped=no tracker support"
fi
if have_keepalived; then
	keepalived_rows
fi
