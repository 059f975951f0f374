// SPDX-License-Identifier: GPL-2.0
/*
 * vrrpctl notify -c FILE [--timeout TIME] [--no-initial]: run keepalived's
 * notify scripts on the state changes of the instances.
 *
 * FILE, one rule a line ('#' comments, words as in a batch file):
 *
 *   timeout TIME                            (default 30s; --timeout wins)
 *   instance NAME|* EVENT COMMAND [ARGS...]
 *   group NAME|* EVENT COMMAND [ARGS...]
 *
 * EVENT is master, backup, fault or stop (the instance went to init: it was
 * deleted, or the module is going away): COMMAND runs with its own ARGS; or
 * notify: COMMAND runs with ARGS then, as keepalived's "notify",
 * "INSTANCE NAME STATE PRIORITY" (STATE one of MASTER BACKUP FAULT STOP) or,
 * for a sync group, "GROUP NAME STATE 0". A group's state is derived from
 * those of its members: FAULT if one is in FAULT, MASTER or BACKUP when all
 * are, STOP when none is left.
 *
 * Scripts of one instance (or group) run one after the other, in the order
 * of the events, the specific ones before "notify", each in file order;
 * different instances' run side by side. Each has the timeout: then SIGTERM
 * to its process group, SIGKILL a little later. The event socket is never
 * left unread while scripts run: one poll() waits for events, for SIGCHLD
 * (a signalfd) and for the next timeout.
 *
 * EVENT conflict or mismatch (instances only): COMMAND runs with its ARGS
 * then "INSTANCE NAME CONFLICT KIND PEER_MAC ADDRESS" when the kernel
 * reports split brain (VRRP_CMD_CONFLICT_EVENT): KIND arp, nd or one-way;
 * ADDRESS the VIP claimed (arp, nd) or the other router's (one-way); or
 * "INSTANCE NAME MISMATCH WHAT PEER_MAC ADDRESS", WHAT the differences
 * (vips,interval,version,auth,csum). "-" stands for what is unknown. These
 * are not states: "notify" rules do not run for them, and they are not
 * run at start.
 *
 * At start, each instance's scripts run once for the state it is in (unless
 * --no-initial), so that starting after the instances (at boot, or after a
 * restart) misses no master. An event for the state last notified is
 * skipped. SIGHUP rereads FILE. SIGTERM and SIGINT stop listening: the
 * events already received (those of the instances "systemctl stop vrrp" just
 * deleted, at shutdown) are read, their scripts and those queued still run,
 * each within its timeout, then vrrpctl exits with 0; a second SIGTERM or
 * SIGINT ends it at once, with SIGTERM to the scripts running. When the
 * events socket fails (the module is unloaded) the scripts queued still run,
 * then vrrpctl exits with 2.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include "nl.h"
#include "proc.h"
#include "util.h"
#include "vrrpctl.h"

#define NOTIFY_TIMEOUT_MS	30000
#define NOTIFY_MAX_WORDS	256

enum ev { EV_MASTER, EV_BACKUP, EV_FAULT, EV_STOP, EV_NOTIFY, EV_CONFLICT, EV_MISMATCH,
	  EV_NONE };

static const char *const ev_words[] = {
	[EV_MASTER] = "master", [EV_BACKUP] = "backup", [EV_FAULT] = "fault",
	[EV_STOP] = "stop", [EV_NOTIFY] = "notify", [EV_CONFLICT] = "conflict",
	[EV_MISMATCH] = "mismatch",
};

static const char *const ev_states[] = {
	[EV_MASTER] = "MASTER", [EV_BACKUP] = "BACKUP", [EV_FAULT] = "FAULT",
	[EV_STOP] = "STOP", [EV_CONFLICT] = "CONFLICT", [EV_MISMATCH] = "MISMATCH",
};

struct rule {
	struct rule *next;
	bool group;
	char *name;		/* NULL: "*" */
	enum ev ev;
	char **argv;
};

struct job {
	struct job *next;
	char **argv;
	char *label;		/* "VI_1 MASTER", "group G1 FAULT" */
};

/* The scripts of one instance or group, one at a time. */
struct queue {
	struct queue *next;
	char *key;
	struct job *head, *tail;
	struct job *running;
	pid_t pid;
	uint64_t deadline;
	int stage;		/* 0 running, 1 SIGTERM sent, 2 SIGKILL sent */
};

