// SPDX-License-Identifier: GPL-2.0
/*
 * vrrpctl apply [--check] FILE: make the network namespace match FILE, a
 * file of "tracker add" and "instance add" lines (what "vrrpctl save" and
 * "vrrpctl load" write), changing only what differs: a reload that does not
 * flap.
 *
 *   - in FILE, not running: added;
 *   - running, different: changed in place (TRACKER_SET, INSTANCE_SET with
 *     only the attributes that differ; one the line leaves out returns to
 *     its default); an untouched instance or tracker gets no request at all
 *     and keeps its state;
 *   - running with another device, VRID, version or family (what SET cannot
 *     change): deleted and added again, said on stderr first;
 *   - running, not in FILE: deleted (the file owns the namespace).
 *
 * All of FILE and all of the running configuration ("vrrpctl save", read
 * back with the same parsers) are parsed and compared first: an error there
 * changes nothing. The order: trackers added and changed (instances may
 * name them), instances deleted (freeing their VRIDs and VIPs), instances
 * re-created, changed and added in FILE's order, trackers deleted (no
 * instance tracks them any more). If the kernel refuses a request, what was
 * done is undone, the last first: added ones deleted, changed ones set back,
 * deleted ones added again (those restart: a new instance, a tracker in its
 * initial state). --check prints the plan and changes nothing.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/vrrp.h>

#include "util.h"
#include "vrrpctl.h"

/* As batch.c: an instance with every vip, track element and peer. */
#define AP_MAX_WORDS	(VRRP_VIP_MAX + 8 * VRRP_TRACK_MAX + 6 * VRRP_PEER_MAX + 64)

enum ap_op { AP_KEEP, AP_ADD, AP_SET, AP_RECREATE, AP_DEL };

/* One line: of the file (wanted) or of the kernel's configuration (have). */
struct item {
	struct item *next;
	const char *where;
	char *text;		/* the line, kept for the undo */
	char *buf;		/* its words: the cfg points into it */
	bool tracker;
	bool raw;		/* have: not read back (its device is gone, ...) */
	struct inst_cfg *inst;
	struct trk_cfg *trk;
	const char *name;
	struct item *have;	/* wanted: the kernel's of the same name */
	bool wanted;		/* have: in the file */
	enum ap_op op;
	char desc[160];		/* what differs */
	bool deleted, added;	/* done so far, for the undo */
};

struct plan {
	const char *who;	/* "apply", "load" */
	struct item *want, *have;
	char **words;		/* split_line()'s */
	unsigned int n[AP_DEL + 1];
};

static void item_free(struct item *it)
{
	instance_free(it->inst);
	free(it->trk);
	free(it->text);
	free(it->buf);
	free(it);
}

static void items_free(struct item *it)
{
	struct item *next;

	for (; it; it = next) {
		next = it->next;
		item_free(it);
	}
}

/*
 * @text parsed: an item (NULL for a blank line, *err 0), or *err set.
 * @running: a line of the running configuration, that may not parse here
 * (its device is gone): then a raw item, of its name only, why in ->desc.
 */
static struct item *item_parse(struct plan *p, const char *where, const char *text,
			       bool running, int *err)
{
	const char *why = NULL;
	struct item *it;
	int argc;

	*err = 0;
	it = calloc(1, sizeof(*it));
	if (it) {
		it->text = strdup(text);
		it->buf = strdup(text);
	}
	if (!it || !it->text || !it->buf) {
		*err = usage_err("out of memory");
		goto fail;
	}
	it->where = where;
	argc = split_line(it->buf, p->words, AP_MAX_WORDS, &why);
	if (argc < 0) {
		*err = usage_err("%s: %s", where, why);
		goto fail;
	}
	if (argc == 0)
		goto fail;
	if (argc < 2 || strcmp(p->words[1], "add") ||
	    (strcmp(p->words[0], "tracker") && strcmp(p->words[0], "instance"))) {
		*err = usage_err("%s: %s takes \"tracker add\" and \"instance add\" lines only, not \"%s\"",
				 where, p->who, p->words[0]);
		goto fail;
	}
	it->tracker = !strcmp(p->words[0], "tracker");
	if (running)
		pr_capture(it->desc, sizeof(it->desc));
	if (it->tracker)
		*err = tracker_parse(argc - 2, p->words + 2, &it->trk);
	else
		*err = instance_parse(argc - 2, p->words + 2, true, &it->inst);
	if (running)
		pr_capture(NULL, 0);
	if (*err && running && argc > 2) {
		*err = 0;
		it->raw = true;
		it->name = p->words[2];
		return it;
	}
	if (*err) {
		pr_err("%s: %s %s: refused (above)", where, p->words[0], p->words[1]);
		goto fail;
	}
	it->name = it->tracker ? tracker_name(it->trk) : instance_name(it->inst);
	return it;
fail:
	if (it)
		item_free(it);
	return NULL;
}

