// SPDX-License-Identifier: GPL-2.0
/*
 * vrrpctl load: a vrrp_instance of keepalived.conf, in the model of load.h.
 * kt_instance() reads its block; kt_instance_finish() applies keepalived's
 * defaults and rules once global_defs and the sync groups are known, and
 * kt_instance_tracks() its tracked scripts and interfaces. Where this
 * follows keepalived 2.2, the comments say what keepalived does.
 */
#include <stdlib.h>
#include <string.h>
#include <net/if.h>
#include <sys/socket.h>

#include <linux/vrrp.h>

#include "load.h"
#include "vrrpctl.h"

static const char *kw(const struct ka_node *n)
{
	return n->w[0];
}

static const char *family_name(int family)
{
	return family == AF_INET6 ? "IPv6" : "IPv4";
}

static bool is_multicast(const struct vrrp_addr *a)
{
	return a->family == AF_INET ? (a->bytes[0] & 0xf0) == 0xe0 : a->bytes[0] == 0xff;
}

static bool is_unicast(const struct vrrp_addr *a)
{
	unsigned int i;

	if (is_multicast(a))
		return false;
	if (a->family == AF_INET && !memcmp(a->bytes, "\xff\xff\xff\xff", 4))
		return false;
	for (i = 0; i < a->len; i++)
		if (a->bytes[i])
			return true;
	return false;
}

static bool is_link_local6(const struct vrrp_addr *a)
{
	return a->family == AF_INET6 && a->bytes[0] == 0xfe && (a->bytes[1] & 0xc0) == 0x80;
}

/* A virtual address already given, in either list; NULL if none. */
static const struct lo_vip *vip_given(const struct lo_inst *i, const struct lo_vip *v)
{
	const struct lo_vip *o;
	int pass;

	for (pass = 0; pass < 2; pass++)
		for (o = pass ? i->evips : i->vips; o; o = o->next)
			if (o->addr.family == v->addr.family &&
			    !memcmp(o->addr.bytes, v->addr.bytes, v->addr.len))
				return o;
	return NULL;
}

/*
 * virtual_ipaddress { ADDR[/LEN] [dev IF] [label L] [scope S] ... }, or
 * virtual_ipaddress_excluded (@excluded: installed, not in adverts)
 */
static void vips(struct kt *t, struct lo_inst *i, const struct ka_node *top, bool excluded)
{
	struct ka_pos *top_pos = excluded ? &i->evips_pos : &i->vips_pos;
	struct lo_vip *v, **tail = excluded ? &i->evips : &i->vips;
	const struct lo_vip *o;
	const struct ka_node *n;
	char addr[64], *slash;
	unsigned long plen;
	const char *opt;
	int w;

	if (!top->block || top->nw > 1) {
		ka_error(t->d, &top->pos, "\"%s\" needs a { } block of addresses", kw(top));
		return;
	}
	if (top_pos->file) {
		ka_warn(t->d, &top->pos, "%s given twice (line %u): the addresses of both count, as in keepalived",
			kw(top), top_pos->line);
		while (*tail)
			tail = &(*tail)->next;
	}
	*top_pos = top->pos;
	for (n = top->child; n; n = n->next) {
		if (n->block) {
			ka_error(t->d, &n->pos, "\"%s\" takes no { } block", kw(n));
			continue;
		}
		v = ka_alloc(t->c, sizeof(*v));
		v->pos = n->pos;
		v->text = n->w[0];
		snprintf(addr, sizeof(addr), "%s", n->w[0]);
		slash = strchr(addr, '/');
		if (slash)
			*slash = '\0';
		if (!parse_addr(addr, &v->addr)) {
			ka_error(t->d, &n->pos, "invalid virtual address \"%s\" (expected ADDR[/LEN])",
				 n->w[0]);
			continue;
		}
		if (slash) {
			plen = strtoul(slash + 1, NULL, 10);
			if (!slash[1] || strspn(slash + 1, "0123456789") != strlen(slash + 1) ||
			    strlen(slash + 1) > 3 || plen > v->addr.len * 8) {
				ka_error(t->d, &n->pos, "invalid prefix length in \"%s\" (0..%u)",
					 n->w[0], v->addr.len * 8);
				continue;
			}
			v->addr.prefixlen = plen;
		}
		if (!is_unicast(&v->addr)) {
			ka_error(t->d, &n->pos, "virtual address \"%s\" is not a unicast address",
				 n->w[0]);
			continue;
		}
		for (w = 1; w < n->nw; w++) {
			opt = n->w[w];
			if (!strcmp(opt, "home") || !strcmp(opt, "-nodad") ||
			    !strcmp(opt, "mngtmpaddr") || !strcmp(opt, "noprefixroute") ||
			    !strcmp(opt, "autojoin") || !strcmp(opt, "no_track") ||
			    !strcmp(opt, "use_vmac")) {
				ka_strict(t->d, &n->pos, "not supported yet: %s's \"%s\": ignored",
					  n->w[0], opt);
				continue;
			}
			if (strcmp(opt, "dev") && strcmp(opt, "label") && strcmp(opt, "scope") &&
			    strcmp(opt, "brd") && strcmp(opt, "broadcast") && strcmp(opt, "peer") &&
			    strcmp(opt, "preferred_lft")) {
				ka_error(t->d, &n->pos, "%s: unknown option \"%s\"", n->w[0], opt);
				break;
			}
			if (++w >= n->nw) {
				ka_error(t->d, &n->pos, "%s: \"%s\" needs a value", n->w[0], opt);
				break;
			}
			if (!strcmp(opt, "dev")) {
				if (!n->w[w][0] || strlen(n->w[w]) >= IFNAMSIZ ||
				    strpbrk(n->w[w], "@/ \t")) {
					ka_error(t->d, &n->pos, "%s: invalid interface name \"%s\"",
						 n->w[0], n->w[w]);
					break;
				}
				v->dev = n->w[w];
			} else if (!strcmp(opt, "label")) {
				ka_note(t->d, &n->pos, "%s's label \"%s\" ignored (the address has none)",
					n->w[0], n->w[w]);
			} else if (!strcmp(opt, "scope")) {
				if (strcmp(n->w[w], "global") && strcmp(n->w[w], "universe") &&
				    strcmp(n->w[w], "0"))
					ka_strict(t->d, &n->pos, "not supported yet: %s's scope %s: installed with scope global",
						  n->w[0], n->w[w]);
			} else {
				ka_strict(t->d, &n->pos, "not supported yet: %s's \"%s %s\": ignored",
					  n->w[0], opt, n->w[w]);
			}
		}
		if (w < n->nw)
			continue;
		o = vip_given(i, v);
		if (o) {
			ka_error(t->d, &n->pos, "virtual address %s given twice (line %u)", n->w[0],
				 o->pos.line);
			continue;
		}
		*tail = v;
		tail = &v->next;
		if (excluded)
			i->nevips++;
		else
			i->nvips++;
	}
}

