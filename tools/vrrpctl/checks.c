// SPDX-License-Identifier: GPL-2.0
/*
 * vrrpctl checks [-c FILE] [--once]: run the health checks of FILE (default
 * /etc/vrrp/checks.conf, as "vrrpctl load" writes it) and report each
 * result to the tracker of the same name, as "vrrpctl track NAME ok|fail".
 *
 * FILE, one check a line ('#' comments, words as in a batch file):
 *
 *   check NAME [interval TIME] [timeout TIME] [user USER[:GROUP]] [--] COMMAND [ARGS...]
 *
 * interval: how often it runs (default 1s, keepalived's; at least 10ms);
 * timeout: how long a run may take (default the interval, as keepalived);
 * user: who runs it (setgroups, setgid, setuid in the child, before exec;
 * GROUP instead of USER's primary group), vrrpctl's own user if not given.
 * A user or group that does not exist is an error of the file, as is one
 * vrrpctl cannot switch to (it is not root): a check never runs as root
 * in its stead.
 *
 * Each run: its own process group, stdin /dev/null, stdout and stderr to a
 * pipe (the last line it printed goes in the log). Exit 0 is ok; any other
 * exit, a signal, or the timeout is a failure. At the timeout the failure
 * is reported at once and the process group gets SIGTERM, SIGKILL 2
 * seconds later. Runs are on a fixed schedule (every interval from the
 * start, CLOCK_MONOTONIC); a check still running when its next run is due
 * is not started again: that run is skipped, and counted.
 *
 * stderr (the journal) gets one line when a check's outcome changes (ok,
 * fail with an exit status, a signal, a timeout, a command that cannot be
 * run), and when reports start or stop going through; not one a run.
 *
 * One poll() waits for the outputs of the checks, for signals (a signalfd)
 * and for the next run or timeout. SIGCHLD: a run ended, its result is
 * reported. SIGHUP rereads FILE: a bad one keeps the checks as they were;
 * checks whose line is unchanged keep their schedule, changed and new ones
 * run at once, removed ones are killed. SIGTERM and SIGINT: SIGTERM to the
 * checks running, SIGKILL to those left after 2 seconds, exit 0.
 *
 * --once: each check runs once, side by side; exit 0 once every result was
 * reported, 2 if some could not be.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include "proc.h"
#include "util.h"
#include "vrrpctl.h"

#define CHECKS_FILE		"/etc/vrrp/checks.conf"
#define CHECKS_MAX_WORDS	256
#define CHECKS_INTERVAL_MS	1000
#define CHECKS_MIN_INTERVAL_MS	10
#define CHECKS_LINE_MAX		200	/* of a check's output, in the log */
#define CHECKS_MSG_MAX		512

/* How a run ended, as logged. */
enum outcome { OUT_NONE, OUT_OK, OUT_EXIT, OUT_SIGNAL, OUT_TIMEOUT, OUT_SPAWN };

struct cred {
	bool set;		/* switch users: else vrrpctl's */
	uid_t uid;
	gid_t gid;
	gid_t *groups;
	int ngroups;
};

struct check {
	struct check *next;
	/* its line of the file */
	char *name;
	unsigned int line;
	uint32_t interval_ms, timeout_ms;
	char *user;		/* USER[:GROUP] as written, NULL: not given */
	struct cred cred;
	char **argv;
	/* the schedule */
	uint64_t due;		/* of the next run */
	unsigned long skipped;	/* runs not started: the one before still ran */
	bool run_skipped;	/* ... while this run ran */
	bool overlapping;	/* logged so */
	/* the run */
	pid_t pid;		/* 0: not running */
	int stage;		/* 0 running, 1 timed out: SIGTERM sent, 2 SIGKILL sent */
	uint64_t deadline;
	uint32_t run_timeout_ms;
	int out_fd;		/* its stdout and stderr, -1 */
	char out[CHECKS_LINE_MAX];	/* the line being read */
	size_t out_len;
	char last[CHECKS_LINE_MAX];	/* the last one it printed */
	/* what was logged */
	enum outcome logged;
	int logged_code;
	char *report_err;	/* why reports fail, NULL: they go through */
	bool removed;		/* gone from the file: killed, freed once reaped */
};

