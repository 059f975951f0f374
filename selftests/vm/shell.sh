#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# shell.sh KVER - boot the test VM of run.sh into an interactive root shell.
#
# Same kernel, initramfs and filesystem view as the tests (see guest.sh): the
# host's root through an overlay kept in RAM, the repository at its host path,
# vrrp.ko loaded with dyndbg=+p when build/KVER/kmod/vrrp.ko exists ("make shell"
# builds it), and VRRP_KO, VRRPCTL, SRCDIR, KVER set. Leaving the shell powers
# the VM off; Ctrl-A X quits qemu at once, Ctrl-A C toggles its monitor.
# VM_QEMU_OPTS adds qemu options (e.g. "-s" for gdb on port 1234).
set -euo pipefail

# shellcheck source=selftests/vm/lib.sh
. "$(dirname "$0")/lib.sh"

main() {
	[[ $# -eq 1 ]] || die "usage: shell.sh KVER (test kernels: $(test_kernels all | xargs))"
	[[ -t 0 && -t 1 ]] || die "needs a terminal"
	local kver=$1 run
	check_kernel "$kver"
	mkdir -p "$(vm_dir "$kver")"
	run=$(mktemp -d "$(vm_dir "$kver")/shell.XXXXXX")
	# shellcheck disable=SC2064 # expand now: run is local
	trap "rm -rf '$run'" EXIT
	echo "VM_NO_MODULE=1" >"$run/config"
	: >"$run/tests"
	qemu_args "$kver" "$run" shell
	"${QEMU_ARGS[@]}" -serial mon:stdio -serial "file:$run/status"
}

main "$@"