/* authentication { auth_type PASS; auth_pass SECRET } */
static void authentication(struct kt *t, struct lo_inst *i, const struct ka_node *top)
{
	const struct ka_node *n;

	if (!top->block || top->nw > 1) {
		ka_error(t->d, &top->pos, "\"authentication\" needs a { } block");
		return;
	}
	for (n = top->child; n; n = n->next) {
		if (!strcmp(kw(n), "auth_type")) {
			if (!kt_nargs(t, n, 1, 1))
				continue;
			if (!strcmp(n->w[1], "PASS")) {
				i->auth_pass = true;
				i->auth_pos = n->pos;
			} else if (!strcmp(n->w[1], "AH")) {
				ka_error(t->d, &n->pos, "auth_type AH is refused: vrrp.ko has no IPsec AH (PASS, or no authentication)");
			} else {
				ka_error(t->d, &n->pos, "invalid auth_type \"%s\" (expected PASS)", n->w[1]);
			}
		} else if (!strcmp(kw(n), "auth_pass")) {
			if (!kt_nargs(t, n, 1, 1))
				continue;
			i->password = n->w[1];
			i->password_pos = n->pos;
			if (strlen(i->password) > VRRP_AUTH_DATA_LEN) {
				ka_warn(t->d, &n->pos, "auth_pass cut to %d characters, as keepalived does",
					VRRP_AUTH_DATA_LEN);
				i->password = ka_printf(t->c, "%.*s", VRRP_AUTH_DATA_LEN, i->password);
			}
		} else {
			ka_error(t->d, &n->pos, "unknown keyword \"%s\" in authentication", kw(n));
		}
	}
}

