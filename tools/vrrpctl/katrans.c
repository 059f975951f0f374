// SPDX-License-Identifier: GPL-2.0
/*
 * vrrpctl load: keepalived.conf, as kaconf.c reads it, translated to
 * vrrpctl's own model (load.h): global_defs, vrrp_script, vrrp_sync_group
 * and the top level here, vrrp_instance in kainst.c.
 *
 * keepalived's meaning is kept and made explicit. What keepalived itself
 * changes with a warning (nopreempt under state MASTER, ...) is changed the
 * same way, with the same warning. What vrrp.ko cannot do yet is a warning
 * saying what is done instead ("not supported yet: ..."), an error with
 * --strict; what changes nothing (router_id, e-mail, ...) is ignored, and
 * named with --strict. Anything else unknown, invalid or refused is an
 * error: keepalived would only log it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/vrrp.h>

#include "load.h"

/* --- values ------------------------------------------------------------------ */

static const char *kw(const struct ka_node *n)
{
	return n->w[0];
}

bool kt_nargs(struct kt *t, const struct ka_node *n, int min, int max)
{
	int args = n->nw - 1;

	if (n->block) {
		ka_error(t->d, &n->pos, "\"%s\" takes no { } block", kw(n));
		return false;
	}
	if (args < min) {
		ka_error(t->d, &n->pos, "\"%s\" needs %s", kw(n),
			 min == 1 ? "a value" : "more values");
		return false;
	}
	if (max >= 0 && args > max) {
		ka_error(t->d, &n->pos, "\"%s\": unexpected \"%s\"", kw(n), n->w[max + 1]);
		return false;
	}
	return true;
}

static bool digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

bool kt_uint(struct kt *t, const struct ka_node *n, int i, unsigned long min,
	     unsigned long max, unsigned long *out)
{
	const char *s = n->w[i];
	unsigned long long v;

	if (!digits(s)) {
		ka_error(t->d, &n->pos, "invalid %s \"%s\" (expected a number in %lu..%lu)",
			 kw(n), s, min, max);
		return false;
	}
	v = strlen(s) > 12 ? ~0ULL : strtoull(s, NULL, 10);
	if (v < min || v > max) {
		ka_error(t->d, &n->pos, "%s %s out of range (%lu..%lu)", kw(n), s, min, max);
		return false;
	}
	*out = v;
	return true;
}

bool kt_int(struct kt *t, const struct ka_node *n, int i, long min, long max, long *out)
{
	const char *s = n->w[i], *d = s + (*s == '-' || *s == '+');
	long long v;

	if (!digits(d)) {
		ka_error(t->d, &n->pos, "invalid %s \"%s\" (expected a number in %ld..%ld)",
			 kw(n), s, min, max);
		return false;
	}
	v = strlen(d) > 12 ? 1LL << 62 : strtoll(d, NULL, 10);
	if (*s == '-')
		v = -v;
	if (v < min || v > max) {
		ka_error(t->d, &n->pos, "%s %s out of range (%ld..%ld)", kw(n), s, min, max);
		return false;
	}
	*out = v;
	return true;
}

/* Seconds as keepalived writes them, "2" or "0.5", to the microsecond. */
static bool secs_to_us(const char *s, uint64_t *us)
{
	uint64_t whole = 0, frac = 0, scale = 1000000;
	const char *p = s;

	for (; *p >= '0' && *p <= '9'; p++) {
		if (p - s >= 12)
			return false;
		whole = whole * 10 + (uint64_t)(*p - '0');
	}
	if (p == s)
		return false;
	if (*p == '.') {
		if (!*++p)
			return false;
		for (; *p >= '0' && *p <= '9'; p++) {
			if (scale == 1)
				return false;	/* finer than a microsecond */
			scale /= 10;
			frac += (uint64_t)(*p - '0') * scale;
		}
	}
	if (*p)
		return false;
	*us = whole * 1000000 + frac;
	return true;
}

static const char *us_str(uint64_t us, char *buf, size_t len)
{
	if (us % 1000000 == 0)
		snprintf(buf, len, "%llus", (unsigned long long)(us / 1000000));
	else if (us % 1000 == 0)
		snprintf(buf, len, "%llums", (unsigned long long)(us / 1000));
	else
		snprintf(buf, len, "%lluus", (unsigned long long)us);
	return buf;
}

bool kt_secs(struct kt *t, const struct ka_node *n, int i, uint64_t min_us,
	     uint64_t max_us, uint64_t *us)
{
	char a[24], b[24];

	if (!secs_to_us(n->w[i], us)) {
		ka_error(t->d, &n->pos, "invalid %s \"%s\" (expected seconds, such as 1 or 0.5)",
			 kw(n), n->w[i]);
		return false;
	}
	if (*us < min_us || *us > max_us) {
		ka_error(t->d, &n->pos, "%s %s out of range (%s..%s)", kw(n), n->w[i],
			 us_str(min_us, a, sizeof(a)), us_str(max_us, b, sizeof(b)));
		return false;
	}
	return true;
}

