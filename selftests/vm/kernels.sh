#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Answers the Makefile's questions about installed kernels.
#
#   kernels.sh              every test kernel (vmlinuz + modules + headers), oldest first
#   kernels.sh stock|debug  only the stock ones, or only the debug ones (KASAN)
#   kernels.sh kdir         default KDIR: running kernel's headers, else the newest installed
#   kernels.sh kdir KVER    the headers (kbuild) directory of KVER
set -euo pipefail

# shellcheck source=selftests/vm/lib.sh
. "$(dirname "$0")/lib.sh"

case "${1:-list}" in
list)	test_kernels all ;;
stock | debug) test_kernels "$1" ;;
kdir)	if [[ -n ${2:-} ]]; then headers_dir "$2"; else default_kdir; fi ;;
*)	die "usage: kernels.sh [list | stock | debug | kdir [KVER]]" ;;
esac
