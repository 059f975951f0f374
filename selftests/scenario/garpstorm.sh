#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 240
# parallel: no
#
# A new master's announcement burst is bounded per softirq pass: 100 rounds
# of gratuitous ARPs for 512 VIPs (51200 frames). Before the fix the whole
# burst went out back to back from one softirq pass, bottom halves off: it
# overran the receive backlog on the way (netdev_max_backlog, 1000 frames)
# and the neighbours got a small part of the announcements, while every
# other softirq work of that CPU waited. Now it goes out in passes of at most
# 64 frames, the backlog drains between them, and r2 must receive nearly all.
#
#              br0 (netns br)
#        +-----------+
#    r1 eth0     r2 eth0 (tcpdump: r1's VI_T adverts)
#    10.0.0.1    10.0.0.2
#    VI_T vrid 10, advert 10 ms, master (alone)
#    VI_S vrid 20, 512 VIPs, garp-count 100, garp-interval 0: becomes
#         master (alone) and announces
#
# Both instances are created from CPU 0 with timer migration off, so their
# timers and the burst run on the same CPU. While VI_S's burst goes out,
# VI_T's adverts must keep coming: no gap over 1 s (they are 10 ms apart;
# a generous bound for an emulated, shared CPU). The burst must be complete
# (sent_garps = 51200) and r2 must capture at least half of it (before the
# fix: 998 frames, 2%; after: 96% with three guests on two cores).

. "$(dirname "$0")/../lib.sh"
require_module
require_cmd tcpdump taskset python3

ROUNDS=100
NVIPS=512

old_migration=$(sysctl -n kernel.timer_migration 2>/dev/null || echo)
restore_migration() {
	[[ -z $old_migration ]] || sysctl -qw kernel.timer_migration="$old_migration"
}
CLEANUP_HOOKS+=(restore_migration)
[[ -z $old_migration ]] || sysctl -qw kernel.timer_migration=0

setup_lan r1 r2

step "VI_T on r1 at 10 ms, from CPU 0"
pp taskset -c 0 "$VRRPCTL" -n "$(nsname r1)" instance add VI_T dev eth0 vrid 10 \
	prio 200 advert 10ms vip 10.0.0.10/24 || fail "instance add VI_T"
wait_state r1 VI_T master 20

bg_start "$TMPD/cap.log" r2 tcpdump -i eth0 --immediate-mode -U -n -s 64 -Z root \
	-w "$TMPD/t.pcap" "ip proto 112 and ip[21] = 10"
CAP=$BG_PID
wait_for 10 "tcpdump listening" grep -q "listening on" "$TMPD/cap.log"
bg_start "$TMPD/arp.log" r2 tcpdump -i eth0 -n -s 64 -B 16384 -Z root \
	-w "$TMPD/arp.pcap" "arp and ether src $(mac_of r1)"
ARPCAP=$BG_PID
wait_for 10 "tcpdump listening (ARP)" grep -q "listening on" "$TMPD/arp.log"

step "VI_S on r1: $NVIPS VIPs, garp-count $ROUNDS, from CPU 0"
vips=()
for ((i = 0; i < NVIPS; i++)); do
	vips+=("10.0.$((1 + i / 256)).$((i % 256))/16")
done
vips[0]=10.0.3.1/16	# not 10.0.1.0: any address but a network's would do
pp taskset -c 0 "$VRRPCTL" -n "$(nsname r1)" instance add VI_S dev eth0 vrid 20 \
	prio 100 advert 1s garp-count "$ROUNDS" garp-interval 0 garp-refresh 0 \
	vip "${vips[@]}" >/dev/null || fail "instance add VI_S"
wait_state r1 VI_S master 30
want=$((ROUNDS * NVIPS))
burst_done() { [[ $(stat r1 VI_S sent_garps) -ge $want ]]; }
wait_for 120 "r1 sent $want gratuitous ARPs" burst_done
sleep 1
capture_stop "$CAP"
capture_stop "$ARPCAP"
expect_eq "r1 VI_S sent_garps" "$(stat r1 VI_S sent_garps)" "$want"
got=$(python3 - "$TMPD/arp.pcap" <<'EOF'
import struct, sys
data = open(sys.argv[1], "rb").read()
off, n = 24, 0
while off + 16 <= len(data):
    n += 1
    off += 16 + struct.unpack("<IIII", data[off:off + 16])[2]
print(n)
EOF
)
log "  r2 captured $got of r1's $want gratuitous ARPs"
expect_ge "gratuitous ARPs that reached r2" "$got" $((want / 2))
cp "$TMPD/t.pcap" "$VM_ARTIFACTS/" 2>/dev/null || true

step "VI_T's adverts during the burst"
gap=$(python3 - "$TMPD/t.pcap" <<'EOF'
import struct, sys
data = open(sys.argv[1], "rb").read()
magic = struct.unpack("<I", data[:4])[0]
scale = 1e-9 if magic == 0xA1B23C4D else 1e-6
off, ts = 24, []
while off + 16 <= len(data):
    sec, frac, incl, _ = struct.unpack("<IIII", data[off:off + 16])
    ts.append(sec + frac * scale)
    off += 16 + incl
gaps = [b - a for a, b in zip(ts, ts[1:])]
print("%d %.3f" % (len(ts), max(gaps) if gaps else 999))
EOF
)
read -r n maxgap <<<"$gap"
log "  $n adverts of VI_T captured, largest gap ${maxgap} s"
expect_ge "VI_T adverts captured" "$n" 100
python3 -c 'import sys; sys.exit(0 if float(sys.argv[1]) < 1.0 else 1)' "$maxgap" ||
	fail "VI_T's adverts stopped for ${maxgap} s during VI_S's burst"
expect_state r1 VI_T master

del r1 VI_S
del r1 VI_T
log "PASS"