/* An optional boolean after the keyword, true if none: 1, 0, or -1 (said why). */
int kt_bool(struct kt *t, const struct ka_node *n)
{
	static const char *const yes[] = { "true", "on", "yes" }, *const no[] = { "false", "off", "no" };
	size_t i;

	if (!kt_nargs(t, n, 0, 1))
		return -1;
	if (n->nw == 1)
		return 1;
	for (i = 0; i < 3; i++) {
		if (!strcmp(n->w[1], yes[i]))
			return 1;
		if (!strcmp(n->w[1], no[i]))
			return 0;
	}
	ka_error(t->d, &n->pos, "invalid %s \"%s\" (expected true or false)", kw(n), n->w[1]);
	return -1;
}

bool kt_addr(struct kt *t, const struct ka_node *n, int i, const char *what,
	     struct vrrp_addr *a)
{
	if (!parse_addr(n->w[i], a)) {
		ka_error(t->d, &n->pos, "invalid %s \"%s\" (expected an IPv4 or IPv6 address)",
			 what, n->w[i]);
		return false;
	}
	return true;
}

/*
 * A script line (script, notify_*): keepalived splits the line again,
 * quotes and escapes understood, and then its first value, the command.
 * Words after it are in cmd->argv[cmd->argc + 1 ...]: see the callers.
 */
static char **cmd_rest;

bool kt_cmd(struct kt *t, const struct ka_node *n, struct lo_cmd *cmd, const char *what)
{
	const char *why = NULL;
	char **line;
	int nline;

	cmd_rest = NULL;
	if (n->block) {
		ka_error(t->d, &n->pos, "\"%s\" takes no { } block", kw(n));
		return false;
	}
	nline = ka_split_cmd(t->c, n->raw, &line, &why);
	if (nline < 0) {
		ka_error(t->d, &n->pos, "%s: %s", kw(n), why);
		return false;
	}
	if (nline < 2) {
		ka_error(t->d, &n->pos, "\"%s\" needs %s", kw(n), what);
		return false;
	}
	cmd->argc = ka_split_cmd(t->c, line[1], &cmd->argv, &why);
	if (cmd->argc < 0) {
		ka_error(t->d, &n->pos, "%s: %s", kw(n), why);
		return false;
	}
	if (!cmd->argc) {
		ka_error(t->d, &n->pos, "\"%s\" needs %s", kw(n), what);
		return false;
	}
	for (nline = 0; nline < cmd->argc; nline++)
		if (strpbrk(cmd->argv[nline], "\n\r")) {
			ka_error(t->d, &n->pos, "%s: a line break in \"%s\" cannot be written to vrrpctl's files",
				 kw(n), cmd->argv[nline]);
			return false;
		}
	cmd->pos = n->pos;
	cmd_rest = line + 2;
	return true;
}

/* @words (NULL-terminated), blank-separated, for messages */
static const char *kt_join(struct kt *t, char **words)
{
	const char *s = words[0];
	int i;

	for (i = 1; words[i]; i++)
		s = ka_printf(t->c, "%s %s", s, words[i]);
	return s;
}

static const char *const event_words[LO_EVENTS] = {
	[LO_MASTER] = "master", [LO_BACKUP] = "backup", [LO_FAULT] = "fault",
	[LO_STOP] = "stop", [LO_NOTIFY] = "notify",
};

const char *lo_event_word(enum lo_event ev)
{
	return event_words[ev];
}

/* notify_master, notify_backup, notify_fault, notify_stop or notify (@owner: for messages) */
void kt_notify(struct kt *t, const struct ka_node *n, struct lo_cmd *notify,
	       const char *owner)
{
	struct lo_cmd cmd;
	int ev;

	if (!strcmp(kw(n), "notify"))
		ev = LO_NOTIFY;
	else
		for (ev = 0; ev < LO_NOTIFY; ev++)
			if (!strcmp(kw(n) + 7, event_words[ev]))
				break;
	if (!kt_cmd(t, n, &cmd, "a script"))
		return;
	if (notify[ev].argv) {
		ka_warn(t->d, &n->pos, "%s: %s given twice (line %u): the first one counts, as in keepalived",
			owner, kw(n), notify[ev].pos.line);
		return;
	}
	if (cmd_rest[0])
		ka_strict(t->d, &n->pos, "not supported yet: %s's user \"%s\": the notify runner runs it as its own user (root)",
			  kw(n), cmd_rest[0]);
	notify[ev] = cmd;
}

/*
 * track_script { NAME [weight W [reverse|noreverse]] ... } or
 * track_interface { IFNAME [weight W [reverse]] ... }
 */