/* unicast_peer { ADDR [min_ttl N] [max_ttl N] ... } */
static void peers(struct kt *t, struct lo_inst *i, const struct ka_node *top)
{
	const struct ka_node *n;
	struct lo_peer *p, **tail = &i->peers, *o;
	unsigned long v;
	int w;

	if (!top->block || top->nw > 1) {
		ka_error(t->d, &top->pos, "\"unicast_peer\" needs a { } block of addresses");
		return;
	}
	while (*tail)
		tail = &(*tail)->next;
	i->peers_pos = top->pos;
	for (n = top->child; n; n = n->next) {
		if (n->block) {
			ka_error(t->d, &n->pos, "\"%s\" takes no { } block", kw(n));
			continue;
		}
		p = ka_alloc(t->c, sizeof(*p));
		p->pos = n->pos;
		p->text = n->w[0];
		p->max_ttl = 255;
		if (!kt_addr(t, n, 0, "unicast peer", &p->addr))
			continue;
		if (!is_unicast(&p->addr)) {
			ka_error(t->d, &n->pos, "unicast peer \"%s\" is not a unicast address", n->w[0]);
			continue;
		}
		for (w = 1; w < n->nw; w += 2) {
			if (strcmp(n->w[w], "min_ttl") && strcmp(n->w[w], "max_ttl")) {
				ka_error(t->d, &n->pos, "unicast peer %s: unknown option \"%s\"",
					 n->w[0], n->w[w]);
				break;
			}
			if (w + 1 >= n->nw) {
				ka_error(t->d, &n->pos, "unicast peer %s: \"%s\" needs a value",
					 n->w[0], n->w[w]);
				break;
			}
			if (!kt_uint(t, n, w + 1, 0, 255, &v))
				break;
			if (n->w[w][1] == 'i') {
				p->min_ttl = v;
				p->has_min = true;
			} else {
				p->max_ttl = v;
				p->has_max = true;
			}
		}
		if (w < n->nw)
			continue;
		if (p->min_ttl > p->max_ttl) {
			ka_error(t->d, &n->pos, "unicast peer %s: min_ttl %u is above max_ttl %u (every advert would be dropped)",
				 n->w[0], p->min_ttl, p->max_ttl);
			continue;
		}
		for (o = i->peers; o; o = o->next)
			if (o->addr.family == p->addr.family &&
			    !memcmp(o->addr.bytes, p->addr.bytes, p->addr.len))
				break;
		if (o) {
			ka_error(t->d, &n->pos, "unicast peer %s given twice (line %u)", n->w[0],
				 o->pos.line);
			continue;
		}
		if (++i->npeers > VRRP_PEER_MAX) {
			ka_error(t->d, &n->pos, "more than %d unicast peers: the module takes %d",
				 VRRP_PEER_MAX, VRRP_PEER_MAX);
			continue;
		}
		*tail = p;
		tail = &p->next;
	}
}

/* Keywords that change nothing for vrrp.ko: named with --strict. */
static const char *const harmless[] = {
	"smtp_alert", "notify_priority_changes", "debug", "kernel_rx_buf_size",
	"linkbeat_use_polling", "skip_check_adv_addr", "check_unicast_src",
	"lvs_sync_daemon_interface", "no_virtual_ipaddress",
};

/* Keywords for what vrrp.ko cannot do yet, and what happens instead. */
static const struct {
	const char *word;
	const char *instead;
} unsupported[] = {
	{ "track_src_ip", "ignored" },
	{ "promote_secondaries", "ignored" },
	{ "track_file", "not tracked" },
	{ "track_process", "not tracked" },
	{ "track_bfd", "not tracked" },
	{ "use_ipvlan", "ignored" },
	{ "use_vmac_addr", "ignored" },
	{ "vmac_xmit_base", "multicast adverts go out with the virtual MAC" },
	{ "notify_deleted", "a deleted instance's scripts see STOP" },
	{ "notify_master_rx_lower_pri", "not run" },
	{ "garp_lower_prio_delay", "no GARPs after a lower priority advert" },
	{ "garp_lower_prio_repeat", "no GARPs after a lower priority advert" },
	{ "garp_extra_if", "no GARPs on other interfaces" },
	{ "vmac_garp_intvl", "no GARPs on other interfaces" },
	{ "timer_expired_backup", "ignored" },
	{ "old_unicast_checksum", "the checksum of today's keepalived" },
	{ "vrf", "ignored" },
};

