#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# checks.sh - "vrrpctl checks", the runner of checks.conf, against
# tests/fakenl.so, an LD_PRELOADed stand-in for vrrp.ko that logs each
# request it gets (FAKENL_LOG): each result is reported to the tracker of
# the check's name (exit 0 ok, exit 1 fail, a check past its timeout fail,
# its process group killed, children included); runs follow the interval and
# never overlap; stderr says each change of outcome once, not each run;
# SIGHUP rereads the file (a new check runs; a bad file keeps the checks of
# before); SIGTERM kills the check running and exits 0; --once; bad files
# refused with FILE:LINE: message, nothing run; "user nobody" runs as nobody
# (as root; skipped otherwise); a user that does not exist is refused.
# Prints "N passed, N failed, N skipped"; about 3 seconds.
#
#   tests/checks.sh [path/to/vrrpctl]     VALGRIND=1 runs the one-shot cases
#                                         under valgrind (not the timed ones)
set -u

here=$(cd "$(dirname "$0")" && pwd)
VRRPCTL=$(realpath "${1:-$here/../vrrpctl}")
FAKE=$here/fakenl.so
tmp=$(mktemp -d)
pids=()
cleanup() {
	local p
	for p in "${pids[@]}"; do
		kill -KILL "$p" 2>/dev/null
	done
	rm -rf "$tmp"
}
trap cleanup EXIT
pass=0
fail=0
skip=0
# sleep durations no other process uses: pgrep finds only ours
tag=$(printf '%05d' $(($$ % 100000)))

[[ -f $FAKE ]] || { echo "checks.sh: build $FAKE first (make tests/fakenl.so)"; exit 1; }

ok() { pass=$((pass + 1)); }
ko() { fail=$((fail + 1)); echo "FAIL: $*"; }

run() {
	if [[ ${VALGRIND:-0} == 1 ]]; then
		LD_PRELOAD=$FAKE valgrind -q --error-exitcode=99 --leak-check=full \
			--errors-for-leak-kinds=all "$VRRPCTL" "$@"
	else
		LD_PRELOAD=$FAKE "$VRRPCTL" "$@"
	fi
}

# reports LOG NAME RESULT: how many times NAME was reported RESULT (1 ok, 0 fail)
reports() {
	grep -cxF "TRACKER_REPORT name=$2 result=$3" "$1" 2>/dev/null
}

# wait_for SECONDS CMD...: until CMD succeeds, polled every 50 ms
wait_for() {
	local i n=$(($1 * 20))
	shift
	for ((i = 0; i < n; i++)); do
		"$@" && return 0
		sleep 0.05
	done
	return 1
}

# lines FILE TEXT: how many lines of FILE are TEXT
lines() {
	grep -cxF "$2" "$1" 2>/dev/null
}

ms() { echo $(($(date +%s%N) / 1000000)); }

# gone PATTERN: no process matches
gone() { ! pgrep -f "$1" >/dev/null; }

cat >"$tmp/hang.sh" <<EOF
#!/bin/sh
# a check that hangs, with a child of its own in its process group
echo connecting
sleep 29.${tag}1 &
sleep 29.${tag}2
EOF
cat >"$tmp/over.sh" <<EOF
#!/bin/sh
# slower than its interval
echo start >>"$tmp/over.out"
sleep 0.7
echo end >>"$tmp/over.out"
EOF
cat >"$tmp/long.sh" <<EOF
#!/bin/sh
echo started >"$tmp/long.started"
exec sleep 29.${tag}3
EOF
chmod +x "$tmp/hang.sh" "$tmp/over.sh" "$tmp/long.sh"

# --- a runner for 2 seconds; meanwhile, another one reloaded ---------------------
cat >"$tmp/main.conf" <<EOF
# the runner's file
check chk_ok interval 0.5s true
check chk_fail interval 0.5s false
check chk_hang interval 10s timeout 0.3s $tmp/hang.sh
check chk_over interval 0.2s timeout 5s $tmp/over.sh
check chk_long interval 10s timeout 60s $tmp/long.sh
EOF
start=$(ms)
FAKENL_LOG=$tmp/main.log LD_PRELOAD=$FAKE "$VRRPCTL" checks -c "$tmp/main.conf" \
	2>"$tmp/main.err" &
main=$!
pids+=("$main")