void kt_track_block(struct kt *t, const struct ka_node *n, struct lo_track **tracks,
		    bool script)
{
	const struct ka_node *e;
	struct lo_track *k, **tail;
	long w;

	if (!n->block || n->nw > 1) {
		ka_error(t->d, &n->pos, "\"%s\" needs a { } block of %s", kw(n),
			 script ? "vrrp_script names" : "interfaces");
		return;
	}
	for (e = n->child; e; e = e->next) {
		if (e->block) {
			ka_error(t->d, &e->pos, "\"%s\" takes no { } block", kw(e));
			continue;
		}
		if (e->nw == 2 || (e->nw > 1 && strcmp(e->w[1], "weight"))) {
			ka_error(t->d, &e->pos, "%s \"%s\": expected \"weight W\" after it, not \"%s\"",
				 kw(n), e->w[0], e->w[1]);
			continue;
		}
		k = ka_alloc(t->c, sizeof(*k));
		k->pos = e->pos;
		k->reverse = -1;
		if (script)
			k->script = e->w[0];
		else
			k->ifname = e->w[0];
		if (e->nw > 2) {
			if (!kt_int(t, e, 2, -254, 254, &w))
				continue;
			if (w == 254 || w == -254) {
				ka_warn(t->d, &e->pos, "weight %ld for %s: %d is the largest, as keepalived says",
					w, e->w[0], w > 0 ? 253 : -253);
				w = w > 0 ? 253 : -253;
			}
			k->weight = w;
			k->has_weight = true;
		}
		if (e->nw > 3) {
			if (!strcmp(e->w[3], "reverse")) {
				k->reverse = 1;
			} else if (script && !strcmp(e->w[3], "noreverse")) {
				k->reverse = 0;
			} else {
				ka_error(t->d, &e->pos, "%s \"%s\": unknown weight option \"%s\"",
					 kw(n), e->w[0], e->w[3]);
				continue;
			}
		}
		if (e->nw > 4) {
			ka_error(t->d, &e->pos, "%s \"%s\": unexpected \"%s\"", kw(n), e->w[0],
				 e->w[4]);
			continue;
		}
		if (!script && strlen(k->ifname) >= 16) {
			ka_error(t->d, &e->pos, "invalid interface name \"%s\"", k->ifname);
			continue;
		}
		for (tail = tracks; *tail; tail = &(*tail)->next)
			if (script ? (*tail)->script && !strcmp((*tail)->script, k->script) :
				     (*tail)->ifname && !strcmp((*tail)->ifname, k->ifname))
				break;
		if (*tail) {
			ka_warn(t->d, &e->pos, "%s \"%s\" given twice (line %u): ignored, as keepalived does",
				kw(n), e->w[0], (*tail)->pos.line);
			continue;
		}
		*tail = k;
	}
}

