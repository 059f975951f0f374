// SPDX-License-Identifier: GPL-2.0
/*
 * vrrpctl load [--check] [--strict] [--skip-lvs] [--dir DIR] FILE
 *
 * keepalived.conf, read (kaconf.c) and translated (katrans.c, kainst.c),
 * written as vrrpctl's own files (kaemit.c) and applied. All or nothing:
 * the whole file is read and translated first, then checked against the
 * host (its interfaces); any error there changes nothing. The batch is then
 * applied as "vrrpctl apply" does (apply.c): on a running system, only what
 * differs changes (a reload: untouched instances keep their state), what
 * the file no longer has is deleted, and if the kernel refuses a request,
 * what was done is undone. The files of DIR (vrrp.conf, notify.conf,
 * checks.conf) are replaced only once all is applied. --check prints the
 * three files and changes nothing, looking neither at the host nor at the
 * module.
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
#include <sys/stat.h>
#include <unistd.h>

#include "load.h"
#include "nl.h"
#include "vrrpctl.h"

#define LOAD_DIR	"/etc/vrrp"

struct load_opts {
	bool check, strict, skip_lvs;
	const char *dir, *file;
};

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
	const struct lo_vip *v;
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
		for (v = i->vips; v; v = v->next)
			if (v->dev && !if_nametoindex(v->dev))
				ka_error(d, &v->pos, "%s: interface %s does not exist", v->text, v->dev);
		for (v = i->evips; v; v = v->next)
			if (v->dev && !if_nametoindex(v->dev))
				ka_error(d, &v->pos, "%s: interface %s does not exist", v->text, v->dev);
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

/* Whether the module answers, before anything is written: 0 or an exit status. */
static int module_here(void)
{
	struct vnl v;
	int err;

	err = vnl_open(&v);
	if (!err)
		vnl_close(&v);
	return err;
}

/* The lines as "vrrpctl apply" applies them: 0 or an exit status (said why). */
static int apply(const struct lo_line *lines)
{
	struct apply_line *al;
	const struct lo_line *l;
	unsigned int n = 0, i;
	int err = 0;

	for (l = lines; l; l = l->next)
		n++;
	al = calloc(n + 1, sizeof(*al));
	if (!al)
		return usage_err("out of memory");
	for (i = 0, l = lines; l; l = l->next, i++) {
		al[i].text = l->text;
		if (asprintf((char **)&al[i].where, "%s:%u: %s", l->pos.file, l->pos.line,
			     l->what) < 0) {
			al[i].where = NULL;
			err = usage_err("out of memory");
			break;
		}
	}
	if (!err)
		err = apply_lines("load", al, n, false);
	for (i = 0; i < n; i++)
		free((char *)al[i].where);
	free(al);
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
		pr_err("load: note: the checks run once vrrp-checks.service does: systemctl enable --now vrrp-checks (if it runs already, systemctl reload vrrp: the notify and checks runners read their new files)");
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
		err = module_here();
		if (!err)
			err = files_write(files, 3, o->dir, &m, lines);
		if (!err)
			err = apply(lines);
		if (!err) {
			err = files_commit(files, 3);
			if (err)
				pr_err("load: the module runs %s, but %s/vrrp.conf is not it: run load again",
				       o->file, o->dir);
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
