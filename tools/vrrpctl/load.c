// SPDX-License-Identifier: GPL-2.0
/*
 * vrrpctl load [--check] [--strict] [--skip-lvs] [--dir DIR] FILE
 *
 * keepalived.conf, read (kaconf.c) and translated (katrans.c, kainst.c),
 * written as vrrpctl's own files (kaemit.c) and applied. All or nothing:
 * the whole file is read and translated first, then checked against the
 * host (its interfaces) and the running module (instances and trackers of
 * the same names, VRIDs in use); any error there changes nothing. The
 * batch is then applied line by line, as "vrrpctl -b" does; if the kernel
 * refuses a line, what was added before it is deleted again. The files of
 * DIR (vrrp.conf, notify.conf, checks.conf) are replaced only once all is
 * applied. --check prints the three files and changes nothing, looking
 * neither at the host nor at the module.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "load.h"
#include "nl.h"
#include "vrrpctl.h"

#define LOAD_DIR	"/etc/vrrp"
/* As batch.c: an instance with every vip, track element and peer. */
#define LOAD_MAX_WORDS	(VRRP_VIP_MAX + 8 * VRRP_TRACK_MAX + 6 * VRRP_PEER_MAX + 64)

struct load_opts {
	bool check, strict, skip_lvs;
	const char *dir, *file;
};

/* An instance or tracker the module has already. */
struct existing {
	struct existing *next;
	char *name;
	bool tracker;
	uint32_t ifindex;
	unsigned int vrid;
	int family;
};

static int existing_instance(uint8_t cmd, struct nlattr **tb, void *arg)
{
	struct existing **list = arg, *e;

	if (cmd != VRRP_CMD_INSTANCE_GET || !tb[VRRP_A_NAME])
		return 0;
	e = calloc(1, sizeof(*e));
	if (e)
		e->name = strdup(nla_get_string(tb[VRRP_A_NAME]));
	if (!e || !e->name) {
		free(e);
		pr_err("out of memory");
		return -1;
	}
	if (tb[VRRP_A_IFINDEX])
		e->ifindex = nla_get_u32(tb[VRRP_A_IFINDEX]);
	if (tb[VRRP_A_VRID])
		e->vrid = nla_get_u8(tb[VRRP_A_VRID]);
	e->family = tb[VRRP_A_FAMILY] ? nla_get_u8(tb[VRRP_A_FAMILY]) : AF_INET;
	e->next = *list;
	*list = e;
	return 0;
}

static int existing_tracker(uint8_t cmd, struct nlattr **tb, void *arg)
{
	struct existing **list = arg, *e;

	if (cmd != VRRP_CMD_TRACKER_GET || !tb[VRRP_TRK_A_NAME])
		return 0;
	e = calloc(1, sizeof(*e));
	if (e)
		e->name = strdup(nla_get_string(tb[VRRP_TRK_A_NAME]));
	if (!e || !e->name) {
		free(e);
		pr_err("out of memory");
		return -1;
	}
	e->tracker = true;
	e->next = *list;
	*list = e;
	return 0;
}

static void existing_free(struct existing *e)
{
	struct existing *next;

	for (; e; e = next) {
		next = e->next;
		free(e->name);
		free(e);
	}
}

/* What the module has: 0, or an exit status (said why). */
static int existing_get(struct existing **list)
{
	struct vnl_req req = {
		.cmd = VRRP_CMD_INSTANCE_GET,
		.flags = NLM_F_DUMP,
		.what = "load: show",
		.cb = existing_instance,
		.arg = list,
	};
	struct nl_msg *msg;
	struct vnl v;
	int err;

	err = vnl_open(&v);
	if (err)
		return err;
	msg = vnl_msg(&v, &req, 0);
	err = msg ? vnl_talk(&v, msg, &req) : EXIT_KERNEL;
	vnl_close(&v);
	if (!err)
		err = tracker_dump(NULL, existing_tracker, list);
	return err;
}

