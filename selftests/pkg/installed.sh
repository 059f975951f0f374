#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 120
#
# In the VM, run with VM_INSTALLED=1 by selftests/pkg/check.sh after the
# Debian packages were installed on the host: the module the runner loaded
# ("modprobe vrrp") is the one DKMS built and installed for this kernel, the
# vrrpctl in use is the packaged /usr/sbin/vrrpctl, and the two work
# together: an instance comes up as master, with its VIP, and goes away.
#
#    r1 eth0 10.0.0.1 --- br0 (netns br)
#    VI_1 vrid 51 prio 150, VIP 10.0.0.50
#
# The failover scenario (selftests/scenario/failover.sh) runs in the same VM
# next, with the same module and tool.

# shellcheck source=selftests/lib.sh
. "$(dirname "$0")/../lib.sh"
require_module

step "the loaded module is DKMS's, for this kernel"
ko=$(modinfo -n vrrp)
log "modinfo -n vrrp: $ko"
[[ $ko == "/lib/modules/$KVER/updates/"* ]] || fail "modprobe resolves vrrp to $ko, not DKMS's /lib/modules/$KVER/updates/"
expect_eq "VRRP_KO" "$VRRP_KO" "$ko"
# Stock kernels have no vrrp of their own: what modprobe loaded is that file.
mapfile -t kos < <(find "/lib/modules/$KVER" -name 'vrrp.ko*')
expect_eq "vrrp modules for $KVER" "${kos[*]}" "$ko"
expect_eq "vrrp.ko's kernel" "$(modinfo -F vermagic "$ko" | cut -d' ' -f1)" "$KVER"

step "vrrpctl is the packaged one"
expect_eq "VRRPCTL" "$VRRPCTL" /usr/sbin/vrrpctl
dpkg -S /usr/sbin/vrrpctl | grep -q '^vrrpctl: ' || fail "/usr/sbin/vrrpctl does not belong to the vrrpctl package"
pp "$VRRPCTL" -V

step "an instance, with the packaged tool and the DKMS module"
setup_lan r1
add r1 VI_1 vrid 51 prio 150 advert 100ms vip 10.0.0.50/24
wait_state r1 VI_1 master 20
wait_vip r1 10.0.0.50 present
vctl r1 instance del VI_1
wait_vip r1 10.0.0.50 absent
log "PASS"