static struct item *find(struct item *list, bool tracker, const char *name)
{
	for (; list; list = list->next)
		if (list->tracker == tracker && !strcmp(list->name, name))
			return list;
	return NULL;
}

/* Appends the items of @lines (wanted) to p->want: 0 or an exit status. */
static int read_wanted(struct plan *p, const struct apply_line *lines, unsigned int n)
{
	struct item *it, **tail = &p->want;
	unsigned int i;
	int err = 0, e;

	for (i = 0; i < n; i++) {
		it = item_parse(p, lines[i].where, lines[i].text, false, &e);
		if (e) {
			err = err ? err : e;
			continue;	/* every error said at once */
		}
		if (!it)
			continue;
		if (find(p->want, it->tracker, it->name)) {
			err = usage_err("%s: %s \"%s\" given twice", it->where,
					it->tracker ? "tracker" : "instance", it->name);
			item_free(it);
			continue;
		}
		*tail = it;
		tail = &it->next;
	}
	return err;
}

/* The running configuration, as "vrrpctl save" writes it: 0 or an exit status. */
static int read_running(struct plan *p)
{
	struct item *it, **tail = &p->have;
	char *text = NULL, *line, *nl;
	size_t len = 0;
	FILE *f;
	int err, lost, e;

	f = open_memstream(&text, &len);
	if (!f)
		return usage_err("out of memory");
	err = save_to(f, &lost);
	if (fclose(f) && !err)
		err = usage_err("out of memory");
	if (!err && lost)
		pr_err("%s: the running configuration has a part left out (above): it is compared without it",
		       p->who);
	for (line = text; !err && line && *line; line = nl) {
		nl = strchr(line, '\n');
		if (nl)
			*nl++ = '\0';
		it = item_parse(p, "running configuration", line, true, &e);
		if (e) {
			pr_err("%s: cannot read the running configuration: nothing changed",
			       p->who);
			err = EXIT_KERNEL;
		} else if (it) {
			*tail = it;
			tail = &it->next;
		}
	}
	free(text);
	return err;
}

static const char *kind(const struct item *it)
{
	return it->tracker ? "tracker" : "instance";
}

/* What to do with each: p->n[] counts. */
static void make_plan(struct plan *p)
{
	const char *fixed;
	struct item *w, *h;
	unsigned int n;

	for (w = p->want; w; w = w->next) {
		h = find(p->have, w->tracker, w->name);
		w->have = h;
		if (!h) {
			w->op = AP_ADD;
		} else {
			h->wanted = true;
			fixed = w->tracker || h->raw ? NULL : instance_fixed(w->inst, h->inst);
			if (h->raw) {
				w->op = AP_RECREATE;
				snprintf(w->desc, sizeof(w->desc),
					 "the running one cannot be read back (%.100s)", h->desc);
			} else if (fixed) {
				w->op = AP_RECREATE;
				snprintf(w->desc, sizeof(w->desc), "its %s changes", fixed);
			} else {
				n = w->tracker ?
				    tracker_diff(w->trk, h->trk, w->desc, sizeof(w->desc)) :
				    instance_diff(w->inst, h->inst, w->desc, sizeof(w->desc));
				w->op = n ? AP_SET : AP_KEEP;
			}
		}
		p->n[w->op]++;
	}
	for (h = p->have; h; h = h->next)
		if (!h->wanted) {
			h->op = AP_DEL;
			p->n[AP_DEL]++;
		}
}