struct inst {
	struct inst *next;
	char *name;
	char *group;		/* NULL if none */
	int state;		/* enum vrrp_state, -1 unknown */
	unsigned int prio;	/* from the initial dump */
	enum ev notified;	/* last notified, EV_NONE at first */
};

struct group {
	struct group *next;
	char *name;
	enum ev state;		/* EV_NONE until derived */
};

struct notify {
	const char *file;
	uint32_t timeout_ms;
	bool timeout_given;	/* on the command line: the file's is ignored */
	struct rule *rules;
	struct queue *queues;
	struct inst *insts;
	struct group *groups;
	sigset_t child_mask;
	bool stopping;		/* SIGTERM or SIGINT received once */
};

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n, size);

	if (!p) {
		pr_err("notify: out of memory");
		exit(EXIT_KERNEL);
	}
	return p;
}

static char *xstrdup(const char *s)
{
	char *p = strdup(s);

	if (!p) {
		pr_err("notify: out of memory");
		exit(EXIT_KERNEL);
	}
	return p;
}

/* A NULL-terminated copy of @argv with @extra appended. */
static char **argv_dup(char *const *argv, const char *const *extra)
{
	size_t n = 0, m = 0, i;
	char **v;

	while (argv[n])
		n++;
	while (extra && extra[m])
		m++;
	v = xcalloc(n + m + 1, sizeof(*v));
	for (i = 0; i < n; i++)
		v[i] = xstrdup(argv[i]);
	for (i = 0; i < m; i++)
		v[n + i] = xstrdup(extra[i]);
	return v;
}

static void argv_free(char **argv)
{
	size_t i;

	for (i = 0; argv && argv[i]; i++)
		free(argv[i]);
	free(argv);
}

static void rules_free(struct rule *r)
{
	struct rule *next;

	for (; r; r = next) {
		next = r->next;
		free(r->name);
		argv_free(r->argv);
		free(r);
	}
}

/* --- the configuration file ---------------------------------------------- */

static int parse_rule(struct notify *n, char **argv, int argc, unsigned int lineno,
		      struct rule ***tail, uint32_t *timeout_ms, bool *has_timeout)
{
	struct rule *r;
	int ev;

	if (!strcmp(argv[0], "timeout")) {
		if (argc != 2)
			return usage_err("%s:%u: expected \"timeout TIME\"", n->file, lineno);
		*has_timeout = true;
		return parse_time_ms("timeout", argv[1], timeout_ms);
	}
	if (strcmp(argv[0], "instance") && strcmp(argv[0], "group"))
		return usage_err("%s:%u: unknown keyword \"%s\" (expected instance, group or timeout)",
				 n->file, lineno, argv[0]);
	if (argc < 2)
		return usage_err("%s:%u: \"%s\" needs a NAME or *", n->file, lineno, argv[0]);
	if (strcmp(argv[1], "*") &&
	    (argv[0][0] == 'i' ? check_name(argv[1], false) : check_group_name(argv[1])))
		return usage_err("%s:%u: invalid name \"%s\"", n->file, lineno, argv[1]);
	if (argc < 3)
		return usage_err("%s:%u: \"%s %s\" needs an event (master, backup, fault, stop, notify, conflict or mismatch)",
				 n->file, lineno, argv[0], argv[1]);
	for (ev = 0; ev < EV_NONE; ev++)
		if (!strcmp(argv[2], ev_words[ev]))
			break;
	if (ev == EV_NONE)
		return usage_err("%s:%u: unknown event \"%s\" (expected master, backup, fault, stop, notify, conflict or mismatch)",
				 n->file, lineno, argv[2]);
	if (argv[0][0] == 'g' && (ev == EV_CONFLICT || ev == EV_MISMATCH))
		return usage_err("%s:%u: \"%s\" is an event of instances, not of groups",
				 n->file, lineno, argv[2]);
	if (argc < 4)
		return usage_err("%s:%u: \"%s\" needs a COMMAND", n->file, lineno, argv[2]);
	if (argv[3][0] == '/' && access(argv[3], X_OK))
		pr_err("warning: %s:%u: %s: %s (it will fail until it is there)", n->file,
		       lineno, argv[3], strerror(errno));
	r = xcalloc(1, sizeof(*r));
	r->group = argv[0][0] == 'g';
	r->name = strcmp(argv[1], "*") ? xstrdup(argv[1]) : NULL;
	r->ev = ev;
	r->argv = argv_dup(argv + 3, NULL);
	**tail = r;
	*tail = &r->next;
	return 0;
}

