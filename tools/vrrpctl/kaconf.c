// SPDX-License-Identifier: GPL-2.0
/*
 * vrrpctl load: keepalived's configuration language, read as keepalived
 * 2.2 reads it, into a tree of lines with their blocks. Written from its
 * documentation and behaviour, not from its code.
 *
 * A physical line loses its leading and trailing blanks and its comment: a
 * '!' or '#' outside "..." starts one ("\#" and "\!" are the characters).
 * Then, in this order:
 *  - "@ID LINE" keeps LINE only on the host whose short name is ID,
 *    "@^ID LINE" everywhere else;
 *  - "$NAME=VALUE" defines NAME; a VALUE ending with '\' goes on over the
 *    next lines (a multi-line definition);
 *  - "$NAME" (followed by a blank, ',', ')' or the end) and "${NAME}" are
 *    replaced by their value, again and again; a multi-line one only at
 *    the end of a line, its other lines following it. Unknown ones stay.
 *    _PWD (the directory of the file), _INSTANCE (the short host name),
 *    _HASH ('#') and _BANG ('!') are predefined;
 *  - "include PATTERN" (and includer, includem, ...) reads the files that
 *    match the glob PATTERN ({a,b} too), relative to the directory of the
 *    file it is in, in sorted order, as if they were there;
 *  - a line is split before and after each '{' and '}' outside "...", so
 *    that "track_script { chk }" is the four lines "track_script", "{",
 *    "chk" and "}", and a brace may be on the next line.
 * A line followed by "{" owns the lines up to the matching "}": its block.
 * Blocks may span files.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <glob.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>

#include "kaconf.h"

#define KA_INCLUDE_DEPTH	32	/* files open at once, the main one included */
#define KA_SUBST_MAX		64	/* $NAME replacements in one line */
#define KA_CHUNK		65536

/* --- messages ------------------------------------------------------------ */

struct ka_msg {
	unsigned int file;	/* its rank in d->files; past the end for none */
	unsigned int line;
	unsigned int seq;
	char *text;
};

static void oom(void)
{
	fputs("vrrpctl: out of memory\n", stderr);
	exit(2);
}

static void vmsg(struct ka_diag *d, const struct ka_pos *p, const char *kind,
		 const char *fmt, va_list ap)
{
	struct ka_msg *m;
	char *body;
	int n;

	m = realloc(d->msgs, (d->nmsgs + 1) * sizeof(*m));
	if (!m || vasprintf(&body, fmt, ap) < 0)
		oom();
	d->msgs = m;
	m += d->nmsgs;
	m->seq = d->nmsgs++;
	m->file = UINT32_MAX;
	m->line = 0;
	if (p && p->file) {
		for (m->file = 0; m->file < d->nfiles; m->file++)
			if (!strcmp(d->files[m->file], p->file))
				break;
		m->line = p->line;
		n = asprintf(&m->text, "%s:%u: %s%s", p->file, p->line, kind, body);
	} else {
		n = asprintf(&m->text, "vrrpctl: %s%s", kind, body);
	}
	free(body);
	if (n < 0)
		oom();
}