static bool keyword(struct kt *t, struct lo_inst *i, const struct ka_node *n)
{
	const char *k = kw(n);
	unsigned long v;
	uint64_t us;
	size_t j;
	int b;

	if (!strcmp(k, "state")) {
		if (!kt_nargs(t, n, 1, 1))
			return true;
		if (!strcmp(n->w[1], "MASTER")) {
			i->state_master = true;
			i->state_pos = n->pos;
		} else if (!strcmp(n->w[1], "BACKUP")) {
			if (i->state_master)
				ka_warn(t->d, &n->pos, "state BACKUP after state MASTER (line %u): ignored, as keepalived does",
					i->state_pos.line);
			else
				i->state_pos = n->pos;
		} else {
			ka_error(t->d, &n->pos, "invalid state \"%s\" (expected MASTER or BACKUP)",
				 n->w[1]);
		}
	} else if (!strcmp(k, "interface")) {
		i->ifname_pos = n->pos;
		if (!kt_nargs(t, n, 1, 1))
			return true;
		if (strlen(n->w[1]) >= 16) {
			ka_error(t->d, &n->pos, "invalid interface name \"%s\"", n->w[1]);
			return true;
		}
		i->ifname = n->w[1];
	} else if (!strcmp(k, "virtual_router_id")) {
		i->vrid_pos = n->pos;
		if (kt_nargs(t, n, 1, 1) && kt_uint(t, n, 1, 1, 255, &v))
			i->vrid = v;
	} else if (!strcmp(k, "priority")) {
		if (kt_nargs(t, n, 1, 1) && kt_uint(t, n, 1, 1, 255, &v)) {
			i->prio = v;
			i->prio_pos = n->pos;
		}
	} else if (!strcmp(k, "advert_int")) {
		if (kt_nargs(t, n, 1, 1) && kt_secs(t, n, 1, 10000, 255000000, &us)) {
			i->advert_us = us;
			i->advert_pos = n->pos;
		}
	} else if (!strcmp(k, "version")) {
		if (kt_nargs(t, n, 1, 1) && kt_uint(t, n, 1, 2, 3, &v)) {
			i->version = v;
			i->version_pos = n->pos;
		}
	} else if (!strcmp(k, "virtual_ipaddress")) {
		vips(t, i, n, false);
	} else if (!strcmp(k, "virtual_ipaddress_excluded")) {
		vips(t, i, n, true);
	} else if (!strcmp(k, "nopreempt") || !strcmp(k, "preempt")) {
		if (kt_nargs(t, n, 0, 0)) {
			i->nopreempt = k[0] == 'n';
			i->nopreempt_pos = n->pos;
		}
	} else if (!strcmp(k, "preempt_delay")) {
		if (kt_nargs(t, n, 1, 1) && kt_secs(t, n, 1, 0, 1000000000, &us)) {
			i->preempt_delay_us = us;
			i->preempt_delay_pos = n->pos;
		}
	} else if (!strcmp(k, "accept") || !strcmp(k, "no_accept")) {
		if (kt_nargs(t, n, 0, 0)) {
			i->accept = k[0] == 'a';
			i->accept_pos = n->pos;
		}
	} else if (!strcmp(k, "authentication")) {
		authentication(t, i, n);
	} else if (!strcmp(k, "unicast_src_ip") || !strcmp(k, "mcast_src_ip")) {
		/* keepalived: one source address, whichever keyword set it last */
		if (kt_nargs(t, n, 1, 1) && kt_addr(t, n, 1, k, &i->src_addr)) {
			if (!is_unicast(&i->src_addr)) {
				ka_error(t->d, &n->pos, "%s \"%s\" is not a unicast address", k, n->w[1]);
				return true;
			}
			i->src_text = n->w[1];
			i->src_kw = k;
			i->src_pos = n->pos;
		}
	} else if (!strcmp(k, "unicast_peer")) {
		peers(t, i, n);
	} else if (!strcmp(k, "unicast_ttl")) {
		if (kt_nargs(t, n, 1, 1) && kt_uint(t, n, 1, 0, 255, &v)) {
			if (!v) {
				ka_error(t->d, &n->pos, "unicast_ttl 0: the module sends with a TTL of 1..255");
				return true;
			}
			i->unicast_ttl = v;
			i->ttl_pos = n->pos;
		}
	} else if (!strcmp(k, "mcast_dst_ip")) {
		if (!kt_nargs(t, n, 1, 1) || !kt_addr(t, n, 1, k, &i->group))
			return true;
		if (i->group.family == AF_INET ? !is_multicast(&i->group) :
		    i->group.bytes[0] != 0xff || (i->group.bytes[1] & 0x0f) != 2) {
			ka_error(t->d, &n->pos, "mcast_dst_ip %s is not %smulticast", n->w[1],
				 i->group.family == AF_INET6 ? "link-local " : "");
			return true;
		}
		i->group_text = n->w[1];
		i->group_pos = n->pos;
	} else if (!strcmp(k, "use_vmac")) {
		if (kt_nargs(t, n, 0, 2)) {
			i->vmac = true;
			i->vmac_pos = n->pos;
		}
	} else if (!strcmp(k, "track_script")) {
		kt_track_block(t, n, &i->tracks, true);
	} else if (!strcmp(k, "track_interface")) {
		kt_track_block(t, n, &i->tracks, false);
	} else if (!strcmp(k, "notify") || !strcmp(k, "notify_master") ||
		   !strcmp(k, "notify_backup") || !strcmp(k, "notify_fault") ||
		   !strcmp(k, "notify_stop")) {
		kt_notify(t, n, i->notify, i->src);
	} else if (!strcmp(k, "garp_master_delay")) {
		if (kt_nargs(t, n, 1, 1) && kt_uint(t, n, 1, 0, 3600, &v))
			i->garp_delay_s = v;
	} else if (!strcmp(k, "garp_master_repeat")) {
		if (kt_nargs(t, n, 1, 1) && kt_uint(t, n, 1, 0, 1000000, &v))
			i->garp_repeat = kt_garp_repeat(t, n, v);
	} else if (!strcmp(k, "garp_master_refresh")) {
		kt_garp_period(t, n, &i->garp_period_s);
	} else if (!strcmp(k, "garp_master_refresh_repeat")) {
		if (kt_nargs(t, n, 1, 1) && kt_uint(t, n, 1, 0, 1000000, &v))
			i->garp_period_rep = kt_garp_repeat(t, n, v);
	} else if (!strcmp(k, "down_timer_adverts")) {
		if (kt_nargs(t, n, 1, 1) && kt_uint(t, n, 1, 1, 100, &v) && v != 3)
			ka_strict(t->d, &n->pos, "not supported yet: %s %lu: the master is down after 3 adverts",
				  k, v);
	} else if (!strcmp(k, "lower_prio_no_advert") || !strcmp(k, "higher_prio_send_advert")) {
		if (kt_bool(t, n) == 1)
			ka_strict(t->d, &n->pos, "not supported yet: %s: ignored", k);
	} else if (!strcmp(k, "v3_checksum_as_v2")) {
		b = kt_bool(t, n);
		if (b >= 0)
			i->csum_v2 = b;
	} else if (!strcmp(k, "strict_mode")) {
		b = kt_bool(t, n);
		if (b >= 0)
			i->strict = b;
	} else if (!strcmp(k, "dont_track_primary")) {
		if (kt_nargs(t, n, 0, 0))
			i->dont_track_primary = true;
	} else if (!strcmp(k, "native_ipv6")) {
		if (kt_nargs(t, n, 0, 0))
			i->native_ipv6 = true;
	} else if (!strcmp(k, "unicast_fault_no_peer")) {
		if (kt_nargs(t, n, 0, 0)) {
			i->unicast_fault_no_peer = true;
			i->no_peer_pos = n->pos;
		}
	} else if (!strcmp(k, "virtual_routes") || !strcmp(k, "virtual_rules")) {
		ka_error(t->d, &n->pos, "%s is refused: vrrp.ko moves addresses, not %s (add them from a notify script)",
			 k, k[9] == 'o' ? "routes" : "rules");
	} else {
		for (j = 0; j < sizeof(harmless) / sizeof(harmless[0]); j++)
			if (!strcmp(harmless[j], k)) {
				ka_note(t->d, &n->pos, "%s ignored (nothing to do for vrrp.ko)", k);
				return true;
			}
		for (j = 0; j < sizeof(unsupported) / sizeof(unsupported[0]); j++)
			if (!strcmp(unsupported[j].word, k)) {
				ka_strict(t->d, &n->pos, "not supported yet: %s: %s", k,
					  unsupported[j].instead);
				return true;
			}
		return false;
	}
	return true;
}