/* Replaces n->rules (and the timeout) only if the whole file is good. */
static int load_config(struct notify *n)
{
	FILE *f = fopen(n->file, "r");
	struct rule *rules = NULL, **tail = &rules;
	char *line = NULL, *argv[NOTIFY_MAX_WORDS];
	const char *why;
	uint32_t timeout_ms = NOTIFY_TIMEOUT_MS;
	bool has_timeout = false;
	unsigned int lineno = 0;
	size_t size = 0;
	int argc, err = 0;

	if (!f)
		return usage_err("notify: cannot open \"%s\": %s", n->file, strerror(errno));
	while (!err && getline(&line, &size, f) >= 0) {
		lineno++;
		argc = split_line(line, argv, NOTIFY_MAX_WORDS, &why);
		if (argc < 0)
			err = usage_err("%s:%u: %s", n->file, lineno, why);
		else if (argc > 0)
			err = parse_rule(n, argv, argc, lineno, &tail, &timeout_ms, &has_timeout);
	}
	free(line);
	fclose(f);
	if (!err && has_timeout && !timeout_ms)
		err = usage_err("%s: timeout must be more than 0", n->file);
	if (err) {
		rules_free(rules);
		return err;
	}
	rules_free(n->rules);
	n->rules = rules;
	if (!n->timeout_given)
		n->timeout_ms = timeout_ms;
	return 0;
}

/* --- queues and scripts ----------------------------------------------------- */

static struct queue *queue_get(struct notify *n, const char *key)
{
	struct queue *q;

	for (q = n->queues; q; q = q->next)
		if (!strcmp(q->key, key))
			return q;
	q = xcalloc(1, sizeof(*q));
	q->key = xstrdup(key);
	q->next = n->queues;
	n->queues = q;
	return q;
}

static void job_free(struct job *j)
{
	argv_free(j->argv);
	free(j->label);
	free(j);
}

static void queue_start(struct notify *n, struct queue *q)
{
	struct job *j;

	while (!q->running && q->head) {
		j = q->head;
		q->head = j->next;
		if (!q->head)
			q->tail = NULL;
		q->pid = proc_spawn(j->argv, &n->child_mask);
		if (q->pid < 0) {
			job_free(j);
			continue;
		}
		pr_err("notify: %s: %s started (pid %d)", j->label, j->argv[0], (int)q->pid);
		q->running = j;
		q->stage = 0;
		q->deadline = now_ms() + n->timeout_ms;
	}
}

static void queue_add(struct notify *n, const char *key, const char *label,
		      char *const *argv, const char *const *extra)
{
	struct queue *q = queue_get(n, key);
	struct job *j = xcalloc(1, sizeof(*j));

	j->argv = argv_dup(argv, extra);
	j->label = xstrdup(label);
	if (q->tail)
		q->tail->next = j;
	else
		q->head = j;
	q->tail = j;
	queue_start(n, q);
}

/* A script ended: log how, start the next of its queue. */
static void reaped(struct notify *n, pid_t pid, int status)
{
	char desc[96];
	struct queue *q;

	for (q = n->queues; q; q = q->next)
		if (q->running && q->pid == pid)
			break;
	if (!q)
		return;	/* not ours */
	pr_err("notify: %s: %s: %s%s", q->running->label, q->running->argv[0],
	       proc_status_str(status, desc, sizeof(desc)), q->stage ? " (timed out)" : "");
	if (q->stage)	/* what it left behind in its group */
		proc_kill_group(pid, SIGKILL);
	job_free(q->running);
	q->running = NULL;
	q->pid = 0;
	queue_start(n, q);
}

