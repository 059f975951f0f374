// SPDX-License-Identifier: GPL-2.0
/*
 * Split brain (uapi VRRP_A_CONFLICT, VRRP_A_MISMATCH): another node that
 * holds our VIPs, a peer that does not hear us, a peer configured
 * otherwise.
 *
 * Where it looks, all in softirq under RCU, each step bounded:
 *  - ARP: a netns NF_ARP_IN hook. arp_rcv() has already pulled the header
 *    and dropped looped-back and other hosts' frames; the hook does one
 *    hash lookup of the sender protocol address in the netns's installed
 *    VIPs (vrrp_vip_lookup_rcu, the accept-mode hook's table) and stops
 *    there for every packet that is not about one of our VIPs.
 *  - IPv6 ND: vip.c's LOCAL_IN hook, which already parses Neighbour
 *    Discovery, hands NAs and NSs here: the same lookup of the NA's target
 *    or the NS's source.
 *  - adverts: rx.c, after validation, for the one-way path and the
 *    configuration mismatch (an O(count) comparison of the address list,
 *    count <= 255).
 * A hit takes the instance's split lock (BH-safe, held for a few stores,
 * nothing called under it), and, at most once a second per record, builds
 * one GFP_ATOMIC event for the "events" group when somebody listens.
 *
 * Only a Master reports a conflict: a Backup holds no VIP, so the lookup
 * fails, and the state is checked too (a Master that has just left keeps
 * its VIPs until the VIP work runs). Our own frames never count: arp_rcv
 * drops looped-back ones, and the interface's MAC and the virtual MAC are
 * ours. A router whose valid adverts we hear is in the election: its
 * claims shortly after an advert are the election's business (the
 * one-way check reports it if that does not settle).
 */

#include <linux/etherdevice.h>
#include <linux/if_arp.h>
#include <linux/jhash.h>
#include <linux/netfilter.h>
#include <linux/netfilter_arp.h>
#include <net/genetlink.h>
#include <net/ipv6.h>
#include <net/ndisc.h>

#include "arbiter.h"
#include "instance.h"
#include "netlink.h"
#include "netns.h"
#include "split.h"
#include "vip.h"
#include "wire.h"

/*
 * A record stays active this long after its last packet: 5 advert
 * intervals, plus the GARP refresh period when one is set (another holder
 * configured as we are announces the VIPs that often), at least 1 s.
 */
static unsigned long vrrp_split_window(const struct vrrp_cfg *cfg)
{
	return max_t(unsigned long,
		     msecs_to_jiffies(cfg->adv_int * 10 * 5 + cfg->garp_period_ms), HZ);
}

static unsigned long vrrp_split_ints(u16 adv_int, unsigned int n)
{
	return msecs_to_jiffies(adv_int * 10 * n);
}

void vrrp_split_init(struct vrrp_split *sp)
{
	spin_lock_init(&sp->lock);
}

static bool vrrp_split_active(const struct vrrp_split_rec *rec, unsigned long win,
			      unsigned long now)
{
	return rec->seen && time_before(now, rec->last + win);
}