/* Is @a an address of interface @ifname? */
static bool if_has_addr(const char *ifname, const struct vrrp_addr *a)
{
	struct ifaddrs *list, *p;
	const void *bytes;
	bool found = false;

	if (getifaddrs(&list))
		return true;	/* cannot tell: the module will */
	for (p = list; p && !found; p = p->ifa_next) {
		if (!p->ifa_addr || p->ifa_addr->sa_family != a->family ||
		    strcmp(p->ifa_name, ifname))
			continue;
		bytes = a->family == AF_INET6 ?
			(const void *)&((struct sockaddr_in6 *)p->ifa_addr)->sin6_addr :
			(const void *)&((struct sockaddr_in *)p->ifa_addr)->sin_addr;
		found = !memcmp(bytes, a->bytes, a->len);
	}
	freeifaddrs(list);
	return found;
}

/*
 * The host's interfaces: the module resolves them when the batch runs; the
 * users of the checks: "vrrpctl checks" refuses a checks.conf naming one
 * that does not exist.
 */
static void check_host(struct ka_diag *d, const struct lo_model *m)
{
	const struct lo_check *c;
	const struct lo_inst *i;
	const struct lo_track *k;
	char why[256];

	for (c = m->checks; c; c = c->next)
		if (c->used && c->user && checks_user_ok(c->user, why, sizeof(why)))
			ka_error(d, c->user_pos.file ? &c->user_pos : &c->pos,
				 "vrrp_script %s: %s (the checks runner would refuse checks.conf)",
				 c->src, why);

	for (i = m->insts; i; i = i->next) {
		if (!if_nametoindex(i->ifname))
			ka_error(d, &i->ifname_pos, "interface %s does not exist", i->ifname);
		/* the module refuses a multicast advert source elsewhere */
		else if (i->usrc && !i->peers && !if_has_addr(i->ifname, &i->src_addr))
			ka_error(d, &i->src_pos, "%s %s is not an address of %s: multicast adverts must go from one",
				 i->src_kw, i->usrc, i->ifname);
		for (k = i->tracks; k; k = k->next)
			if (!k->dropped && k->ifname && !if_nametoindex(k->ifname))
				ka_error(d, &k->pos, "track_interface %s does not exist", k->ifname);
	}
}

/*
 * What the module has already: instances and trackers of the same names
 * (a reload without flapping is for later), VRIDs in use.
 */
static void check_module(struct ka_diag *d, const struct lo_model *m,
			 const struct existing *list)
{
	const struct existing *e;
	const struct lo_check *k;
	const struct lo_inst *i;

	for (e = list; e; e = e->next) {
		if (e->tracker) {
			for (k = m->checks; k; k = k->next)
				if (k->used && !strcmp(k->name, e->name))
					ka_error(d, &k->pos, "tracker %s exists already: delete it first (\"vrrpctl tracker del %s\"); load does not replace yet",
						 k->name, k->name);
			continue;
		}
		for (i = m->insts; i; i = i->next) {
			if (!strcmp(i->name, e->name))
				ka_error(d, &i->pos, "instance %s exists already: delete it first (\"vrrpctl instance del %s\"); load does not replace yet",
					 i->name, i->name);
			else if (e->vrid == i->vrid && e->family == i->family &&
				 e->ifindex == if_nametoindex(i->ifname))
				ka_error(d, &i->vrid_pos, "VRID %u on %s (%s) is instance %s's already",
					 i->vrid, i->ifname, i->family == AF_INET6 ? "IPv6" : "IPv4",
					 e->name);
		}
	}
}

/* --- files ------------------------------------------------------------------- */

struct out_file {
	const char *base;	/* vrrp.conf, ... */
	char *path, *tmp;
	mode_t mode;
};

static void files_drop(struct out_file *files, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		if (files[i].tmp)
			unlink(files[i].tmp);
		free(files[i].path);
		free(files[i].tmp);
	}
}