/* Timeouts due; returns the ms until the next one, -1 if none. */
static int check_timeouts(struct notify *n)
{
	char t[TIME_STRLEN];
	uint64_t now = now_ms();
	struct queue *q;
	int next = -1, left;

	for (q = n->queues; q; q = q->next) {
		if (!q->running)
			continue;
		if (now >= q->deadline && q->stage == 0) {
			pr_err("notify: %s: %s: timed out after %s, SIGTERM to its process group",
			       q->running->label, q->running->argv[0], ms_str(n->timeout_ms, t));
			proc_kill_group(q->pid, SIGTERM);
			q->stage = 1;
			q->deadline = now + PROC_KILL_GRACE_MS;
		} else if (now >= q->deadline && q->stage == 1) {
			pr_err("notify: %s: %s: still running, SIGKILL",
			       q->running->label, q->running->argv[0]);
			proc_kill_group(q->pid, SIGKILL);
			q->stage = 2;
			q->deadline = UINT64_MAX;
		}
		if (q->deadline == UINT64_MAX)
			continue;
		left = q->deadline > now ? (int)(q->deadline - now) : 0;
		if (next < 0 || left < next)
			next = left;
	}
	return next;
}

static bool busy(const struct notify *n)
{
	const struct queue *q;

	for (q = n->queues; q; q = q->next)
		if (q->running || q->head)
			return true;
	return false;
}

/* The scripts of @ev for instance or group @name, specific ones first. */
static void run_rules(struct notify *n, bool group, const char *name, enum ev ev,
		      const char *prio)
{
	/* keepalived's 4th argument of a group's notify is 0 */
	const char *extra[5] = { group ? "GROUP" : "INSTANCE", name, ev_states[ev],
				 group ? "0" : prio, NULL };
	char key[VRRP_NAME_MAX + 8], label[VRRP_NAME_MAX + 16];
	const struct rule *r;
	int pass;

	snprintf(key, sizeof(key), "%s%s", group ? "group " : "", name);
	snprintf(label, sizeof(label), "%s %s", key, ev_states[ev]);
	for (pass = 0; pass < 2; pass++)
		for (r = n->rules; r; r = r->next)
			if (r->group == group && (!r->name || !strcmp(r->name, name)) &&
			    r->ev == (pass ? EV_NOTIFY : ev))
				queue_add(n, key, label, r->argv, pass ? extra : NULL);
}

/* --- instances and sync groups ---------------------------------------------- */

static enum ev state_ev(unsigned int state)
{
	switch (state) {
	case VRRP_STATE_MASTER:
		return EV_MASTER;
	case VRRP_STATE_BACKUP:
		return EV_BACKUP;
	case VRRP_STATE_FAULT:
		return EV_FAULT;
	case VRRP_STATE_INIT:
		return EV_STOP;
	}
	return EV_NONE;
}

/* In the order first seen: the initial scripts run in the kernel's order. */
static struct inst *inst_get(struct notify *n, const char *name)
{
	struct inst **p, *i;

	for (p = &n->insts; *p; p = &(*p)->next)
		if (!strcmp((*p)->name, name))
			return *p;
	i = xcalloc(1, sizeof(*i));
	i->name = xstrdup(name);
	i->notified = EV_NONE;
	i->state = -1;
	*p = i;
	return i;
}

/* The group's state from its members' (see the top); EV_NONE: in between. */
static enum ev group_state(const struct notify *n, const char *group)
{
	const struct inst *i;
	unsigned int members = 0, master = 0, backup = 0, fault = 0;

	for (i = n->insts; i; i = i->next) {
		if (!i->group || strcmp(i->group, group) || i->state == VRRP_STATE_INIT)
			continue;
		members++;
		master += i->state == VRRP_STATE_MASTER;
		backup += i->state == VRRP_STATE_BACKUP;
		fault += i->state == VRRP_STATE_FAULT;
	}
	if (!members)
		return EV_STOP;
	if (fault)
		return EV_FAULT;
	if (master == members)
		return EV_MASTER;
	if (backup == members)
		return EV_BACKUP;
	return EV_NONE;
}

static void group_update(struct notify *n, const char *name)
{
	enum ev ev = group_state(n, name);
	struct group *g;

	for (g = n->groups; g; g = g->next)
		if (!strcmp(g->name, name))
			break;
	if (!g) {
		g = xcalloc(1, sizeof(*g));
		g->name = xstrdup(name);
		g->state = EV_NONE;
		g->next = n->groups;
		n->groups = g;
	}
	if (ev == EV_NONE || ev == g->state || (ev == EV_STOP && g->state == EV_NONE))
		return;
	g->state = ev;
	run_rules(n, true, name, ev, NULL);
}

