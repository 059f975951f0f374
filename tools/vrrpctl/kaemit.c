// SPDX-License-Identifier: GPL-2.0
/*
 * vrrpctl load: the model of load.h written out as vrrpctl's own files:
 * vrrp.conf (a batch for "vrrpctl -b": tracker add and instance add lines),
 * notify.conf (for "vrrpctl notify -c") and checks.conf (the vrrp_scripts,
 * for "vrrpctl checks -c"). Every setting whose default differs between
 * keepalived and vrrp.ko is written, so that the files say what runs.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/vrrp.h>

#include "load.h"

static void oom(void)
{
	fputs("vrrpctl: out of memory\n", stderr);
	exit(2);
}

/* @text (malloc()ed), moved to @c's memory */
static char *lo_keep(struct ka_conf *c, char *text)
{
	char *s;

	if (!text)
		oom();
	s = ka_strdup(c, text);
	free(text);
	return s;
}

/* " WORD", quoted for split_line() if need be */
static void w(FILE *f, const char *word)
{
	putc(' ', f);
	fput_word(f, word);
}

static void ms(FILE *f, const char *key, uint64_t ms)
{
	char t[TIME_STRLEN];

	fprintf(f, " %s %s", key, ms_str(ms, t));
}

static void addr(FILE *f, const struct vrrp_addr *a, bool prefix)
{
	char buf[ADDR_STRLEN];

	fprintf(f, " %s", addr_str(a->bytes, a->len, buf));
	if (prefix)
		fprintf(f, "/%u", a->prefixlen);
}

/* " ADDR/LEN", "@IFNAME" when it goes on another interface than @i's */
static void vip(FILE *f, const struct lo_inst *i, const struct lo_vip *v)
{
	addr(f, &v->addr, true);
	if (v->dev && strcmp(v->dev, i->ifname))
		fprintf(f, "@%s", v->dev);
}

/* 3 times (interval + timeout), at least LO_STALE_MIN_MS: see the man page */
uint32_t lo_stale_ms(const struct lo_check *k)
{
	uint64_t v = 3 * (k->interval_us + k->timeout_us) / 1000;

	if (v < LO_STALE_MIN_MS)
		v = LO_STALE_MIN_MS;
	return v > UINT32_MAX ? UINT32_MAX : v;
}

/*
 * keepalived's initial state of a vrrp_script: not yet reported until its
 * first result ("init unknown": with weight 0 its instances stay out of
 * MASTER, weighted it adds nothing), or failed with init_fail ("init fail").
 */
static char *tracker_line(struct ka_conf *c, const struct lo_check *k)
{
	char *text = NULL;
	size_t len;
	FILE *f = open_memstream(&text, &len);

	if (!f)
		oom();
	fputs("tracker add", f);
	w(f, k->name);
	fprintf(f, " weight %d fall %u rise %u", k->weight, k->fall, k->rise);
	ms(f, "timeout", lo_stale_ms(k));
	fprintf(f, " init %s", k->init_fail ? "fail" : "unknown");
	fclose(f);
	return lo_keep(c, text);
}

static void tracks(FILE *f, const struct lo_inst *i)
{
	const struct lo_track *k;

	for (k = i->tracks; k; k = k->next) {
		if (k->dropped)
			continue;
		if (k->check) {
			fputs(" track", f);
			w(f, k->check->name);
			if (k->weight != k->check->weight)
				fprintf(f, " weight %d", k->weight);
		} else {
			fputs(" track-if", f);
			w(f, k->ifname);
			if (k->weight)
				fprintf(f, " weight %d", k->weight);
		}
		if (k->reverse)
			fputs(" reverse", f);
	}
}

static char *instance_line(struct ka_conf *c, const struct lo_inst *i)
{
	char *text = NULL, t[TIME_STRLEN];
	const struct lo_peer *p;
	const struct lo_vip *v;
	size_t len;
	FILE *f = open_memstream(&text, &len);

	if (!f)
		oom();
	fputs("instance add", f);
	w(f, i->name);
	fputs(" dev", f);
	w(f, i->ifname);
	fprintf(f, " vrid %u version %u prio %u advert %s", i->vrid, i->version, i->prio,
		ms_str(i->advert_cs * 10, t));
	fputs(i->nopreempt ? " nopreempt" : " preempt", f);
	if (i->preempt_delay_us)
		ms(f, "preempt-delay", i->preempt_delay_us / 1000);
	fputs(i->accept ? " accept" : " noaccept", f);
	if (i->csum >= 0)
		fprintf(f, " csum %s", csum_str(i->csum));
	if (i->mcast_group)
		fprintf(f, " group %s", i->mcast_group);
	if (i->garp_count >= 0)
		fprintf(f, " garp-count %ld", i->garp_count);
	if (i->garp_interval_ms >= 0)
		ms(f, "garp-interval", i->garp_interval_ms);
	if (i->garp_refresh_ms >= 0)
		ms(f, "garp-refresh", i->garp_refresh_ms);
	if (i->garp_period_ms > 0)
		ms(f, "garp-period", i->garp_period_ms);
	if (i->garp_period_count > 0)
		fprintf(f, " garp-period-count %ld", i->garp_period_count);
	if (i->auth_pass) {
		fputs(" auth pass", f);
		w(f, i->password);
	}
	if (i->usrc) {
		fputs(" unicast-src", f);
		addr(f, &i->src_addr, false);
	}
	if (i->unicast_ttl >= 0)
		fprintf(f, " unicast-ttl %d", i->unicast_ttl);
	if (i->vmac)
		fputs(" vmac", f);
	if (i->dont_track_primary)
		fputs(" notrack-primary", f);
	if (i->group_of) {
		fputs(" sync-group", f);
		w(f, i->group_of->name);
	}
	for (p = i->peers; p; p = p->next) {
		fputs(" peer", f);
		addr(f, &p->addr, false);
		if (p->has_min)
			fprintf(f, " min-ttl %u", p->min_ttl);
		if (p->has_max)
			fprintf(f, " max-ttl %u", p->max_ttl);
	}
	fputs(" vip", f);
	for (v = i->vips; v; v = v->next)
		vip(f, i, v);
	if (i->evips)
		fputs(" vip-excluded", f);
	for (v = i->evips; v; v = v->next)
		vip(f, i, v);
	tracks(f, i);
	fclose(f);
	return lo_keep(c, text);
}