/* FNV-1a, for the shortened names */
static uint32_t hash(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/*
 * The module's name for keepalived's @src: the same if it fits, else the
 * first bytes and a hash of the whole.
 */
const char *kt_name(struct kt *t, const struct ka_pos *pos, const char *what,
		    const char *src)
{
	const unsigned char *p;
	size_t len = strlen(src);
	const char *name;

	for (p = (const unsigned char *)src; *p; p++) {
		if (*p > 0x7e || *p <= ' ') {
			ka_error(t->d, pos, "%s name \"%s\": the module takes printable ASCII only",
				 what, src);
			return src;
		}
	}
	if (len < VRRP_NAME_MAX)
		return src;
	name = ka_printf(t->c, "%.*s-%04x", VRRP_NAME_MAX - 6, src, hash(src) & 0xffff);
	ka_strict(t->d, pos, "not supported yet: %s name \"%s\" is %zu bytes, the module takes %d: called \"%s\" instead",
		  what, src, len, VRRP_NAME_MAX - 1, name);
	return name;
}

/* garp_master_repeat as keepalived and the module take it */
long kt_garp_repeat(struct kt *t, const struct ka_node *n, unsigned long v)
{
	if (v == 0) {
		ka_warn(t->d, &n->pos, "%s 0: 1, as keepalived says", kw(n));
		return 1;
	}
	if (v > 100) {
		ka_strict(t->d, &n->pos, "not supported yet: %s %lu: the module sends 100 GARPs a burst at most: 100",
			  kw(n), v);
		return 100;
	}
	return v;
}

/*
 * garp_master_refresh: whole seconds, 0 (keepalived's default) for never;
 * keepalived takes up to UINT_MAX, the module a day at most.
 */
bool kt_garp_period(struct kt *t, const struct ka_node *n, long *out)
{
	unsigned long v;

	if (!kt_nargs(t, n, 1, 1) || !kt_uint(t, n, 1, 0, UINT32_MAX, &v))
		return false;
	if (v > 86400) {
		ka_strict(t->d, &n->pos, "not supported yet: %s %lu: the module refreshes at least once a day: 86400",
			  kw(n), v);
		v = 86400;
	}
	*out = v;
	return true;
}

/* --- global_defs ------------------------------------------------------------- */

/* global_defs keywords that change nothing for VRRP: named with --strict */
static const char *const harmless_globals[] = {
	"process_names", "process_name", "vrrp_process_name", "checker_process_name",
	"lvs_process_name", "bfd_process_name", "router_id", "lvs_id",
	"notification_email_from", "smtp_server", "smtp_helo_name", "smtp_connect_timeout",
	"notification_email", "smtp_alert", "smtp_alert_vrrp", "smtp_alert_checker",
	"no_email_faults", "checker_log_all_failures", "max_auto_priority",
	"min_auto_priority_delay", "dynamic_interfaces", "default_interface",
	"disable_local_igmp", "lvs_timeouts", "lvs_flush", "lvs_flush_on_stop",
	"lvs_flush_onstop", "lvs_sync_daemon", "vrrp_iptables", "vrrp_ipsets", "nftables",
	"nftables_priority", "nftables_ifindex", "nftables_ipvs", "nftables_ipvs_priority",
	"nftables_ipvs_start_fwmark", "nftables_counters", "vrrp_check_unicast_src",
	"vrrp_skip_check_adv_addr", "vrrp_priority", "vrrp_no_swap", "vrrp_rt_priority",
	"vrrp_cpu_affinity", "vrrp_rlimit_rttime", "vrrp_rlimit_rtime", "lvs_notify_fifo",
	"lvs_notify_fifo_script", "checker_priority", "checker_no_swap",
	"checker_rt_priority", "checker_cpu_affinity", "checker_rlimit_rttime",
	"checker_rlimit_rtime", "bfd_priority", "bfd_no_swap", "bfd_rt_priority",
	"bfd_cpu_affinity", "bfd_rlimit_rttime", "bfd_rlimit_rtime", "snmp_socket",
	"enable_traps", "enable_snmp_vrrp", "enable_snmp_keepalived", "enable_snmp_rfc",
	"enable_snmp_rfcv2", "enable_snmp_rfcv3", "enable_snmp_checker", "enable_dbus",
	"dbus_service_name", "enable_script_security", "vrrp_netlink_cmd_rcv_bufs",
	"vrrp_netlink_cmd_rcv_bufs_force", "vrrp_netlink_monitor_rcv_bufs",
	"vrrp_netlink_monitor_rcv_bufs_force", "process_monitor_rcv_bufs",
	"process_monitor_rcv_bufs_force", "lvs_netlink_cmd_rcv_bufs",
	"lvs_netlink_cmd_rcv_bufs_force", "lvs_netlink_monitor_rcv_bufs",
	"lvs_netlink_monitor_rcv_bufs_force", "rs_init_notifies", "no_checker_emails",
	"vrrp_rx_bufs_policy", "vrrp_rx_bufs_multiplier", "log_unknown_vrids", "vmac_prefix",
	"vmac_addr_prefix", "umask", "random_seed", "reload_check_config",
	"reload_time_file", "reload_repeat", "reload_file", "include_check",
	"config_save_dir", "tmp_config_directory", "data_use_instance", "json_version",
	"vrrp_notify_priority_changes", "fifo_write_vrrp_states_on_reload",
	"startup_script_timeout", "shutdown_script_timeout",
};

/* global_defs keywords whose effect the module does not have yet, and what happens instead */
static const struct {
	const char *word;
	const char *instead;
} unsupported_globals[] = {
	{ "vrrp_garp_lower_prio_delay", "no GARPs after a lower priority advert" },
	{ "vrrp_garp_lower_prio_repeat", "no GARPs after a lower priority advert" },
	{ "vrrp_garp_extra_if", "no GARPs on other interfaces" },
	{ "vrrp_vmac_garp_intvl", "no GARPs on other interfaces" },
	{ "vrrp_startup_delay", "the instances start at once" },
	{ "notify_fifo", "no FIFO: use \"vrrpctl monitor\"" },
	{ "notify_fifo_script", "no FIFO: use \"vrrpctl monitor\"" },
	{ "vrrp_notify_fifo", "no FIFO: use \"vrrpctl monitor\"" },
	{ "vrrp_notify_fifo_script", "no FIFO: use \"vrrpctl monitor\"" },
	{ "startup_script", "not run" },
	{ "shutdown_script", "not run" },
};

static bool in_list(const char *const *list, size_t n, const char *w)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(list[i], w))
			return true;
	return false;
}

#define IN_LIST(list, w) in_list(list, sizeof(list) / sizeof(list[0]), w)

static void kt_mcast_group(struct kt *t, const struct ka_node *n, int family)
{
	struct lo_model *m = t->m;
	struct vrrp_addr a;

	if (!kt_nargs(t, n, 1, 1) || !kt_addr(t, n, 1, kw(n), &a))
		return;
	if (a.family != family || (family == AF_INET ? (a.bytes[0] & 0xf0) != 0xe0 :
				   a.bytes[0] != 0xff)) {
		ka_error(t->d, &n->pos, "%s \"%s\" is not an %s multicast address", kw(n), n->w[1],
			 family == AF_INET ? "IPv4" : "IPv6");
		return;
	}
	if (family == AF_INET) {
		m->group4 = a;
		m->group4_text = n->w[1];
	} else {
		m->group6 = a;
		m->group6_text = n->w[1];
	}
}