/*
 * An instance is in @state (an event, or the initial dump); @group is its
 * sync group if the kernel said ("" none, NULL unknown: as before).
 */
static void inst_state(struct notify *n, const char *name, unsigned int state,
		       unsigned int prio, const char *group)
{
	struct inst *i = inst_get(n, name);
	enum ev ev = state_ev(state);
	char *old_group = i->group;
	char p[8];

	if (group) {
		i->group = *group ? xstrdup(group) : NULL;
	} else if (old_group) {
		i->group = xstrdup(old_group);
	}
	i->state = state;
	if (ev != EV_NONE && ev != i->notified) {
		i->notified = ev;
		snprintf(p, sizeof(p), "%u", prio);
		run_rules(n, false, name, ev, p);
	}
	if (old_group && (!i->group || strcmp(old_group, i->group)))
		group_update(n, old_group);
	if (i->group)
		group_update(n, i->group);
	free(old_group);
}

static unsigned int prio_of(struct nlattr **tb)
{
	if (tb[VRRP_A_EFFECTIVE_PRIORITY])
		return nla_get_u8(tb[VRRP_A_EFFECTIVE_PRIORITY]);
	return tb[VRRP_A_PRIORITY] ? nla_get_u8(tb[VRRP_A_PRIORITY]) : 0;
}

/* VRRP_CMD_CONFLICT_EVENT: the conflict or mismatch rules of the instance. */
static void conflict_event(struct notify *n, struct nlattr **tb)
{
	bool mismatch = tb[VRRP_A_MISMATCH];
	struct nlattr *ctb[VRRP_CONFLICT_A_MAX + 1];
	char mac[MAC_STRLEN] = "-", addr[ADDR_STRLEN] = "-", what[64] = "";
	const char *name = nla_get_string(tb[VRRP_A_NAME]);
	enum ev ev = mismatch ? EV_MISMATCH : EV_CONFLICT;
	char label[VRRP_NAME_MAX + 16];
	const char *extra[7];
	const struct rule *r;
	struct nlattr *a;
	unsigned int i;
	uint32_t bits;

	if (vnl_parse_conflict(mismatch ? tb[VRRP_A_MISMATCH] : tb[VRRP_A_CONFLICT], ctb) < 0 ||
	    !ctb[VRRP_CONFLICT_A_KIND])
		return;
	if (ctb[VRRP_CONFLICT_A_PEER_MAC])
		mac_str(nla_data(ctb[VRRP_CONFLICT_A_PEER_MAC]), 6, mac);
	a = ctb[VRRP_CONFLICT_A_VIP] ? ctb[VRRP_CONFLICT_A_VIP] : ctb[VRRP_CONFLICT_A_PEER_ADDR];
	if (a && (nla_len(a) == 4 || nla_len(a) == 16))
		addr_str(nla_data(a), nla_len(a), addr);
	if (mismatch) {
		bits = ctb[VRRP_CONFLICT_A_WHAT] ? nla_get_u32(ctb[VRRP_CONFLICT_A_WHAT]) : 0;
		for (i = 0; i < MISMATCH_WHATS; i++) {
			if (!(bits & (1U << i)))
				continue;
			if (*what)
				strcat(what, ",");
			strcat(what, mismatch_whats[i]);
		}
		if (!*what)
			strcpy(what, "-");
	} else {
		snprintf(what, sizeof(what), "%s",
			 conflict_kind_str(nla_get_u8(ctb[VRRP_CONFLICT_A_KIND])));
	}
	extra[0] = "INSTANCE";
	extra[1] = name;
	extra[2] = ev_states[ev];
	extra[3] = what;
	extra[4] = mac;
	extra[5] = addr;
	extra[6] = NULL;
	snprintf(label, sizeof(label), "%s %s", name, ev_states[ev]);
	for (r = n->rules; r; r = r->next)
		if (!r->group && (!r->name || !strcmp(r->name, name)) && r->ev == ev)
			queue_add(n, name, label, r->argv, extra);
}

