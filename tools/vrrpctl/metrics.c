// SPDX-License-Identifier: GPL-2.0
/*
 * vrrpctl metrics [--output FILE]: the state and counters of every instance,
 * the router-wide counters and the trackers in the Prometheus text exposition
 * format (version 0.0.4), for node_exporter's textfile collector.
 *
 * Everything is read first (instance dump, router counters, tracker dump),
 * then printed one metric family at a time: HELP, TYPE, then all its samples,
 * as the format wants them. Nothing is printed if a request fails.
 *
 * Counters are table-driven: each VRRP_STATS_A_* the kernel sends and that
 * show.c names (counter_name()) becomes vrrp_instance_NAME_total (in an
 * instance's nest) or vrrp_router_NAME_total (router-wide); counter_help
 * below gives its HELP line, a generic one if the counter is new.
 *
 * Instances are labelled name, interface, vrid and family ("inet",
 * "inet6"), not "instance": Prometheus gives that label to the scrape target
 * (the node), which the alert rules group by.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "nl.h"
#include "util.h"
#include "vrrpctl.h"

/* HELP of each counter; one missing here gets a generic line. */
static const char *const counter_help[VRRP_STATS_A_MAX + 1] = {
	[VRRP_STATS_A_MASTER_TRANSITIONS] =
		"Transitions to MASTER (RFC 6527 vrrpv3StatisticsMasterTransitions).",
	[VRRP_STATS_A_RCVD_ADVERTS] = "Advertisements received (RFC 6527).",
	[VRRP_STATS_A_ADV_INTERVAL_ERRORS] =
		"Advertisements received with an interval other than ours (RFC 6527).",
	[VRRP_STATS_A_IP_TTL_ERRORS] =
		"Advertisements dropped: TTL or hop limit not 255, or outside a unicast peer's range (RFC 6527).",
	[VRRP_STATS_A_RCVD_PRI0] =
		"Advertisements received with priority 0: the master resigned (RFC 6527).",
	[VRRP_STATS_A_SENT_PRI0] = "Advertisements sent with priority 0: resigning (RFC 6527).",
	[VRRP_STATS_A_RCVD_INVALID_TYPE] = "Packets dropped: unknown VRRP type (RFC 6527).",
	[VRRP_STATS_A_ADDRESS_LIST_ERRORS] =
		"Advertisements whose address list is not ours (RFC 6527); counted, still taken.",
	[VRRP_STATS_A_PACKET_LENGTH_ERRORS] =
		"Advertisements dropped: length does not match the address count (RFC 6527).",
	[VRRP_STATS_A_SENT_ADVERTS] = "Advertisements sent.",
	[VRRP_STATS_A_SENT_GARPS] =
		"Gratuitous ARPs and unsolicited neighbour advertisements sent.",
	[VRRP_STATS_A_CSUM_RFC] =
		"IPv4 VRRPv3 advertisements received with the RFC 9568 checksum.",
	[VRRP_STATS_A_CSUM_PSEUDO] =
		"IPv4 VRRPv3 advertisements received with the pseudo-header checksum (keepalived, FRR).",
	[VRRP_STATS_A_TRANSITIONS] = "State changes of any kind.",
	[VRRP_STATS_A_CHECKSUM_ERRORS] = "Advertisements dropped: bad checksum (RFC 6527).",
	[VRRP_STATS_A_VERSION_ERRORS] = "Packets dropped: unknown VRRP version (RFC 6527).",
	[VRRP_STATS_A_VRID_ERRORS] = "Advertisements dropped: no instance for the VRID (RFC 6527).",
	[VRRP_STATS_A_LENGTH_ERRORS] = "Packets dropped: too short to name a VRID.",
	[VRRP_STATS_A_DOWN_TIMER_LATE] =
		"Master_Down_Timer fired late (softirqs held up) and waited one more interval.",
	[VRRP_STATS_A_AUTH_FAILURES] = "VRRPv2 advertisements dropped: wrong password (RFC 2787).",
	[VRRP_STATS_A_INVALID_AUTH_TYPE] =
		"VRRPv2 advertisements dropped: unknown authentication type (RFC 2787).",
	[VRRP_STATS_A_AUTH_TYPE_MISMATCH] =
		"VRRPv2 advertisements dropped: another authentication type than ours (RFC 2787).",
	[VRRP_STATS_A_SOURCE_ERRORS] =
		"Advertisements from a source that is not a unicast peer (dropped) or, IPv6, not link-local (taken).",
};

