/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _VRRP_TX_H
#define _VRRP_TX_H

#include "instance.h"

/* All of these run under rcu_read_lock() with BH disabled. */
bool vrrp_primary_addr(struct net_device *dev, u8 family, u8 *addr);
bool vrrp_dev_has_addr(struct net_device *dev, u8 family, const u8 *addr);
bool vrrp_src_addr(struct vrrp_instance *vr, struct net_device *dev,
		   const struct vrrp_cfg *cfg, u8 *addr);
void vrrp_tx_advert(struct vrrp_instance *vr, struct net_device *dev,
		    const struct vrrp_cfg *cfg, u8 prio);
void vrrp_tx_garps(struct vrrp_instance *vr, struct net_device *dev,
		   const struct vrrp_cfg *cfg, u16 first, u32 n);

#endif /* _VRRP_TX_H */
