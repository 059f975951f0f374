// SPDX-License-Identifier: GPL-2.0
/*
 * VIP ownership. While master the VIPs are ordinary interface addresses,
 * marked with ifa_proto VRRP_IFA_PROTO; in any other state they are gone.
 *
 * Address changes need RTNL, so they never happen in softirq: the state
 * machine queues vip_work, which reconciles what is installed with what the
 * current state wants, so quick flaps converge to the last state. Addresses
 * are added and removed through a kernel rtnetlink socket of the netns (the
 * same path as `ip addr`, which module code has no other way to take), under
 * vn->lock and without RTNL held.
 *
 * Only addresses in vr->vips_installed are ever removed, and only while the
 * address on the device still carries our mark.
 *
 * A VIP may name another interface of the netns (vip->ifindex, keepalived's
 * "dev"): it is installed there, and only while that interface is up; the
 * netdev notifier queues vip_work on its UP, DOWN and UNREGISTER, so the
 * reconcile below removes it, forgets it (the device took it along) or
 * installs it again. The instance's own state does not depend on it.
 *
 * IPv6 VIPs are installed with IFA_F_NODAD, usable at once; the kernel
 * joins their solicited-node groups as for any address.
 *
 * Accept mode (RFC 9568 6.1): a master that is not the address owner drops
 * packets addressed to its VIPs unless accept is set. A netfilter LOCAL_IN
 * hook per family looks the destination up among the installed VIPs of the
 * netns.
 */

#include <linux/inetdevice.h>
#include <linux/jhash.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <net/addrconf.h>
#include <net/if_inet6.h>
#include <net/ipv6.h>
#include <net/ndisc.h>
#include <net/netlink.h>
#include <net/sock.h>

#include "compat.h"
#include "instance.h"
#include "netns.h"
#include "split.h"
#include "vip.h"
#include "vmac.h"

struct vrrp_vip_entry {
	struct list_head	node;	/* vr->vips_installed, vn->lock */
	struct hlist_node	hnode;	/* vn->vips, RCU readers */
	struct vrrp_instance	*vr;
	int			ifindex;	/* where it was installed */
	u8			addr[16];
	u8			prefixlen;
	struct rcu_head		rcu;
};

/* The interface @vip goes on. */
static int vrrp_vip_ifindex(const struct vrrp_instance *vr, const struct vrrp_vip_cfg *vip)
{
	return vip->ifindex ? vip->ifindex : vr->ifindex;
}

/* The device of @ifindex for @vr's VIPs, or NULL. RCU. */
static struct net_device *vrrp_vip_dev_rcu(struct vrrp_instance *vr, int ifindex)
{
	if (ifindex == vr->ifindex)
		return rcu_dereference(vr->dev);
	return dev_get_by_index_rcu(vr->vn->net, ifindex);
}

/*
 * May a VIP go on @ifindex now? The instance's own device: always tried, as
 * before; another one: while it exists and is up.
 */
static bool vrrp_vip_dev_usable(struct vrrp_instance *vr, int ifindex)
{
	struct net_device *dev;
	bool ok;

	if (ifindex == vr->ifindex)
		return true;
	rcu_read_lock();
	dev = vrrp_vip_dev_rcu(vr, ifindex);
	ok = dev && netif_running(dev);
	rcu_read_unlock();
	return ok;
}

bool vrrp_vip_uses_dev(const struct vrrp_cfg *cfg, int ifindex)
{
	u16 i;

	for (i = 0; i < cfg->nvips; i++)
		if (cfg->vips[i].ifindex == ifindex)
			return true;
	return false;
}

/* @addr: 16 bytes, an IPv4 address zero-padded. */
static u32 vrrp_vip_key(const u8 *addr)
{
	u32 w[4];

	memcpy(w, addr, sizeof(w));
	return jhash2(w, 4, 0);
}

/* "%pI4" or "%pI6c" of @addr into @buf. */
static const char *vrrp_addr_str(char *buf, size_t len, u8 family, const u8 *addr)
{
	if (family == AF_INET6)
		snprintf(buf, len, "%pI6c", addr);
	else
		snprintf(buf, len, "%pI4", addr);
	return buf;
}