/* Per-instance gauges: a value, or -1 when the kernel did not send it. */
enum { G_PRIO, G_EPRIO, G_ADVERT, G_MASTER_ADVERT, G_NR };

static const struct {
	const char *name;
	const char *help;
	int attr;
	bool cs;		/* centiseconds, printed as seconds */
} gauges[G_NR] = {
	[G_PRIO] = { "vrrp_instance_priority", "Configured priority.",
		     VRRP_A_PRIORITY, false },
	[G_EPRIO] = { "vrrp_instance_effective_priority",
		      "Priority in use: the configured one adjusted by tracking.",
		      VRRP_A_EFFECTIVE_PRIORITY, false },
	[G_ADVERT] = { "vrrp_instance_advert_interval_seconds",
		       "Configured advertisement interval.", VRRP_A_ADVERT_INTERVAL, true },
	[G_MASTER_ADVERT] = { "vrrp_instance_master_advert_interval_seconds",
			      "Advertisement interval in use (the master's, learnt from its adverts).",
			      VRRP_A_MASTER_ADVERT_INTERVAL, true },
};

struct m_inst {
	char name[VRRP_NAME_MAX];
	char ifname[IF_NAMESIZE];
	char vrid[4];
	const char *family;
	int version;		/* -1: not sent */
	int state;		/* -1: not sent */
	bool has_fault;
	uint32_t fault;
	int64_t gauge[G_NR];
	bool has_stat[VRRP_STATS_A_MAX + 1];
	uint64_t stat[VRRP_STATS_A_MAX + 1];
};

struct m_trk {
	char name[VRRP_NAME_MAX];
	int state;		/* enum vrrp_trk_state, -1: not sent */
	bool stale;
	int64_t users, value;	/* -1 / INT64_MIN: not sent */
	bool has_reports;
	uint64_t reports_ok, reports_fail;
};

struct m_all {
	struct m_inst *inst;
	size_t ninst, inst_cap;
	struct m_trk *trk;
	size_t ntrk, trk_cap;
	bool has_router;
	bool has_router_stat[VRRP_STATS_A_MAX + 1];
	uint64_t router_stat[VRRP_STATS_A_MAX + 1];
	bool oom;
};

static void *grow(void *p, size_t *cap, size_t n, size_t size)
{
	size_t c = *cap ? *cap * 2 : 8;
	void *q;

	if (n < *cap)
		return p;
	q = realloc(p, c * size);
	if (q)
		*cap = c;
	return q;
}

static void copy_stats(struct nlattr *nest, bool *has, uint64_t *val)
{
	struct nlattr *tb[VRRP_STATS_A_MAX + 1];
	int i;

	if (vnl_parse_stats(nest, tb) < 0) {
		pr_err("warning: malformed counters ignored");
		return;
	}
	for (i = VRRP_STATS_A_PAD + 1; i <= VRRP_STATS_A_MAX; i++) {
		if (!tb[i] || !counter_name(i))
			continue;
		has[i] = true;
		val[i] = nla_get_u64(tb[i]);
	}
}

static void copy_str(char *dst, size_t len, struct nlattr *a, const char *dflt)
{
	snprintf(dst, len, "%s", a ? nla_get_string(a) : dflt);
}