static void kt_global(struct kt *t, const struct ka_node *n)
{
	struct lo_model *m = t->m;
	unsigned long v;
	uint64_t us;
	size_t i;
	int b;

	if (!strcmp(kw(n), "vrrp_version")) {
		if (kt_nargs(t, n, 1, 1) && kt_uint(t, n, 1, 2, 3, &v))
			m->version = v;
	} else if (!strcmp(kw(n), "vrrp_strict")) {
		if (kt_nargs(t, n, 0, 0))
			m->strict = true;
	} else if (!strcmp(kw(n), "v3_checksum_as_v2")) {
		b = kt_bool(t, n);
		if (b >= 0)
			m->csum_v2 = b;
	} else if (!strcmp(kw(n), "vrrp_mcast_group4")) {
		kt_mcast_group(t, n, AF_INET);
	} else if (!strcmp(kw(n), "vrrp_mcast_group6")) {
		kt_mcast_group(t, n, AF_INET6);
	} else if (!strcmp(kw(n), "vrrp_garp_master_delay")) {
		if (kt_nargs(t, n, 1, 1) && kt_uint(t, n, 1, 0, 3600, &v))
			m->garp_delay_s = v;
	} else if (!strcmp(kw(n), "vrrp_garp_master_repeat")) {
		if (kt_nargs(t, n, 1, 1) && kt_uint(t, n, 1, 0, 1000000, &v))
			m->garp_repeat = kt_garp_repeat(t, n, v);
	} else if (!strcmp(kw(n), "vrrp_garp_master_refresh")) {
		kt_garp_period(t, n, &m->garp_period_s);
	} else if (!strcmp(kw(n), "vrrp_garp_master_refresh_repeat")) {
		if (kt_nargs(t, n, 1, 1) && kt_uint(t, n, 1, 0, 1000000, &v))
			m->garp_period_rep = kt_garp_repeat(t, n, v);
	} else if (!strcmp(kw(n), "vrrp_garp_interval") || !strcmp(kw(n), "vrrp_gna_interval")) {
		if (!kt_nargs(t, n, 1, 1) || !kt_secs(t, n, 1, 0, 3600000000ULL, &us))
			return;
		if (us % 1000) {
			ka_strict(t->d, &n->pos, "not supported yet: %s %s: the module counts milliseconds: %llums",
				  kw(n), n->w[1], (unsigned long long)(us + 999) / 1000);
			us += 999;
		}
		if (!strcmp(kw(n), "vrrp_garp_interval"))
			m->garp_interval_ms = us / 1000;
		else
			m->gna_interval_ms = us / 1000;
	} else if (!strcmp(kw(n), "vrrp_min_garp")) {
		/* one GARP, no second burst: what is not set otherwise */
		if (kt_bool(t, n) == 1) {
			if (m->garp_repeat < 0)
				m->garp_repeat = 1;
			if (m->garp_delay_s < 0)
				m->garp_delay_s = 0;
		}
	} else if (!strcmp(kw(n), "script_user")) {
		if (kt_nargs(t, n, 1, 2))
			m->script_user = n->nw > 2 ? ka_printf(t->c, "%s:%s", n->w[1], n->w[2]) :
						     n->w[1];
	} else if (!strcmp(kw(n), "vrrp_down_timer_adverts")) {
		if (kt_nargs(t, n, 1, 1) && kt_uint(t, n, 1, 1, 100, &v) && v != 3)
			ka_strict(t->d, &n->pos, "not supported yet: %s %lu: the master is down after 3 adverts",
				  kw(n), v);
	} else if (!strcmp(kw(n), "vrrp_lower_prio_no_advert") ||
		   !strcmp(kw(n), "vrrp_higher_prio_send_advert")) {
		if (kt_bool(t, n) == 1)
			ka_strict(t->d, &n->pos, "not supported yet: %s: ignored", kw(n));
	} else if (IN_LIST(harmless_globals, kw(n))) {
		ka_note(t->d, &n->pos, "global_defs: %s ignored (nothing to do for vrrp.ko)", kw(n));
	} else {
		for (i = 0; i < sizeof(unsupported_globals) / sizeof(unsupported_globals[0]); i++)
			if (!strcmp(unsupported_globals[i].word, kw(n)))
				break;
		if (i < sizeof(unsupported_globals) / sizeof(unsupported_globals[0]))
			ka_strict(t->d, &n->pos, "not supported yet: %s: %s", kw(n),
				  unsupported_globals[i].instead);
		else
			ka_error(t->d, &n->pos, "unknown keyword \"%s\" in global_defs", kw(n));
	}
}

/* --- vrrp_script ------------------------------------------------------------- */

