#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 900
#
# takeover.sh - benchmark items 1-3: how long a backup takes to announce
# itself as the new master, vrrp.ko and keepalived in the same role, every
# time taken from a packet capture on the backup's link (tcpdump, nanosecond
# stamps; read on the host by pcapstats.py). Not pass/fail: exits 0 whenever
# it could measure, 77 when it cannot run (no module, tcpdump).
#
#                 netns br: bridge br0
#             p1 +----------+ p2
#                |          |
#            r1 eth0     r2 eth0 (tcpdump here)
#            10.0.0.1    10.0.0.2
#            vrrp.ko     the system under test (SUT): vrrp.ko or keepalived
#            prio 255    prio 254, 240 or 200    vrid 51, VIP 10.0.0.100/24
#
# The master r1 is always vrrp.ko (prio 255, "csum pseudo" so keepalived 2.2.7
# hears it): the peer is the same for both, only the backup differs. Both
# send 5 GARPs back to back on becoming master and no second burst
# (garp-refresh 0 / garp_master_delay 0).
#
# Runs (NAME KIND BACKUP_PRIO ADVERT_CS [NVIPS]), for each SUT:
#   prio0-P   r1's instance is deleted: it sends priority 0; the backup waits
#             Skew_Time = (256 - P) * Advert / 256, then takes over.
#   silent-A  r1 dies silently (its bridge port goes down); the backup takes
#             over Master_Down_Interval = 3 * Advert + Skew_Time after the
#             last advert it heard.
#   vips-1000 item 6: prio0-240 with 1000 VIPs (10.1.0.1/32 ...); the host
#             reports the first GARP and the first GARP of the last VIP.
#             keepalived carries 255 of them in its adverts and moves the rest
#             to its excluded VIPs by itself; vrrp.ko carries 255 too.
# Each trial: act, wait until the VIP is on r2 (both put it there as master),
# then r1 comes back (re-added, or port up) and preempts; the script notes
# wall-clock marks that only tell the host which packets belong to a trial.

. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

VRID=51
VIP=
VIPS=()
T=$(param TRIALS 30 6)		# trials per run (1 s adverts: a third, 1000 VIPs: half)
BUDGET_S=$(param TAKEOVER_BUDGET 600 150)
RUNS=(
	"prio0-254 prio0 254 1"
	"prio0-240 prio0 240 1"
	"prio0-200 prio0 200 1"
	"silent-10ms silent 240 1"
	"silent-100ms silent 240 10"
	"silent-1s silent 240 100"
	"vips-1000 prio0 240 1 1000"
)
if [[ $QUICK == 1 ]]; then
	RUNS=("prio0-240 prio0 240 1" "prio0-200 prio0 200 1"
	      "silent-10ms silent 240 1" "silent-100ms silent 240 10"
	      "vips-1000 prio0 240 1 1000")
fi

advert_arg() { echo "$(($1 * 10))ms"; }
advert_ka() { printf '%d.%02d' $(($1 / 100)) $(($1 % 100)); }

# vips N: the VIP list of a run into VIPS (vrrpctl words) and VIP (the one
# watched to tell who is master).
vips() {
	local i
	VIPS=()
	if [[ $1 == 1 ]]; then
		VIP=10.0.0.100
		VIPS=(vip "$VIP/24")
		return
	fi
	for ((i = 0; i < $1; i++)); do
		VIPS+=(vip "10.1.$((i / 250)).$((i % 250 + 1))/32")
	done
	VIP=10.1.0.1
}

r1_add() {
	"$VRRPCTL" -n r1 instance add VI_1 dev eth0 vrid $VRID prio 255 \
		advert "$(advert_arg "$1")" csum pseudo garp-refresh 0 "${VIPS[@]}"
}