struct checks {
	const char *file;
	struct check *list;
	sigset_t child_mask;
	bool once;
	bool stopping;		/* SIGTERM or SIGINT: results are not reported */
	unsigned int unreported;	/* --once: reports that failed */
};

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n, size);

	if (!p) {
		pr_err("checks: out of memory");
		exit(EXIT_KERNEL);
	}
	return p;
}

static char *xstrdup(const char *s)
{
	char *p = strdup(s);

	if (!p) {
		pr_err("checks: out of memory");
		exit(EXIT_KERNEL);
	}
	return p;
}

static void argv_free(char **argv)
{
	size_t i;

	for (i = 0; argv && argv[i]; i++)
		free(argv[i]);
	free(argv);
}

static void check_free(struct check *k)
{
	if (k->out_fd >= 0)
		close(k->out_fd);
	free(k->name);
	free(k->user);
	free(k->cred.groups);
	argv_free(k->argv);
	free(k->report_err);
	free(k);
}

static void checks_free(struct check *k)
{
	struct check *next;

	for (; k; k = next) {
		next = k->next;
		check_free(k);
	}
}

/* --- users ------------------------------------------------------------------ */

/* USER[:GROUP]: 0 and their ids, or EXIT_USAGE with the reason in @why. */
static int lookup_user(const char *spec, uid_t *uid, gid_t *gid, char *why, size_t len)
{
	char *user = strdupa(spec), *group = strchr(user, ':');
	const struct passwd *pw;
	const struct group *gr;

	if (group)
		*group++ = '\0';
	if (!*user || (group && !*group)) {
		snprintf(why, len, "invalid user \"%s\" (expected USER or USER:GROUP)", spec);
		return EXIT_USAGE;
	}
	errno = 0;
	pw = getpwnam(user);
	if (!pw) {
		snprintf(why, len, "user \"%s\" does not exist%s%s", user, errno ? ": " : "",
			 errno ? strerror(errno) : "");
		return EXIT_USAGE;
	}
	*uid = pw->pw_uid;
	*gid = pw->pw_gid;
	if (!group)
		return 0;
	errno = 0;
	gr = getgrnam(group);
	if (!gr) {
		snprintf(why, len, "group \"%s\" does not exist%s%s", group, errno ? ": " : "",
			 errno ? strerror(errno) : "");
		return EXIT_USAGE;
	}
	*gid = gr->gr_gid;
	return 0;
}

/* Whether USER[:GROUP] exists here: for load. */
int checks_user_ok(const char *spec, char *why, size_t len)
{
	uid_t uid;
	gid_t gid;

	return lookup_user(spec, &uid, &gid, why, len);
}

/*
 * USER[:GROUP] to the ids a check runs with: 0, or EXIT_USAGE with the
 * reason in @why. Never another user in its stead: one that does not
 * exist, or that vrrpctl cannot switch to, is an error.
 */
static int resolve_user(const char *spec, struct cred *c, char *why, size_t len)
{
	char *user = strdupa(spec);
	gid_t *groups = NULL;
	int n = 16;

	memset(c, 0, sizeof(*c));
	if (lookup_user(spec, &c->uid, &c->gid, why, len))
		return EXIT_USAGE;
	if (geteuid() != 0) {
		/* vrrpctl's own user needs no switch; another cannot be had */
		if (c->uid == geteuid() && c->gid == getegid())
			return 0;
		snprintf(why, len, "cannot run as \"%s\": vrrpctl runs as uid %u, and only root can switch users",
			 spec, (unsigned int)geteuid());
		return EXIT_USAGE;
	}
	/* initgroups(), computed here: the child only sets them */
	*strchrnul(user, ':') = '\0';
	for (;;) {
		groups = realloc(groups, n * sizeof(*groups));
		if (!groups) {
			pr_err("checks: out of memory");
			exit(EXIT_KERNEL);
		}
		if (getgrouplist(user, c->gid, groups, &n) >= 0)
			break;
	}
	c->set = true;
	c->groups = groups;
	c->ngroups = n;
	return 0;
}

/* --- the file ----------------------------------------------------------------- */