static int instance_cb(uint8_t cmd, struct nlattr **tb, void *arg)
{
	struct m_all *all = arg;
	struct m_inst *in;
	void *p;
	int g;

	if (cmd != VRRP_CMD_INSTANCE_GET)
		return 0;
	p = grow(all->inst, &all->inst_cap, all->ninst, sizeof(*all->inst));
	if (!p) {
		all->oom = true;
		return 0;
	}
	all->inst = p;
	in = &all->inst[all->ninst++];
	memset(in, 0, sizeof(*in));
	copy_str(in->name, sizeof(in->name), tb[VRRP_A_NAME], "?");
	if (tb[VRRP_A_IFNAME])
		copy_str(in->ifname, sizeof(in->ifname), tb[VRRP_A_IFNAME], "?");
	else if (!tb[VRRP_A_IFINDEX] ||
		 !if_indextoname(nla_get_u32(tb[VRRP_A_IFINDEX]), in->ifname))
		strcpy(in->ifname, "?");
	if (tb[VRRP_A_VRID])
		snprintf(in->vrid, sizeof(in->vrid), "%u", nla_get_u8(tb[VRRP_A_VRID]));
	else
		strcpy(in->vrid, "?");
	in->family = tb[VRRP_A_FAMILY] ? family_str(nla_get_u8(tb[VRRP_A_FAMILY])) : "?";
	in->version = tb[VRRP_A_VERSION] ? nla_get_u8(tb[VRRP_A_VERSION]) : -1;
	in->state = tb[VRRP_A_STATE] ? nla_get_u8(tb[VRRP_A_STATE]) : -1;
	in->has_fault = tb[VRRP_A_FAULT];
	in->fault = in->has_fault ? nla_get_u32(tb[VRRP_A_FAULT]) : 0;
	for (g = 0; g < G_NR; g++) {
		struct nlattr *a = tb[gauges[g].attr];

		in->gauge[g] = !a ? -1 : nla_len(a) == 1 ? nla_get_u8(a) : nla_get_u16(a);
	}
	if (tb[VRRP_A_STATS])
		copy_stats(tb[VRRP_A_STATS], in->has_stat, in->stat);
	return 0;
}

static int router_cb(uint8_t cmd, struct nlattr **tb, void *arg)
{
	struct m_all *all = arg;

	if (cmd != VRRP_CMD_STATS_GET || !tb[VRRP_A_STATS])
		return 0;
	all->has_router = true;
	copy_stats(tb[VRRP_A_STATS], all->has_router_stat, all->router_stat);
	return 0;
}

static int tracker_cb(uint8_t cmd, struct nlattr **tb, void *arg)
{
	struct m_all *all = arg;
	struct m_trk *t;
	void *p;

	if (cmd != VRRP_CMD_TRACKER_GET)
		return 0;
	p = grow(all->trk, &all->trk_cap, all->ntrk, sizeof(*all->trk));
	if (!p) {
		all->oom = true;
		return 0;
	}
	all->trk = p;
	t = &all->trk[all->ntrk++];
	memset(t, 0, sizeof(*t));
	copy_str(t->name, sizeof(t->name), tb[VRRP_TRK_A_NAME], "?");
	/* an older module sends no state: ok or failed, then */
	t->state = tb[VRRP_TRK_A_STATE] ? nla_get_u8(tb[VRRP_TRK_A_STATE]) :
		   !tb[VRRP_TRK_A_OK] ? -1 :
		   nla_get_u8(tb[VRRP_TRK_A_OK]) ? VRRP_TRK_STATE_OK : VRRP_TRK_STATE_FAILED;
	t->stale = tb[VRRP_TRK_A_STALE];
	t->users = tb[VRRP_TRK_A_USERS] ? (int64_t)nla_get_u32(tb[VRRP_TRK_A_USERS]) : -1;
	t->value = tb[VRRP_TRK_A_VALUE] ? (int32_t)nla_get_s32(tb[VRRP_TRK_A_VALUE]) :
		   INT64_MIN;
	t->has_reports = tb[VRRP_TRK_A_REPORTS_OK] && tb[VRRP_TRK_A_REPORTS_FAIL];
	if (t->has_reports) {
		t->reports_ok = nla_get_u64(tb[VRRP_TRK_A_REPORTS_OK]);
		t->reports_fail = nla_get_u64(tb[VRRP_TRK_A_REPORTS_FAIL]);
	}
	return 0;
}