static int vrrp_rtnl_ack(struct socket *sock)
{
	struct msghdr msg = {};
	struct nlmsghdr *nlh;
	struct kvec iov;
	char buf[512];
	int len;

	iov.iov_base = buf;
	iov.iov_len = sizeof(buf);
	len = kernel_recvmsg(sock, &msg, &iov, 1, sizeof(buf), MSG_DONTWAIT);
	if (len < 0)
		return len;
	nlh = (struct nlmsghdr *)buf;
	if (len < (int)NLMSG_LENGTH(sizeof(struct nlmsgerr)) ||
	    nlh->nlmsg_type != NLMSG_ERROR)
		return -EPROTO;
	return ((struct nlmsgerr *)nlmsg_data(nlh))->error;
}

/* Append an attribute to a request built in a buffer with room for it. */
static void vrrp_nl_put(struct nlmsghdr *nlh, int type, const void *data, int len)
{
	struct nlattr *nla = (struct nlattr *)((char *)nlh + NLMSG_ALIGN(nlh->nlmsg_len));

	nla->nla_type = type;
	nla->nla_len = nla_attr_size(len);
	memcpy(nla_data(nla), data, len);
	nlh->nlmsg_len = NLMSG_ALIGN(nlh->nlmsg_len) + nla_total_size(len);
}

/* RTM_NEWADDR / RTM_DELADDR for one address, as `ip addr` would. */
static int vrrp_rtnl_addr(struct vrrp_net *vn, int cmd, int ifindex, u8 family,
			  const u8 *addr, u8 prefixlen)
{
	struct {
		struct nlmsghdr		nlh;
		struct ifaddrmsg	ifa;
		char			attrs[64];
	} req = {};
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	struct msghdr msg = { .msg_name = &sa, .msg_namelen = sizeof(sa) };
	u8 proto = VRRP_IFA_PROTO;
	struct kvec iov;
	int err;

	req.nlh.nlmsg_type = cmd;
	req.nlh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	if (cmd == RTM_NEWADDR)
		req.nlh.nlmsg_flags |= NLM_F_CREATE | NLM_F_EXCL;
	req.ifa.ifa_family = family;
	req.ifa.ifa_prefixlen = prefixlen;
	req.ifa.ifa_scope = RT_SCOPE_UNIVERSE;
	req.ifa.ifa_index = ifindex;
	if (family == AF_INET6 && cmd == RTM_NEWADDR)
		req.ifa.ifa_flags = IFA_F_NODAD;	/* usable at once */
	req.nlh.nlmsg_len = NLMSG_LENGTH(sizeof(req.ifa));

	vrrp_nl_put(&req.nlh, IFA_LOCAL, addr, vrrp_alen(family));
	vrrp_nl_put(&req.nlh, IFA_ADDRESS, addr, vrrp_alen(family));
	if (cmd == RTM_NEWADDR)
		vrrp_nl_put(&req.nlh, IFA_PROTO, &proto, 1);

	iov.iov_base = &req;
	iov.iov_len = req.nlh.nlmsg_len;
	/* An explicit destination marks the request NETLINK_SKB_DST, so the
	 * capability check looks at our credentials, not at a file.
	 */
	err = kernel_sendmsg(vn->rtnl, &msg, &iov, 1, iov.iov_len);
	if (err < 0)
		return err;
	return vrrp_rtnl_ack(vn->rtnl);
}

/* The IPv6 address @addr of @idev, if configured, and whether it is ours. */
static bool vrrp_ip6_on_dev(struct inet6_dev *idev, const u8 *addr, bool *ours)
{
	const struct inet6_ifaddr *ifp;
	bool found = false;

	read_lock_bh(&idev->lock);
	list_for_each_entry(ifp, &idev->addr_list, if_list) {
		if (!memcmp(&ifp->addr, addr, 16)) {
			*ours = ifp->ifa_proto == VRRP_IFA_PROTO;
			found = true;
			break;
		}
	}
	read_unlock_bh(&idev->lock);
	return found;
}

