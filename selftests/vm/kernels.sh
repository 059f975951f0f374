#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Answers the Makefile's questions about installed kernels.
#
#   kernels.sh              every test kernel (vmlinuz + modules + headers), oldest first
#   kernels.sh kdir         default KDIR: running kernel's headers, else the newest installed
#   kernels.sh kdir KVER    the headers (kbuild) directory of KVER
set -euo pipefail

# shellcheck source=selftests/vm/lib.sh
. "$(dirname "$0")/lib.sh"

case "${1:-list}" in
list)	test_kernels ;;
kdir)	if [[ -n ${2:-} ]]; then headers_dir "$2"; else default_kdir; fi ;;
*)	die "usage: kernels.sh [list | kdir [KVER]]" ;;
esac
