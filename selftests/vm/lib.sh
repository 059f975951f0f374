# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Helpers shared by the VM test harness (sourced, never run):
#   run.sh, shell.sh, check.sh, kernels.sh on the host,
#   guest.sh inside the guest (only the test_* helpers matter there).
#
# Test kernels are discovered, never named: a kernel K is a test kernel when
# /boot/vmlinuz-K exists, its modules are installed (/lib/modules/K/modules.dep)
# and its headers are installed (/lib/modules/K/build or /usr/src/linux-headers-K).

VM_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SRCDIR=$(cd "$VM_DIR/../.." && pwd)

# Default per-test timeout in seconds; a test overrides it with "# timeout: N".
TEST_TIMEOUT_DEFAULT=300
# On a debug kernel (KASAN, lockdep, kmemleak: several times slower) a test
# gets DEBUG_TIMEOUT_FACTOR times its timeout, unless it says "# debug-timeout: N".
DEBUG_TIMEOUT_FACTOR=3

log() { printf '%s\n' "$*" >&2; }
die() { log "${0##*/}: $*"; exit 1; }

# headers_dir KVER: the kbuild directory for KVER, or nothing.
headers_dir() {
	local d
	for d in "/lib/modules/$1/build" "/usr/src/linux-headers-$1"; do
		if [[ -f $d/Makefile && -f $d/Module.symvers ]]; then
			echo "$d"
			return 0
		fi
	done
	return 1
}

# test_kernels all|stock|debug: every test kernel, oldest first, or only the
# stock or only the debug ones (is_debug_kernel).
test_kernels() {
	local img k
	for img in /boot/vmlinuz-*; do
		[[ -f $img ]] || continue
		k=${img#/boot/vmlinuz-}
		[[ -f /lib/modules/$k/modules.dep ]] || continue
		headers_dir "$k" >/dev/null || continue
		case "$1" in
		stock) ! is_debug_kernel "$k" || continue ;;
		debug) is_debug_kernel "$k" || continue ;;
		esac
		echo "$k"
	done | sort -V
}

# is_debug_kernel KVER: whether KVER is a debug kernel, one built with KASAN
# (tools/debug-kernel.sh: KASAN, lockdep, kmemleak, ...), per /boot/config-KVER.
is_debug_kernel() {
	grep -qx 'CONFIG_KASAN=y' "/boot/config-$1" 2>/dev/null
}

# default_kdir: the running kernel's headers, else the newest installed ones.
default_kdir() {
	local d k
	d=/lib/modules/$(uname -r)/build
	if [[ -f $d/Makefile ]]; then
		echo "$d"
		return 0
	fi
	for d in /usr/src/linux-headers-* /lib/modules/*/build; do
		[[ -f $d/Makefile && -f $d/Module.symvers ]] || continue
		k=${d#/lib/modules/}
		k=${k%/build}
		k=${k#/usr/src/linux-headers-}
		printf '%s %s\n' "$k" "$d"
	done | sort -s -V -k1,1 | tail -n1 | cut -d' ' -f2
}

# test_name PATH: how a test is called in results and reports ("foo" for .../foo.sh).
test_name() {
	local n=${1##*/}
	echo "${n%.sh}"
}

# test_header PATH: reads the test's header, the comment lines before its
# first command, and sets HDR_TIMEOUT ("# timeout: N", else the default),
# HDR_DEBUG_TIMEOUT ("# debug-timeout: N", else empty) and HDR_DEBUG (1 when it
# has "# debug: yes": it is run on debug kernels by "make check"), HDR_NEWEST
# (1 for "# stock: newest") and HDR_PARALLEL (0 for "# parallel: no": the
# guest runs it alone, not side by side with others; see guest.sh). Builtins
# only: in the guest every program started costs a fraction of a second.
# shellcheck disable=SC2034 # HDR_DEBUG, HDR_NEWEST: read through tests_where
test_header() {
	local line re='^#[[:space:]]*(timeout|debug-timeout|debug|stock|parallel):[[:space:]]*([0-9]+|yes|no|newest)[[:space:]]*$'
	HDR_TIMEOUT=
	HDR_DEBUG_TIMEOUT=
	HDR_DEBUG=0
	HDR_NEWEST=0
	HDR_PARALLEL=1
	while IFS= read -r line; do
		[[ -z $line || $line == '#'* ]] || break
		[[ $line =~ $re ]] || continue
		case "${BASH_REMATCH[1]}:${BASH_REMATCH[2]}" in
		timeout:yes | debug-timeout:yes) ;;
		timeout:*) HDR_TIMEOUT=${HDR_TIMEOUT:-${BASH_REMATCH[2]}} ;;
		debug-timeout:*) HDR_DEBUG_TIMEOUT=${HDR_DEBUG_TIMEOUT:-${BASH_REMATCH[2]}} ;;
		debug:yes) HDR_DEBUG=1 ;;
		stock:newest) HDR_NEWEST=1 ;;
		parallel:no) HDR_PARALLEL=0 ;;
		esac
	done <"$1"
	HDR_TIMEOUT=${HDR_TIMEOUT:-$TEST_TIMEOUT_DEFAULT}
}

