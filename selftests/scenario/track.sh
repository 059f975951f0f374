#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 300
#
# Trackers and FAULT: fall/rise counting, keepalived's priority arithmetic
# (positive and negative weights, reverse, values, clamp, owner), staleness,
# FAULT from a weight-0 tracker, a tracked interface and the own link, and
# bad input refused with a message.
#
#                 br0 (netns br)
#        +-----------+
#    r1 eth0     r2 eth0
#    10.0.0.1    10.0.0.2
#    prio 150    prio 140     vip 10.0.0.60, advert 100ms (down ~0.35 s)
#    track chk (weight -20, fall 3, rise 2)

. "$(dirname "$0")/../lib.sh"
require_module

VIP=10.0.0.60
setup_lan r1 r2

eff() { show_get "$1" "$2" effective_priority; }
expect_eff() { expect_eq "$1/$2 effective priority" "$(eff "$1" "$2")" "$3"; }
trk() { vctlq "$1" -j tracker show "$2" | json_get "$3"; }
trk_is() { [[ $(trk "$1" "$2" "$3") == "$4" ]]; }
report() { vctl "$1" track "$2" "$3" || fail "track $2 $3 in $1"; }
# faults NS NAME: the instance's fault reasons, comma separated
faults() { vctlq "$1" -j show "$2" | python3 -c '
import json, sys
v = json.load(sys.stdin)
v = v[0] if isinstance(v, list) else v
print(",".join(v.get("fault") or []))'; }

step "1. fall 3: two failed checks change nothing, the third moves the VIP"
vctl r1 tracker add chk weight -20 fall 3 rise 2 || fail "tracker add"
expect_eq "chk ok" "$(trk r1 chk ok)" true
add r1 VI_1 vrid 60 prio 150 advert 100ms vip $VIP/24 track chk
add r2 VI_1 vrid 60 prio 140 advert 100ms vip $VIP/24
wait_state r1 VI_1 master 10
wait_state r2 VI_1 backup 10
expect_eq "chk users" "$(trk r1 chk users)" 1
report r1 chk fail
report r1 chk fail
expect_eq "chk ok after 2 fails" "$(trk r1 chk ok)" true
expect_eff r1 VI_1 150
expect_state r1 VI_1 master
report r1 chk fail
expect_eq "chk ok after 3 fails" "$(trk r1 chk ok)" false
expect_eff r1 VI_1 130
expect_eq "contribution" "$(show_get r1 VI_1 tracks.0.contrib)" -20
wait_state r2 VI_1 master 10
wait_state r1 VI_1 backup 5
wait_vip r2 $VIP present
wait_vip r1 $VIP absent

step "2. rise 2: one good check is not enough, the second brings it back"
report r1 chk ok
expect_eq "chk ok after 1 ok" "$(trk r1 chk ok)" false
expect_eff r1 VI_1 130
report r1 chk fail	# resets the rise count
report r1 chk ok
expect_eq "chk ok after fail, ok" "$(trk r1 chk ok)" false
report r1 chk ok
expect_eq "chk ok after 2 ok" "$(trk r1 chk ok)" true
expect_eff r1 VI_1 150
wait_state r1 VI_1 master 10
wait_state r2 VI_1 backup 5
expect_eq "reports_fail" "$(trk r1 chk reports_fail)" 4
expect_eq "reports_ok" "$(trk r1 chk reports_ok)" 3

step "3. arithmetic, as keepalived's: weights, reverse, override, value, clamp, owner"
vctl r2 tracker add up weight 30 || fail "tracker add up"
vctl r2 tracker add down weight -50 || fail "tracker add down"
vctl r2 tracker add val || fail "tracker add val"
vctl r2 tracker add zero || fail "tracker add zero"
add r2 A vrid 61 prio 100 advert 1s vip 10.0.1.1/24 track up
expect_eff r2 A 130			# +30 while OK
report r2 up fail
expect_eff r2 A 100			# 0 while failed
set_ r2 A track up reverse
expect_eff r2 A 100			# reverse negates: still 0 while failed
report r2 up ok
expect_eff r2 A 70			# ... and -30 while OK
set_ r2 A track up weight -7 track down
expect_eff r2 A 100			# both OK: negative weights add nothing
report r2 down fail
expect_eff r2 A 50
report r2 up fail
expect_eff r2 A 43			# override -7 while failed
set_ r2 A track up weight -7 reverse track down
expect_eff r2 A 57			# reverse: +7 while failed
set_ r2 A prio 30
expect_eff r2 A 1			# clamp at 1
report r2 up ok
set_ r2 A prio 240 track up
expect_eff r2 A 254			# clamp at 254
set_ r2 A prio 255 track down
expect_eff r2 A 255			# an owner is never adjusted
set_ r2 A prio 100 track val
vctl r2 weight val -45 || fail "weight val -45"
expect_eff r2 A 55			# a value counts as it is
expect_eq "val value" "$(trk r2 val value)" -45
set_ r2 A track val weight 2
expect_eff r2 A 10			# value times the element's weight
set_ r2 A track val weight 2 reverse
expect_eff r2 A 190
vctl r2 weight val 10 || fail "weight val 10"
expect_eff r2 A 80
set_ r2 A track val weight 0		# as track_file: weight 0, value != 0 = FAULT
wait_state r2 A fault 5
vctl r2 weight val 0 || fail "weight val 0"
wait_state r2 A backup 5
set_ r2 A track zero reverse		# weight 0 reversed: OK is the fault
wait_state r2 A fault 5
report r2 zero fail
wait_state r2 A backup 5
set_ r2 A track none
expect_eff r2 A 100
del r2 A

step "4. staleness: a tracker nobody reports on fails after its timeout"
# 3 s: the emulated guest takes a good part of a second per vrrpctl call.
vctl r1 tracker add cron weight -100 timeout 3s || fail "tracker add cron"
set_ r1 VI_1 track chk track cron
expect_eff r1 VI_1 150
t0=$(now_ms)
wait_for 8 "cron goes stale" trk_is r1 cron stale true
log "  stale after $(( $(now_ms) - t0 )) ms (timeout 3000 ms from tracker add)"
expect_eq "cron ok" "$(trk r1 cron ok)" false
expect_eff r1 VI_1 50
wait_state r2 VI_1 master 10
report r1 cron ok	# rise 1: OK again, and the countdown restarts
expect_eff r1 VI_1 150
expect_eq "cron stale" "$(trk r1 cron stale)" false
wait_state r1 VI_1 master 10
# Keep it fed for 6 s: it never goes stale.
for _ in 1 2 3 4 5 6; do report r1 cron ok >/dev/null; sleep 1; done
expect_eq "cron ok while fed" "$(trk r1 cron ok)" true
set_ r1 VI_1 track chk
vctl r1 tracker del cron || fail "tracker del cron"

step "5. FAULT from a weight-0 tracker: priority 0 out, VIP gone, back to backup"
vctl r1 tracker add must || fail "tracker add must"	# weight 0
set_ r1 VI_1 track chk track must
wait_state r1 VI_1 master 5
sent0=$(stat r1 VI_1 sent_pri0)
report r1 must fail
wait_state r1 VI_1 fault 5
expect_eq "fault reasons" "$(faults r1 VI_1)" track
expect_eq "last reason" "$(show_get r1 VI_1 last_reason)" track
expect_eq "priority 0 sent" "$(stat r1 VI_1 sent_pri0)" $((sent0 + 1))
wait_vip r1 $VIP absent
wait_state r2 VI_1 master 5
report r1 must ok
wait_state r1 VI_1 master 10	# backup first, then preempts
expect_eq "fault reasons" "$(faults r1 VI_1)" ""

step "6. FAULT from a tracked interface (weight 0), contribution from another"
ipn r1 link add dum0 type dummy
ipn r1 link set dum0 up
ipn r1 link add dum1 type dummy
ipn r1 link set dum1 up
set_ r1 VI_1 track chk track-if dum0 track-if dum1 weight -15
expect_eff r1 VI_1 150
ipn r1 link set dum1 down
expect_eff r1 VI_1 135
ipn r1 link set dum0 down
wait_state r1 VI_1 fault 5
expect_eq "fault reasons" "$(faults r1 VI_1)" track
ipn r1 link set dum0 up
ipn r1 link set dum1 up
wait_state r1 VI_1 master 10
ipn r1 link del dum0	# a tracked interface that goes away has failed
wait_state r1 VI_1 fault 5
set_ r1 VI_1 track chk
wait_state r1 VI_1 master 10

step "7. FAULT from the own link, and both reasons at once"
link_down r1
wait_state r1 VI_1 fault 5
expect_eq "fault reasons" "$(faults r1 VI_1)" link
report r1 must fail
set_ r1 VI_1 track must
expect_eq "fault reasons" "$(faults r1 VI_1)" link,track
link_up r1
sleep 0.5
expect_state r1 VI_1 fault
expect_eq "fault reasons" "$(faults r1 VI_1)" track
report r1 must ok
wait_state r1 VI_1 master 10

step "8. bad input: refused with a message, nothing changed"
expect_fail vctl r1 tracker add chk				# exists
expect_fail vctl r1 tracker add w2 weight 255
expect_fail vctl r1 tracker add w3 fall 0
expect_fail vctl r1 tracker del must				# in use
expect_fail vctl r1 track nosuch ok
expect_fail vctl r1 instance set VI_1 track nosuch
expect_fail vctl r1 instance set VI_1 track-if nosuch0
expect_eq "tracks unchanged" "$(show_get r1 VI_1 tracks.0.tracker)" must
out=$(vctlq r1 tracker del must 2>&1) && fail "tracker del must succeeded"
log "  $out"
[[ $out == *"tracked by 1 instance"* ]] || fail "no extack message: $out"
del r1 VI_1
vctl r1 tracker del must || fail "tracker del must after the instance is gone"
del r2 VI_1
log "PASS"