void kt_instance(struct kt *t, const struct ka_node *top)
{
	const struct ka_node *n;
	struct lo_inst *i, **tail;

	for (tail = &t->m->insts; *tail; tail = &(*tail)->next)
		if (!strcmp((*tail)->src, top->w[1])) {
			ka_error(t->d, &top->pos, "vrrp_instance \"%s\" defined twice (line %u)",
				 top->w[1], (*tail)->pos.line);
			return;
		}
	i = ka_alloc(t->c, sizeof(*i));
	i->pos = top->pos;
	i->src = top->w[1];
	i->name = kt_name(t, &top->pos, "vrrp_instance", i->src);
	if (instance_keyword(i->name))
		ka_error(t->d, &top->pos, "vrrp_instance \"%s\": a vrrpctl keyword cannot name an instance: rename it",
			 i->name);
	i->accept = -1;
	i->strict = -1;
	i->csum_v2 = -1;
	i->unicast_ttl = -1;
	i->garp_repeat = -1;
	i->garp_delay_s = -1;
	i->garp_period_s = -1;
	i->garp_period_rep = -1;
	*tail = i;
	for (n = top->child; n; n = n->next)
		if (!keyword(t, i, n))
			ka_error(t->d, &n->pos, "unknown keyword \"%s\" in vrrp_instance", kw(n));
}

/* The family: the first VIP's (or the peers', ...); the rest must agree. */
static void family(struct kt *t, struct lo_inst *i)
{
	struct lo_vip *v;
	struct lo_peer *p;

	if (i->vips)
		i->family = i->vips->addr.family;
	else if (i->native_ipv6)
		i->family = AF_INET6;
	else if (i->src_text)
		i->family = i->src_addr.family;
	else if (i->peers)
		i->family = i->peers->addr.family;
	else
		i->family = AF_INET;
	for (v = i->vips; v; v = v->next)
		if (v->addr.family != i->family) {
			ka_error(t->d, &v->pos, "virtual address %s is %s, but %s is %s (one family per instance)",
				 v->text, family_name(v->addr.family), i->src, family_name(i->family));
			i->bad = true;
		}
	for (p = i->peers; p; p = p->next)
		if (p->addr.family != i->family) {
			ka_error(t->d, &p->pos, "unicast peer %s is %s, but %s is %s", p->text,
				 family_name(p->addr.family), i->src, family_name(i->family));
			i->bad = true;
		}
	if (i->src_text && i->src_addr.family != i->family) {
		ka_error(t->d, &i->src_pos, "%s %s is %s, but %s is %s", i->src_kw, i->src_text,
			 family_name(i->src_addr.family), i->src, family_name(i->family));
		i->bad = true;
	}
	if (i->group_text && i->group.family != i->family) {
		ka_error(t->d, &i->group_pos, "mcast_dst_ip %s is %s, but %s is %s", i->group_text,
			 family_name(i->group.family), i->src, family_name(i->family));
		i->bad = true;
	}
}