static int msg_cmp(const void *a, const void *b)
{
	const struct ka_msg *x = a, *y = b;

	if (x->file != y->file)
		return x->file < y->file ? -1 : 1;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void ka_flush(struct ka_diag *d)
{
	unsigned int i;

	fflush(stdout);
	if (!d->nmsgs)
		return;
	qsort(d->msgs, d->nmsgs, sizeof(*d->msgs), msg_cmp);
	for (i = 0; i < d->nmsgs; i++) {
		fprintf(stderr, "%s\n", d->msgs[i].text);
		free(d->msgs[i].text);
	}
	free(d->msgs);
	d->msgs = NULL;
	d->nmsgs = 0;
}

void ka_error(struct ka_diag *d, const struct ka_pos *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(d, p, "", fmt, ap);
	va_end(ap);
	d->errors++;
}

void ka_warn(struct ka_diag *d, const struct ka_pos *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(d, p, "warning: ", fmt, ap);
	va_end(ap);
	d->warnings++;
}

void ka_strict(struct ka_diag *d, const struct ka_pos *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(d, p, d->strict ? "" : "warning: ", fmt, ap);
	va_end(ap);
	if (d->strict)
		d->errors++;
	else
		d->warnings++;
}

void ka_note(struct ka_diag *d, const struct ka_pos *p, const char *fmt, ...)
{
	va_list ap;

	if (!d->strict)
		return;
	va_start(ap, fmt);
	vmsg(d, p, "warning: ", fmt, ap);
	va_end(ap);
	d->warnings++;
}

/* --- memory ------------------------------------------------------------------ */

struct ka_chunk {
	struct ka_chunk *next;
	size_t used, size;
	max_align_t data[];
};

void *ka_alloc(struct ka_conf *c, size_t size)
{
	struct ka_chunk *k = c->mem;
	void *p;

	size = (size + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
	if (!k || k->size - k->used < size) {
		size_t n = size > KA_CHUNK ? size : KA_CHUNK;

		k = malloc(sizeof(*k) + n);
		if (!k)
			oom();
		k->used = 0;
		k->size = n;
		k->next = c->mem;
		c->mem = k;
	}
	p = (char *)k->data + k->used;
	k->used += size;
	memset(p, 0, size);
	return p;
}

/* @old, an array of @n pointers, with room for one more and a NULL; in @c's memory */
static void *grow(struct ka_conf *c, void *old, size_t n)
{
	void **p = ka_alloc(c, (n + 2) * sizeof(*p));

	if (n)
		memcpy(p, old, n * sizeof(*p));
	return p;
}

static char *ka_strndup(struct ka_conf *c, const char *s, size_t n)
{
	char *p = ka_alloc(c, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *ka_strdup(struct ka_conf *c, const char *s)
{
	return ka_strndup(c, s, strlen(s));
}

char *ka_printf(struct ka_conf *c, const char *fmt, ...)
{
	va_list ap;
	char *s, *p;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		oom();
	p = ka_strndup(c, s, n);
	free(s);
	return p;
}

void ka_free(struct ka_conf *c)
{
	struct ka_chunk *k, *next;

	for (k = c->mem; k; k = next) {
		next = k->next;
		free(k);
	}
	c->mem = NULL;
	c->root = NULL;
}

/* --- the reader's state -------------------------------------------------- */

/* A file being read, with the other files of the include that opened it. */
struct src {
	struct src *up;
	glob_t g;
	bool globbed;
	size_t next;		/* the next match of g to open */
	const char *single;	/* the main file: no glob */
	FILE *f;
	const char *path;
	const char *dir;	/* its directory, for includes and _PWD */
	unsigned int line;
	dev_t dev;
	ino_t ino;
	struct ka_pos at;	/* the include line */
	int depth;
};

struct def {
	struct def *next;
	const char *name;
	char **lines;		/* one unless multi-line */
	unsigned int nlines;
	bool multiline;
};

/* A logical line waiting to be handled: a rest after a brace, a line of a definition. */
struct pending {
	struct pending *next;
	char *text;
	struct ka_pos pos;
	bool done;		/* nothing left to do but the brace split */
};

struct reader {
	struct ka_conf *c;
	struct ka_diag *d;
	struct src *top;
	struct def *defs;
	struct def *open_def;	/* a multi-line definition going on */
	struct pending *pending;
	char *buf;
	size_t bufsize;
	const char *host;	/* short host name: @ID, _INSTANCE */
	/* one logical line of look-ahead for the tree */
	bool peeked, peek_eof;
	char *peek_text;
	struct ka_pos peek_pos;
};

static const char *dir_of(struct ka_conf *c, const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return ".";
	if (slash == path)
		return "/";
	return ka_strndup(c, path, slash - path);
}

static bool is_blank(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n' || ch == '\f' || ch == '\v';
}

static char *trim(char *s)
{
	size_t n;

	while (is_blank(*s))
		s++;
	n = strlen(s);
	while (n && is_blank(s[n - 1]))
		s[--n] = '\0';
	return s;
}

/*
 * The comment off, blanks trimmed, "\#" and "\!" unescaped outside "...".
 * Returns false on an unterminated quote (the line is kept as it is).
 * *cont: the line ends with a '\' (kept at its end).
 */
static bool decomment(char *s, bool *cont)
{
	bool quote = false;
	char *p, *w;

	*cont = false;
	for (p = w = s; *p; p++) {
		if (*p == '"') {
			quote = !quote;
		} else if (*p == '\\') {
			if (!p[1]) {
				*cont = true;
				break;
			}
			if (!quote && (p[1] == '#' || p[1] == '!'))
				p++;
			else
				*w++ = *p++;
		} else if (!quote && (*p == '!' || *p == '#')) {
			break;
		}
		*w++ = *p;
	}
	*w = '\0';
	p = trim(s);
	memmove(s, p, strlen(p) + 1);
	if (*cont)
		strcat(s, "\\");
	return !quote;
}

/* --- files ------------------------------------------------------------------- */

static void src_free(struct src *s)
{
	if (s->f)
		fclose(s->f);
	if (s->globbed)
		globfree(&s->g);
	free(s);
}

static bool in_stack(const struct reader *r, const struct stat *st)
{
	const struct src *s;

	for (s = r->top; s; s = s->up)
		if (s->f && s->dev == st->st_dev && s->ino == st->st_ino)
			return true;
	return false;
}

/* For the order of the messages */
static void add_file(struct reader *r, const char *path)
{
	struct ka_diag *d = r->d;
	const char **files = grow(r->c, d->files, d->nfiles);

	files[d->nfiles++] = path;
	d->files = files;
}

/* Open the next file of @s; false when none is left. */
static bool src_open_next(struct reader *r, struct src *s)
{
	struct stat st;
	const char *path;
	FILE *f;

	for (;;) {
		if (s->single) {
			path = s->single;
			s->single = NULL;
		} else if (s->globbed && s->next < s->g.gl_pathc) {
			path = s->g.gl_pathv[s->next++];
		} else {
			return false;
		}
		if (*path && path[strlen(path) - 1] == '/') {	/* GLOB_MARK */
			ka_warn(r->d, &s->at, "\"%s\" is a directory: skipped, as keepalived does",
				path);
			continue;
		}
		f = fopen(path, "r");
		if (!f) {
			if (s->at.file)
				ka_error(r->d, &s->at, "include: cannot open \"%s\": %s", path,
					 strerror(errno));
			else
				ka_error(r->d, NULL, "load: cannot open \"%s\": %s", path,
					 strerror(errno));
			continue;
		}
		if (fstat(fileno(f), &st) || !S_ISREG(st.st_mode)) {
			fclose(f);
			if (s->at.file)
				ka_warn(r->d, &s->at,
					"\"%s\" is not a regular file: skipped, as keepalived does",
					path);
			else
				ka_error(r->d, NULL, "load: \"%s\" is not a regular file", path);
			continue;
		}
		if (s->at.file && (st.st_mode & (S_IXUSR | S_IXGRP | S_IXOTH))) {
			fclose(f);
			ka_warn(r->d, &s->at,
				"\"%s\" is executable: skipped, as keepalived does", path);
			continue;
		}
		if (in_stack(r, &st)) {
			fclose(f);
			ka_error(r->d, &s->at, "include: \"%s\" is being read already (an include cycle)",
				 path);
			continue;
		}
		s->f = f;
		s->path = ka_strdup(r->c, path);
		add_file(r, s->path);
		s->dir = dir_of(r->c, s->path);
		s->line = 0;
		s->dev = st.st_dev;
		s->ino = st.st_ino;
		return true;
	}
}

static bool has_wildcard(const char *p)
{
	return strpbrk(p, "*?[{") != NULL;
}

/* "include PATTERN" at @pos, in the file on top. */
static void include(struct reader *r, const char *pattern, const struct ka_pos *pos)
{
	struct src *s;
	const char *path;
	int ret;

	if (!*pattern) {
		ka_error(r->d, pos, "include: missing the file name");
		return;
	}
	if (r->top->depth + 1 >= KA_INCLUDE_DEPTH) {
		ka_error(r->d, pos, "include: more than %d files deep (an include cycle?)",
			 KA_INCLUDE_DEPTH);
		return;
	}
	if (pattern[0] == '/' || !strcmp(r->top->dir, "."))
		path = pattern;
	else
		path = ka_printf(r->c, "%s/%s", r->top->dir, pattern);
	s = calloc(1, sizeof(*s));
	if (!s)
		oom();
	s->at = *pos;
	s->depth = r->top->depth + 1;
	ret = glob(path, GLOB_MARK | GLOB_BRACE, NULL, &s->g);
	if (ret == GLOB_NOMATCH) {
		if (has_wildcard(pattern))
			ka_note(r->d, pos, "include \"%s\": no file matches", pattern);
		else
			ka_strict(r->d, pos, "include \"%s\": no such file: skipped, as keepalived does",
				  pattern);
		free(s);
		return;
	}
	if (ret) {
		ka_error(r->d, pos, "include \"%s\": %s", pattern,
			 ret == GLOB_NOSPACE ? "out of memory" : "cannot read a directory");
		free(s);
		return;
	}
	s->globbed = true;
	s->up = r->top;
	r->top = s;
	if (!src_open_next(r, s)) {
		r->top = s->up;
		src_free(s);
	}
}

/* The next physical line, without its end of line, in r->buf; false at the end. */
static bool next_physical(struct reader *r, struct ka_pos *pos)
{
	struct src *s;
	ssize_t n;

	while ((s = r->top)) {
		if (s->f) {
			n = getline(&r->buf, &r->bufsize, s->f);
			if (n >= 0) {
				while (n && (r->buf[n - 1] == '\n' || r->buf[n - 1] == '\r'))
					r->buf[--n] = '\0';
				s->line++;
				pos->file = s->path;
				pos->line = s->line;
				return true;
			}
			fclose(s->f);
			s->f = NULL;
		}
		if (src_open_next(r, s))
			continue;
		if (!s->up)
			break;		/* the main file: ka_read() frees it */
		r->top = s->up;
		src_free(s);
	}
	return false;
}

/* --- definitions ------------------------------------------------------------- */

static bool name_start(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_';
}

static bool name_char(char ch)
{
	return name_start(ch) || (ch >= '0' && ch <= '9');
}

static struct def *find_def(struct reader *r, const char *name, size_t len)
{
	struct def *d;

	for (d = r->defs; d; d = d->next)
		if (strlen(d->name) == len && !strncmp(d->name, name, len))
			return d;
	return NULL;
}

static void def_add_line(struct reader *r, struct def *d, const char *s)
{
	char **lines = grow(r->c, d->lines, d->nlines);

	lines[d->nlines++] = ka_strdup(r->c, s);
	d->lines = lines;
}

static struct def *set_def(struct reader *r, const char *name, size_t len)
{
	struct def *d = find_def(r, name, len);

	if (!d) {
		d = ka_alloc(r->c, sizeof(*d));
		d->name = ka_strndup(r->c, name, len);
		d->next = r->defs;
		r->defs = d;
	}
	d->lines = NULL;
	d->nlines = 0;
	d->multiline = false;
	return d;
}

/* "$NAME=VALUE": true if @s is one (and it is recorded). */
static bool definition(struct reader *r, char *s)
{
	char *p = s + 1, *v;
	struct def *d;
	size_t len;

	if (s[0] != '$' || !name_start(*p))
		return false;
	while (name_char(*p))
		p++;
	len = p - (s + 1);
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p != '=')
		return false;
	v = trim(p + 1);
	d = set_def(r, s + 1, len);
	len = strlen(v);
	if (len && v[len - 1] == '\\') {
		v[len - 1] = '\0';
		v = trim(v);
		d->multiline = true;
		r->open_def = d;
		if (*v)
			def_add_line(r, d, v);
		return true;
	}
	def_add_line(r, d, v);
	return true;
}

/* A line of a multi-line definition (r->open_def): false once it is over. */
static void definition_more(struct reader *r, char *s)
{
	struct def *d = r->open_def;
	size_t len = strlen(s);
	bool more = len && s[len - 1] == '\\';

	if (more) {
		s[len - 1] = '\0';
		s = trim(s);
	}
	if (*s)
		def_add_line(r, d, s);
	if (!more) {
		r->open_def = NULL;
		if (d->nlines <= 1)
			d->multiline = false;
	}
}

static void std_defs(struct reader *r)
{
	struct utsname u;
	char *dot;

	def_add_line(r, set_def(r, "_HASH", 5), "#");
	def_add_line(r, set_def(r, "_BANG", 5), "!");
	if (uname(&u) == 0) {
		dot = strchr(u.nodename, '.');
		if (dot)
			*dot = '\0';
		r->host = ka_strdup(r->c, u.nodename);
	} else {
		r->host = "";
	}
	def_add_line(r, set_def(r, "_INSTANCE", 9), r->host);
	set_def(r, "_PWD", 4);	/* its value: the directory of the file */
}

static void push_pending(struct reader *r, const char *text, const struct ka_pos *pos,
			 bool done)
{
	struct pending *p = ka_alloc(r->c, sizeof(*p));

	p->text = ka_strdup(r->c, text);
	p->pos = *pos;
	p->done = done;
	p->next = r->pending;
	r->pending = p;
}

/*
 * Replace $NAME and ${NAME} in *@s (a new string in @c's memory if any);
 * returns the number of replacements, -1 if they do not end.
 */
static int substitute(struct reader *r, char **s, const struct ka_pos *pos)
{
	const char *dir = r->top ? r->top->dir : ".";
	char *line = *s, *p, *name, *end, *val;
	char pwd[PATH_MAX];
	unsigned int i;
	struct def *d;
	size_t len;
	int n = 0;
	bool braces;

	for (p = strchr(line, '$'); p; p = strchr(p, '$')) {
		braces = p[1] == '{';
		name = p + 1 + braces;
		if (!name_start(*name)) {
			p++;
			continue;
		}
		for (end = name; name_char(*end); end++)
			;
		len = end - name;
		if (braces ? *end != '}' :
		    *end && *end != ' ' && *end != '\t' && *end != ',' && *end != ')') {
			p++;
			continue;
		}
		d = find_def(r, name, len);
		/* a multi-line definition only at the end of the line */
		if (!d || (d->multiline && end[braces])) {
			p++;
			continue;
		}
		if (++n > KA_SUBST_MAX) {
			ka_error(r->d, pos, "$%s: the replacements do not end (a definition using itself?)",
				 d->name);
			return -1;
		}
		if (d->nlines)
			val = d->lines[0];
		else if (!strcmp(d->name, "_PWD"))
			val = realpath(dir, pwd) ? pwd : (char *)dir;
		else
			val = "";
		line = ka_printf(r->c, "%.*s%s%s", (int)(p - line), line, val, end + braces);
		if (d->multiline)
			for (i = d->nlines; i-- > 1;)
				push_pending(r, d->lines[i], pos, false);
		/* again from the start: the value may hold more */
		p = line;
	}
	*s = line;
	return n;
}

/* --- logical lines ----------------------------------------------------------- */

/* keepalived's "include", "includer", "includem", "includew", "includeb", "includea" */
static const char *is_include(const char *s)
{
	if (strncmp(s, "include", 7))
		return NULL;
	if (is_blank(s[7]))
		return s + 8;
	if (s[7] && strchr("rmwba", s[7]) && is_blank(s[8]))
		return s + 9;
	return NULL;
}

/*
 * The next logical line: in *text (in @c's memory) and *pos; false at the
 * end of the input.
 */
static bool next_logical(struct reader *r, char **text, struct ka_pos *pos)
{
	struct pending *pd;
	bool cont, done;
	char *s, *p, *q;
	const char *inc;
	size_t skip;

	for (;;) {
		done = false;
		if (r->pending) {
			pd = r->pending;
			r->pending = pd->next;
			s = pd->text;
			*pos = pd->pos;
			done = pd->done;
		} else {
			if (!next_physical(r, pos)) {
				if (r->open_def)
					r->open_def = NULL;
				return false;
			}
			/* an unterminated quote: said by split_words() */
			decomment(r->buf, &cont);
			if (r->open_def) {
				definition_more(r, r->buf);
				continue;
			}
			if (!r->buf[0])
				continue;
			s = ka_strdup(r->c, r->buf);
		}
		if (!done) {
			if (s[0] == '@') {
				bool rev = s[1] == '^';
				char *id = s + 1 + rev;

				for (p = id; *p && !is_blank(*p); p++)
					;
				if (!*p || ((size_t)(p - id) == strlen(r->host) &&
					    !strncmp(id, r->host, p - id)) == rev)
					continue;
				s = trim(p);
			}
			if (definition(r, s))
				continue;
			if (!strncmp(s, "~SEQ", 4) || !strncmp(s, "~LST", 4)) {
				ka_error(r->d, pos, "%.4s is not supported: write the lines it makes",
					 s);
				continue;
			}
			if (strchr(s, '$')) {
				int n = substitute(r, &s, pos);

				if (n < 0)
					continue;
				if (n > 0) {
					decomment(s, &cont);
					if (!s[0])
						continue;
				}
			}
			inc = is_include(s);
			if (inc) {
				include(r, trim((char *)inc), pos);
				continue;
			}
		}
		/* split at the first brace outside "..." */
		for (p = s; *p && *p != '{' && *p != '}'; p++) {
			if (*p == '"') {
				q = strchr(p + 1, '"');
				if (!q)
					break;
				p = q;
			}
		}
		if (*p == '{' || *p == '}') {
			if (p == s) {
				skip = 1;
				if (s[skip]) {
					push_pending(r, trim(s + skip), pos, false);
					s[skip] = '\0';
				}
			} else {
				push_pending(r, p, pos, false);
				*p = '\0';
				s = trim(s);
			}
		}
		if (!s[0])
			continue;
		*text = s;
		return true;
	}
}

static bool peek(struct reader *r, char **text, struct ka_pos *pos)
{
	if (!r->peeked) {
		r->peek_eof = !next_logical(r, &r->peek_text, &r->peek_pos);
		r->peeked = true;
	}
	*text = r->peek_text;
	*pos = r->peek_pos;
	return !r->peek_eof;
}

static bool take(struct reader *r, char **text, struct ka_pos *pos)
{
	bool ok = peek(r, text, pos);

	r->peeked = false;
	return ok;
}

/* --- words and the tree ------------------------------------------------------ */

/* keepalived's words: blank-separated, "..." one word without its quotes. */
static int split_words(struct reader *r, struct ka_node *n)
{
	const char *p = n->raw, *start, *end;
	char **w = NULL, **nw;
	int count = 0;

	for (;;) {
		while (is_blank(*p))
			p++;
		if (!*p)
			break;
		if (*p == '"') {
			start = p + 1;
			end = strchr(start, '"');
			if (!end) {
				ka_error(r->d, &n->pos, "unterminated quote");
				end = start + strlen(start);
				p = end;
			} else {
				p = end + 1;
			}
		} else {
			start = p;
			while (*p && !is_blank(*p) && *p != '"')
				p++;
			end = p;
		}
		nw = grow(r->c, w, count);
		nw[count++] = ka_strndup(r->c, start, end - start);
		w = nw;
	}
	n->w = w;
	n->nw = count;
	return count;
}

/* The lines up to the "}" that closes @owner's block (NULL: the top level). */
static struct ka_node *block(struct reader *r, struct ka_node *owner)
{
	struct ka_node *first = NULL, **tail = &first, *n, stray = { .raw = "{" };
	struct ka_pos pos;
	char *text;

	while (take(r, &text, &pos)) {
		if (!strcmp(text, "}")) {
			if (owner)
				return first;
			ka_error(r->d, &pos, "'}' without a block to close");
			continue;
		}
		if (!strcmp(text, "{")) {
			ka_error(r->d, &pos, "'{' without a keyword before it");
			stray.pos = pos;
			block(r, &stray);	/* its lines are skipped */
			continue;
		}
		n = ka_alloc(r->c, sizeof(*n));
		n->pos = pos;
		n->raw = text;
		split_words(r, n);
		if (peek(r, &text, &pos) && !strcmp(text, "{")) {
			take(r, &text, &pos);
			n->block = true;
			n->child = block(r, n);
		}
		if (!n->nw)
			continue;	/* "" alone: nothing */
		*tail = n;
		tail = &n->next;
	}
	if (owner)
		ka_error(r->d, &owner->pos, "\"%s\": no '}' closes its block", owner->raw);
	return first;
}

static int hex(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'f')
		return (ch | 0x20) - 'a' + 10;
	return -1;
}

/* strchr() that does not find '\0' */
static const char *ch_in(const char *set, char ch)
{
	return ch ? strchr(set, ch) : NULL;
}

/* The character "\X..." at *@s (after the backslash) stands for; *@s moves on. */
static char unescape(const char **s)
{
	static const char from[] = "abEfnrtv", to[] = "\a\b\x1b\f\n\r\t\v";
	const char *p = *s, *k = ch_in(from, **s);
	char ch = *p++;
	int i;

	if (ch == 'x' && hex(*p) >= 0) {
		for (ch = 0; hex(*p) >= 0; p++)
			ch = (char)(ch << 4 | hex(*p));
	} else if (ch == 'c' && *p) {
		ch = *p++ & 0x1f;
	} else if (ch >= '0' && ch <= '7') {
		ch -= '0';
		for (i = 0; i < 2 && *p >= '0' && *p <= '7'; i++)
			ch = (char)(ch << 3 | (*p++ - '0'));
	} else if (k) {
		ch = to[k - from];
	}
	*s = p;
	return ch;
}

int ka_split_cmd(struct ka_conf *c, const char *s, char ***argv, const char **why)
{
	char **v = NULL, **nv, *buf = ka_alloc(c, strlen(s) + 1), *w;
	char quote = 0;
	int n = 0;

	for (;;) {
		while (is_blank(*s))
			s++;
		if (!*s)
			break;
		w = buf;
		while (*s) {
			if (!quote && is_blank(*s))
				break;
			if (*s == quote) {
				quote = 0;
				s++;
				continue;
			}
			if (!quote && (*s == '"' || *s == '\'')) {
				quote = *s++;
				continue;
			}
			if (*s != '\\') {
				*w++ = *s++;
				continue;
			}
			s++;
			if (!*s) {
				*why = "a backslash at the end";
				return -1;
			}
			*w++ = unescape(&s);
		}
		if (quote) {
			*why = quote == '"' ? "a \" without its end" : "a ' without its end";
			return -1;
		}
		nv = grow(c, v, n);
		nv[n++] = ka_strndup(c, buf, w - buf);
		v = nv;
	}
	if (!v)
		v = ka_alloc(c, sizeof(*v));
	*argv = v;
	return n;
}

int ka_read(struct ka_conf *c, const char *path, struct ka_diag *d)
{
	struct reader r = { .c = c, .d = d };
	unsigned int errors = d->errors;
	struct src *s, *up;

	s = calloc(1, sizeof(*s));
	if (!s)
		oom();
	s->single = path;
	r.top = s;
	std_defs(&r);
	if (!src_open_next(&r, s)) {
		free(s);
		return -1;
	}
	c->root = block(&r, NULL);
	/* after an error the stack may still hold files */
	for (s = r.top; s; s = up) {
		up = s->up;
		src_free(s);
	}
	free(r.buf);
	return d->errors > errors ? -1 : 0;
}
