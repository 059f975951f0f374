#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 300
# stock: newest
#
# Interoperability with FRR's vrrpd: the test lives in selftests/interop/.
exec "$(dirname "$0")/../interop/frr.sh" "$@"