static int vrrp_split_put_rec(struct sk_buff *skb, int attr, const struct vrrp_instance *vr,
			      const struct vrrp_split_rec *rec, bool active, unsigned long now)
{
	unsigned int alen = vrrp_alen(vr->family);
	struct nlattr *nest;

	nest = nla_nest_start(skb, attr);
	if (!nest ||
	    nla_put_u8(skb, VRRP_CONFLICT_A_KIND, rec->kind) ||
	    ((rec->kind == VRRP_CONFLICT_ARP || rec->kind == VRRP_CONFLICT_ND) &&
	     nla_put(skb, VRRP_CONFLICT_A_VIP, alen, rec->vip)) ||
	    (!is_zero_ether_addr(rec->mac) &&
	     nla_put(skb, VRRP_CONFLICT_A_PEER_MAC, ETH_ALEN, rec->mac)) ||
	    (rec->has_peer && nla_put(skb, VRRP_CONFLICT_A_PEER_ADDR, alen, rec->peer)) ||
	    nla_put_u32(skb, VRRP_CONFLICT_A_AGE, jiffies_to_msecs(now - rec->last)) ||
	    (active && nla_put_flag(skb, VRRP_CONFLICT_A_ACTIVE)) ||
	    (rec->kind == VRRP_CONFLICT_ONE_WAY &&
	     nla_put_u32(skb, VRRP_CONFLICT_A_HINT, rec->bits)) ||
	    (rec->kind == VRRP_CONFLICT_MISMATCH &&
	     nla_put_u32(skb, VRRP_CONFLICT_A_WHAT, rec->bits)))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/* VRRP_CMD_CONFLICT_EVENT with a copy of @rec. Softirq, under RCU. */
static void vrrp_split_notify(struct vrrp_instance *vr, const struct vrrp_split_rec *rec,
			      int attr)
{
	struct net *net = vr->vn->net;
	struct sk_buff *skb;
	void *hdr;

	if (!vrrp_genl_listening(net))
		return;
	skb = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_ATOMIC);
	if (!skb)
		return;
	hdr = genlmsg_put(skb, 0, 0, &vrrp_genl_family, 0, VRRP_CMD_CONFLICT_EVENT);
	if (!hdr ||
	    nla_put_string(skb, VRRP_A_NAME, vr->name) ||
	    nla_put_u32(skb, VRRP_A_IFINDEX, vr->ifindex) ||
	    nla_put_u8(skb, VRRP_A_VRID, vr->vrid) ||
	    nla_put_u8(skb, VRRP_A_FAMILY, vr->family) ||
	    vrrp_split_put_rec(skb, attr, vr, rec, true, rec->last) ||
	    nla_put_u64_64bit(skb, VRRP_A_TIMESTAMP, ktime_get_real_ns(), VRRP_A_PAD)) {
		nlmsg_free(skb);
		return;
	}
	genlmsg_end(skb, hdr);
	vrrp_genl_multicast(net, skb);
}

/* One kernel log line per event, for those who read only the log. */
static void vrrp_split_log(const struct vrrp_instance *vr, const struct vrrp_split_rec *rec)
{
	char addr[48];

	if (vr->family == AF_INET6)
		snprintf(addr, sizeof(addr), "%pI6c",
			 rec->kind == VRRP_CONFLICT_ND ? rec->vip : rec->peer);
	else
		snprintf(addr, sizeof(addr), "%pI4",
			 rec->kind == VRRP_CONFLICT_ARP ? rec->vip : rec->peer);
	switch (rec->kind) {
	case VRRP_CONFLICT_ARP:
	case VRRP_CONFLICT_ND:
		pr_info_ratelimited("%s: split brain: VIP %s is also held by %pM\n",
				    vr->name, addr, rec->mac);
		break;
	case VRRP_CONFLICT_ONE_WAY:
		pr_info_ratelimited("%s: split brain: %s (%pM) claims master with a lower priority: it does not hear us (hint %#x)\n",
				    vr->name, addr, rec->mac, rec->bits);
		break;
	default:
		pr_info_ratelimited("%s: %s (%pM) on our VRID is configured otherwise (mismatch %#x)\n",
				    vr->name, addr, rec->mac, rec->bits);
	}
}

/*
 * Record what was seen in @rec (vr->split.conflict or .mismatch); count a
 * new episode (the record was inactive, or it is about something else)
 * and tell the listeners, at most once a second per record.
 */
