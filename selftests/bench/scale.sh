#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 1200
#
# scale.sh - benchmark items 5 and 7: steadiness and cost of many instances,
# and memory per instance. A pair of routers, r1 master (prio 200) and r2
# backup (prio 100) of every instance, both vrrp.ko or both keepalived:
#
#     r1 eth0..eth3 <--- veth ---> r2 eth0..eth3      10.K.0.1 / 10.K.0.2
#
# Instance i lives on ethK, K = i / 255, VRID i % 255 + 1, VIP 10.(100+K).x.y:
# 255 fill one interface, 1000 spread over four.
#
# For each advert interval and instance count (growing: vrrp.ko adds the
# missing instances, keepalived restarts with the bigger config), once all
# are settled, two windows of WINDOW seconds: without and with a CPU hog.
# Each window records, before and after, /proc/stat (guest user, system,
# irq, softirq), the keepalived processes' /proc/PID/stat and the
# transition counters (vrrp.ko: "transitions" of every instance in
# `vrrpctl -j stats`; keepalived: its "Entering ... STATE" log lines).
# Any transition inside a window is spurious: nothing changes.
#
# CPUs: the harness runs on vCPU 0; the routers on vCPU 1 (keepalived by
# taskset; vrrp.ko by creating its instances from vCPU 1, where their
# hrtimers stay armed and their veth traffic is processed); the hog is a
# busy loop on vCPU 1, competing with them. Memory: /proc/meminfo (Slab) for
# vrrp.ko, VmRSS of keepalived's VRRP processes, at each count.

. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

WINDOW=$(param SCALE_WINDOW 6 3)
# ADVERT_MS:COUNT,COUNT...
STEPS=$(param SCALE_STEPS "10:1,100,255,1000 100:255,1000" "10:1,100,255")
NIF=4
CPU_ROUTER=1
CPU_HOG=1
HOG_PID=

# --- topology ------------------------------------------------------------------

pair_setup() {
	local k
	for ns in r1 r2; do netns_add "$ns"; done
	for ((k = 0; k < NIF; k++)); do
		"$IP" -n r1 link add "eth$k" type veth peer name "eth$k" netns r2
		"$IP" -n r1 addr add "10.$k.0.1/24" dev "eth$k"
		"$IP" -n r2 addr add "10.$k.0.2/24" dev "eth$k"
		"$IP" -n r1 link set "eth$k" up
		"$IP" -n r2 link set "eth$k" up
	done
}
pair_reset() {
	netns_del r1
	netns_del r2
	pair_setup
}

# inst I: sets IF, VRID, VIPA for instance I.
inst() {
	local i=$1
	IF=eth$((i / 255))
	VRID=$((i % 255 + 1))
	VIPA=10.$((100 + i / 255)).$((i % 255 / 250)).$((i % 250 + 1))
}

# --- vrrp.ko -------------------------------------------------------------------

# vrrp_grow FROM TO ADVERT_MS: add instances FROM..TO-1 on both routers, from
# vCPU 1; with `vrrpctl -b` (batch) when it has it, one call each otherwise.
vrrp_grow() {
	local from=$1 to=$2 adv=$3 i r p
	log "vrrp.ko: instances $from..$((to - 1)) on r1 and r2 (from vCPU $CPU_ROUTER)"
	for r in r1:200 r2:100; do
		p=${r#*:}
		r=${r%:*}
		for ((i = from; i < to; i++)); do
			inst "$i"
			echo "instance add V$i dev $IF vrid $VRID prio $p advert ${adv}ms vip $VIPA/32"
		done >"$WORK/grow-$r.batch"
		if [[ $BATCH == 1 ]]; then
			taskset -c $CPU_ROUTER "$VRRPCTL" -n "$r" -b "$WORK/grow-$r.batch"
		else
			while read -r line; do
				# shellcheck disable=SC2086 # the words of one command
				taskset -c $CPU_ROUTER "$VRRPCTL" -n "$r" $line
			done <"$WORK/grow-$r.batch"
		fi
	done
}
vrrp_settled() {
	count_states r1 master
	[[ $N_STATE == "$1" ]] || return 1
	count_states r2 backup
	[[ $N_STATE == "$1" ]]
}

# --- keepalived ------------------------------------------------------------------

ka_conf() {
	local id=$1 prio=$2 adv=$3 n=$4 i
	ka_global "ka_$id"
	for ((i = 0; i < n; i++)); do
		inst "$i"
		printf 'vrrp_instance V%d {\n state BACKUP\n interface %s\n virtual_router_id %d\n' \
			"$i" "$IF" "$VRID"
		printf ' priority %d\n advert_int %d.%02d\n garp_master_delay 0\n' \
			"$prio" $((adv / 1000)) $((adv % 1000 / 10))
		printf ' virtual_ipaddress {\n  %s/32\n }\n}\n' "$VIPA"
	done
}
ka_pair_start() {
	local adv=$1 n=$2
	ka_conf r1 200 "$adv" "$n" >"$WORK/ka-r1.conf"
	ka_conf r2 100 "$adv" "$n" >"$WORK/ka-r2.conf"
	ka_start r1 r1 "$WORK/ka-r1.conf" $CPU_ROUTER
	ka_start r2 r2 "$WORK/ka-r2.conf" $CPU_ROUTER
}
ka_settled() {
	ka_count r1 "Entering MASTER STATE"
	[[ $N_KA -ge $1 ]] || return 1
	ka_count r2 "Entering BACKUP STATE"
	[[ $N_KA -ge $1 ]]
}

# settle N FN: wait (bounded) until FN N holds; "settled" or not in the meta.
settle() {
	local n=$1 fn=$2 deadline
	now_us
	deadline=$((NOW_US + (15 + n / 40) * 1000000))
	until "$fn" "$n"; do
		now_us
		if ((NOW_US > deadline)); then
			log "not settled after $((15 + n / 40))s"
			SETTLED=0
			return 0
		fi
		nap 0.5
	done
	SETTLED=1
}

# --- windows -------------------------------------------------------------------------

hog_start() {
	taskset -c $CPU_HOG bash -c 'while :; do :; done' &
	HOG_PID=$!
	BG_PIDS+=("$HOG_PID")
	nap 0.5
}
hog_stop() {
	bg_stop "$HOG_PID"
	HOG_PID=
}

# snap SUT FILE: everything a window compares, into FILE.
snap() {
	local sut=$1 f=$2 id
	{
		echo "time $EPOCHREALTIME"
		grep '^cpu' /proc/stat
		grep -E '^(Slab|SUnreclaim|SReclaimable|MemFree):' /proc/meminfo
		if [[ $sut == vrrp ]]; then
			echo "stats_r1 $("$VRRPCTL" -n r1 -j stats | grep -o '"transitions":[0-9]*' |
				awk -F: '{s += $2} END {print s + 0}')"
			echo "stats_r2 $("$VRRPCTL" -n r2 -j stats | grep -o '"transitions":[0-9]*' |
				awk -F: '{s += $2} END {print s + 0}')"
		elif [[ $sut == keepalived ]]; then
			for id in r1 r2; do
				ka_count "$id" "Entering"
				echo "stats_$id $N_KA"
				echo "pstat_$id $(cat "/proc/${KA_PID[$id]}/stat") $(cat "/proc/${KA_VRRP_PID[$id]}/stat")"
				echo "rss_$id $(awk '/^VmRSS/ {print $2}' "/proc/${KA_VRRP_PID[$id]}/status")"
			done
		fi
	} >"$f"
}

