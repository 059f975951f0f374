# SPDX-License-Identifier: GPL-2.0
#
# vrrp.ko (kmod/, built by kbuild through ./Kbuild) and vrrpctl (tools/vrrpctl/).
#
#   make [W=1] [C=1]       kmod/vrrp.ko against KDIR, and tools/vrrpctl/vrrpctl
#   make module [KVER=x]   vrrp.ko for test kernel x in build/x/kmod/vrrp.ko;
#                          without KVER, for every test kernel
#   make deps              install what building and testing need (root, apt)
#   make unit              host unit tests (selftests/unit)
#   make lint              shellcheck -x on every shell script of the tree; fails
#                          on any finding (tools/lint.sh)
#   make vm [KVER=x] [TESTS="selftests/scenario/foo.sh ..."]
#                          tests in a QEMU guest booting x (default: the newest
#                          stock test kernel; tests: smoke + every scenario)
#   make shell [KVER=x]    an interactive shell in that guest, vrrp.ko loaded
#   make demo [KVER=x]     see it work: two web servers behind a VIP, a health
#                          check, failover and back, printed as a timeline
#                          (in that guest; selftests/demo)
#   make check             unit tests, lint, then the VM tests: all of them on
#                          every stock test kernel, then those marked "# debug:
#                          yes" on the debug kernel, if installed; the last
#                          line is "N passed, N failed"
#   make debug-kernel      build and install the debug test kernel (KASAN,
#                          lockdep, kmemleak, ...; root, about 20 minutes once;
#                          tools/debug-kernel.sh)
#   make check-debug       every VM test on every debug kernel; fails on any
#                          kernel report (KASAN, lockdep, kmemleak, WARNING, ...)
#   make bench [KVER="x ..."] [QUICK=1]
#                          vrrp.ko against keepalived, timed in the VM (default:
#                          the newest test kernel; QUICK=1: a few minutes);
#                          results: selftests/bench/results/ (summary.md)
#   make install [PREFIX=/usr/local] [DESTDIR=]
#                          vrrpctl, man page, completion, systemd units
#   make modules_install   vrrp.ko for KDIR's kernel (then: depmod -a)
#   make dkms-install      (root) the module sources into /usr/src/vrrp-VERSION,
#                          registered with DKMS, vrrp.ko built and installed for
#                          every kernel with headers (and by DKMS for each kernel
#                          installed later); make dkms-remove undoes it
#   make deb               Debian packages vrrp-dkms and vrrpctl, built from a
#                          clean copy of the tree: build/deb/*.deb (and lintian)
#   make clean
#
# The version is in one place, the file VERSION (debian/changelog must agree).
#
# KDIR defaults to the running kernel's headers or, when it has none (test
# machines run a kernel that cannot load modules), the newest installed ones.
# Test kernels are found, never named: /boot/vmlinuz-* with modules and headers
# installed (selftests/vm/kernels.sh). VM knobs (VM_KEEP, VM_NO_MODULE, ...)
# are described at the top of selftests/vm/run.sh.

VM := selftests/vm
VERSION := $(shell cat VERSION)
KERNELS = $(shell $(VM)/kernels.sh)
STOCK_KERNELS = $(shell $(VM)/kernels.sh stock)
KDIR ?= $(shell $(VM)/kernels.sh kdir)

# Our command-line variables are not handed down to other Makefiles (TESTS, for
# one, means something else in selftests/unit); kbuild gets its own explicitly.
MAKEOVERRIDES :=
KBUILD_ARGS := $(strip $(foreach v,W C V KCFLAGS,$(if $(filter command line,$(origin $(v))),'$(v)=$($(v))')))

# kbuild_args DIR: KBUILD_ARGS, plus no module BTF when DIR has no vmlinux to
# base it on (it would only print "Skipping BTF generation" for every module).
kbuild_args = $(strip $(KBUILD_ARGS) $(if $(wildcard $(1)/vmlinux),,CONFIG_DEBUG_INFO_BTF_MODULES=))