/* keepalived rounds what the version cannot carry, and says so. */
static void advert(struct kt *t, struct lo_inst *i)
{
	uint64_t us = i->advert_us ? i->advert_us : KA_ADVERT_US;
	const struct ka_pos *pos = i->advert_us ? &i->advert_pos : &i->pos;
	uint64_t r;

	if (i->version == 2) {
		if (us >= 256000000) {
			ka_warn(t->d, pos, "VRRPv2 advert_int must be below 256s: 255s, as keepalived says");
			us = 255000000;
		} else if (us % 1000000) {
			r = (us + 500000) / 1000000 * 1000000;
			if (!r)
				r = 1000000;
			ka_warn(t->d, pos, "VRRPv2 advert_int must be whole seconds: %llus, as keepalived rounds it",
				(unsigned long long)(r / 1000000));
			us = r;
		}
	} else {
		if (us > (uint64_t)VRRP_MAX_ADVERT_CS * 10000) {
			ka_warn(t->d, pos, "VRRPv3 advert_int must be below 40.96s: 40.95s, as keepalived says");
			us = (uint64_t)VRRP_MAX_ADVERT_CS * 10000;
		} else if (us % 10000) {
			r = (us + 5000) / 10000 * 10000;
			if (!r)
				r = 10000;
			ka_warn(t->d, pos, "VRRPv3 advert_int must be in steps of 10ms: %llums, as keepalived rounds it",
				(unsigned long long)(r / 1000));
			us = r;
		}
	}
	i->advert_cs = us / 10000;
}

/* global_defs' GARP settings, unless the instance has its own */
static void garp(struct kt *t, struct lo_inst *i)
{
	const struct lo_model *m = t->m;
	long n;

	i->garp_count = i->garp_repeat >= 0 ? i->garp_repeat : m->garp_repeat;
	n = i->garp_delay_s >= 0 ? i->garp_delay_s : m->garp_delay_s;
	i->garp_refresh_ms = n >= 0 ? n * 1000 : -1;
	i->garp_interval_ms = i->family == AF_INET6 ? m->gna_interval_ms : m->garp_interval_ms;
	/* the refresh: off unless a period is given; a count only with one */
	n = i->garp_period_s >= 0 ? i->garp_period_s : m->garp_period_s;
	i->garp_period_ms = n > 0 ? n * 1000 : -1;
	n = i->garp_period_rep >= 0 ? i->garp_period_rep : m->garp_period_rep;
	i->garp_period_count = i->garp_period_ms > 0 && n > 1 ? n : -1;
}

/* The first IPv6 VIP is link-local (RFC 9568), as the module requires. */
static void link_local_first(struct kt *t, struct lo_inst *i)
{
	struct lo_vip **p, *v;

	if (i->family != AF_INET6 || !i->vips || is_link_local6(&i->vips->addr))
		return;
	for (p = &i->vips->next; *p && !is_link_local6(&(*p)->addr); p = &(*p)->next)
		;
	if (!*p) {
		ka_error(t->d, &i->vips_pos, "vrrp_instance %s: an IPv6 instance needs a link-local virtual address (fe80::/10), the first one the module advertises (RFC 9568)",
			 i->src);
		i->bad = true;
		return;
	}
	v = *p;
	*p = v->next;
	v->next = i->vips;
	i->vips = v;
	ka_strict(t->d, &v->pos, "%s moved first: the first IPv6 virtual address is link-local (RFC 9568)",
		  v->text);
}

