#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 240
#
# Interoperability with keepalived: the test lives in selftests/interop/.
exec "$(dirname "$0")/../interop/keepalived_vmac.sh" "$@"