static void kt_script(struct kt *t, const struct ka_node *top)
{
	const struct ka_node *n;
	struct lo_check *k, **tail;
	bool script = false;
	unsigned long v;
	long w;

	for (tail = &t->m->checks; *tail; tail = &(*tail)->next)
		if (!strcmp((*tail)->src, top->w[1])) {
			ka_error(t->d, &top->pos, "vrrp_script \"%s\" defined twice (line %u)",
				 top->w[1], (*tail)->pos.line);
			return;
		}
	k = ka_alloc(t->c, sizeof(*k));
	k->pos = top->pos;
	k->src = top->w[1];
	k->name = kt_name(t, &top->pos, "vrrp_script", k->src);
	if (!strcmp(k->name, "none"))
		ka_error(t->d, &top->pos, "vrrp_script \"none\": vrrpctl has no tracker of that name (\"track none\" clears a list): rename it");
	k->interval_us = KA_SCRIPT_INTERVAL_US;
	k->rise = 1;
	k->fall = 1;
	*tail = k;

	for (n = top->child; n; n = n->next) {
		if (!strcmp(kw(n), "script")) {
			script = true;
			if (k->has_cmd)
				ka_warn(t->d, &n->pos, "script given twice: the last one counts, as in keepalived");
			if (!kt_cmd(t, n, &k->cmd, "a command"))
				continue;
			k->has_cmd = true;
			if (cmd_rest[0])
				ka_warn(t->d, &n->pos, "script: \"%s\" ignored, as keepalived does (quote the whole command: script \"CMD ARGS\")",
					kt_join(t, cmd_rest));
		} else if (!strcmp(kw(n), "interval")) {
			if (kt_nargs(t, n, 1, 1) && kt_uint(t, n, 1, 0, 86400, &v)) {
				if (!v)
					ka_warn(t->d, &n->pos, "interval 0: 1 second, as keepalived says");
				k->interval_us = (v ? v : 1) * 1000000ULL;
			}
		} else if (!strcmp(kw(n), "timeout")) {
			if (kt_nargs(t, n, 1, 1) && kt_uint(t, n, 1, 0, 86400, &v)) {
				if (!v)
					ka_warn(t->d, &n->pos, "timeout 0: 1 second, as keepalived says");
				k->timeout_us = (v ? v : 1) * 1000000ULL;
			}
		} else if (!strcmp(kw(n), "weight")) {
			if (!kt_nargs(t, n, 1, 2) || !kt_int(t, n, 1, -253, 253, &w))
				continue;
			k->weight = w;
			if (n->nw > 2) {
				if (strcmp(n->w[2], "reverse"))
					ka_error(t->d, &n->pos, "weight: unknown option \"%s\" (expected reverse)",
						 n->w[2]);
				else
					k->reverse = true;
			}
		} else if (!strcmp(kw(n), "rise") || !strcmp(kw(n), "fall")) {
			if (!kt_nargs(t, n, 1, 1) || !kt_uint(t, n, 1, 1, 1000000, &v))
				continue;
			if (v > 255) {
				ka_strict(t->d, &n->pos, "not supported yet: %s %lu: the module counts up to 255: 255 instead",
					  kw(n), v);
				v = 255;
			}
			if (kw(n)[0] == 'r')
				k->rise = v;
			else
				k->fall = v;
		} else if (!strcmp(kw(n), "user")) {
			if (!kt_nargs(t, n, 1, 2))
				continue;
			k->user = n->nw > 2 ? ka_printf(t->c, "%s:%s", n->w[1], n->w[2]) : n->w[1];
			k->user_pos = n->pos;
		} else if (!strcmp(kw(n), "init_fail")) {
			if (kt_nargs(t, n, 0, 0))
				k->init_fail = true;
		} else {
			ka_error(t->d, &n->pos, "unknown keyword \"%s\" in vrrp_script", kw(n));
		}
	}
	if (!script)
		ka_error(t->d, &top->pos, "vrrp_script \"%s\" has no script", k->src);
	if (!k->timeout_us)
		k->timeout_us = k->interval_us;	/* keepalived: the interval */
}

/*
 * A user of /etc/passwd. (Not getpwnam(): the system user keepalived
 * looks for is a local one, and NSS modules stay loaded.)
 */
static bool local_user(const char *name)
{
	FILE *f = fopen("/etc/passwd", "r");
	size_t len = strlen(name), size = 0;
	char *line = NULL;
	bool found = false;

	if (!f)
		return false;
	while (!found && getline(&line, &size, f) > 0)
		found = !strncmp(line, name, len) && line[len] == ':';
	free(line);
	fclose(f);
	return found;
}

/*
 * Who runs the checks: vrrp_script's user, global_defs' script_user,
 * keepalived's default. (Whether that user exists is the host's business:
 * load.c asks, --check does not.)
 */
static void check_user(struct kt *t, struct lo_check *k)
{
	if (!k->user && t->m->script_user)
		k->user = t->m->script_user;
	else if (!k->user)	/* keepalived: keepalived_script if there is such a user, else root */
		k->user = local_user("keepalived_script") ? "keepalived_script" : "root";
}

/* --- vrrp_sync_group ----------------------------------------------------------- */