void kt_instance_finish(struct kt *t, struct lo_inst *i)
{
	const struct lo_model *m = t->m;
	struct lo_vip *v;
	bool strict;

	if (!i->ifname_pos.file)
		ka_error(t->d, &i->pos, "vrrp_instance %s has no interface: the module needs one",
			 i->src);
	if (!i->vrid_pos.file)
		ka_error(t->d, &i->pos, "vrrp_instance %s has no virtual_router_id", i->src);
	if (!i->ifname || !i->vrid)
		i->bad = true;
	if (!i->nvips && !i->vips_pos.file) {
		ka_error(t->d, &i->pos, "vrrp_instance %s has no virtual_ipaddress: the module needs at least one",
			 i->src);
	} else if (!i->nvips) {
		ka_error(t->d, &i->vips_pos, "vrrp_instance %s: no virtual address: the module needs at least one",
			 i->src);
	}
	if (!i->nvips)
		i->bad = true;
	if (i->nvips + i->nevips > VRRP_VIP_MAX) {
		ka_error(t->d, &i->vips_pos, "vrrp_instance %s has %u virtual addresses: the module takes %d",
			 i->src, i->nvips + i->nevips, VRRP_VIP_MAX);
		i->bad = true;
	}
	for (v = i->evips; v && i->nvips; v = v->next)
		if (v->addr.family != i->vips->addr.family) {
			ka_error(t->d, &v->pos, "not supported yet: %s in virtual_ipaddress_excluded of an %s instance: the module takes one address family per instance (make it a second instance)",
				 v->text, i->vips->addr.family == AF_INET ? "IPv4" : "IPv6");
			i->bad = true;
		}
	family(t, i);
	if (i->bad)
		return;
	link_local_first(t, i);
	strict = i->strict >= 0 ? i->strict : m->strict;

	/* keepalived: VRRPv2 unless vrrp_version 3 or "version 3"; IPv6 is VRRPv3 */
	if (i->family == AF_INET6) {
		if (i->version == 2)
			ka_strict(t->d, &i->version_pos, "not supported yet: VRRPv2 over IPv6: version 3");
		i->version = 3;
	} else if (!i->version) {
		i->version = m->version;
	}

	/*
	 * keepalived 2.2 (vrrp_complete_instance): with no priority given,
	 * "state MASTER" makes the instance the address owner, priority 255;
	 * otherwise the priority is 100.
	 */
	if (!i->prio)
		i->prio = i->state_master ? VRRP_PRIORITY_OWNER : KA_PRIO_DEFAULT;
	if (i->prio == VRRP_PRIORITY_OWNER && i->nopreempt) {
		ka_warn(t->d, &i->nopreempt_pos, "nopreempt does not go with priority 255: cleared, as keepalived does");
		i->nopreempt = false;
	}
	if (i->state_master && i->nopreempt) {
		ka_warn(t->d, &i->nopreempt_pos, "nopreempt does not work with state MASTER: cleared, as keepalived does");
		i->nopreempt = false;
	}
	if (i->state_master && i->preempt_delay_us) {
		ka_warn(t->d, &i->preempt_delay_pos, "preempt_delay does not work with state MASTER: cleared, as keepalived does");
		i->preempt_delay_us = 0;
	}
	if (i->preempt_delay_us && strict) {
		ka_warn(t->d, &i->preempt_delay_pos, "preempt_delay does not go with strict mode: cleared, as keepalived does");
		i->preempt_delay_us = 0;
	}
	if (i->preempt_delay_us && i->nopreempt) {
		ka_warn(t->d, &i->preempt_delay_pos, "preempt_delay does not go with nopreempt: cleared, as keepalived does");
		i->preempt_delay_us = 0;
	}
	if (i->preempt_delay_us % 1000) {
		ka_strict(t->d, &i->preempt_delay_pos, "not supported yet: a preempt_delay finer than a millisecond: %llums",
			  (unsigned long long)(i->preempt_delay_us + 999) / 1000);
		i->preempt_delay_us += 999;
	}
	advert(t, i);

	/* keepalived: authentication is VRRPv2's, never with strict mode, needs a password */
	if (i->auth_pass) {
		if (strict) {
			ka_warn(t->d, &i->auth_pos, "strict mode has no authentication: ignored, as keepalived does");
			i->auth_pass = false;
		} else if (i->version == 3) {
			ka_warn(t->d, &i->auth_pos, "VRRPv3 has no authentication: ignored, as keepalived does");
			i->auth_pass = false;
		} else if (!i->password || !*i->password) {
			ka_warn(t->d, &i->auth_pos, "auth_type PASS without auth_pass: no authentication, as keepalived does");
			i->auth_pass = false;
		}
	} else if (i->password) {
		ka_warn(t->d, &i->password_pos, "auth_pass without auth_type PASS: no authentication, as keepalived does");
	}

	/* keepalived: accept mode unless no_accept or strict mode (an owner accepts) */
	if (i->accept < 0)
		i->accept = i->prio == VRRP_PRIORITY_OWNER ? 1 : !strict;
	if (i->accept && i->prio != VRRP_PRIORITY_OWNER && strict && i->version == 2) {
		ka_warn(t->d, &i->accept_pos, "accept with strict mode and VRRPv2 is not RFC 3768's: no accept, as keepalived does");
		i->accept = 0;
	}

	/*
	 * keepalived.conf(5), v3_checksum_as_v2: keepalived puts the IPv4
	 * pseudo-header in the VRRPv3 checksum, as RFC 5798 5.2.8 reads for
	 * both families; some routers read it as IPv6 only, and this
	 * keyword leaves the pseudo-header out, as VRRPv2 does: csum rfc.
	 */
	i->csum = -1;
	if (i->version == 3 && i->family == AF_INET)
		i->csum = (i->csum_v2 >= 0 ? i->csum_v2 : m->csum_v2) ? VRRP_CSUM_RFC :
								       VRRP_CSUM_PSEUDO;

	if (i->peers && strict) {
		ka_error(t->d, &i->peers_pos, "unicast_peer does not go with strict mode (keepalived refuses the instance)");
		i->bad = true;
	}
	/* the source of every advert, multicast ones too, as keepalived */
	i->usrc = i->src_text;
	if (!i->peers) {
		if (i->src_text && i->src_addr.family == AF_INET6 &&
		    !(i->src_addr.bytes[0] == 0xfe && (i->src_addr.bytes[1] & 0xc0) == 0x80)) {
			ka_error(t->d, &i->src_pos, "%s %s: multicast adverts go from a link-local address (RFC 9568): vrrp.ko refuses a global one",
				 i->src_kw, i->src_text);
			i->bad = true;
		}
		if (i->unicast_ttl >= 0) {
			ka_warn(t->d, &i->ttl_pos, "unicast_ttl without unicast_peer: ignored, as keepalived does");
			i->unicast_ttl = -1;
		}
		if (i->unicast_fault_no_peer)
			ka_strict(t->d, &i->no_peer_pos, "not supported yet: unicast_fault_no_peer without peers: multicast instead of FAULT");
	}
	i->mcast_group = i->group_text ? i->group_text :
			 i->family == AF_INET ? m->group4_text : m->group6_text;
	garp(t, i);

	if (i->vmac)
		ka_strict(t->d, &i->vmac_pos, "use_vmac: the virtual MAC goes on %s itself: no macvlan interface is made, the addresses stay on %s",
			  i->ifname, i->ifname);
}