/* Each file written under a temporary name in @dir: 0, or an exit status. */
static int files_write(struct out_file *files, int n, const char *dir,
		       const struct lo_model *m, const struct lo_line *lines)
{
	FILE *f;
	int i, fd;

	if (mkdir(dir, 0755) && errno != EEXIST) {
		pr_err("load: cannot make %s: %s", dir, strerror(errno));
		return EXIT_KERNEL;
	}
	for (i = 0; i < n; i++) {
		if (asprintf(&files[i].path, "%s/%s", dir, files[i].base) < 0 ||
		    asprintf(&files[i].tmp, "%s/.%s.XXXXXX", dir, files[i].base) < 0) {
			files[i].path = files[i].tmp = NULL;
			pr_err("out of memory");
			return EXIT_KERNEL;
		}
		fd = mkstemp(files[i].tmp);
		if (fd < 0) {
			pr_err("load: cannot write in %s: %s", dir, strerror(errno));
			free(files[i].tmp);
			files[i].tmp = NULL;
			return EXIT_KERNEL;
		}
		f = fdopen(fd, "w");
		if (!f) {
			close(fd);
			pr_err("load: %s: %s", files[i].tmp, strerror(errno));
			return EXIT_KERNEL;
		}
		fchmod(fd, files[i].mode);
		if (i == 0)
			lo_write_batch(f, m, lines, dir);
		else if (i == 1)
			lo_write_notify(f, m, dir);
		else
			lo_write_checks(f, m, dir);
		if (fflush(f) || fsync(fd) || ferror(f)) {
			pr_err("load: cannot write %s: %s", files[i].tmp, strerror(errno));
			fclose(f);
			return EXIT_KERNEL;
		}
		if (fclose(f)) {
			pr_err("load: cannot write %s: %s", files[i].tmp, strerror(errno));
			return EXIT_KERNEL;
		}
	}
	return 0;
}

static int files_commit(struct out_file *files, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		if (rename(files[i].tmp, files[i].path)) {
			pr_err("load: cannot replace %s: %s", files[i].path, strerror(errno));
			return EXIT_KERNEL;
		}
		free(files[i].tmp);
		files[i].tmp = NULL;
	}
	return 0;
}

/* --- applying ------------------------------------------------------------------ */

/* Delete what lines before @upto added, the last first. */
static void roll_back(const struct lo_line *first, const struct lo_line *upto)
{
	const struct lo_line *l, *prev;
	char *argv[4];

	while (upto != first) {
		for (prev = first, l = first->next; l != upto; prev = l, l = l->next)
			;
		argv[0] = prev->tracker ? "tracker" : "instance";
		argv[1] = "del";
		argv[2] = (char *)prev->name;
		argv[3] = NULL;
		run_command(3, argv);
		upto = prev;
	}
}

/* Each line as "vrrpctl -b" runs it; after a failure, the lines before it undone. */
static int apply(struct ka_diag *d, const struct lo_line *lines)
{
	const struct lo_line *l;
	const char *why = NULL;
	char *text, **argv;
	int argc, err = 0;

	argv = calloc(LOAD_MAX_WORDS, sizeof(*argv));
	if (!argv) {
		pr_err("out of memory");
		return EXIT_KERNEL;
	}
	for (l = lines; l && !err; l = l->next) {
		text = strdup(l->text);
		if (!text) {
			pr_err("out of memory");
			err = EXIT_KERNEL;
		} else {
			argc = split_line(text, argv, LOAD_MAX_WORDS, &why);
			err = argc < 0 ? usage_err("load: %s: %s", l->what, why) :
				       run_command(argc, argv);
			free(text);
		}
		if (err) {
			ka_error(d, &l->pos, "%s: refused (above): what load added before it is deleted again",
				 l->what);
			ka_flush(d);
			roll_back(lines, l);
		}
	}
	free(argv);
	return err;
}

static void summary(const struct lo_model *m, const char *dir)
{
	const struct lo_check *k;
	const struct lo_inst *i;
	unsigned int ni = 0, nk = 0;

	for (i = m->insts; i; i = i->next)
		ni++;
	for (k = m->checks; k; k = k->next)
		nk += k->used;
	printf("load: %u instance%s and %u tracker%s from %s; %s/vrrp.conf, notify.conf and checks.conf written\n",
	       ni, ni == 1 ? "" : "s", nk, nk == 1 ? "" : "s", m->file, dir);
	if (nk && !strcmp(dir, LOAD_DIR))
		pr_err("load: note: the checks run once vrrp-checks.service does: systemctl enable --now vrrp-checks (systemctl reload vrrp-checks if it runs already)");
	else if (nk)
		pr_err("load: note: the checks run once \"vrrpctl checks -c %s/checks.conf\" does (vrrp-checks.service runs %s/checks.conf)",
		       dir, LOAD_DIR);
}

