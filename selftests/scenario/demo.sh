#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 300
#
# The demo as a test: selftests/demo/demo.sh, which `make demo` shows. Two
# web servers behind a VIP, a port check with weight -20 fall 3 rise 2, a
# client asking the VIP every 200 ms. Fails when the VIP ends up on the
# wrong node (round 1 preempt: back on node1; round 2 nopreempt: stays on
# node2) or the client lost more requests than the check and the protocol
# account for (limits and why: MAX_OUTAGE and MAX_STRAY in demo.sh).

exec bash "$(dirname "$0")/../demo/demo.sh"