/* A track_script's vrrp_script, and what it counts as; false if there is none. */
bool kt_track_resolve(struct kt *t, struct lo_track *k)
{
	struct lo_check *c;

	if (k->script) {
		for (c = t->m->checks; c; c = c->next)
			if (!strcmp(c->src, k->script))
				break;
		if (!c || !c->has_cmd) {
			ka_strict(t->d, &k->pos, "track_script %s: no vrrp_script of that name: not tracked, as keepalived does",
				  k->script);
			return false;
		}
		k->check = c;
		if (!k->has_weight)
			k->weight = c->weight;
		if (k->reverse < 0)
			k->reverse = c->reverse;
	}
	if (k->reverse < 0)
		k->reverse = 0;
	return true;
}

/*
 * keepalived: a sync group member, unless the group has
 * sync_group_tracking_weight, tracks no weighted script and no interface
 * with a weight; an owner (255) tracks nothing weighted. False if @k is
 * not tracked.
 */
static bool track_rules(struct kt *t, struct lo_inst *i, struct lo_track *k)
{
	const struct lo_group *g = i->group_of;
	const char *what = k->script ? "track_script" : "track_interface";
	const char *name = k->script ? k->script : k->ifname;

	if (!kt_track_resolve(t, k))
		return false;
	if (!k->weight)
		return true;
	if (i->prio == VRRP_PRIORITY_OWNER) {
		ka_warn(t->d, &k->pos, "%s %s: a weight with priority 255: not tracked, as keepalived does",
			what, name);
		return false;
	}
	if (g && !g->tracking_weight) {
		if (k->script) {
			ka_warn(t->d, &k->pos, "track_script %s: a weight in sync group %s: not tracked, as keepalived does (sync_group_tracking_weight keeps it)",
				name, g->src);
			return false;
		}
		ka_warn(t->d, &k->pos, "track_interface %s: a weight in sync group %s: weight 0, as keepalived does (sync_group_tracking_weight keeps it)",
			name, g->src);
		k->weight = 0;
	}
	return true;
}

static bool same_track(const struct lo_track *a, const struct lo_track *b)
{
	return a->script ? b->script && !strcmp(a->script, b->script) :
			   b->ifname && !strcmp(a->ifname, b->ifname);
}

/* Its own tracks, then its sync group's (resolved already: lo_translate()). */
void kt_instance_tracks(struct kt *t, struct lo_inst *i)
{
	const struct lo_group *g = i->group_of;
	struct lo_track *k, *gk, **tail;
	unsigned int n = 0;

	if (i->bad)
		return;
	for (k = i->tracks; k; k = k->next)
		if (!track_rules(t, i, k))
			k->dropped = true;
	for (tail = &i->tracks; *tail; tail = &(*tail)->next)
		;
	for (gk = g ? g->tracks : NULL; gk; gk = gk->next) {
		if (gk->dropped)
			continue;
		for (k = i->tracks; k; k = k->next)
			if (!k->dropped && same_track(k, gk))
				break;
		if (k) {
			ka_warn(t->d, &k->pos, "vrrp_instance %s tracks %s itself and through sync group %s: once",
				i->src, gk->script ? gk->script : gk->ifname, g->src);
			continue;
		}
		k = ka_alloc(t->c, sizeof(*k));
		*k = *gk;
		k->next = NULL;
		k->from_group = true;
		*tail = k;
		tail = &k->next;
	}
	for (k = i->tracks; k; k = k->next) {
		if (k->dropped)
			continue;
		if (++n > VRRP_TRACK_MAX) {
			ka_error(t->d, &k->pos, "vrrp_instance %s tracks more than %d scripts and interfaces: the module takes %d",
				 i->src, VRRP_TRACK_MAX, VRRP_TRACK_MAX);
			break;
		}
		if (k->check)
			k->check->used = true;
	}
}