/* Is @addr on device @ifindex, and does it carry our mark? */
static bool vrrp_vip_ours_on_dev(struct vrrp_instance *vr, int ifindex, const u8 *addr)
{
	const struct in_ifaddr *ifa;
	struct in_device *in_dev;
	struct inet6_dev *idev;
	struct net_device *dev;
	bool ours = false;

	rcu_read_lock();
	dev = vrrp_vip_dev_rcu(vr, ifindex);
	if (dev && vr->family == AF_INET6) {
		idev = __in6_dev_get(dev);
		if (idev)
			vrrp_ip6_on_dev(idev, addr, &ours);
		rcu_read_unlock();
		return ours;
	}
	in_dev = dev ? __in_dev_get_rcu(dev) : NULL;
	if (in_dev) {
		in_dev_for_each_ifa_rcu(ifa, in_dev) {
			if (!memcmp(&ifa->ifa_local, addr, 4)) {
				ours = ifa->ifa_proto == VRRP_IFA_PROTO;
				break;
			}
		}
	}
	rcu_read_unlock();
	return ours;
}

static struct vrrp_vip_entry *vrrp_vip_find(struct vrrp_instance *vr, const u8 *addr)
{
	struct vrrp_vip_entry *e;

	lockdep_assert_held(&vr->vn->lock);
	list_for_each_entry(e, &vr->vips_installed, node)
		if (!memcmp(e->addr, addr, vrrp_alen(vr->family)))
			return e;
	return NULL;
}

bool vrrp_vip_installed(struct vrrp_instance *vr, const u8 *addr)
{
	return vrrp_vip_find(vr, addr);
}

static void vrrp_vip_drop_entry(struct vrrp_vip_entry *e)
{
	list_del(&e->node);
	hash_del_rcu(&e->hnode);
	kfree_rcu(e, rcu);
}

static bool vrrp_cfg_has(struct vrrp_instance *vr, const struct vrrp_cfg *cfg,
			 const struct vrrp_vip_entry *e)
{
	u16 i;

	for (i = 0; i < cfg->nvips; i++)
		if (!memcmp(cfg->vips[i].addr, e->addr, sizeof(e->addr)) &&
		    cfg->vips[i].prefixlen == e->prefixlen &&
		    vrrp_vip_ifindex(vr, &cfg->vips[i]) == e->ifindex)
			return true;
	return false;
}

static void vrrp_vip_add(struct vrrp_instance *vr, const struct vrrp_vip_cfg *vip)
{
	struct vrrp_net *vn = vr->vn;
	int ifindex = vrrp_vip_ifindex(vr, vip);
	struct vrrp_vip_entry *e;
	char buf[48];
	int err;

	e = kzalloc(sizeof(*e), GFP_KERNEL_ACCOUNT);
	if (!e)
		return;
	err = vrrp_rtnl_addr(vn, RTM_NEWADDR, ifindex, vr->family, vip->addr,
			     vip->prefixlen);
	if (err) {
		/* -EEXIST: someone configured it meanwhile; it is not ours. */
		pr_warn_ratelimited("%s: cannot install %s/%u: %d\n", vr->name,
				    vrrp_addr_str(buf, sizeof(buf), vr->family, vip->addr),
				    vip->prefixlen, err);
		kfree(e);
		return;
	}
	e->vr = vr;
	e->ifindex = ifindex;
	memcpy(e->addr, vip->addr, sizeof(e->addr));
	e->prefixlen = vip->prefixlen;
	list_add_tail(&e->node, &vr->vips_installed);
	hash_add_rcu(vn->vips, &e->hnode, vrrp_vip_key(e->addr));
}

static void vrrp_vip_del(struct vrrp_instance *vr, struct vrrp_vip_entry *e)
{
	char buf[48];
	int err;

	if (vrrp_vip_ours_on_dev(vr, e->ifindex, e->addr)) {
		err = vrrp_rtnl_addr(vr->vn, RTM_DELADDR, e->ifindex, vr->family,
				     e->addr, e->prefixlen);
		/* -ENODEV: the device is being unregistered, the address goes along */
		if (err && err != -EADDRNOTAVAIL && err != -ENODEV)
			pr_warn_ratelimited("%s: cannot remove %s/%u: %d\n", vr->name,
					    vrrp_addr_str(buf, sizeof(buf), vr->family, e->addr),
					    e->prefixlen, err);
	}
	vrrp_vip_drop_entry(e);
}

