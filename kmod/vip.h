/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _VRRP_VIP_H
#define _VRRP_VIP_H

#include "instance.h"
#include "netns.h"

/* Marks the addresses vrrp.ko installs (ifa_proto): VRRP's protocol number. */
#define VRRP_IFA_PROTO	112

int vrrp_vip_check_free(struct net_device *dev, u8 family, const struct vrrp_cfg *cfg,
			struct vrrp_instance *self, struct netlink_ext_ack *extack);
struct vrrp_instance *vrrp_vip_lookup_rcu(struct vrrp_net *vn, u8 family, const u8 *addr);
bool vrrp_vip_uses_dev(const struct vrrp_cfg *cfg, int ifindex);
void vrrp_vip_reconcile(struct vrrp_instance *vr);
void vrrp_vip_forget(struct vrrp_instance *vr);
bool vrrp_vip_installed(struct vrrp_instance *vr, const u8 *addr);
void vrrp_vip_work(struct work_struct *work);
int vrrp_vip_net_init(struct vrrp_net *vn);
void vrrp_vip_net_pre_exit(struct vrrp_net *vn);
void vrrp_vip_net_exit(struct vrrp_net *vn);

#endif /* _VRRP_VIP_H */