static void kt_group(struct kt *t, const struct ka_node *top)
{
	const struct ka_node *n;
	struct lo_group *g, **tail;

	for (tail = &t->m->groups; *tail; tail = &(*tail)->next)
		if (!strcmp((*tail)->src, top->w[1])) {
			ka_error(t->d, &top->pos, "vrrp_sync_group \"%s\" defined twice (line %u)",
				 top->w[1], (*tail)->pos.line);
			return;
		}
	g = ka_alloc(t->c, sizeof(*g));
	g->pos = top->pos;
	g->src = top->w[1];
	g->name = kt_name(t, &top->pos, "vrrp_sync_group", g->src);
	if (!strcmp(g->name, "none"))
		ka_error(t->d, &top->pos, "vrrp_sync_group \"none\": vrrpctl has no sync group of that name (\"sync-group none\" leaves one): rename it");
	*tail = g;

	for (n = top->child; n; n = n->next) {
		if (!strcmp(kw(n), "group")) {
			if (!n->block || n->nw > 1) {
				ka_error(t->d, &n->pos, "\"group\" needs a { } block of vrrp_instance names");
				continue;
			}
			if (g->members_pos.file) {
				ka_error(t->d, &n->pos, "\"group\" given twice (line %u)",
					 g->members_pos.line);
				continue;
			}
			g->members = n->child;
			g->members_pos = n->pos;
		} else if (!strcmp(kw(n), "track_script")) {
			kt_track_block(t, n, &g->tracks, true);
		} else if (!strcmp(kw(n), "track_interface")) {
			kt_track_block(t, n, &g->tracks, false);
		} else if (!strcmp(kw(n), "notify") || !strncmp(kw(n), "notify_", 7)) {
			if (!strcmp(kw(n), "notify") || !strcmp(kw(n), "notify_master") ||
			    !strcmp(kw(n), "notify_backup") || !strcmp(kw(n), "notify_fault") ||
			    !strcmp(kw(n), "notify_stop"))
				kt_notify(t, n, g->notify, g->src);
			else if (!strcmp(kw(n), "notify_priority_changes"))
				ka_note(t->d, &n->pos, "%s ignored (for the notify FIFO)", kw(n));
			else
				ka_error(t->d, &n->pos, "unknown keyword \"%s\" in vrrp_sync_group", kw(n));
		} else if (!strcmp(kw(n), "sync_group_tracking_weight") ||
			   !strcmp(kw(n), "global_tracking")) {
			if (kt_nargs(t, n, 0, 0))
				g->tracking_weight = true;
		} else if (!strcmp(kw(n), "track_file") || !strcmp(kw(n), "track_process") ||
			   !strcmp(kw(n), "track_bfd")) {
			ka_strict(t->d, &n->pos, "not supported yet: %s: not tracked", kw(n));
		} else if (!strcmp(kw(n), "smtp_alert")) {
			ka_note(t->d, &n->pos, "%s ignored (e-mail)", kw(n));
		} else {
			ka_error(t->d, &n->pos, "unknown keyword \"%s\" in vrrp_sync_group", kw(n));
		}
	}
}

/* The members of each group: each instance in one group at most. */
static void group_members(struct kt *t, struct lo_group *g)
{
	const struct ka_node *n;
	struct lo_inst *i;
	int w;

	if (!g->members) {
		ka_error(t->d, &g->pos, "vrrp_sync_group \"%s\" has no members (group { ... })",
			 g->src);
		return;
	}
	for (n = g->members; n; n = n->next) {
		if (n->block)
			ka_error(t->d, &n->pos, "\"%s\" takes no { } block", kw(n));
		for (w = 0; w < n->nw; w++) {
			for (i = t->m->insts; i; i = i->next)
				if (!strcmp(i->src, n->w[w]))
					break;
			if (!i) {
				ka_strict(t->d, &n->pos, "vrrp_sync_group %s: no vrrp_instance \"%s\": ignored, as keepalived does",
					  g->src, n->w[w]);
				continue;
			}
			if (i->group_of) {
				ka_error(t->d, &n->pos, "vrrp_instance %s is in two sync groups, %s and %s",
					 i->src, i->group_of->src, g->src);
				continue;
			}
			i->group_of = g;
			g->nmembers++;
		}
	}
	if (g->nmembers > VRRP_SYNC_MEMBER_MAX)
		ka_error(t->d, &g->pos, "vrrp_sync_group %s has %u members: the module takes %d",
			 g->src, g->nmembers, VRRP_SYNC_MEMBER_MAX);
	else if (g->nmembers == 1)
		ka_warn(t->d, &g->pos, "vrrp_sync_group %s has only 1 member", g->src);
}

/*
 * A sync group's tracks, for all its members: keepalived clears their
 * weights if a member is the address owner.
 */
static void group_tracks(struct kt *t, struct lo_group *g)
{
	const struct lo_inst *i;
	struct lo_track *k;
	bool owner = false;

	for (i = t->m->insts; i; i = i->next)
		if (i->group_of == g && !i->bad && i->prio == VRRP_PRIORITY_OWNER)
			owner = true;
	for (k = g->tracks; k; k = k->next) {
		if (!kt_track_resolve(t, k)) {
			k->dropped = true;
			continue;
		}
		if (owner && k->weight) {
			ka_warn(t->d, &k->pos, "sync group %s has a member with priority 255: %s's weight cleared, as keepalived does",
				g->src, k->script ? k->script : k->ifname);
			k->weight = 0;
		}
	}
}

/* --- the top level ----------------------------------------------------------- */