/**
 * vrrp_vip_reconcile() - make the installed VIPs match the current state
 * @vr: the instance; caller holds vn->lock and not RTNL
 *
 * Master: exactly the configured VIPs, those on another interface only
 * while it is up. Anything else: none. An entry on another interface whose
 * address went with it (device gone, IPv6 flushed on down) is forgotten.
 * Bounded by the VIP count; process context.
 */
void vrrp_vip_reconcile(struct vrrp_instance *vr)
{
	struct vrrp_net *vn = vr->vn;
	struct vrrp_vip_entry *e, *tmp;
	const struct vrrp_cfg *cfg;
	bool want;
	u16 i;

	lockdep_assert_held(&vn->lock);
	if (!vn->rtnl)
		return;
	cfg = rcu_dereference_protected(vr->cfg, lockdep_is_held(&vn->lock));
	spin_lock_bh(&vr->lock);
	want = !vr->dead && vr->fsm.state == VRRP_STATE_MASTER;
	spin_unlock_bh(&vr->lock);

	list_for_each_entry_safe(e, tmp, &vr->vips_installed, node)
		if (!want || !vrrp_cfg_has(vr, cfg, e) ||
		    !vrrp_vip_dev_usable(vr, e->ifindex) ||
		    (e->ifindex != vr->ifindex &&
		     !vrrp_vip_ours_on_dev(vr, e->ifindex, e->addr)))
			vrrp_vip_del(vr, e);
	vrrp_vmac_filter(vr, want && cfg->vmac);
	if (!want)
		return;
	for (i = 0; i < cfg->nvips; i++)
		if (!vrrp_vip_find(vr, cfg->vips[i].addr) &&
		    vrrp_vip_dev_usable(vr, vrrp_vip_ifindex(vr, &cfg->vips[i])))
			vrrp_vip_add(vr, &cfg->vips[i]);
}

/* Drop the bookkeeping only: the device took the addresses with it. */
void vrrp_vip_forget(struct vrrp_instance *vr)
{
	struct vrrp_vip_entry *e, *tmp;

	lockdep_assert_held(&vr->vn->lock);
	list_for_each_entry_safe(e, tmp, &vr->vips_installed, node)
		vrrp_vip_drop_entry(e);
	vrrp_vmac_filter(vr, false);
}

void vrrp_vip_work(struct work_struct *work)
{
	struct vrrp_instance *vr = container_of(work, struct vrrp_instance, vip_work);
	struct vrrp_net *vn = vr->vn;
	bool dead;

	mutex_lock(&vn->lock);
	if (!vr->unlinked) {
		spin_lock_bh(&vr->lock);
		dead = vr->dead;
		spin_unlock_bh(&vr->lock);
		/* Its device gone: those VIPs went along (vrrp_vip_del finds
		 * no device), those on other interfaces are removed.
		 */
		if (dead)
			vrrp_instance_destroy(vr, true);
		else
			vrrp_vip_reconcile(vr);
	}
	mutex_unlock(&vn->lock);
	vrrp_instance_put(vr);
	/* Last: netns exit may free vn as soon as the count drops to 0. */
	if (atomic_dec_and_test(&vn->vip_works))
		wake_up_var(&vn->vip_works);
}

/* Can @dev carry @family's addresses? RTNL. */
static bool vrrp_vip_family_ok(struct net_device *dev, u8 family)
{
	struct inet6_dev *idev;

	if (family != AF_INET6)
		return __in_dev_get_rtnl(dev);
	idev = __in6_dev_get(dev);
	return idev && !READ_ONCE(idev->cnf.disable_ipv6);
}

/* Does @vr's configuration have @vip on the same interface? vn->lock. */
static bool vrrp_vip_had(struct vrrp_instance *vr, const struct vrrp_vip_cfg *vip)
{
	const struct vrrp_cfg *cfg;
	u16 i;

	if (!vr)
		return false;
	cfg = rcu_dereference_protected(vr->cfg, lockdep_is_held(&vr->vn->lock));
	for (i = 0; i < cfg->nvips; i++)
		if (!memcmp(cfg->vips[i].addr, vip->addr, sizeof(vip->addr)) &&
		    cfg->vips[i].ifindex == vip->ifindex)
			return true;
	return false;
}