hup_conf=$tmp/hup.conf
printf 'check chk_a interval 0.2s true\n' >"$hup_conf"
FAKENL_LOG=$tmp/hup.log LD_PRELOAD=$FAKE "$VRRPCTL" checks -c "$hup_conf" 2>"$tmp/hup.err" &
hup=$!
pids+=("$hup")
reported() { [[ $(reports "$tmp/hup.log" "$1" "$2") -gt 0 ]]; }
has_err() { grep -qxF "$1" "$tmp/hup.err"; }
if wait_for 5 reported chk_a 1; then ok; else ko "SIGHUP: chk_a never reported: $(cat "$tmp/hup.err")"; fi
printf 'check chk_a interval 0.2s true\ncheck chk_b interval 0.2s false\n' >"$hup_conf"
kill -HUP "$hup"
if wait_for 5 reported chk_b 0; then
	ok
else
	ko "SIGHUP: the new check chk_b never reported: $(cat "$tmp/hup.err")"
fi
printf 'check chk_a interval 0.2s true\ncheck chk_c interval 0 true\n' >"$hup_conf"
kill -HUP "$hup"
if wait_for 5 has_err "vrrpctl: $hup_conf:2: check chk_c: interval must be at least 10ms" &&
	has_err "vrrpctl: checks: $hup_conf not reloaded: the checks of before go on"; then
	ok
else
	ko "SIGHUP, a bad file: no message: $(cat "$tmp/hup.err")"
fi
a=$(reports "$tmp/hup.log" chk_a 1)
b=$(reports "$tmp/hup.log" chk_b 0)
more() { [[ $(reports "$tmp/hup.log" chk_a 1) -gt $a && $(reports "$tmp/hup.log" chk_b 0) -gt $b ]]; }
if wait_for 5 more; then ok; else ko "SIGHUP, a bad file: the checks of before stopped: $(cat "$tmp/hup.err")"; fi
if [[ $(reports "$tmp/hup.log" chk_c 1) == 0 ]]; then ok; else ko "SIGHUP, a bad file: chk_c ran"; fi
kill -TERM "$hup"
wait "$hup"
rc=$?
if [[ $rc == 0 ]]; then ok; else ko "SIGHUP runner: rc $rc after SIGTERM"; fi

# the main runner, 2 seconds after its start
left=$((2000 - ($(ms) - start)))
((left > 0)) && sleep "$((left / 1000)).$(printf '%03d' $((left % 1000)))"
cp "$tmp/main.log" "$tmp/main.2s"
n=$(reports "$tmp/main.2s" chk_ok 1)
if ((n >= 3 && n <= 5)); then ok; else ko "interval 0.5s: $n runs in 2 s (want 3..5)"; fi
if [[ $(reports "$tmp/main.2s" chk_ok 0) == 0 ]]; then ok; else ko "exit 0 reported fail"; fi
if [[ $(reports "$tmp/main.2s" chk_fail 0) -ge 3 && $(reports "$tmp/main.2s" chk_fail 1) == 0 ]]; then
	ok
else
	ko "exit 1: not reported fail each run: $(grep chk_fail "$tmp/main.2s")"
fi
if [[ $(reports "$tmp/main.2s" chk_hang 0) == 1 && $(reports "$tmp/main.2s" chk_hang 1) == 0 ]]; then
	ok
else
	ko "timeout: want one fail: $(grep chk_hang "$tmp/main.2s")"
fi
if pgrep -f "sleep 29\.${tag}[12]" >/dev/null || pgrep -f "$tmp/hang.sh" >/dev/null; then
	ko "timeout: the check or its child still runs: $(pgrep -af "29\.${tag}[12]|$tmp/hang.sh")"
else
	ok
fi
# runs of chk_over never overlap: each start is followed by its end
if [[ $(grep -c start "$tmp/over.out") -ge 2 ]] &&
	awk 'prev == $0 && $0 == "start" { bad = 1 } { prev = $0 } END { exit bad }' "$tmp/over.out"; then
	ok
else
	ko "overlap: runs of chk_over: $(tr '\n' ' ' <"$tmp/over.out")"
fi
if grep -qF "vrrpctl: checks: chk_over: still running when due again: not started twice (" "$tmp/main.err"; then
	ok
else
	ko "overlap: not logged: $(cat "$tmp/main.err")"
fi
# one line a change of outcome, not one a run
for w in "vrrpctl: checks: 5 checks from $tmp/main.conf" \
	"vrrpctl: checks: chk_ok: ok" \
	"vrrpctl: checks: chk_fail: fail (exit 1)" \
	"vrrpctl: checks: chk_hang: fail (timed out after 300ms: connecting)"; do
	n=$(lines "$tmp/main.err" "$w")
	if [[ $n == 1 ]]; then ok; else ko "stderr has \"$w\" $n times: $(cat "$tmp/main.err")"; fi
