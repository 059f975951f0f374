/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _VRRP_NETLINK_H
#define _VRRP_NETLINK_H

#include "instance.h"

int vrrp_genl_init(void);
void vrrp_genl_exit(void);
void vrrp_genl_notify(struct vrrp_instance *vr, enum vrrp_state old,
		      enum vrrp_state state, enum vrrp_reason reason, u8 prio);

#endif /* _VRRP_NETLINK_H */