static int request(struct vnl *v, struct vnl_req *req)
{
	struct nl_msg *msg = vnl_msg(v, req, 0);

	if (!msg)
		return EXIT_KERNEL;
	return vnl_talk(v, msg, req);
}

static int collect(struct m_all *all)
{
	struct vnl_req req = {
		.cmd = VRRP_CMD_INSTANCE_GET,
		.flags = NLM_F_DUMP,
		.what = "metrics",
		.cb = instance_cb,
		.arg = all,
	};
	struct vnl v;
	int err;

	err = vnl_open(&v);
	if (err)
		return err;
	err = request(&v, &req);
	if (!err) {
		req = (struct vnl_req){
			.cmd = VRRP_CMD_STATS_GET,
			.what = "metrics (router-wide)",
			.cb = router_cb,
			.arg = all,
		};
		err = request(&v, &req);
	}
	vnl_close(&v);
	if (!err)
		err = tracker_dump(NULL, tracker_cb, all);
	if (!err && all->oom) {
		pr_err("metrics: out of memory");
		err = EXIT_KERNEL;
	}
	return err;
}

/* --- the text format ------------------------------------------------------ */

/* A label value: backslash, double quote and line feed escaped. */
static void put_label_value(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\' || *s == '"')
			fputc('\\', f);
		if (*s == '\n')
			fputs("\\n", f);
		else
			fputc(*s, f);
	}
}

/* A HELP text: backslash and line feed escaped. */
static void put_help(FILE *f, const char *name, const char *type, const char *help)
{
	fprintf(f, "# HELP %s ", name);
	for (; *help; help++) {
		if (*help == '\\')
			fputs("\\\\", f);
		else if (*help == '\n')
			fputs("\\n", f);
		else
			fputc(*help, f);
	}
	fprintf(f, "\n# TYPE %s %s\n", name, type);
}

static void put_label(FILE *f, const char *key, const char *value, bool first)
{
	fprintf(f, "%s%s=\"", first ? "" : ",", key);
	put_label_value(f, value);
	fputc('"', f);
}

/* name{name="VI_1",interface="eth0",vrid="51",family="inet"[,KEY="VALUE"]} */
static void put_inst(FILE *f, const char *metric, const struct m_inst *in,
		     const char *key, const char *value)
{
	fprintf(f, "%s{", metric);
	put_label(f, "name", in->name, true);
	put_label(f, "interface", in->ifname, false);
	put_label(f, "vrid", in->vrid, false);
	put_label(f, "family", in->family, false);
	if (key)
		put_label(f, key, value, false);
	fputs("} ", f);
}

static void put_trk(FILE *f, const char *metric, const struct m_trk *t,
		    const char *key, const char *value)
{
	fprintf(f, "%s{", metric);
	put_label(f, "tracker", t->name, true);
	if (key)
		put_label(f, key, value, false);
	fputs("} ", f);
}