# test_timeout PATH [DEBUG]: the test's timeout in seconds; with DEBUG=1, the
# one on a debug kernel.
test_timeout() {
	test_header "$1"
	if [[ ${2:-0} == 1 ]]; then
		echo "${HDR_DEBUG_TIMEOUT:-$((HDR_TIMEOUT * DEBUG_TIMEOUT_FACTOR))}"
	else
		echo "$HDR_TIMEOUT"
	fi
}

# default_tests: what runs when no test is named: the harness smoke test,
# then every scenario.
default_tests() {
	local t
	echo "$VM_DIR/smoke.sh"
	for t in "$SRCDIR"/selftests/scenario/*.sh; do
		if [[ -f $t ]]; then
			echo "$t"
		fi
	done
}

# tests_where VAR VALUE: the default tests whose header (test_header) sets
# VAR to VALUE.
tests_where() {
	local t
	while read -r t; do
		test_header "$t"
		if [[ ${!1} == "$2" ]]; then
			echo "$t"
		fi
	done < <(default_tests)
}

# debug_tests: the default tests that say "# debug: yes".
debug_tests() { tests_where HDR_DEBUG 1; }

# older_stock_tests: the default tests but those whose header says
# "# stock: newest" (attacks that do not depend on the kernel version: in
# "make check" they run on the newest stock kernel and on the debug kernels).
older_stock_tests() { tests_where HDR_NEWEST 0; }

# ---- host side ---------------------------------------------------------------

# vm_dir KVER: per-kernel cache and run directory, build/vm/KVER.
vm_dir() { echo "$SRCDIR/build/vm/$1"; }

# ensure_initramfs KVER: path of the cached initramfs, (re)built when stale.
ensure_initramfs() {
	local kver=$1 img f
	img=$(vm_dir "$kver")/initramfs.cpio
	for f in "$VM_DIR/mkinitrd.sh" "$VM_DIR/init" "$VM_DIR/lib.sh" \
		"/lib/modules/$kver/modules.dep" /bin/busybox; do
		if [[ ! -f $img || $f -nt $img ]]; then
			log "vm: building initramfs for $kver"
			"$VM_DIR/mkinitrd.sh" "$kver" "$img" >&2
			break
		fi
	done
	echo "$img"
}

# le_uint FILE OFFSET BYTES: an unsigned little-endian integer read from FILE.
le_uint() { od -An -tu"$3" -j"$2" -N"$3" "$1" | tr -d ' '; }

# extract_vmlinux BZIMAGE OUT: the uncompressed ELF kernel inside BZIMAGE.
# The payload's place is in the boot protocol header (setup_sects at 0x1f1,
# payload_offset at 0x248, payload_length at 0x24c); its last 4 bytes are the
# uncompressed size, not part of the compressed stream.
extract_vmlinux() {
	local img=$1 out=$2 setup off len magic
	setup=$(le_uint "$img" $((0x1f1)) 1)
	off=$(( (setup + 1) * 512 + $(le_uint "$img" $((0x248)) 4) ))
	len=$(le_uint "$img" $((0x24c)) 4)
	magic=$(od -An -tx1 -j"$off" -N4 "$img" | tr -d ' ')
	local -a unpack
	case "$magic" in
	fd377a58) unpack=(xz -dc) ;;
	28b52ffd) unpack=(zstd -qdc) ;;
	1f8b*) unpack=(gzip -dc) ;;
	*) return 1 ;;
	esac
	tail -c +$((off + 1)) "$img" | head -c $((len - 4)) | "${unpack[@]}" >"$out"
}

# boot_image KVER: what qemu's -kernel gets. An emulated CPU spends seconds
# decompressing a bzImage, so boot the uncompressed ELF kernel through its PVH
# entry point (ELF note 0x12, XEN_ELFNOTE_PHYS32_ENTRY) when it has one; it is
# extracted once and cached next to the initramfs.
boot_image() {
	local kver=$1 img=/boot/vmlinuz-$1 elf notes=
	elf=$(vm_dir "$kver")/vmlinux
	if [[ ! -f $elf || $img -nt $elf ]]; then
		mkdir -p "$(dirname "$elf")"
		if extract_vmlinux "$img" "$elf.$$" 2>/dev/null; then
			notes=$(LC_ALL=C readelf -n "$elf.$$" 2>/dev/null || true)
		fi
		if [[ $notes =~ \(0x00000012\)|PHYS32_ENTRY ]]; then
			mv "$elf.$$" "$elf"
		else
			rm -f "$elf.$$"
			echo "$img"
			return 0
		fi
	fi
	echo "$elf"
}

# check_kernel KVER: die unless KVER can be booted.
check_kernel() {
	[[ -f /boot/vmlinuz-$1 ]] || die "no /boot/vmlinuz-$1 (test kernels: $(test_kernels all | xargs))"
	[[ -f /lib/modules/$1/modules.dep ]] || die "no modules for $1"
}

# tmpfs_dirs PATH...: the scratch dirs that get an empty tmpfs in the guest:
# /tmp and /var/tmp, unless one of PATHs (the repo, results, tests) is in them.
tmpfs_dirs() {
	local d p keep
	local -a dirs=()
	for d in /tmp /var/tmp; do
		keep=1
		for p in "$@"; do
			if [[ $p == "$d" || $p == "$d"/* ]]; then
				keep=0
			fi
		done
		if [[ $keep == 1 ]]; then
			dirs+=("$d")
		fi
	done
	local IFS=,
	echo "${dirs[*]}"
}

# use_kvm: whether the guest runs under KVM rather than emulated (TCG):
# VM_ACCEL=kvm, tcg (the default) or auto (KVM when /dev/kvm can be opened).
# An emulated CPU is 10 to 50 times slower; the tests poll, so both work.
# Emulation is the default because the development and CI machines have a
# /dev/kvm that opens but cannot run a guest: qemu either fails at once (an
# MSR it cannot set) or stops on "KVM internal error" and waits, which only
# the run's time limit ends. run.sh boots again emulated in the first case.
use_kvm() {
	case "${VM_ACCEL:-tcg}" in
	kvm) return 0 ;;
	tcg) return 1 ;;
	auto) [[ -c /dev/kvm && -r /dev/kvm && -w /dev/kvm ]] ;;
	*) die "VM_ACCEL=${VM_ACCEL}: kvm, tcg or auto" ;;
	esac
}

# qemu_args KVER RUNDIR MODE [PATH...]: sets QEMU_ARGS to boot KVER with the
# runner in MODE (test or shell) and results in RUNDIR; PATHs as for tmpfs_dirs.
# The caller adds the serial ports: ttyS0 is the console, ttyS1 the status port.
qemu_args() {
	local kver=$1 run=$2 mode=$3 initrd cmdline size mem=1024
	shift 3
	initrd=$(ensure_initramfs "$kver")
	[[ $run != *[[:space:]]* && $SRCDIR != *[[:space:]]* ]] ||
		die "paths with spaces cannot go on the kernel command line: $SRCDIR"
	# The whole boot on the console (a guest that never reaches the runner
	# says where it stopped); guest.sh lowers the console level to 5 then.
	cmdline="console=ttyS0 loglevel=7 panic=-1 panic_on_warn=1 oops=panic"
	cmdline+=" mitigations=off tsc=reliable printk.devkmsg=on log_buf_len=8M"
	# An emulated CPU on a busy host can stall for seconds: no soft lockup
	# ("BUG: soft lockup") or RCU stall report before two minutes.
	cmdline+=" watchdog_thresh=60 rcupdate.rcu_cpu_stall_timeout=120"
	# A stall that is reported fails the test anyway; panicking ends the VM
	# at once instead of at its time limit (a stalled CPU also blocks the
	# runner's cleanup: netns deletion waits for RCU).
	cmdline+=" softlockup_panic=1 sysctl.kernel.panic_on_rcu_stall=1"
	cmdline+=" vrrpvm.init=$VM_DIR/guest.sh vrrpvm.results=$run vrrpvm.mode=$mode"
	cmdline+=" vrrpvm.tmpfs=$(tmpfs_dirs "$SRCDIR" "$run" "$@")"
	# KASAN's shadow and kmemleak's object pool need room: 2 GiB, and the
	# runner is told (per-test timeouts, kmemleak scans).
	if is_debug_kernel "$kver"; then
		mem=2048
		cmdline+=" vrrpvm.debug=1"
	fi
	if [[ $mode == shell ]] && size=$(stty size 2>/dev/null); then
		cmdline+=" vrrpvm.tty=${size% *}x${size#* }"
	fi
	QEMU_ARGS=(qemu-system-x86_64 -machine q35 -m "$mem" -smp 2 -nographic -nodefaults
		-no-user-config -no-reboot -kernel "$(boot_image "$kver")" -initrd "$initrd"
		-append "$cmdline"
		-fsdev "local,id=r,path=/,security_model=none,readonly=on,multidevs=remap"
		-device "virtio-9p-pci,fsdev=r,mount_tag=hostroot"
		-fsdev "local,id=res,path=$run,security_model=none,multidevs=remap"
		-device "virtio-9p-pci,fsdev=res,mount_tag=results"
		-device virtio-rng-pci)
	if use_kvm; then
		# The default CPU model: "-cpu host" asks for MSRs (0x10a, arch
		# capabilities) that nested KVM may refuse to set.
		QEMU_ARGS+=(-accel kvm)
	fi
	if [[ -f /usr/share/qemu/qboot.rom ]]; then
		QEMU_ARGS+=(-bios qboot.rom)	# a minimal firmware, faster than SeaBIOS
	fi
	# shellcheck disable=SC2206 # word splitting wanted: extra options
	QEMU_ARGS+=(${VM_QEMU_OPTS:-})
}