static void say(const struct plan *p, const struct item *it, bool check)
{
	const char *pre = check ? "would " : "";

	switch (it->op) {
	case AP_ADD:
		printf("%s: %sadd %s %s\n", p->who, pre, kind(it), it->name);
		break;
	case AP_SET:
		printf("%s: %schange %s %s: %s\n", p->who, pre, kind(it), it->name, it->desc);
		break;
	case AP_RECREATE:
		printf("%s: %sre-create %s %s: %s\n", p->who, pre, kind(it), it->name,
		       it->desc);
		break;
	case AP_DEL:
		printf("%s: %sdelete %s %s\n", p->who, pre, kind(it), it->name);
		break;
	case AP_KEEP:
		break;
	}
	fflush(stdout);
}

static int del(const struct item *it)
{
	char *argv[] = { (char *)kind(it), "del", (char *)it->name, NULL };

	return run_command(3, argv);
}

static int send(const struct item *it, bool creating)
{
	return it->tracker ? tracker_send(it->trk, creating) : instance_send(it->inst, creating);
}

/* @to's line, made a SET from @from's (both parsed again): the undo of a SET. */
static int set_back(struct plan *p, const struct item *to, const struct item *from)
{
	struct item *t, *f;
	int err, e;

	t = item_parse(p, to->where, to->text, false, &err);
	f = item_parse(p, from->where, from->text, false, &e);
	if (!err && !e && t && f) {
		if (t->tracker ? tracker_diff(t->trk, f->trk, t->desc, sizeof(t->desc)) :
				 instance_diff(t->inst, f->inst, t->desc, sizeof(t->desc)))
			err = send(t, false);
	} else {
		err = err ? err : e ? e : EXIT_KERNEL;
	}
	if (t)
		item_free(t);
	if (f)
		item_free(f);
	return err;
}

/* Undo @it, as far as done: 0, or not all of it (said why). */
static int undo(struct plan *p, struct item *it)
{
	struct item *h = it->op == AP_DEL ? it : it->have;
	int err = 0;

	if (it->deleted && h->raw) {
		pr_err("%s: %s %s cannot be added again: it could not be read back (%s)",
		       p->who, kind(it), it->name, h->desc);
		return EXIT_KERNEL;
	}
	switch (it->op) {
	case AP_ADD:
		err = it->added ? del(it) : 0;
		break;
	case AP_SET:
		err = it->added ? set_back(p, it->have, it) : 0;
		break;
	case AP_RECREATE:
		if (it->added)
			err = del(it);
		if (!err && it->deleted)
			err = send(it->have, true);
		break;
	case AP_DEL:
		if (it->deleted)
			err = send(it, true);
		break;
	case AP_KEEP:
		break;
	}
	if (!err && (it->op == AP_DEL || it->op == AP_RECREATE) && it->deleted)
		pr_err("%s: %s %s added again as it was (it restarts)", p->who, kind(it),
		       it->name);
	return err;
}

/* One step; @it->added/deleted say what is done: 0 or an exit status. */
static int step(struct plan *p, struct item *it, bool check)
{
	int err = 0;

	say(p, it, check);
	if (check)
		return 0;
	switch (it->op) {
	case AP_ADD:
	case AP_SET:
		err = send(it, it->op == AP_ADD);
		it->added = !err;
		break;
	case AP_RECREATE:
		pr_err("%s: %s %s: deleting it and adding it again (%s; it restarts)",
		       p->who, kind(it), it->name, it->desc);
		err = del(it->have);
		it->deleted = !err;
		if (!err)
			err = send(it, true);
		it->added = !err;
		break;
	case AP_DEL:
		err = del(it);
		it->deleted = !err;
		break;
	case AP_KEEP:
		break;
	}
	return err;
}