static int load(const struct load_opts *o)
{
	struct ka_diag d = { .strict = o->strict };
	struct lo_model m = { .file = o->file };
	struct ka_conf c = { 0 };
	struct kt t = { .c = &c, .d = &d, .m = &m, .skip_lvs = o->skip_lvs };
	struct out_file files[3] = {
		{ .base = "vrrp.conf", .mode = 0600 },
		{ .base = "notify.conf", .mode = 0600 },
		{ .base = "checks.conf", .mode = 0600 },
	};
	struct existing *list = NULL;
	struct lo_line *lines;
	int err = EXIT_USAGE;

	if (ka_read(&c, o->file, &d) == 0)
		lo_translate(&t, c.root);
	ka_flush(&d);
	if (!d.errors) {
		lines = lo_batch(&c, &m);
		if (o->check) {
			printf("# ==> %s/vrrp.conf <==\n", o->dir);
			lo_write_batch(stdout, &m, lines, o->dir);
			printf("\n# ==> %s/notify.conf <==\n", o->dir);
			lo_write_notify(stdout, &m, o->dir);
			printf("\n# ==> %s/checks.conf <==\n", o->dir);
			lo_write_checks(stdout, &m, o->dir);
			fflush(stdout);
			err = 0;
			goto out;
		}
		check_host(&d, &m);
		ka_flush(&d);
		if (d.errors)
			goto out;
		err = existing_get(&list);
		if (err)
			goto out;
		check_module(&d, &m, list);
		ka_flush(&d);
		if (d.errors) {
			err = EXIT_KERNEL;
			goto out;
		}
		err = files_write(files, 3, o->dir, &m, lines);
		if (!err)
			err = apply(&d, lines);
		if (!err) {
			err = files_commit(files, 3);
			if (err) {
				roll_back(lines, NULL);
				pr_err("load: the instances and trackers are deleted again: nothing changed");
			}
		}
		files_drop(files, 3);
		if (!err)
			summary(&m, o->dir);
	}
out:
	ka_flush(&d);
	if (d.errors)
		pr_err("load: %u error%s in %s%s", d.errors, d.errors == 1 ? "" : "s", o->file,
		       o->check ? "" : ": nothing changed");
	existing_free(list);
	ka_free(&c);
	return err;
}

int do_load(int argc, char **argv)
{
	struct load_opts o = { .dir = LOAD_DIR };

	for (; argc > 0; argc--, argv++) {
		if (argv[0][0] != '-' || !argv[0][1])
			break;		/* the FILE */
		if (!strcmp(argv[0], "--check")) {
			o.check = true;
		} else if (!strcmp(argv[0], "--strict")) {
			o.strict = true;
		} else if (!strcmp(argv[0], "--skip-lvs")) {
			o.skip_lvs = true;
		} else if (!strcmp(argv[0], "--dir")) {
			if (argc < 2)
				return missing_value(argv[0]);
			if (!*argv[1])
				return usage_err("load: --dir must not be empty");
			o.dir = argv[1];
			argc--;
			argv++;
		} else if (!strcmp(argv[0], "--")) {
			argc--;
			argv++;
			break;
		} else {
			return usage_err("load: unknown option \"%s\" (try \"vrrpctl help\")", argv[0]);
		}
	}
	if (argc < 1)
		return usage_err("load: missing the keepalived.conf FILE (try \"vrrpctl help\")");
	if (argc > 1)
		return usage_err("load: unexpected argument \"%s\" (one FILE; try \"vrrpctl help\")",
				 argv[1]);
	o.file = argv[0];
	return load(&o);
}