static void kt_top(struct kt *t, const struct ka_node *n)
{
	static const char *const unsupported_blocks[] = {
		"track_group", "garp_group", "linkbeat_interfaces", "interface_up_down_delays",
		"vrrp_track_process", "track_file", "vrrp_track_file", "bfd_instance",
	};
	static const char *const harmless_top[] = {
		"net_namespace_ipvs", "namespace_with_ipsets", "use_pid_dir", "instance",
		"child_wait_time", "linkbeat_use_polling",
	};
	const char *k = kw(n);
	const struct ka_node *g;

	if (!strcmp(k, "global_defs")) {
		if (!n->block || n->nw > 1) {
			ka_error(t->d, &n->pos, "\"global_defs\" needs a { } block");
			return;
		}
		for (g = n->child; g; g = g->next)
			kt_global(t, g);
	} else if (!strcmp(k, "vrrp_script") || !strcmp(k, "vrrp_instance") ||
		   !strcmp(k, "vrrp_sync_group")) {
		if (n->nw != 2 || !n->block) {
			ka_error(t->d, &n->pos, "\"%s\" needs a name and a { } block", k);
			return;
		}
		if (k[5] == 's' && k[6] == 'c')
			kt_script(t, n);
		else if (k[5] == 'i')
			kt_instance(t, n);
		else
			kt_group(t, n);
	} else if (!strcmp(k, "virtual_server") || !strcmp(k, "virtual_server_group")) {
		if (t->skip_lvs)
			ka_warn(t->d, &n->pos, "%s left out (--skip-lvs): keep keepalived running for it",
				k);
		else
			ka_error(t->d, &n->pos, "%s (LVS) is not for vrrp.ko: keep keepalived running for it (its VRRP part removed), or --skip-lvs to leave it out",
				 k);
	} else if (!strcmp(k, "static_ipaddress") || !strcmp(k, "static_routes") ||
		   !strcmp(k, "static_rules")) {
		ka_strict(t->d, &n->pos, "not supported yet: %s: not applied (put them in the host's network configuration)",
			  k);
	} else if (IN_LIST(unsupported_blocks, k)) {
		ka_strict(t->d, &n->pos, "not supported yet: %s: ignored", k);
	} else if (!strcmp(k, "net_namespace")) {
		ka_strict(t->d, &n->pos, "not supported yet: net_namespace: loaded into the current network namespace (vrrpctl -n NAME load ...)");
	} else if (IN_LIST(harmless_top, k)) {
		ka_note(t->d, &n->pos, "%s ignored (nothing to do for vrrp.ko)", k);
	} else {
		ka_error(t->d, &n->pos, "unknown keyword \"%s\"", k);
	}
}

/* Instances and sync groups whose module names collide once shortened */
static void check_names(struct kt *t)
{
	struct lo_inst *i, *j;
	struct lo_check *k, *l;
	struct lo_group *g, *h;

	for (i = t->m->insts; i; i = i->next)
		for (j = i->next; j; j = j->next)
			if (!strcmp(i->name, j->name))
				ka_error(t->d, &j->pos, "vrrp_instance %s and %s (line %u) are both \"%s\" in the module",
					 j->src, i->src, i->pos.line, i->name);
	for (k = t->m->checks; k; k = k->next)
		for (l = k->next; l; l = l->next)
			if (!strcmp(k->name, l->name))
				ka_error(t->d, &l->pos, "vrrp_script %s and %s (line %u) are both \"%s\" in the module",
					 l->src, k->src, k->pos.line, k->name);
	for (g = t->m->groups; g; g = g->next)
		for (h = g->next; h; h = h->next)
			if (!strcmp(g->name, h->name))
				ka_error(t->d, &h->pos, "vrrp_sync_group %s and %s (line %u) are both \"%s\" in the module",
					 h->src, g->src, g->pos.line, g->name);
}

/* One instance per device, VRID and family, as the module requires. */
static void check_vrids(struct kt *t)
{
	struct lo_inst *i, *j;

	for (i = t->m->insts; i; i = i->next) {
		if (i->bad)
			continue;
		for (j = i->next; j; j = j->next)
			if (!j->bad && i->vrid == j->vrid && i->family == j->family &&
			    !strcmp(i->ifname, j->ifname))
				ka_error(t->d, &j->vrid_pos, "vrrp_instance %s: VRID %u on %s (%s) is vrrp_instance %s's already (line %u)",
					 j->src, j->vrid, j->ifname,
					 j->family == AF_INET6 ? "IPv6" : "IPv4", i->src,
					 i->vrid_pos.line);
	}
}

int lo_translate(struct kt *t, const struct ka_node *root)
{
	struct lo_model *m = t->m;
	const struct ka_node *n;
	struct lo_check *k;
	struct lo_group *g;
	struct lo_inst *i;
	unsigned int errors = t->d->errors;

	m->version = 2;
	m->garp_repeat = -1;
	m->garp_delay_s = -1;
	m->garp_period_s = -1;
	m->garp_period_rep = -1;
	m->garp_interval_ms = -1;
	m->gna_interval_ms = -1;
	for (n = root; n; n = n->next)
		kt_top(t, n);
	for (g = m->groups; g; g = g->next)
		group_members(t, g);
	for (i = m->insts; i; i = i->next)
		kt_instance_finish(t, i);
	for (g = m->groups; g; g = g->next)
		group_tracks(t, g);
	for (i = m->insts; i; i = i->next)
		kt_instance_tracks(t, i);
	for (k = m->checks; k; k = k->next) {
		if (!k->used) {
			if (k->has_cmd)
				ka_warn(t->d, &k->pos, "vrrp_script %s is not tracked: left out, as keepalived does",
					k->src);
			continue;
		}
		check_user(t, k);
	}
	check_names(t);
	check_vrids(t);
	return t->d->errors > errors ? -1 : 0;
}