done
if [[ $(grep -c . "$tmp/main.err") -le 6 ]]; then ok; else ko "stderr, more than a line a change: $(cat "$tmp/main.err")"; fi
# SIGTERM while chk_long runs: killed, exit 0
if [[ -e $tmp/long.started ]] && pgrep -f "sleep 29\.${tag}3" >/dev/null; then
	ok
else
	ko "chk_long is not running"
fi
t0=$(ms)
kill -TERM "$main"
wait "$main"
rc=$?
t=$(($(ms) - t0))
if [[ $rc == 0 ]] && ((t < 10000)); then ok; else ko "SIGTERM: rc $rc after ${t}ms"; fi
if wait_for 2 gone "sleep 29\.${tag}3"; then ok; else ko "SIGTERM: chk_long still runs"; fi

# --- --once --------------------------------------------------------------------------
cat >"$tmp/once.conf" <<EOF
check chk_ok true
check chk_fail sh -c 'echo "no answer from 127.0.0.1" >&2; exit 1'
check chk_hang timeout 0.3s $tmp/hang.sh
check chk_missing $tmp/none
EOF
export FAKENL_LOG=$tmp/once.log
t0=$(ms)
run checks -c "$tmp/once.conf" --once 2>"$tmp/once.err"
rc=$?
t=$(($(ms) - t0))
if [[ $rc == 0 ]] && ((t < 10000)); then ok; else ko "--once: rc $rc after ${t}ms: $(cat "$tmp/once.err")"; fi
if [[ $(sort "$tmp/once.log") == "TRACKER_REPORT name=chk_fail result=0
TRACKER_REPORT name=chk_hang result=0
TRACKER_REPORT name=chk_missing result=0
TRACKER_REPORT name=chk_ok result=1" ]]; then
	ok
else
	ko "--once: reports: $(cat "$tmp/once.log")"
fi
if [[ $(sort "$tmp/once.err") == "vrrpctl: checks: chk_fail: fail (exit 1: no answer from 127.0.0.1)
vrrpctl: checks: chk_hang: fail (timed out after 300ms: connecting)
vrrpctl: checks: chk_missing: fail (cannot run $tmp/none: No such file or directory)
vrrpctl: checks: chk_ok: ok
vrrpctl: warning: $tmp/once.conf:4: $tmp/none: No such file or directory (check chk_missing fails until it is there)" ]]; then
	ok
else
	ko "--once: stderr: $(cat "$tmp/once.err")"
fi
if wait_for 2 gone "sleep 29\.${tag}[12]"; then ok; else ko "--once: chk_hang's processes still run"; fi
# the kernel refuses the reports: exit 2, said
printf 'check chk_ok true\n' >"$tmp/once.conf"
FAKENL_ERR=1 run checks -c "$tmp/once.conf" --once 2>"$tmp/once.err"
rc=$?
if [[ $rc == 2 && $(cat "$tmp/once.err") == "vrrpctl: checks: chk_ok: ok
vrrpctl: checks: chk_ok: cannot report: track chk_ok: Operation not permitted (CAP_NET_ADMIN is needed)" ]]; then
	ok
else
	ko "--once, reports refused: rc $rc: $(cat "$tmp/once.err")"
fi

# --- bad files: FILE:LINE: message, exit 1, nothing run -----------------------------------
export FAKENL_LOG=$tmp/bad.log
# bad LINE MESSAGE: LINE as line 2 of a file
bad() {
	local conf=$tmp/bad.conf rc err
	printf '# line 1\n%s\ncheck chk_ok interval 10ms touch %s\n' "$1" "$tmp/ran" >"$conf"
	rm -f "$tmp/ran" "$FAKENL_LOG"
	err=$(LD_PRELOAD=$FAKE timeout 10 "$VRRPCTL" checks -c "$conf" 2>&1)
	rc=$?
	if [[ $rc == 1 && $err == "vrrpctl: $conf:2: $2" && ! -e $tmp/ran && ! -e $FAKENL_LOG ]]; then
		ok
	else
		ko "bad file, \"$1\": rc $rc, \"$err\" (want \"$conf:2: $2\")"
	fi
}
bad 'bogus x' 'unknown keyword "bogus" (expected check)'
bad 'check' '"check" needs a NAME'
bad 'check "chk a" true' 'tracker name "chk a" contains a blank or control character'
bad 'check none true' '"none" cannot be a tracker name ("track none" clears the list)'
bad 'check chk_b' 'check chk_b: no COMMAND'
bad 'check chk_b interval 1s' 'check chk_b: no COMMAND'
bad 'check chk_b interval' 'check chk_b: "interval" needs a TIME'
bad 'check chk_b interval 5ms true' 'check chk_b: interval must be at least 10ms'
bad 'check chk_b interval 1x true' 'check chk_b: invalid interval "1x" (expected a time like 1, 0.5, 2s or 100ms)'
bad 'check chk_b interval 1 interval 2 true' 'check chk_b: "interval" given twice'
bad 'check chk_b timeout 0 true' 'check chk_b: timeout must be more than 0'
bad 'check chk_b user' 'check chk_b: "user" needs USER[:GROUP]'
bad 'check chk_b user nobody user root true' 'check chk_b: "user" given twice'
bad 'check chk_b user :x true' 'check chk_b: invalid user ":x" (expected USER or USER:GROUP)'
bad 'check chk_b user no_such_user_vrrp true' 'check chk_b: user "no_such_user_vrrp" does not exist'
bad 'check chk_b user root:no_such_group_vrrp true' 'check chk_b: group "no_such_group_vrrp" does not exist'
bad 'check chk_b "true' 'unterminated quote'
# the second of two: its line, and the first's
printf 'check chk_ok true\n' >"$tmp/dup.conf"
printf 'check chk_b true\ncheck chk_b true\n' >>"$tmp/dup.conf"
err=$(run checks -c "$tmp/dup.conf" --once 2>&1)
rc=$?
if [[ $rc == 1 && $err == "vrrpctl: $tmp/dup.conf:3: check chk_b defined twice (line 2)" ]]; then
	ok
else
	ko "duplicate check: rc $rc, $err"
fi
# usage
usage() {
	local want=$1 err rc
	shift
	err=$(run checks "$@" 2>&1)
	rc=$?
	if [[ $rc == 1 && $err == "vrrpctl: $want" ]]; then ok; else ko "checks $*: rc $rc, \"$err\""; fi
}
usage "checks: cannot open \"$tmp/none\": No such file or directory" -c "$tmp/none"
usage '"-c" needs a value (try "vrrpctl help")' -c
usage 'checks: unexpected argument "x" (try "vrrpctl help")' -c "$tmp/dup.conf" x

# --- users ---------------------------------------------------------------------------
export FAKENL_LOG=$tmp/user.log
if [[ $EUID == 0 ]] && id nobody >/dev/null 2>&1 && getent group daemon >/dev/null; then
	chmod 755 "$tmp"
	mkdir -m 1777 "$tmp/pub"
	cat >"$tmp/pub/id.sh" <<EOF
#!/bin/sh
echo "\$(id -un) \$(id -gn) \$(id -G)" >"$tmp/pub/\$1"
EOF
	chmod 755 "$tmp/pub/id.sh"
	cat >"$tmp/user.conf" <<EOF
check chk_nobody user nobody $tmp/pub/id.sh nobody
check chk_daemon user nobody:daemon $tmp/pub/id.sh daemon
EOF
	# (not under valgrind: NSS's dlopen()ed modules stay reachable)
	LD_PRELOAD=$FAKE "$VRRPCTL" checks -c "$tmp/user.conf" --once 2>"$tmp/user.err"
	rc=$?
	want="nobody $(id -gn nobody) $(id -G nobody)"
	if [[ $rc == 0 && $(cat "$tmp/pub/nobody" 2>/dev/null) == "$want" ]]; then
		ok
	else
		ko "user nobody: rc $rc, ran as \"$(cat "$tmp/pub/nobody" 2>/dev/null)\", want \"$want\": $(cat "$tmp/user.err")"
	fi
	want="nobody daemon $(getent group daemon | cut -d: -f3)"
	if [[ $(cat "$tmp/pub/daemon" 2>/dev/null) == "$want" ]]; then
		ok
	else
		ko "user nobody:daemon: ran as \"$(cat "$tmp/pub/daemon" 2>/dev/null)\", want \"$want\""
	fi
	if [[ $(sort "$tmp/user.log") == $'TRACKER_REPORT name=chk_daemon result=1\nTRACKER_REPORT name=chk_nobody result=1' ]]; then
		ok
	else
		ko "users: reports: $(cat "$tmp/user.log")"
	fi
else
	# not root: another user is refused, never run as ours
	bad 'check chk_b user root true' \
		"check chk_b: cannot run as \"root\": vrrpctl runs as uid $EUID, and only root can switch users"
	skip=$((skip + 3))
	echo "checks.sh: not root: the runs as nobody are skipped"
fi

echo "checks.sh: $pass passed, $fail failed, $skip skipped"
[[ $fail == 0 ]]
