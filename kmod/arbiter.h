/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _VRRP_ARBITER_H
#define _VRRP_ARBITER_H

#include <linux/types.h>

struct vrrp_instance;
struct vrrp_cfg;

void vrrp_arbiter_init(struct vrrp_instance *vr);
void vrrp_arbiter_update(struct vrrp_instance *vr, const struct vrrp_cfg *old,
			 const struct vrrp_cfg *cfg);
void vrrp_arbiter_start(struct vrrp_instance *vr, const struct vrrp_cfg *cfg);
void vrrp_arbiter_stop(struct vrrp_instance *vr);
u32 vrrp_arbiter_fault(const struct vrrp_instance *vr, const struct vrrp_cfg *cfg);
void vrrp_arbiter_conflict(struct vrrp_instance *vr);

#endif /* _VRRP_ARBITER_H */