static void vrrp_split_record(struct vrrp_instance *vr, const struct vrrp_cfg *cfg,
			      bool mismatch, u8 kind, const u8 *vip, const u8 *mac,
			      const u8 *peer, u32 bits)
{
	struct vrrp_split *sp = &vr->split;
	unsigned int alen = vrrp_alen(vr->family);
	struct vrrp_split_rec *rec = mismatch ? &sp->mismatch : &sp->conflict;
	unsigned long now = jiffies;
	struct vrrp_split_rec copy;
	bool episode, event;
	u8 zero[16] = {};

	if (!vip)
		vip = zero;
	spin_lock_bh(&sp->lock);
	episode = !vrrp_split_active(rec, vrrp_split_window(cfg), now) ||
		  rec->kind != kind || rec->bits != bits || memcmp(rec->vip, vip, alen) ||
		  (mac && !ether_addr_equal(rec->mac, mac));
	event = episode && (!rec->seen || time_after(now, rec->event + HZ));
	rec->seen = true;
	rec->last = now;
	rec->kind = kind;
	rec->bits = bits;
	memcpy(rec->vip, vip, alen);
	if (mac)
		ether_addr_copy(rec->mac, mac);
	else
		eth_zero_addr(rec->mac);
	rec->has_peer = peer;
	if (peer)
		memcpy(rec->peer, peer, alen);
	if (event)
		rec->event = now;
	copy = *rec;
	spin_unlock_bh(&sp->lock);

	/* the arbiter (if any) settles conflicts, not mismatches */
	if (!mismatch)
		vrrp_arbiter_conflict(vr);
	if (episode)
		vrrp_stat_inc(vr, mismatch ? VRRP_ISTAT_MISMATCHES :
				  kind == VRRP_CONFLICT_ONE_WAY ? VRRP_ISTAT_ONE_WAY :
								  VRRP_ISTAT_VIP_CONFLICTS);
	if (!event)
		return;
	vrrp_split_log(vr, &copy);
	vrrp_split_notify(vr, &copy, mismatch ? VRRP_A_MISMATCH : VRRP_A_CONFLICT);
}

/*
 * @mac on @dev claims our VIP @addr (16 bytes, zero-padded). Softirq,
 * under RCU. Bounded: one hash lookup, then constant work.
 */
static void vrrp_split_claim(struct vrrp_net *vn, const struct net_device *dev, u8 family,
			     u8 kind, const u8 *addr, const u8 *mac)
{
	struct vrrp_instance *vr = vrrp_vip_lookup_rcu(vn, family, addr);
	const struct vrrp_cfg *cfg;
	struct vrrp_split *sp;
	u8 vmac[ETH_ALEN];
	bool heard;

	if (!vr || !dev || vr->ifindex != dev->ifindex ||
	    READ_ONCE(vr->fsm.state) != VRRP_STATE_MASTER)
		return;
	vrrp_vmac(vr, vmac);
	if (!is_valid_ether_addr(mac) || ether_addr_equal(mac, dev->dev_addr) ||
	    ether_addr_equal(mac, vmac))
		return;
	cfg = rcu_dereference(vr->cfg);
	sp = &vr->split;
	spin_lock_bh(&sp->lock);
	heard = sp->adv_seen && ether_addr_equal(sp->adv_mac, mac) &&
		time_before(jiffies, sp->adv_at + vrrp_split_ints(cfg->adv_int, 3));
	spin_unlock_bh(&sp->lock);
	if (heard)
		return;
	vrrp_split_record(vr, cfg, false, kind, addr, mac, NULL, 0);
}

static unsigned int vrrp_split_arp_in(void *priv, struct sk_buff *skb,
				      const struct nf_hook_state *state)
{
	unsigned int end = skb_network_offset(skb) + sizeof(struct arphdr) +
			   2 * (ETH_ALEN + 4);
	const struct arphdr *arp;
	u8 addr[16] = {};
	const u8 *sha;

	if (skb_network_offset(skb) < 0 || skb_headlen(skb) < end)
		return NF_ACCEPT;
	arp = arp_hdr(skb);
	if ((arp->ar_op != htons(ARPOP_REPLY) && arp->ar_op != htons(ARPOP_REQUEST)) ||
	    arp->ar_hrd != htons(ARPHRD_ETHER) || arp->ar_pro != htons(ETH_P_IP) ||
	    arp->ar_hln != ETH_ALEN || arp->ar_pln != 4)
		return NF_ACCEPT;
	sha = (const u8 *)(arp + 1);
	memcpy(addr, sha + ETH_ALEN, 4);
	vrrp_split_claim(priv, state->in, AF_INET, VRRP_CONFLICT_ARP, addr, sha);
	return NF_ACCEPT;
}

