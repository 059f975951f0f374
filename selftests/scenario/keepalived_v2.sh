#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 480
#
# Interoperability with keepalived: the test lives in selftests/interop/.
exec "$(dirname "$0")/../interop/keepalived_v2.sh" "$@"