# window SUT ADV N HOG
window() {
	local sut=$1 adv=$2 n=$3 hog=$4 id="$1-${2}ms-$3-hog$4"
	log "window $id: ${WINDOW}s"
	[[ $hog == 0 ]] || hog_start
	snap "$sut" "$WORK/$id.before"
	nap "$WINDOW"
	snap "$sut" "$WORK/$id.after"
	[[ $hog == 0 ]] || hog_stop
	meta "$WORK/$id.meta" "bench=scale" "sut=$sut" "advert_ms=$adv" "instances=$n" \
		"interfaces=$(((n + 254) / 255))" "hog=$hog" "window_s=$WINDOW" \
		"settled=$SETTLED" "before=$id.before" "after=$id.after" \
		"baseline=baseline.before" "clk_tck=$(getconf CLK_TCK)"
}

# --- main ------------------------------------------------------------------------------

[[ -d /sys/module/vrrp ]] || skip "vrrp.ko is not loaded"
[[ -x $VRRPCTL ]] || skip "no vrrpctl at $VRRPCTL"
[[ $(nproc) -ge 2 ]] || skip "needs 2 vCPUs"
taskset -pc 0 $$ >/dev/null
sysinfo
BATCH=0
if "$VRRPCTL" -b /dev/null >/dev/null 2>&1; then
	BATCH=1
fi
SUTS=(vrrp)
have_keepalived && SUTS+=(keepalived)
pair_setup

step "baseline: idle guest, no instances"
SETTLED=1
snap none "$WORK/baseline.before"
nap "$WINDOW"
snap none "$WORK/baseline.after"
meta "$WORK/baseline.meta" "bench=scale" "sut=none" "instances=0" "hog=0" \
	"window_s=$WINDOW" "before=baseline.before" "after=baseline.after" \
	"clk_tck=$(getconf CLK_TCK)"
{
	echo "module_coresize $(cat /sys/module/vrrp/coresize)"
	echo "module_file $(stat -c %s "${VRRP_KO:-/dev/null}" 2>/dev/null || echo 0)"
	size "${VRRP_KO:-/dev/null}" 2>/dev/null | tail -n1 | awk '{print "module_text", $1; print "module_data", $2; print "module_bss", $3}'
} >"$WORK/module.txt" || true

for sut in "${SUTS[@]}"; do
	for s in $STEPS; do
		adv=${s%%:*}
		have=0
		pair_reset
		grep -E '^(Slab|SUnreclaim):' /proc/meminfo >"$WORK/$sut-${adv}ms-0.mem"
		counts=${s#*:}
		for n in ${counts//,/ }; do
			step "$sut: $n instances, advert ${adv}ms"
			if [[ $sut == vrrp ]]; then
				vrrp_grow "$have" "$n" "$adv"
				settle "$n" vrrp_settled
			else
				ka_stop r1
				ka_stop r2
				ka_pair_start "$adv" "$n"
				settle "$n" ka_settled
			fi
			have=$n
			nap 1
			grep -E '^(Slab|SUnreclaim):' /proc/meminfo >"$WORK/$sut-${adv}ms-$n.mem"
			window "$sut" "$adv" "$n" 0
			window "$sut" "$adv" "$n" 1
		done
		if [[ $sut == keepalived ]]; then
			ka_stop r1
			ka_stop r2
		fi
	done
done