/*
 * From vip.c's IPv6 LOCAL_IN hook: @skb is a Neighbour Advertisement or
 * Solicitation (@type) whose ICMPv6 header is at @off. The claimant's MAC
 * is the Ethernet source.
 */
void vrrp_split_nd(struct vrrp_net *vn, struct sk_buff *skb, unsigned int off, u8 type)
{
	struct in6_addr _target;
	const struct in6_addr *a;

	if (skb->pkt_type == PACKET_LOOPBACK || !skb->dev ||
	    skb->dev->type != ARPHRD_ETHER || !skb_mac_header_was_set(skb) ||
	    skb_mac_header_len(skb) < ETH_HLEN)
		return;
	if (type == NDISC_NEIGHBOUR_ADVERTISEMENT)
		a = skb_header_pointer(skb, off + sizeof(struct icmp6hdr), sizeof(_target),
				       &_target);
	else if (type == NDISC_NEIGHBOUR_SOLICITATION)
		a = &ipv6_hdr(skb)->saddr;
	else
		return;
	if (!a || ipv6_addr_any(a))
		return;
	vrrp_split_claim(vn, skb->dev, AF_INET6, VRRP_CONFLICT_ND, a->s6_addr,
			 eth_hdr(skb)->h_source);
}

/* Order-independent digest of an address list. */
static u32 vrrp_split_digest(const u8 *addrs, unsigned int n, unsigned int alen)
{
	u32 sum = 0, w[4];
	unsigned int i;

	for (i = 0; i < n; i++) {
		memset(w, 0, sizeof(w));
		memcpy(w, addrs + i * alen, alen);
		sum += jhash2(w, 4, 0x7672);
	}
	return sum;
}

static bool vrrp_split_ll(const u8 *addr)
{
	return ipv6_addr_type((const struct in6_addr *)addr) & IPV6_ADDR_LINKLOCAL;
}

static const u8 *vrrp_split_src_mac(struct sk_buff *skb)
{
	if (!skb->dev || skb->dev->type != ARPHRD_ETHER || !skb_mac_header_was_set(skb) ||
	    skb_mac_header_len(skb) < ETH_HLEN)
		return NULL;
	return eth_hdr(skb)->h_source;
}

/*
 * rx.c: a valid advert for @vr from another router (@addr_cmp: its address
 * against ours). Softirq, under RCU; @form: its IPv4 VRRPv3 checksum form.
 */
