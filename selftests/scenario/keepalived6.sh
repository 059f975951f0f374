#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 420
#
# Interoperability with keepalived: the test lives in selftests/interop/.
exec "$(dirname "$0")/../interop/keepalived6.sh" "$@"