static void print_instances(FILE *f, const struct m_all *all)
{
	char metric[96], help[128], version[8];
	const struct m_inst *in;
	const char *name;
	unsigned int s, bit;
	bool any;
	int g, i;

	if (!all->ninst)
		return;
	put_help(f, "vrrp_instance_info", "gauge",
		 "An instance of vrrp.ko, 1; the labels name it, version is the VRRP version.");
	for (in = all->inst; in < all->inst + all->ninst; in++) {
		snprintf(version, sizeof(version), "%d", in->version);
		put_inst(f, "vrrp_instance_info", in, "version",
			 in->version < 0 ? "?" : version);
		fputs("1\n", f);
	}

	put_help(f, "vrrp_instance_state", "gauge",
		 "1 for the state the instance is in (init, backup, master, fault), 0 for the others.");
	for (in = all->inst; in < all->inst + all->ninst; in++) {
		if (in->state < 0)
			continue;
		for (s = VRRP_STATE_INIT; s <= VRRP_STATE_MAX; s++) {
			put_inst(f, "vrrp_instance_state", in, "state", state_str(s));
			fprintf(f, "%d\n", in->state == (int)s);
		}
	}

	put_help(f, "vrrp_instance_fault", "gauge",
		 "1 for each reason that holds an instance in FAULT (label reason), 0 for the others.");
	for (in = all->inst; in < all->inst + all->ninst; in++) {
		if (!in->has_fault)
			continue;
		/* the reasons vrrpctl knows, and any other bit set */
		for (bit = 0; (name = fault_str(bit)); bit++) {
			if (!strncmp(name, "unknown-", 8) && !(in->fault & (1U << bit)))
				continue;
			put_inst(f, "vrrp_instance_fault", in, "reason", name);
			fprintf(f, "%d\n", !!(in->fault & (1U << bit)));
		}
	}

	for (g = 0; g < G_NR; g++) {
		any = false;
		for (in = all->inst; in < all->inst + all->ninst; in++) {
			if (in->gauge[g] < 0)
				continue;
			if (!any)
				put_help(f, gauges[g].name, "gauge", gauges[g].help);
			any = true;
			put_inst(f, gauges[g].name, in, NULL, NULL);
			if (gauges[g].cs)
				fprintf(f, "%" PRId64 ".%02" PRId64 "\n", in->gauge[g] / 100,
					in->gauge[g] % 100);
			else
				fprintf(f, "%" PRId64 "\n", in->gauge[g]);
		}
	}

	for (i = VRRP_STATS_A_PAD + 1; i <= VRRP_STATS_A_MAX; i++) {
		any = false;
		for (in = all->inst; in < all->inst + all->ninst; in++) {
			if (!in->has_stat[i])
				continue;
			if (!any) {
				snprintf(metric, sizeof(metric), "vrrp_instance_%s_total",
					 counter_name(i));
				snprintf(help, sizeof(help), "Counter %s of the instance.",
					 counter_name(i));
				put_help(f, metric, "counter", counter_help[i] ? : help);
			}
			any = true;
			put_inst(f, metric, in, NULL, NULL);
			fprintf(f, "%" PRIu64 "\n", in->stat[i]);
		}
	}
}

static void print_router(FILE *f, const struct m_all *all)
{
	char metric[96], help[128];
	int i;

	for (i = VRRP_STATS_A_PAD + 1; i <= VRRP_STATS_A_MAX; i++) {
		if (!all->has_router_stat[i])
			continue;
		snprintf(metric, sizeof(metric), "vrrp_router_%s_total", counter_name(i));
		snprintf(help, sizeof(help), "Router-wide counter %s.", counter_name(i));
		put_help(f, metric, "counter", counter_help[i] ? : help);
		fprintf(f, "%s %" PRIu64 "\n", metric, all->router_stat[i]);
	}
}