static int event_cb(uint8_t cmd, struct nlattr **tb, void *arg)
{
	struct notify *n = arg;

	if (cmd == VRRP_CMD_CONFLICT_EVENT && tb[VRRP_A_NAME]) {
		conflict_event(n, tb);
		return 0;
	}
	if (cmd != VRRP_CMD_STATE_EVENT || !tb[VRRP_A_NAME] || !tb[VRRP_A_STATE])
		return 0;
	inst_state(n, nla_get_string(tb[VRRP_A_NAME]), nla_get_u8(tb[VRRP_A_STATE]),
		   prio_of(tb), tb[VRRP_A_SYNC_GROUP] ? nla_get_string(tb[VRRP_A_SYNC_GROUP]) : NULL);
	return 0;
}

static int initial_cb(uint8_t cmd, struct nlattr **tb, void *arg)
{
	struct notify *n = arg;
	const char *group = tb[VRRP_A_SYNC_GROUP] ? nla_get_string(tb[VRRP_A_SYNC_GROUP]) : "";
	struct inst *i;

	if (cmd != VRRP_CMD_INSTANCE_GET || !tb[VRRP_A_NAME] || !tb[VRRP_A_STATE])
		return 0;
	i = inst_get(n, nla_get_string(tb[VRRP_A_NAME]));
	i->state = nla_get_u8(tb[VRRP_A_STATE]);
	i->prio = prio_of(tb);
	free(i->group);
	i->group = *group ? xstrdup(group) : NULL;
	return 0;
}

/*
 * The states at start, from a dump: each instance's scripts for its state
 * (unless !@run; an instance in init runs none), then each sync group's,
 * once all its members are known.
 */
static int initial_states(struct notify *n, bool run)
{
	struct vnl_req req = {
		.cmd = VRRP_CMD_INSTANCE_GET,
		.flags = NLM_F_DUMP,
		.what = "notify: show",
		.cb = initial_cb,
		.arg = n,
	};
	struct nl_msg *msg;
	struct vnl v;
	struct group *g;
	struct inst *i;
	char p[8];
	int err;

	err = vnl_open(&v);
	if (err)
		return err;
	msg = vnl_msg(&v, &req, 0);
	err = msg ? vnl_talk(&v, msg, &req) : EXIT_KERNEL;
	vnl_close(&v);
	if (err)
		return err;
	for (i = n->insts; i; i = i->next) {
		i->notified = state_ev(i->state);
		if (run && i->notified != EV_NONE && i->notified != EV_STOP) {
			snprintf(p, sizeof(p), "%u", i->prio);
			run_rules(n, false, i->name, i->notified, p);
		}
	}
	for (i = n->insts; i; i = i->next) {
		if (!i->group)
			continue;
		for (g = n->groups; g; g = g->next)
			if (!strcmp(g->name, i->group))
				break;
		if (g)
			continue;
		g = xcalloc(1, sizeof(*g));
		g->name = xstrdup(i->group);
		g->state = group_state(n, i->group);
		g->next = n->groups;
		n->groups = g;
		if (run && g->state != EV_NONE && g->state != EV_STOP)
			run_rules(n, true, g->name, g->state, NULL);
	}
	return 0;
}

static void notify_free(struct notify *n)
{
	struct queue *q, *qn;
	struct job *j, *jn;
	struct inst *i, *in;
	struct group *g, *gn;

	rules_free(n->rules);
	for (q = n->queues; q; q = qn) {
		qn = q->next;
		for (j = q->head; j; j = jn) {
			jn = j->next;
			job_free(j);
		}
		if (q->running)
			job_free(q->running);
		free(q->key);
		free(q);
	}
	for (i = n->insts; i; i = in) {
		in = i->next;
		free(i->name);
		free(i->group);
		free(i);
	}
	for (g = n->groups; g; g = gn) {
		gn = g->next;
		free(g->name);
		free(g);
	}
}

/* --- the loop ------------------------------------------------------------- */