void vrrp_split_advert(struct vrrp_instance *vr, const struct vrrp_cfg *cfg,
		       struct sk_buff *skb, const struct vrrp_advert *adv,
		       const u8 *saddr, int addr_cmp, u8 form)
{
	unsigned int alen = vrrp_alen(vr->family);
	struct vrrp_split *sp = &vr->split;
	const u8 *mac = vrrp_split_src_mac(skb);
	bool csum = vr->version == 3 && vr->family == AF_INET;
	u32 what = 0, hint = 0;
	unsigned long now = jiffies;
	bool one_way = false;
	u64 sent;
	u8 prio;

	if (adv->count != cfg->wire_count ||
	    vrrp_split_digest(adv->addrs, adv->count, alen) !=
	    vrrp_split_digest(cfg->wire_addrs, cfg->wire_count, alen))
		what |= VRRP_MISMATCH_VIPS;
	if (adv->interval != cfg->adv_int)
		what |= VRRP_MISMATCH_INTERVAL;
	if (csum && form != vrrp_csum_sent(vr, cfg))
		what |= VRRP_MISMATCH_CSUM;
	if (vr->family == AF_INET6 && !vrrp_split_ll(adv->addrs))
		what |= VRRP_MISMATCH_LINKLOCAL;

	prio = READ_ONCE(vr->eff_prio);
	spin_lock_bh(&sp->lock);
	if (mac) {
		ether_addr_copy(sp->adv_mac, mac);
		sp->adv_at = now;
		sp->adv_seen = true;
	}
	/* RFC 9568 settles two masters in one exchange when both hear. */
	if (READ_ONCE(vr->fsm.state) == VRRP_STATE_MASTER && adv->priority &&
	    (adv->priority < prio || (adv->priority == prio && addr_cmp < 0))) {
		sent = atomic64_read(&vr->stats[VRRP_ISTAT_SENT_ADVERTS]);
		if (!sp->ow_count ||
		    time_after(now, sp->ow_last +
			       vrrp_split_ints(max(adv->interval, cfg->adv_int), 2))) {
			sp->ow_count = 0;
			sp->ow_sent = sent;
		}
		if (sp->ow_count < U8_MAX)
			sp->ow_count++;
		sp->ow_last = now;
		/* and we advertised twice meanwhile: it had the chance to hear */
		one_way = sp->ow_count >= 3 && sent - sp->ow_sent >= 2;
	} else {
		sp->ow_count = 0;
	}
	spin_unlock_bh(&sp->lock);

	if (what)
		vrrp_split_record(vr, cfg, true, VRRP_CONFLICT_MISMATCH, NULL, mac, saddr,
				  what);
	if (!one_way)
		return;
	if (what & VRRP_MISMATCH_CSUM)
		hint |= VRRP_HINT_CSUM;
	if (what & VRRP_MISMATCH_INTERVAL)
		hint |= VRRP_HINT_INTERVAL;
	if (atomic64_read(&vr->stats[VRRP_ISTAT_AUTH_FAILURES]) ||
	    atomic64_read(&vr->stats[VRRP_ISTAT_INVALID_AUTH_TYPE]) ||
	    atomic64_read(&vr->stats[VRRP_ISTAT_AUTH_TYPE_MISMATCH]))
		hint |= VRRP_HINT_AUTH;
	if (atomic64_read(&vr->stats[VRRP_ISTAT_IP_TTL_ERRORS]))
		hint |= VRRP_HINT_TTL;
	if (atomic64_read(&vr->vn->stats[VRRP_RSTAT_VERSION_ERRORS]))
		hint |= VRRP_HINT_VERSION;
	vrrp_split_record(vr, cfg, false, VRRP_CONFLICT_ONE_WAY, NULL, mac, saddr, hint);
}

/* rx.c: an advert for @vr from another router, discarded for @what. */
void vrrp_split_rx_error(struct vrrp_instance *vr, struct sk_buff *skb,
			 const u8 *saddr, u32 what)
{
	vrrp_split_record(vr, rcu_dereference(vr->cfg), true, VRRP_CONFLICT_MISMATCH, NULL,
			  vrrp_split_src_mac(skb), saddr, what);
}

/* The instance dump's VRRP_A_CONFLICT and VRRP_A_MISMATCH. Under RCU. */
int vrrp_split_put(struct sk_buff *skb, struct vrrp_instance *vr)
{
	const struct vrrp_cfg *cfg = rcu_dereference(vr->cfg);
	unsigned long win = vrrp_split_window(cfg), now = jiffies;
	struct vrrp_split_rec conflict, mismatch;
	bool master = READ_ONCE(vr->fsm.state) == VRRP_STATE_MASTER;

	spin_lock_bh(&vr->split.lock);
	conflict = vr->split.conflict;
	mismatch = vr->split.mismatch;
	spin_unlock_bh(&vr->split.lock);
	if (conflict.seen &&
	    vrrp_split_put_rec(skb, VRRP_A_CONFLICT, vr, &conflict,
			       master && vrrp_split_active(&conflict, win, now), now))
		return -EMSGSIZE;
	if (mismatch.seen &&
	    vrrp_split_put_rec(skb, VRRP_A_MISMATCH, vr, &mismatch,
			       vrrp_split_active(&mismatch, win, now), now))
		return -EMSGSIZE;
	return 0;
}

void vrrp_split_nf_ops(struct vrrp_net *vn, struct nf_hook_ops *ops)
{
	ops[0] = (struct nf_hook_ops) {
		.hook		= vrrp_split_arp_in,
		.priv		= vn,
		.pf		= NFPROTO_ARP,
		.hooknum	= NF_ARP_IN,
		.priority	= 0,
	};
}