struct lo_line *lo_batch(struct ka_conf *c, const struct lo_model *m)
{
	struct lo_line *first = NULL, **tail = &first, *l;
	const struct lo_check *k;
	const struct lo_inst *i;

	for (k = m->checks; k; k = k->next) {
		if (!k->used)
			continue;
		l = ka_alloc(c, sizeof(*l));
		l->pos = k->pos;
		l->what = ka_printf(c, "vrrp_script %s", k->src);
		l->tracker = true;
		l->name = k->name;
		l->text = tracker_line(c, k);
		*tail = l;
		tail = &l->next;
	}
	for (i = m->insts; i; i = i->next) {
		l = ka_alloc(c, sizeof(*l));
		l->pos = i->pos;
		l->what = ka_printf(c, "vrrp_instance %s", i->src);
		l->name = i->name;
		l->text = instance_line(c, i);
		*tail = l;
		tail = &l->next;
	}
	return first;
}

void lo_write_batch(FILE *f, const struct lo_model *m, const struct lo_line *l,
		    const char *dir)
{
	fprintf(f, "# %s/vrrp.conf: written by \"vrrpctl load\" from %s.\n", dir, m->file);
	fprintf(f, "# vrrp.service applies it at boot (\"vrrpctl -b %s/vrrp.conf\"), and\n", dir);
	fputs("# \"systemctl reload vrrp\" a changed one (\"vrrpctl apply\": only what differs).\n", f);
	fputs("# vrrpctl commands, one a line (see vrrpctl(8)). It holds the passwords: keep\n", f);
	fputs("# it private.\n", f);
	for (; l; l = l->next)
		fprintf(f, "\n# %s:%u: %s\n%s\n", l->pos.file, l->pos.line, l->what, l->text);
}

static void notify_rules(FILE *f, const char *kind, const char *name,
			 const struct lo_cmd *notify)
{
	int ev, a;

	for (ev = 0; ev < LO_EVENTS; ev++) {
		if (!notify[ev].argv)
			continue;
		fprintf(f, "# %s:%u\n%s", notify[ev].pos.file, notify[ev].pos.line, kind);
		w(f, name);
		fprintf(f, " %s", lo_event_word(ev));
		for (a = 0; a < notify[ev].argc; a++)
			w(f, notify[ev].argv[a]);
		putc('\n', f);
	}
}

void lo_write_notify(FILE *f, const struct lo_model *m, const char *dir)
{
	const struct lo_inst *i;
	const struct lo_group *g;

	fprintf(f, "# %s/notify.conf: written by \"vrrpctl load\" from %s: its notify\n",
		dir, m->file);
	fprintf(f, "# scripts, run by vrrp-notify.service (\"vrrpctl notify -c %s/notify.conf\").\n",
		dir);
	fputs("# See vrrpctl(8), NOTIFY FILE.\n", f);
	for (i = m->insts; i; i = i->next)
		notify_rules(f, "instance", i->name, i->notify);
	for (g = m->groups; g; g = g->next)
		notify_rules(f, "group", g->name, g->notify);
}

void lo_write_checks(FILE *f, const struct lo_model *m, const char *dir)
{
	const struct lo_check *k;
	char a[TIME_STRLEN], b[TIME_STRLEN];
	int i;

	fprintf(f, "# %s/checks.conf: written by \"vrrpctl load\" from %s: its\n", dir, m->file);
	fprintf(f, "# vrrp_scripts, run by vrrp-checks.service (\"vrrpctl checks -c %s/checks.conf\"),\n",
		dir);
	fputs("# one a line:\n", f);
	fputs("#   check NAME interval TIME timeout TIME user USER[:GROUP] COMMAND [ARGS...]\n", f);
	fputs("# COMMAND runs every interval, as USER; exit 0 within the timeout is ok,\n", f);
	fputs("# anything else failed; each result is reported to the tracker NAME.\n", f);
	fputs("# See vrrpctl(8), CHECKS FILE.\n", f);
	for (k = m->checks; k; k = k->next) {
		if (!k->used)
			continue;
		fprintf(f, "# %s:%u: vrrp_script %s\ncheck", k->pos.file, k->pos.line, k->src);
		w(f, k->name);
		fprintf(f, " interval %s timeout %s user", ms_str(k->interval_us / 1000, a),
			ms_str(k->timeout_us / 1000, b));
		w(f, k->user);
		for (i = 0; i < k->cmd.argc; i++)
			w(f, k->cmd.argv[i]);
		putc('\n', f);
	}
}