/* The device @vip goes on (@dev, the instance's, or another one), checked. */
static struct net_device *vrrp_vip_check_dev(struct net_device *dev, u8 family,
					     const struct vrrp_vip_cfg *vip,
					     struct netlink_ext_ack *extack)
{
	struct net_device *vdev;
	char buf[48];

	if (!vip->ifindex || vip->ifindex == dev->ifindex)
		return dev;
	vrrp_addr_str(buf, sizeof(buf), family, vip->addr);
	vdev = __dev_get_by_index(dev_net(dev), vip->ifindex);
	if (!vdev) {
		NL_SET_ERR_MSG_FMT_MOD(extack,
				       "VIP %s: no interface with index %d in this network namespace",
				       buf, vip->ifindex);
		return ERR_PTR(-ENODEV);
	}
	if (!vrrp_vip_family_ok(vdev, family)) {
		NL_SET_ERR_MSG_FMT_MOD(extack, "VIP %s: %s has no %s configuration", buf,
				       vdev->name,
				       family == AF_INET6 ? "IPv6 (disabled?)" : "IPv4");
		return ERR_PTR(-EADDRNOTAVAIL);
	}
	return vdev;
}

/*
 * Every VIP's interface exists in the netns (another one than @dev also has
 * @family's configuration), and no VIP is already there unless @self
 * installed it. Loopbacks are allowed (keepalived configurations put
 * LVS-DR addresses on lo); nothing is announced on them.
 */
int vrrp_vip_check_free(struct net_device *dev, u8 family, const struct vrrp_cfg *cfg,
			struct vrrp_instance *self, struct netlink_ext_ack *extack)
{
	const struct in_ifaddr *ifa;
	struct in_device *in_dev;
	struct net_device *vdev;
	struct inet6_dev *idev;
	bool found, ours;
	char buf[48];
	u16 i;

	ASSERT_RTNL();
	for (i = 0; i < cfg->nvips; i++) {
		vdev = vrrp_vip_check_dev(dev, family, &cfg->vips[i], extack);
		/* Its device went while configured: other changes go on. */
		if (PTR_ERR_OR_ZERO(vdev) == -ENODEV && vrrp_vip_had(self, &cfg->vips[i]))
			continue;
		if (IS_ERR(vdev))
			return PTR_ERR(vdev);
		in_dev = __in_dev_get_rtnl(vdev);
		idev = __in6_dev_get(vdev);
		found = false;
		if (family == AF_INET6) {
			found = idev && vrrp_ip6_on_dev(idev, cfg->vips[i].addr, &ours);
		} else if (in_dev) {
			in_dev_for_each_ifa_rtnl(ifa, in_dev)
				if (!memcmp(&ifa->ifa_local, cfg->vips[i].addr, 4))
					found = true;
		}
		if (!found || (self && vrrp_vip_installed(self, cfg->vips[i].addr)))
			continue;
		NL_SET_ERR_MSG_FMT_MOD(extack, "VIP %s is already configured on %s by someone else",
				       vrrp_addr_str(buf, sizeof(buf), family,
						     cfg->vips[i].addr),
				       vdev->name);
		return -EEXIST;
	}
	return 0;
}

/* The instance whose installed VIP @addr (16 bytes, zero-padded) is. RCU. */
struct vrrp_instance *vrrp_vip_lookup_rcu(struct vrrp_net *vn, u8 family, const u8 *addr)
{
	struct vrrp_vip_entry *e;

	hash_for_each_possible_rcu(vn->vips, e, hnode, vrrp_vip_key(addr))
		if (e->vr->family == family && !memcmp(e->addr, addr, 16))
			return e->vr;
	return NULL;
}

static unsigned int vrrp_nf_accept(struct vrrp_net *vn, u8 family, const u8 *addr)
{
	const struct vrrp_cfg *cfg;
	struct vrrp_instance *vr;

	vr = vrrp_vip_lookup_rcu(vn, family, addr);
	if (!vr)
		return NF_ACCEPT;
	cfg = rcu_dereference(vr->cfg);
	if (!cfg->accept && cfg->priority != VRRP_PRIORITY_OWNER)
		return NF_DROP;
	return NF_ACCEPT;
}

