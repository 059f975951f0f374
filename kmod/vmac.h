/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _VRRP_VMAC_H
#define _VRRP_VMAC_H

#include "instance.h"
#include "netns.h"

#define VRRP_VMAC_NF_OPS	2	/* per-netns hooks vrrp_vmac_nf_ops() fills */

void vrrp_vmac_nf_ops(struct vrrp_net *vn, struct nf_hook_ops *ops);
int vrrp_vmac_attach(struct vrrp_instance *vr, struct net_device *dev,
		     const struct vrrp_cfg *cfg);
void vrrp_vmac_detach(struct vrrp_instance *vr);
void vrrp_vmac_filter(struct vrrp_instance *vr, bool want);
void vrrp_vmac_exit(void);

#endif /* _VRRP_VMAC_H */
