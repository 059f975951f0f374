#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 300
#
# keepalived.conf loaded with vrrpctl load: the test lives in selftests/interop/.
exec "$(dirname "$0")/../interop/keepalived_load.sh" "$@"