static unsigned int vrrp_nf_local_in(void *priv, struct sk_buff *skb,
				     const struct nf_hook_state *state)
{
	u8 addr[16] = {};

	memcpy(addr, &ip_hdr(skb)->daddr, 4);
	return vrrp_nf_accept(priv, AF_INET, addr);
}

static unsigned int vrrp_nf_local_in6(void *priv, struct sk_buff *skb,
				      const struct nf_hook_state *state)
{
	const struct ipv6hdr *ip6h = ipv6_hdr(skb);
	u8 nexthdr = ip6h->nexthdr;
	__be16 frag_off;
	int off;

	/* Neighbour Discovery for a VIP is always answered. */
	off = ipv6_skip_exthdr(skb, sizeof(*ip6h), &nexthdr, &frag_off);
	if (off >= 0 && nexthdr == IPPROTO_ICMPV6) {
		u8 _type, *type = skb_header_pointer(skb, off, 1, &_type);

		if (type && *type >= NDISC_ROUTER_SOLICITATION && *type <= NDISC_REDIRECT) {
			vrrp_split_nd(priv, skb, off, *type);
			return NF_ACCEPT;
		}
	}
	return vrrp_nf_accept(priv, AF_INET6, (const u8 *)&ip6h->daddr);
}

static const struct nf_hook_ops vrrp_nf_ops[] = {
	{
		.hook		= vrrp_nf_local_in,
		.pf		= NFPROTO_IPV4,
		.hooknum	= NF_INET_LOCAL_IN,
		.priority	= NF_IP_PRI_FILTER,
	},
	{
		.hook		= vrrp_nf_local_in6,
		.pf		= NFPROTO_IPV6,
		.hooknum	= NF_INET_LOCAL_IN,
		.priority	= NF_IP6_PRI_FILTER,
	},
};

#define VRRP_NF_OPS	(ARRAY_SIZE(vrrp_nf_ops) + VRRP_VMAC_NF_OPS + VRRP_SPLIT_NF_OPS)

/*
 * First instance of a netns: open the rtnetlink socket and register the
 * accept-mode and virtual MAC hooks. Kept until the netns or the module goes.
 */
int vrrp_vip_net_init(struct vrrp_net *vn)
{
	int err, i;

	lockdep_assert_held(&vn->lock);
	if (!vn->rtnl) {
		err = sock_create_kern(vn->net, AF_NETLINK, SOCK_RAW, NETLINK_ROUTE,
				       &vn->rtnl);
		if (err)
			return err;
	}
	if (vn->hooks_gone)
		return -ENODEV;
	if (!vn->hook_registered) {
		BUILD_BUG_ON(ARRAY_SIZE(vn->hooks) < VRRP_NF_OPS);
		for (i = 0; i < ARRAY_SIZE(vrrp_nf_ops); i++) {
			vn->hooks[i] = vrrp_nf_ops[i];
			vn->hooks[i].priv = vn;
		}
		vrrp_vmac_nf_ops(vn, &vn->hooks[ARRAY_SIZE(vrrp_nf_ops)]);
		vrrp_split_nf_ops(vn, &vn->hooks[ARRAY_SIZE(vrrp_nf_ops) + VRRP_VMAC_NF_OPS]);
		err = nf_register_net_hooks(vn->net, vn->hooks, VRRP_NF_OPS);
		if (err)
			return err;
		vn->hook_registered = true;
	}
	return 0;
}

/*
 * Netns or module exit, before the grace period that precedes .exit: no
 * packet is in a hook of @vn once that has passed. vn->lock keeps a
 * concurrent first instance (module unload races nothing: the family is
 * gone) from registering them again.
 */
void vrrp_vip_net_pre_exit(struct vrrp_net *vn)
{
	mutex_lock(&vn->lock);
	if (vn->hook_registered)
		nf_unregister_net_hooks(vn->net, vn->hooks, VRRP_NF_OPS);
	vn->hook_registered = false;
	vn->hooks_gone = true;
	mutex_unlock(&vn->lock);
}

void vrrp_vip_net_exit(struct vrrp_net *vn)
{
	if (vn->rtnl)
		sock_release(vn->rtnl);
	vn->rtnl = NULL;
}