# sut_start SUT PRIO ADVERT_CS: the backup under test in r2.
sut_start() {
	local sut=$1 prio=$2 adv=$3
	if [[ $sut == vrrp ]]; then
		printf '+ vrrpctl -n r2 instance add VI_1 ... prio %s advert %s (%d VIPs)\n' \
			"$prio" "$(advert_arg "$adv")" $((${#VIPS[@]} / 2))
		"$VRRPCTL" -n r2 instance add VI_1 dev eth0 vrid $VRID prio "$prio" \
			advert "$(advert_arg "$adv")" csum pseudo garp-refresh 0 "${VIPS[@]}"
		return
	fi
	{
		ka_global ka_r2
		cat <<-EOF
		vrrp_instance VI_1 {
		    state BACKUP
		    interface eth0
		    virtual_router_id $VRID
		    priority $prio
		    advert_int $(advert_ka "$adv")
		    garp_master_delay 0
		    virtual_ipaddress {
		EOF
		printf '        %s\n' "${VIPS[@]/vip/}" | grep -v '^ *$'
		printf '    }\n}\n'
	} >"$WORK/ka-$2-$3-${#VIPS[@]}.conf"
	ka_start r2 r2 "$WORK/ka-$2-$3-${#VIPS[@]}.conf"
}
sut_stop() {
	if [[ $1 == vrrp ]]; then
		"$VRRPCTL" -n r2 instance del VI_1 2>/dev/null || true
	else
		ka_stop r2
	fi
}

steady() { is_vstate r1 VI_1 master && not has_vip r2 $VIP; }

# trial KIND ADVERT_CS: r1 goes away, r2 takes over, r1 comes back.
trial() {
	local kind=$1 adv=$2 t_start t_cut
	t_start=$EPOCHREALTIME
	if [[ $kind == prio0 ]]; then
		"$VRRPCTL" -n r1 instance del VI_1
	else
		"$IP" -n br link set p1 down
	fi
	t_cut=$EPOCHREALTIME
	wait_for 30 "r2 takes over (VIP on r2)" has_vip r2 $VIP
	if [[ $kind == prio0 ]]; then
		r1_add "$adv"
	else
		"$IP" -n br link set p1 up
	fi
	wait_for 30 "r1 master again, VIP gone from r2" steady
	printf '%s %s %s\n' "$t_start" "$t_cut" "$EPOCHREALTIME" >>"$MARKS"
	# Two of r1's adverts before the next cut: the SUT hears a steady
	# master, and a silent master has a last advert to count from.
	local cs=$((adv * 2 + 3))
	nap "$((cs / 100)).$((cs / 10 % 10))$((cs % 10))"
}

# bench SUT NAME KIND PRIO ADVERT_CS NVIPS: one run, its trials under one capture.
bench() {
	local sut=$1 name=$2 kind=$3 prio=$4 adv=$5 nv=$6 id=$1-$2 n=$T i t0 budget_us
	((adv < 100)) || n=$(((T + 2) / 3))
	((nv == 1)) || n=$(((T + 1) / 2))
	vips "$nv"
	MARKS=$WORK/$id.marks
	: >"$MARKS"
	step "$id: $n trials, SUT $sut prio $prio, advert $(advert_arg "$adv")"
	"$VRRPCTL" -n r1 instance del VI_1 2>/dev/null || true
	r1_add "$adv"
	wait_for 30 "r1 master" is_vstate r1 VI_1 master
	sut_start "$sut" "$prio" "$adv"
	wait_for 30 "steady: r1 master, r2 backup" steady
	nap $((3 * adv / 100 + 1))	# the SUT has heard r1 for a while
	capture_start r2 eth0 "$WORK/$id.pcap" 'ip proto 112 or arp'
	now_us
	t0=$NOW_US
	budget_us=$(((BUDGET_S * 1000000 - (t0 - START_US)) / RUNS_LEFT))
	for ((i = 1; i <= n; i++)); do
		trial "$kind" "$adv"
		printf '.'
		now_us
		if ((i < n && NOW_US - t0 > budget_us)); then
			printf '\nout of time: %d of %d trials' "$i" "$n"
			break
		fi
	done
	printf '\n%d trials in %d ms\n' "$(wc -l <"$MARKS")" $(((NOW_US - t0) / 1000))
	capture_stop
	sut_stop "$sut"
	meta "$WORK/$id.meta" "bench=takeover" "name=$name" "sut=$sut" "kind=$kind" \
		"backup_prio=$prio" "advert_cs=$adv" "master=10.0.0.1" "backup=10.0.0.2" \
		"backup_mac=$R2_MAC" "vip=$VIP" "vip_count=$nv" "pcap=$id.pcap" "marks=$id.marks"
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
RUNS_LEFT=$((${#RUNS[@]} * ${#SUTS[@]}))
log "kernel $(uname -r); up to $T trials per run; SUTs: ${SUTS[*]}"

lan_setup r1 r2
R2_MAC=$(mac_of r2 eth0)
for r in "${RUNS[@]}"; do
	read -r name kind prio adv nv <<<"$r"
	for sut in "${SUTS[@]}"; do
		bench "$sut" "$name" "$kind" "$prio" "$adv" "${nv:-1}"
	done
done
"$VRRPCTL" -n r1 instance del VI_1