static void print_trackers(FILE *f, const struct m_all *all)
{
	const struct m_trk *t;
	unsigned int s;
	bool any;

	if (!all->ntrk)
		return;
	put_help(f, "vrrp_tracker_state", "gauge",
		 "1 for the status of the tracker (ok, failed, init: not yet reported), 0 for the others.");
	for (t = all->trk; t < all->trk + all->ntrk; t++) {
		if (t->state < 0)
			continue;
		for (s = VRRP_TRK_STATE_FAILED; s <= VRRP_TRK_STATE_MAX; s++) {
			put_trk(f, "vrrp_tracker_state", t, "state", trk_state_str(s));
			fprintf(f, "%d\n", t->state == (int)s);
		}
	}
	put_help(f, "vrrp_tracker_stale", "gauge",
		 "1 if the tracker failed because nobody reported on it within its timeout.");
	for (t = all->trk; t < all->trk + all->ntrk; t++) {
		put_trk(f, "vrrp_tracker_stale", t, NULL, NULL);
		fprintf(f, "%d\n", t->stale);
	}
	any = false;
	for (t = all->trk; t < all->trk + all->ntrk; t++) {
		if (t->users < 0)
			continue;
		if (!any)
			put_help(f, "vrrp_tracker_users", "gauge",
				 "Instances tracking the tracker.");
		any = true;
		put_trk(f, "vrrp_tracker_users", t, NULL, NULL);
		fprintf(f, "%" PRId64 "\n", t->users);
	}
	any = false;
	for (t = all->trk; t < all->trk + all->ntrk; t++) {
		if (t->value == INT64_MIN)
			continue;
		if (!any)
			put_help(f, "vrrp_tracker_value", "gauge",
				 "The value last reported (vrrpctl weight), if any.");
		any = true;
		put_trk(f, "vrrp_tracker_value", t, NULL, NULL);
		fprintf(f, "%" PRId64 "\n", t->value);
	}
	any = false;
	for (t = all->trk; t < all->trk + all->ntrk; t++) {
		if (!t->has_reports)
			continue;
		if (!any)
			put_help(f, "vrrp_tracker_reports_total", "counter",
				 "Reports received, by result (ok, fail).");
		any = true;
		put_trk(f, "vrrp_tracker_reports_total", t, "result", "ok");
		fprintf(f, "%" PRIu64 "\n", t->reports_ok);
		put_trk(f, "vrrp_tracker_reports_total", t, "result", "fail");
		fprintf(f, "%" PRIu64 "\n", t->reports_fail);
	}
}

static void print_all(FILE *f, const struct m_all *all)
{
	print_instances(f, all);
	print_router(f, all);
	print_trackers(f, all);
}

/*
 * --output FILE: a temporary file next to FILE, renamed over it once whole,
 * so that the textfile collector never reads half a file. Readable by all
 * (node_exporter runs as another user). Its name does not end in ".prom":
 * the collector skips it.
 */
static int write_file(const char *path, const struct m_all *all)
{
	char *tmp;
	FILE *f;
	int fd, err;

	if (asprintf(&tmp, "%s.XXXXXX", path) < 0) {
		pr_err("metrics: out of memory");
		return EXIT_KERNEL;
	}
	fd = mkstemp(tmp);
	if (fd < 0) {
		pr_err("metrics: cannot create a file next to %s: %s", path, strerror(errno));
		free(tmp);
		return EXIT_KERNEL;
	}
	f = fdopen(fd, "w");
	if (!f) {
		close(fd);
		err = errno;
		goto fail;
	}
	print_all(f, all);
	err = fchmod(fd, 0644) || fflush(f) || ferror(f) || fsync(fd) ? errno : 0;
	if (fclose(f) && !err)
		err = errno;
	if (!err && rename(tmp, path))
		err = errno;
	if (!err) {
		free(tmp);
		return EXIT_OK;
	}
fail:
	pr_err("metrics: cannot write %s: %s", path, strerror(err ? err : EIO));
	unlink(tmp);
	free(tmp);
	return EXIT_KERNEL;
}

int do_metrics(int argc, char **argv)
{
	struct m_all all = { 0 };
	const char *output = NULL;
	int err;

	for (; argc > 0; argc--, argv++) {
		if (!strcmp(argv[0], "--output") || !strcmp(argv[0], "-o")) {
			if (argc < 2)
				return missing_value(argv[0]);
			output = argv[1];
			argc--;
			argv++;
		} else {
			return usage_err("metrics: unexpected argument \"%s\" %s",
					 argv[0], "(try \"vrrpctl help\")");
		}
	}
	err = collect(&all);
	if (!err) {
		if (output) {
			err = write_file(output, &all);
		} else {
			print_all(stdout, &all);
			if (fflush(stdout) || ferror(stdout)) {
				pr_err("metrics: write error: %s", strerror(errno));
				err = EXIT_KERNEL;
			}
		}
	}
	free(all.inst);
	free(all.trk);
	return err;
}
