/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _VRRP_NETLINK_H
#define _VRRP_NETLINK_H

#include <net/genetlink.h>

#include "instance.h"

struct vrrp_net;
struct vrrp_tracker;

extern struct genl_family vrrp_genl_family;
extern const struct nla_policy vrrp_trk_policy[VRRP_TRK_A_MAX + 1];
extern const struct nla_policy vrrp_track_policy[VRRP_TRACK_A_MAX + 1];

int vrrp_genl_init(void);
void vrrp_genl_exit(void);
void vrrp_genl_notify(struct vrrp_instance *vr, enum vrrp_state old,
		      enum vrrp_state state, enum vrrp_reason reason, u8 prio);

bool vrrp_genl_listening(struct net *net);
void vrrp_genl_multicast(struct net *net, struct sk_buff *skb);
int vrrp_nl_check_name(struct netlink_ext_ack *extack, const struct nlattr *attr,
		       const char *what, bool empty_ok);
void vrrp_genl_tracker_notify(struct vrrp_tracker *trk);

/* nl_track.c */
int vrrp_nl_tracker_new(struct sk_buff *skb, struct genl_info *info);
int vrrp_nl_tracker_set(struct sk_buff *skb, struct genl_info *info);
int vrrp_nl_tracker_del(struct sk_buff *skb, struct genl_info *info);
int vrrp_nl_tracker_report(struct sk_buff *skb, struct genl_info *info);
int vrrp_nl_tracker_get(struct sk_buff *skb, struct genl_info *info);
int vrrp_nl_tracker_dump(struct sk_buff *skb, struct netlink_callback *cb);
int vrrp_parse_tracks(struct vrrp_net *vn, struct genl_info *info,
		      struct vrrp_cfg *cfg);
int vrrp_put_tracks(struct sk_buff *skb, struct vrrp_instance *vr,
		    const struct vrrp_cfg *cfg);

#endif /* _VRRP_NETLINK_H */