static int __attribute__((format(printf, 3, 4)))
line_err(const struct checks *cs, unsigned int line, const char *fmt, ...)
{
	char msg[CHECKS_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return usage_err("%s:%u: %s", cs->file, line, msg);
}

/* "interval TIME" or "timeout TIME" of check @name */
static int parse_ms(const struct checks *cs, unsigned int line, const char *name,
		    char **argv, int argc, uint32_t *ms, bool *seen)
{
	char msg[CHECKS_MSG_MAX];
	int err;

	if (*seen)
		return line_err(cs, line, "check %s: \"%s\" given twice", name, argv[0]);
	*seen = true;
	if (argc < 2)
		return line_err(cs, line, "check %s: \"%s\" needs a TIME", name, argv[0]);
	pr_capture(msg, sizeof(msg));
	err = parse_time_ms(argv[0], argv[1], ms);
	pr_capture(NULL, 0);
	if (err)
		return line_err(cs, line, "check %s: %s", name, msg);
	return 0;
}

static int parse_check(const struct checks *cs, unsigned int line, char **argv, int argc,
		       struct check *list, struct check **out)
{
	bool has_interval = false, has_timeout = false;
	char msg[CHECKS_MSG_MAX];
	const char *name, *user = NULL;
	struct check *k;
	int i, err;

	if (strcmp(argv[0], "check"))
		return line_err(cs, line, "unknown keyword \"%s\" (expected check)", argv[0]);
	if (argc < 2)
		return line_err(cs, line, "\"check\" needs a NAME");
	name = argv[1];
	pr_capture(msg, sizeof(msg));
	err = check_tracker_name(name, true);
	pr_capture(NULL, 0);
	if (err)
		return line_err(cs, line, "%s", msg);
	for (; list; list = list->next)
		if (!strcmp(list->name, name))
			return line_err(cs, line, "check %s defined twice (line %u)", name,
					list->line);

	k = xcalloc(1, sizeof(*k));
	k->out_fd = -1;
	k->line = line;
	k->interval_ms = CHECKS_INTERVAL_MS;
	for (i = 2; i < argc && !err; i += 2) {
		if (!strcmp(argv[i], "interval")) {
			err = parse_ms(cs, line, name, argv + i, argc - i, &k->interval_ms,
				       &has_interval);
		} else if (!strcmp(argv[i], "timeout")) {
			err = parse_ms(cs, line, name, argv + i, argc - i, &k->timeout_ms,
				       &has_timeout);
		} else if (!strcmp(argv[i], "user")) {
			if (user)
				err = line_err(cs, line, "check %s: \"user\" given twice", name);
			else if (i + 1 >= argc)
				err = line_err(cs, line, "check %s: \"user\" needs USER[:GROUP]", name);
			else
				user = argv[i + 1];
		} else {
			if (!strcmp(argv[i], "--"))
				i++;
			break;	/* the command */
		}
	}
	if (!err && i >= argc)
		err = line_err(cs, line, "check %s: no COMMAND", name);
	if (!err && k->interval_ms < CHECKS_MIN_INTERVAL_MS)
		err = line_err(cs, line, "check %s: interval must be at least %ums", name,
			       CHECKS_MIN_INTERVAL_MS);
	if (!err && has_timeout && !k->timeout_ms)
		err = line_err(cs, line, "check %s: timeout must be more than 0", name);
	if (!err && user && resolve_user(user, &k->cred, msg, sizeof(msg)))
		err = line_err(cs, line, "check %s: %s", name, msg);
	if (err) {
		check_free(k);
		return err;
	}
	if (!has_timeout)
		k->timeout_ms = k->interval_ms;	/* keepalived's default */
	k->name = xstrdup(name);
	k->user = user ? xstrdup(user) : NULL;
	k->argv = xcalloc(argc - i + 1, sizeof(*k->argv));
	for (argc -= i, argv += i, i = 0; i < argc; i++)
		k->argv[i] = xstrdup(argv[i]);
	if (strchr(k->argv[0], '/') && access(k->argv[0], X_OK))
		pr_err("warning: %s:%u: %s: %s (check %s fails until it is there)", cs->file,
		       line, k->argv[0], strerror(errno), name);
	*out = k;
	return 0;
}

/* FILE, read whole: 0 and its checks, or EXIT_USAGE and nothing. */
static int read_file(const struct checks *cs, struct check **out)
{
	FILE *f = fopen(cs->file, "r");
	struct check *list = NULL, **tail = &list;
	char *line = NULL, *argv[CHECKS_MAX_WORDS];
	const char *why;
	unsigned int lineno = 0;
	size_t size = 0;
	int argc, err = 0;

	if (!f)
		return usage_err("checks: cannot open \"%s\": %s", cs->file, strerror(errno));
	while (!err && getline(&line, &size, f) >= 0) {
		lineno++;
		argc = split_line(line, argv, CHECKS_MAX_WORDS, &why);
		if (argc < 0)
			err = line_err(cs, lineno, "%s", why);
		else if (argc > 0 && !(err = parse_check(cs, lineno, argv, argc, list, tail)))
			tail = &(*tail)->next;
	}
	free(line);
	fclose(f);
	if (err) {
		checks_free(list);
		return err;
	}
	*out = list;
	return 0;
}

/* --- results ------------------------------------------------------------------ */

/* Its outcome, logged if it is not the one logged last. */
static void outcome(struct check *k, enum outcome o, int code, const char *detail)
{
	const char *was = k->logged == OUT_NONE ? NULL : k->logged == OUT_OK ? "ok" : "fail";

	if (k->logged == o && k->logged_code == code)
		return;
	pr_err("checks: %s: %s%s%s%s%s%s", k->name, was ? was : "", was ? " -> " : "",
	       o == OUT_OK ? "ok" : "fail", detail ? " (" : "", detail ? detail : "",
	       detail ? ")" : "");
	k->logged = o;
	k->logged_code = code;
}

/* Sent to the tracker: reports that fail are logged when they start and stop failing. */
static void report(struct checks *cs, struct check *k, bool ok)
{
	char msg[CHECKS_MSG_MAX];
	int err;

	if (cs->stopping)
		return;
	pr_capture(msg, sizeof(msg));
	err = track_report(k->name, ok, "track");
	pr_capture(NULL, 0);
	if (err) {
		cs->unreported++;
		if (!k->report_err || strcmp(k->report_err, msg)) {
			pr_err("checks: %s: cannot report: %s", k->name, msg);
			free(k->report_err);
			k->report_err = xstrdup(msg);
		}
	} else if (k->report_err) {
		pr_err("checks: %s: reports go through again", k->name);
		free(k->report_err);
		k->report_err = NULL;
	}
}

/* The line being read becomes the last one: printable, not empty. */
static void end_line(struct check *k)
{
	size_t i;

	while (k->out_len && (k->out[k->out_len - 1] == '\r' || k->out[k->out_len - 1] == ' '))
		k->out_len--;
	if (!k->out_len)
		return;
	for (i = 0; i < k->out_len; i++)
		k->last[i] = (unsigned char)k->out[i] < ' ' ? ' ' : k->out[i];
	k->last[i] = '\0';
	k->out_len = 0;
}

/* What the check printed, read as it comes; at EOF (or reaped) the pipe is closed. */
static void read_output(struct check *k, bool reaped)
{
	char buf[4096];
	int turns = 64;		/* the others get their turn too */
	ssize_t n, i;

	while (k->out_fd >= 0 && turns--) {
		n = read(k->out_fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN && !reaped)
			return;
		if (n <= 0) {	/* EOF, or all there is once reaped */
			close(k->out_fd);
			k->out_fd = -1;
			break;
		}
		for (i = 0; i < n; i++) {
			if (buf[i] == '\n')
				end_line(k);
			else if (k->out_len < sizeof(k->out) - 1)
				k->out[k->out_len++] = buf[i];
		}
	}
	if (reaped)
		end_line(k);
}

/* "exit 1: curl: (7) Failed to connect ..." */
static const char *detail_of(const struct check *k, const char *what, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s%s", what, k->last[0] ? ": " : "", k->last);
	return buf;
}

static void start(struct checks *cs, struct check *k, uint64_t now)
{
	char why[CHECKS_MSG_MAX];
	int pfd[2], err = 0;
	struct proc_opts o = {
		.child_mask = &cs->child_mask,
		.set_ids = k->cred.set,
		.uid = k->cred.uid,
		.gid = k->cred.gid,
		.groups = k->cred.groups,
		.ngroups = k->cred.ngroups,
		.parent_death = true,
		.why = why,
		.why_len = sizeof(why),
		.err = &err,
	};
	pid_t pid;

	k->last[0] = '\0';
	k->out_len = 0;
	k->run_skipped = false;
	if (pipe2(pfd, O_CLOEXEC) < 0) {
		err = errno;
		snprintf(why, sizeof(why), "cannot run %s: pipe: %s", k->argv[0], strerror(errno));
		pid = -1;
	} else {
		fcntl(pfd[0], F_SETFL, O_NONBLOCK);
		o.out_fd = pfd[1];
		pid = proc_start(k->argv, &o);
		close(pfd[1]);
		if (pid < 0)
			close(pfd[0]);
	}
	if (pid < 0) {
		outcome(k, OUT_SPAWN, err, why);
		report(cs, k, false);
		return;
	}
	k->pid = pid;
	k->out_fd = pfd[0];
	k->stage = 0;
	k->run_timeout_ms = k->timeout_ms;
	k->deadline = now + k->timeout_ms;
}

/* A run ended: its result, unless the timeout said it already. */
static void reaped(struct checks *cs, struct check *k, int status)
{
	char desc[96], detail[CHECKS_MSG_MAX];
	pid_t pid = k->pid;

	read_output(k, true);
	k->pid = 0;
	if (k->stage) {		/* what it left behind in its group */
		proc_kill_group(pid, SIGKILL);
	} else if (!cs->stopping) {
		proc_status_str(status, desc, sizeof(desc));
		if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
			outcome(k, OUT_OK, 0, NULL);
		else if (WIFEXITED(status))
			outcome(k, OUT_EXIT, WEXITSTATUS(status),
				detail_of(k, desc, detail, sizeof(detail)));
		else
			outcome(k, OUT_SIGNAL, WIFSIGNALED(status) ? WTERMSIG(status) : status,
				detail_of(k, desc, detail, sizeof(detail)));
		report(cs, k, WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	if (!k->run_skipped)
		k->overlapping = false;
}

/* --- the schedule ------------------------------------------------------------- */

static void start_due(struct checks *cs, uint64_t now)
{
	struct check *k;

	for (k = cs->list; k; k = k->next) {
		if (k->removed || now < k->due)
			continue;
		if (k->pid) {
			k->skipped++;
			k->run_skipped = true;
			if (!k->overlapping) {
				k->overlapping = true;
				pr_err("checks: %s: still running when due again: not started twice (%lu run%s skipped so far)",
				       k->name, k->skipped, k->skipped == 1 ? "" : "s");
			}
		} else {
			start(cs, k, now);
		}
		/* the next slot after now: a fixed schedule, no drift */
		k->due += ((now - k->due) / k->interval_ms + 1) * k->interval_ms;
	}
}

/* Timeouts due; returns when the next thing is due (UINT64_MAX: nothing). */
static uint64_t check_timeouts(struct checks *cs, uint64_t now)
{
	char t[TIME_STRLEN], detail[CHECKS_MSG_MAX], what[64];
	uint64_t next = UINT64_MAX;
	struct check *k;

	for (k = cs->list; k; k = k->next) {
		if (k->pid && k->stage == 0 && now >= k->deadline) {
			proc_kill_group(k->pid, SIGTERM);
			k->stage = 1;
			k->deadline = now + PROC_KILL_GRACE_MS;
			read_output(k, false);
			if (k->out_len)
				end_line(k);
			snprintf(what, sizeof(what), "timed out after %s",
				 ms_str(k->run_timeout_ms, t));
			outcome(k, OUT_TIMEOUT, 0, detail_of(k, what, detail, sizeof(detail)));
			report(cs, k, false);
		} else if (k->pid && k->stage == 1 && now >= k->deadline) {
			proc_kill_group(k->pid, SIGKILL);
			k->stage = 2;
		}
		if (k->pid && k->stage < 2 && k->deadline < next)
			next = k->deadline;
		if (!cs->once && !k->removed && k->due < next)
			next = k->due;
	}
	return next;
}

static bool running(const struct checks *cs)
{
	const struct check *k;

	for (k = cs->list; k; k = k->next)
		if (k->pid)
			return true;
	return false;
}

/* Removed checks, once ended, are forgotten. */
static void prune(struct checks *cs)
{
	struct check **p = &cs->list, *k;

	while ((k = *p)) {
		if (k->removed && !k->pid) {
			*p = k->next;
			check_free(k);
		} else {
			p = &k->next;
		}
	}
}

static bool same_argv(char **a, char **b)
{
	for (; *a && *b; a++, b++)
		if (strcmp(*a, *b))
			return false;
	return !*a && !*b;
}

/*
 * SIGHUP: the checks of the file read again. Those whose line is the same
 * keep their schedule and state; changed ones take their new line and run
 * at once (or, if running, an interval later); new ones run at once; those
 * gone are killed (SIGTERM, SIGKILL after the grace), and forgotten once
 * reaped.
 */
static void reload(struct checks *cs, uint64_t now)
{
	struct check *fresh, *n, *k, **p, *next, *old, *list = NULL, **tail = &list;
	unsigned int count = 0;
	struct cred c;
	char **argv;
	char *user;
	bool changed;

	if (read_file(cs, &fresh)) {
		pr_err("checks: %s not reloaded: the checks of before go on", cs->file);
		return;
	}
	old = cs->list;
	for (n = fresh; n; n = next) {
		next = n->next;
		n->next = NULL;
		count++;
		for (p = &old; (k = *p); p = &k->next)
			if (!k->removed && !strcmp(k->name, n->name))
				break;
		if (!k) {
			n->due = now;
			*tail = n;
			tail = &n->next;
			continue;
		}
		*p = k->next;	/* out of the old list, into the new one */
		k->next = NULL;
		changed = k->interval_ms != n->interval_ms || k->timeout_ms != n->timeout_ms ||
			  !same_argv(k->argv, n->argv) || !k->user != !n->user ||
			  (k->user && strcmp(k->user, n->user));
		/* its new line (users resolved again), its state kept */
		argv = k->argv, k->argv = n->argv, n->argv = argv;
		user = k->user, k->user = n->user, n->user = user;
		c = k->cred, k->cred = n->cred, n->cred = c;
		k->interval_ms = n->interval_ms;
		k->timeout_ms = n->timeout_ms;
		k->line = n->line;
		if (changed)
			k->due = k->pid ? now + k->interval_ms : now;
		check_free(n);
		*tail = k;
		tail = &k->next;
	}
	/* what is left of the old list: gone from the file */
	for (k = old; k; k = next) {
		next = k->next;
		k->next = NULL;
		if (k->pid && k->stage == 0) {
			proc_kill_group(k->pid, SIGTERM);
			k->stage = 1;
			k->deadline = now + PROC_KILL_GRACE_MS;
		}
		k->removed = true;
		*tail = k;
		tail = &k->next;
	}
	cs->list = list;
	prune(cs);
	pr_err("checks: %s reloaded: %u check%s", cs->file, count, count == 1 ? "" : "s");
}

/* --- the loop ------------------------------------------------------------------ */

static void reap_all(struct checks *cs)
{
	struct check *k;
	pid_t pid;
	int status;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		for (k = cs->list; k; k = k->next)
			if (k->pid == pid)
				break;
		if (k)
			reaped(cs, k, status);
	}
	prune(cs);
}

/* Returns true once vrrpctl should stop. */
static bool handle_signals(struct checks *cs, int sfd)
{
	struct signalfd_siginfo si;
	bool stop = false;

	while (read(sfd, &si, sizeof(si)) == sizeof(si)) {
		switch (si.ssi_signo) {
		case SIGCHLD:
			reap_all(cs);
			break;
		case SIGHUP:
			if (!cs->once && !cs->stopping)
				reload(cs, now_ms());
			break;
		default:	/* SIGTERM, SIGINT */
			stop = true;
		}
	}
	return stop;
}

/* SIGTERM to the checks running, SIGKILL to those left after the grace. */
static void stop_all(struct checks *cs, int sfd)
{
	struct pollfd pfd = { .fd = sfd, .events = POLLIN };
	uint64_t deadline = now_ms() + PROC_KILL_GRACE_MS, now;
	struct check *k;

	cs->stopping = true;
	for (k = cs->list; k; k = k->next)
		if (k->pid)
			proc_kill_group(k->pid, SIGTERM);
	while (running(cs) && (now = now_ms()) < deadline) {
		if (poll(&pfd, 1, deadline - now) > 0)
			handle_signals(cs, sfd);
	}
	for (k = cs->list; k; k = k->next) {
		if (k->pid) {
			proc_kill_group(k->pid, SIGKILL);
			waitpid(k->pid, NULL, 0);
			k->pid = 0;
		}
	}
}

static int checks_loop(struct checks *cs, int sfd)
{
	struct pollfd *pfd = NULL;
	struct check **owner = NULL, *k;
	uint64_t now, next;
	size_t n, size = 0;
	int timeout, ret = 0;

	for (;;) {
		now = now_ms();
		if (!cs->once)
			start_due(cs, now);
		next = check_timeouts(cs, now);
		if (cs->once && !running(cs))
			break;
		for (n = 1, k = cs->list; k; k = k->next)
			n += k->out_fd >= 0;
		if (n > size) {
			free(pfd);
			free(owner);
			size = n * 2;
			pfd = xcalloc(size, sizeof(*pfd));
			owner = xcalloc(size, sizeof(*owner));
		}
		pfd[0] = (struct pollfd){ .fd = sfd, .events = POLLIN };
		for (n = 1, k = cs->list; k; k = k->next) {
			if (k->out_fd < 0)
				continue;
			pfd[n] = (struct pollfd){ .fd = k->out_fd, .events = POLLIN };
			owner[n++] = k;
		}
		now = now_ms();
		if (next == UINT64_MAX)
			timeout = -1;
		else
			timeout = next <= now ? 0 : next - now > INT_MAX ? INT_MAX : (int)(next - now);
		if (poll(pfd, n, timeout) < 0 && errno != EINTR) {
			pr_err("checks: poll: %s", strerror(errno));
			ret = EXIT_KERNEL;
			break;
		}
		while (--n > 0)
			if (pfd[n].revents)
				read_output(owner[n], false);
		/* owner[] may point to freed checks after this: rebuilt each turn */
		if (pfd[0].revents && handle_signals(cs, sfd))
			break;
	}
	free(pfd);
	free(owner);
	stop_all(cs, sfd);
	return ret;
}

int do_checks(int argc, char **argv)
{
	struct checks cs = { .file = CHECKS_FILE };
	struct check *k;
	unsigned int count = 0;
	sigset_t mask;
	uint64_t now;
	int sfd, err;

	for (; argc > 0; argc--, argv++) {
		if (!strcmp(argv[0], "-c") || !strcmp(argv[0], "--config")) {
			if (argc < 2)
				return missing_value(argv[0]);
			cs.file = argv[1];
			argc--;
			argv++;
		} else if (!strcmp(argv[0], "--once")) {
			cs.once = true;
		} else {
			return usage_err("checks: unexpected argument \"%s\" (try \"vrrpctl help\")",
					 argv[0]);
		}
	}
	err = read_file(&cs, &cs.list);
	if (err)
		return err;

	sigemptyset(&mask);
	sigaddset(&mask, SIGCHLD);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGHUP);
	sigprocmask(SIG_BLOCK, &mask, &cs.child_mask);
	sfd = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
	if (sfd < 0) {
		pr_err("checks: signalfd: %s", strerror(errno));
		checks_free(cs.list);
		return EXIT_KERNEL;
	}
	now = now_ms();
	for (k = cs.list; k; k = k->next) {
		k->due = now;
		count++;
		if (cs.once)
			start(&cs, k, now);
	}
	if (!cs.once)
		pr_err("checks: %u check%s from %s", count, count == 1 ? "" : "s", cs.file);
	err = checks_loop(&cs, sfd);
	close(sfd);
	checks_free(cs.list);
	if (!err && cs.once && cs.unreported)
		err = EXIT_KERNEL;
	return err;
}