/* Returns the exit status once vrrpctl should end, -1 to go on. */
static int handle_signals(struct notify *n, int sfd)
{
	struct signalfd_siginfo si;
	struct queue *q;
	pid_t pid;
	int status;

	while (read(sfd, &si, sizeof(si)) == sizeof(si)) {
		switch (si.ssi_signo) {
		case SIGCHLD:
			while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
				reaped(n, pid, status);
			break;
		case SIGHUP:
			if (!load_config(n))
				pr_err("notify: %s reloaded", n->file);
			break;
		default:	/* SIGTERM, SIGINT */
			if (!n->stopping) {
				n->stopping = true;
				break;
			}
			for (q = n->queues; q; q = q->next)
				if (q->running)
					proc_kill_group(q->pid, SIGTERM);
			return EXIT_OK;
		}
	}
	return -1;
}

/* Stopping: the events received but not read yet get their scripts too. */
static void drain_events(struct notify *n, struct vnl *v)
{
	struct pollfd pfd = { .fd = nl_socket_get_fd(v->sk), .events = POLLIN };

	while (poll(&pfd, 1, 0) > 0 && (pfd.revents & POLLIN))
		if (vnl_recv_events(v, "notify", event_cb, n))
			break;
}

static int notify_loop(struct notify *n, struct vnl *v, int sfd)
{
	struct pollfd pfd[2] = {
		{ .fd = sfd, .events = POLLIN },
		{ .fd = nl_socket_get_fd(v->sk), .events = POLLIN },
	};
	int ret = -1, nl_err = 0, timeout;
	bool listening = true;

	for (;;) {
		timeout = check_timeouts(n);
		if (!listening && !busy(n))
			return nl_err ? nl_err : EXIT_OK;
		if (poll(pfd, listening ? 2 : 1, timeout) < 0 && errno != EINTR) {
			pr_err("notify: poll: %s", strerror(errno));
			return EXIT_KERNEL;
		}
		if (pfd[0].revents)
			ret = handle_signals(n, sfd);
		if (ret >= 0)
			return ret;
		if (listening && n->stopping) {
			drain_events(n, v);
			listening = false;
			if (busy(n))
				pr_err("notify: stopping; waiting for the scripts running and queued (signal again to stop now)");
			continue;
		}
		if (listening && pfd[1].revents) {
			nl_err = vnl_recv_events(v, "notify", event_cb, n);
			if (nl_err) {
				listening = false;
				if (busy(n))
					pr_err("notify: no more events; waiting for the scripts running and queued");
			}
		}
	}
}

int do_notify(int argc, char **argv)
{
	struct notify n = { .timeout_ms = NOTIFY_TIMEOUT_MS };
	bool initial = true;
	sigset_t mask;
	struct vnl v;
	int sfd, err;

	for (; argc > 0; argc--, argv++) {
		if (!strcmp(argv[0], "-c") || !strcmp(argv[0], "--config")) {
			if (argc < 2)
				return missing_value(argv[0]);
			n.file = argv[1];
			argc--;
			argv++;
		} else if (!strcmp(argv[0], "--timeout") || !strcmp(argv[0], "-t")) {
			if (argc < 2)
				return missing_value(argv[0]);
			err = parse_time_ms(argv[0], argv[1], &n.timeout_ms);
			if (err)
				return err;
			if (!n.timeout_ms)
				return usage_err("%s must be more than 0", argv[0]);
			n.timeout_given = true;
			argc--;
			argv++;
		} else if (!strcmp(argv[0], "--no-initial")) {
			initial = false;
		} else {
			return usage_err("notify: unexpected argument \"%s\" (try \"vrrpctl help\")",
					 argv[0]);
		}
	}
	if (!n.file)
		return usage_err("notify: \"-c FILE\" is required (try \"vrrpctl help\")");
	err = load_config(&n);
	if (err)
		return err;

	sigemptyset(&mask);
	sigaddset(&mask, SIGCHLD);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGHUP);
	sigprocmask(SIG_BLOCK, &mask, &n.child_mask);
	sfd = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
	if (sfd < 0) {
		pr_err("notify: signalfd: %s", strerror(errno));
		rules_free(n.rules);
		return EXIT_KERNEL;
	}

	/* Subscribe first, then read the states: no change falls in between. */
	err = vnl_open(&v);
	if (!err) {
		err = vnl_subscribe(&v, "notify");
		if (!err)
			nl_socket_set_nonblocking(v.sk);
		if (!err)
			err = initial_states(&n, initial);
		if (!err)
			err = notify_loop(&n, &v, sfd);
		vnl_close(&v);
	}
	close(sfd);
	notify_free(&n);
	return err;
}
