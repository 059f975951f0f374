#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# sandbox.sh TIMEOUT TEST - run one test in the guest the way guest.sh wants
# it, in a mount namespace of its own (guest.sh starts this under
# "unshare --mount", already in the test's cgroup):
#
#   - a fresh tmpfs on /run: /run/netns is the test's own, so tests running
#     side by side can all call their namespaces r1, r2, br (and keepalived's
#     or tcpdump's files in /run cannot meet either);
#   - "timeout -k 10 TIMEOUT bash TEST" (SIGTERM, SIGKILL 10 s later);
#   - then the named netns the test left behind are deleted (noted in the log,
#     as guest.sh does for a test run alone).
#
# Exits with the test's exit status.
set -u

to=$1
path=$2
rc=0

mount -t tmpfs -o mode=0755,nosuid,nodev run /run || exit 1
mkdir -p /run/lock /run/netns || exit 1

timeout -k 10 "$to" bash "$path" || rc=$?

netns=(/run/netns/*)
if [[ -e ${netns[0]} ]]; then
	echo "vm: deleting leftover netns: ${netns[*]##*/}"
	ip -all netns delete || true
fi
exit "$rc"
