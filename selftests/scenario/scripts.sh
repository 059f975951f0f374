#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 300
#
# What scripts see: `vrrpctl notify` runs keepalived-style notify scripts
# once per transition with keepalived's arguments, serialised per instance,
# a hanging script killed by its timeout without holding up another
# instance's scripts; `vrrpctl -j monitor` prints the expected events (state
# and tracker); `vrrpctl track run` turns a check's exit, signal or timeout
# into a report.
#
#                 br0 (netns br)
#        +-----------+
#    r1 eth0     r2 eth0
#    10.0.0.1    10.0.0.2
#    VI_1 200    VI_1 100 (vrid 90, advert 100ms), VI_2 alone on r2 (vrid 91)

. "$(dirname "$0")/../lib.sh"
require_module

setup_lan r1 r2
LOG=$TMPD/notify.log
CONF=$TMPD/notify.conf
cat > "$TMPD/note.sh" <<'SH'
#!/bin/sh
echo "$(date +%s%N) $*" >> "$NOTE_LOG"
SH
cat > "$TMPD/hang.sh" <<'SH'
#!/bin/sh
echo "$(date +%s%N) hang start" >> "$NOTE_LOG"
sleep 60
echo "$(date +%s%N) hang end" >> "$NOTE_LOG"
SH
chmod +x "$TMPD/note.sh" "$TMPD/hang.sh"
cat > "$CONF" <<EOF2
timeout 3s
instance VI_1 master $TMPD/note.sh to-master
instance VI_1 backup $TMPD/note.sh to-backup
instance VI_1 stop $TMPD/note.sh to-stop
instance * notify $TMPD/note.sh notify
instance VI_2 master $TMPD/hang.sh
EOF2
: > "$LOG"
export NOTE_LOG=$LOG

# lines PATTERN: how many lines of the notify log match (grep -c -E).
lines() { grep -c -E "$1" "$LOG" || true; }
has_line() { [[ $(lines "$1") -ge 1 ]]; }

step "1. notify and monitor start before any instance"
bg_start "$TMPD/notify.err" r2 "$VRRPCTL" notify -c "$CONF"
NOTIFY_PID=$BG_PID
monitor_start r2 "$TMPD/mon.json"
add r1 VI_1 vrid 90 prio 200 advert 100ms vip 10.0.0.90/24
wait_state r1 VI_1 master 10

step "2. r2's VI_2 becomes master: its script hangs and is killed at 3 s"
add r2 VI_2 vrid 91 prio 100 advert 100ms vip 10.0.0.91/24
wait_state r2 VI_2 master 10
wait_for 10 "VI_2 hang script started" has_line "hang start"

step "3. meanwhile VI_1's scripts run at once, with keepalived's arguments"
add r2 VI_1 vrid 90 prio 100 advert 100ms vip 10.0.0.90/24
wait_state r2 VI_1 backup 10
wait_for 5 "VI_1 backup scripts" has_line "notify INSTANCE VI_1 BACKUP 100"
expect_eq "to-backup runs" "$(lines ' to-backup$')" 1
[[ $(lines 'hang (start|end)') == 1 ]] || fail "VI_1's scripts waited for VI_2's"
log "  ok: VI_1's scripts ran while VI_2's script hung"
del r1 VI_1
wait_state r2 VI_1 master 10
wait_for 5 "VI_1 master scripts" has_line "notify INSTANCE VI_1 MASTER 100"
expect_eq "to-master runs" "$(lines ' to-master$')" 1
wait_for 10 "VI_2's hanging script killed" grep -q "timed out" "$TMPD/notify.err"
sleep 0.5
expect_eq "hang end lines" "$(lines 'hang end')" 0
log "  ok: the hanging script was killed"
grep "notify:" "$TMPD/notify.err" | sed 's/^/  /'

step "4. stop: the instance is deleted"
del r2 VI_1
wait_for 5 "VI_1 stop scripts" has_line "notify INSTANCE VI_1 STOP"
expect_eq "to-stop runs" "$(lines ' to-stop$')" 1
expect_eq "VI_1 notify runs" "$(lines 'notify INSTANCE VI_1 ')" 3
log "  notify log:"
sed 's/^/    /' "$LOG"
kill -0 "$NOTIFY_PID" || fail "vrrpctl notify died"

step "5. track run: exit, signal and timeout are reports"
vctl r2 tracker add chk fall 1 rise 1 weight -10 || fail "tracker add"
vctl r2 track run chk -- /bin/true || fail "track run true"
expect_eq "ok after true" "$(vctlq r2 -j tracker show chk | json_get ok)" true
vctl r2 track run chk -- /bin/sh -c 'exit 3' || fail "track run exit 3"
expect_eq "ok after exit 3" "$(vctlq r2 -j tracker show chk | json_get ok)" false
vctl r2 track run chk -- /bin/true || fail "track run true"
vctl r2 track run chk -- /bin/sh -c 'kill -9 $$' || fail "track run kill"
expect_eq "ok after a signal" "$(vctlq r2 -j tracker show chk | json_get ok)" false
vctl r2 track run chk -- /bin/true || fail "track run true"
t0=$(now_ms)
out=$(vctlq r2 track run chk --timeout 1s -- /bin/sleep 30) || fail "track run sleep"
log "  $out ($(( $(now_ms) - t0 )) ms)"
expect_eq "ok after a timeout" "$(vctlq r2 -j tracker show chk | json_get ok)" false
(( $(now_ms) - t0 < 10000 )) || fail "the timed-out check was not cut short"
expect_fail vctl r2 track run nosuch -- /bin/true

step "6. monitor: the events, in order, as JSON"
vctl r2 track chk ok || fail "track chk ok"
vctl r2 weight chk 5 || fail "weight chk 5"	# a new value is an event too
vctl r2 weight chk 5 || fail "weight chk 5"	# the same value is not
del r2 VI_2
sleep 0.5
python3 - "$TMPD/mon.json" <<'PY' || fail "monitor events"
import json, sys
got = []
for line in open(sys.argv[1]):
    e = json.loads(line)
    if e.get("name") == "mon-probe":
        continue
    assert "timestamp_ns" in e, e
    if "tracker" in e:
        got.append(("tracker", e["tracker"], e["ok"], e.get("value")))
    else:
        got.append((e["name"], e["old_state"], e["state"], e["reason"], e["priority"]))
want = [
    ("VI_2", "init", "backup", "admin", 100),
    ("VI_2", "backup", "master", "timer", 100),
    ("VI_1", "init", "backup", "admin", 100),
    ("VI_1", "backup", "master", "priority-0", 100),
    ("VI_1", "master", "init", "admin", 100),
    ("tracker", "chk", False, None),
    ("tracker", "chk", True, None),
    ("tracker", "chk", False, None),
    ("tracker", "chk", True, None),
    ("tracker", "chk", False, None),
    ("tracker", "chk", True, None),
    ("tracker", "chk", True, 5),
    ("VI_2", "master", "init", "admin", 100),
]
for g in got:
    print("  event:", g)
assert got == want, "expected %s" % (want,)
PY
log "  ok: monitor events as expected"
bg_stop "$NOTIFY_PID"
log "PASS"