all: modules vrrpctl

modules:
	@test -f "$(KDIR)/Makefile" || { echo "no kernel headers in KDIR='$(KDIR)': make deps" >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR) $(call kbuild_args,$(KDIR)) modules

vrrpctl:
	@if [ -f tools/vrrpctl/Makefile ]; then \
		$(MAKE) -C tools/vrrpctl; \
	else \
		echo "vrrpctl: no tools/vrrpctl/Makefile yet, skipped"; \
	fi

# Each test kernel gets its own copy of the module sources under build/KVER/,
# so kbuild's objects for one kernel never clobber another's.
ifdef KVER
MODDIR := build/$(KVER)
MODKDIR := $(shell $(VM)/kernels.sh kdir $(KVER))
MOD_SRCS := Kbuild $(filter-out %.mod.c,$(wildcard kmod/Kbuild kmod/*.c kmod/*.h uapi/linux/*.h))
MOD_COPIES := $(addprefix $(MODDIR)/,$(MOD_SRCS))
MOD_STALE := $(filter-out $(MOD_COPIES) %.mod.c,\
	     $(wildcard $(MODDIR)/kmod/*.c $(MODDIR)/kmod/*.h $(MODDIR)/uapi/linux/*.h))

module: $(MOD_COPIES)
	@test -n "$(MODKDIR)" || { echo "no headers for kernel '$(KVER)'" >&2; exit 1; }
	$(if $(MOD_STALE),rm -f $(MOD_STALE))
	$(MAKE) -C $(MODKDIR) M=$(CURDIR)/$(MODDIR) $(call kbuild_args,$(MODKDIR)) modules

$(MODDIR)/%: %
	@mkdir -p $(@D)
	@cp $< $@
else
module:
	@test -n "$(KERNELS)" || { echo "no test kernels installed: make deps" >&2; exit 1; }
	+@for k in $(KERNELS); do $(MAKE) --no-print-directory module KVER=$$k $(KBUILD_ARGS) || exit 1; done
endif

deps:
	tools/deps.sh

unit:
	@if [ -f selftests/unit/Makefile ]; then \
		$(MAKE) -C selftests/unit check; \
	else \
		echo "unit: no selftests/unit/Makefile, nothing to run"; \
	fi

lint:
	@tools/lint.sh

VM_KVER = $(or $(KVER),$(lastword $(STOCK_KERNELS)))

# What a VM needs: vrrp.ko for its kernel (may fail with VM_NO_MODULE=1) and vrrpctl.
define vm_prepare
	@test -n "$(VM_KVER)" || { echo "no test kernels installed: make deps" >&2; exit 1; }
	+$(MAKE) --no-print-directory module KVER=$(VM_KVER) $(KBUILD_ARGS) || [ "$(VM_NO_MODULE)" = 1 ]
	+$(MAKE) --no-print-directory vrrpctl
endef

vm:
	$(vm_prepare)
	VM_NO_MODULE=$(VM_NO_MODULE) $(VM)/run.sh $(VM_KVER) $(TESTS)

shell:
	$(vm_prepare)
	VM_NO_MODULE=$(VM_NO_MODULE) $(VM)/shell.sh $(VM_KVER)

demo:
	$(vm_prepare)
	selftests/demo/vm-demo.sh $(VM_KVER)

check:
	+@MAKE='$(MAKE)' $(VM)/check.sh

check-debug:
	+@MAKE='$(MAKE)' $(VM)/check.sh --debug

debug-kernel:
	tools/debug-kernel.sh

BENCH_KVERS = $(or $(KVER),$(lastword $(STOCK_KERNELS)))

bench:
	@test -n "$(BENCH_KVERS)" || { echo "no test kernels installed: make deps" >&2; exit 1; }
	+@for k in $(BENCH_KVERS); do $(MAKE) --no-print-directory module KVER=$$k $(KBUILD_ARGS) || exit 1; done
	+$(MAKE) --no-print-directory vrrpctl
	QUICK=$(QUICK) selftests/bench/run.sh $(BENCH_KVERS)

clean:
	$(if $(wildcard $(KDIR)/Makefile),$(MAKE) -C $(KDIR) M=$(CURDIR) clean)
	[ ! -f tools/vrrpctl/Makefile ] || $(MAKE) -C tools/vrrpctl clean
	[ ! -f selftests/unit/Makefile ] || $(MAKE) -C selftests/unit clean
	rm -rf build

# vrrp.ko into KDIR's /lib/modules/<release>/updates/, for "modprobe vrrp"
# (vrrp.service does that at boot); run depmod -a afterwards.
modules_install:
	$(MAKE) -C $(KDIR) M=$(CURDIR) $(call kbuild_args,$(KDIR)) INSTALL_MOD_DIR=updates modules_install

# vrrpctl, its man page, bash completion and systemd units (tools/vrrpctl/Makefile);
# PREFIX, DESTDIR and the *DIR variables of that Makefile are handed down.
install:
	$(MAKE) -C tools/vrrpctl install $(foreach v,PREFIX DESTDIR SBINDIR MANDIR BASHCOMPDIR UNITDIR,$(if $(filter command line,$(origin $(v))),'$(v)=$($(v))'))

# DKMS: the module sources DKMS builds from (dkms.conf, Kbuild, kmod/, uapi/)
# go to $(DESTDIR)$(DKMS_SRC); debian/rules installs them the same way.
DKMS_SRC ?= /usr/src/vrrp-$(VERSION)
DKMS_FILES := Kbuild $(filter-out %.mod.c,$(wildcard kmod/Kbuild kmod/*.c kmod/*.h uapi/linux/*.h))

dkms-src:
	@for f in $(DKMS_FILES); do \
		install -D -m 0644 $$f $(DESTDIR)$(DKMS_SRC)/$$f || exit 1; \
	done

# dkms install for every kernel that has headers; one that fails to build is
# reported and skipped (the others still get vrrp.ko).
dkms-install: dkms-src
	@[ "$$(id -u)" = 0 ] || { echo "dkms-install: run as root" >&2; exit 1; }
	@command -v dkms >/dev/null || { echo "dkms-install: no dkms: apt install dkms" >&2; exit 1; }
	sed 's/#MODULE_VERSION#/$(VERSION)/' dkms.conf >$(DKMS_SRC)/dkms.conf
	dkms status -m vrrp -v $(VERSION) | grep -q . || dkms add -m vrrp -v $(VERSION)
	@rc=0; for d in /lib/modules/*/build/include; do \
		[ -d "$$d" ] || continue; \
		k=$${d#/lib/modules/}; k=$${k%/build/include}; \
		echo "dkms install -m vrrp -v $(VERSION) -k $$k"; \
		dkms install -m vrrp -v $(VERSION) -k "$$k" || rc=1; \
	done; dkms status -m vrrp; exit $$rc

dkms-remove:
	@[ "$$(id -u)" = 0 ] || { echo "dkms-remove: run as root" >&2; exit 1; }
	if dkms status -m vrrp -v $(VERSION) | grep -q .; then dkms remove -m vrrp -v $(VERSION) --all; fi
	rm -rf $(DKMS_SRC)

# Both packages from a clean copy of the tree (what git tracks, plus what is
# not committed yet), built in build/deb/src, the .debs left in build/deb/.
deb:
	tools/mkdeb.sh

.PHONY: install modules_install dkms-src dkms-install dkms-remove deb

help:
	@sed -n '3,/^$$/s/^# \{0,1\}//p' Makefile

.PHONY: all modules vrrpctl module deps unit lint vm shell demo check check-debug debug-kernel bench clean help