/* The steps in order (see the top), each into @done. */
static int run(struct plan *p, struct item **done, unsigned int *ndone, bool check)
{
	struct item *it;
	int pass, err = 0;

	for (pass = 0; pass < 4 && !err; pass++) {
		for (it = pass == 1 || pass == 3 ? p->have : p->want; it && !err; it = it->next) {
			if ((pass == 0 && (!it->tracker || it->op == AP_KEEP)) ||
			    (pass == 1 && (it->tracker || it->op != AP_DEL)) ||
			    (pass == 2 && (it->tracker || it->op == AP_KEEP)) ||
			    (pass == 3 && (!it->tracker || it->op != AP_DEL)))
				continue;
			if (done)
				done[(*ndone)++] = it;
			err = step(p, it, check);
			if (err && it->op == AP_DEL)
				pr_err("%s: deleting %s %s: refused (above)", p->who, kind(it),
				       it->name);
			else if (err)
				pr_err("%s: refused (above)", it->where);
		}
	}
	return err;
}

int apply_lines(const char *who, const struct apply_line *lines, unsigned int n, bool check)
{
	struct plan p = { .who = who };
	struct item **done = NULL;
	unsigned int ndone = 0, total = 0, i;
	int err, e;

	p.words = calloc(AP_MAX_WORDS, sizeof(*p.words));
	if (!p.words)
		return usage_err("out of memory");
	err = read_wanted(&p, lines, n);
	if (err) {
		pr_err("%s: nothing changed", who);
		goto out;
	}
	err = read_running(&p);
	if (err)
		goto out;
	make_plan(&p);
	for (i = AP_ADD; i <= AP_DEL; i++)
		total += p.n[i];
	if (check) {
		run(&p, NULL, &ndone, true);
		goto summary;
	}
	done = calloc(total + 1, sizeof(*done));
	if (!done) {
		err = usage_err("out of memory");
		goto out;
	}
	err = run(&p, done, &ndone, false);
	if (err) {
		pr_err("%s: undoing what was done", who);
		e = 0;
		while (ndone-- > 0)
			if (undo(&p, done[ndone]))
				e = EXIT_KERNEL;
		pr_err(e ? "%s: not all could be undone (above): compare with \"vrrpctl save\"" :
			   "%s: all undone", who);
		goto out;
	}
summary:
	printf("%s: %u added, %u changed, %u re-created, %u deleted, %u unchanged%s\n", who,
	       p.n[AP_ADD], p.n[AP_SET], p.n[AP_RECREATE], p.n[AP_DEL], p.n[AP_KEEP],
	       check ? " (--check: nothing done)" : "");
	fflush(stdout);
out:
	free(done);
	items_free(p.want);
	items_free(p.have);
	free(p.words);
	return err;
}

int do_apply(int argc, char **argv)
{
	struct apply_line *lines = NULL, *l;
	char *line = NULL, **where = NULL, **w;
	unsigned int n = 0, i;
	bool check = false;
	const char *file;
	size_t size = 0;
	FILE *f;
	int err = 0;

	if (argc > 0 && !strcmp(argv[0], "--check")) {
		check = true;
		argc--;
		argv++;
	}
	if (argc < 1)
		return usage_err("apply: missing FILE (try \"vrrpctl help\")");
	if (argc > 1)
		return usage_err("apply: unexpected argument \"%s\" (try \"vrrpctl help\")",
				 argv[1]);
	file = argv[0];
	f = strcmp(file, "-") ? fopen(file, "r") : stdin;
	if (!f)
		return usage_err("apply: cannot open \"%s\": %s", file, strerror(errno));
	while (!err && getline(&line, &size, f) >= 0) {
		l = realloc(lines, (n + 1) * sizeof(*lines));
		w = realloc(where, (n + 1) * sizeof(*where));
		if (l)
			lines = l;
		if (w)
			where = w;
		if (!l || !w || asprintf(&where[n], "%s:%u", file, n + 1) < 0) {
			err = usage_err("out of memory");
			break;
		}
		lines[n].where = where[n];
		lines[n].text = line;
		line = NULL;
		size = 0;
		n++;
	}
	if (!err && ferror(f))
		err = usage_err("apply: cannot read \"%s\"", file);
	if (f != stdin)
		fclose(f);
	if (!err)
		err = apply_lines("apply", lines, n, check);
	for (i = 0; i < n; i++) {
		free(where[i]);
		free((char *)lines[i].text);
	}
	free(line);
	free(where);
	free(lines);
	return err;
}
